/* kd-pages-report.c: the report form and what it posts (urlencoded, or
 * multipart/form-data with up to three photos). */
#define G_LOG_DOMAIN "kd-pages"

#include "config.h"

#include "kd-pages-private.h"
#include "kd-api.h"
#include "kd-catalog-item.h"
#include "kd-case.h"
#include "kd-multipart.h"
#include "kd-report-parse.h"

/* The kinds a villager may choose here: never 清风, which has its own way in. */
static const KdCaseKind public_kinds[] = {
  KD_CASE_KIND_LIVELIHOOD, KD_CASE_KIND_EMERGENCY, KD_CASE_KIND_POLICY, KD_CASE_KIND_SERVICE,
};

static void
select_begin (GString    *s,
              const char *name,
              const char *label)
{
  g_string_append_printf (s, "<label>%s<select name=\"%s\" id=\"%s\" required><option value=\"\">%s</option>",
                          label, name, name, _("Please choose"));
}

static void
append_kinds (GString        *s,
              const KdReport *r)
{
  select_begin (s, "kind", _("Kind of report"));
  for (guint i = 0; i < G_N_ELEMENTS (public_kinds); i++)
    kd_page_option (s, kd_case_kind_to_string (public_kinds[i]), kd_case_kind_label (public_kinds[i]),
                   r != NULL && r->kind == (int) public_kinds[i]);
  g_string_append (s, "</select></label>");
}

static void
append_villages (GString        *s,
                 GListModel     *villages,
                 const KdReport *r)
{
  select_begin (s, "village", _("Village"));
  for (guint i = 0; villages && i < g_list_model_get_n_items (villages); i++)
    {
      g_autoptr(KdCatalogItem) item = g_list_model_get_item (villages, i);
      const char *code = kd_catalog_item_get_code (item);

      kd_page_option (s, code, kd_catalog_item_get_name (item), r && g_strcmp0 (r->village, code) == 0);
    }
  g_string_append (s, "</select></label>");
}

/* One <optgroup> per kind (data-kind lets report.js show only the chosen
 * one); a category offered for two kinds is in both. */
static void
append_categories (GString        *s,
                   GListModel     *categories,
                   const KdReport *r)
{
  select_begin (s, "category", _("Category"));
  for (guint k = 0; k < G_N_ELEMENTS (public_kinds); k++)
    {
      KdCaseKind kind = public_kinds[k];

      g_string_append_printf (s, "<optgroup data-kind=\"%s\" label=\"", kd_case_kind_to_string (kind));
      kd_page_escape (s, kd_case_kind_label (kind));
      g_string_append (s, "\">");
      for (guint i = 0; categories && i < g_list_model_get_n_items (categories); i++)
        {
          g_autoptr(KdCatalogItem) item = g_list_model_get_item (categories, i);
          const char *code = kd_catalog_item_get_code (item);

          if ((kd_catalog_item_get_kinds (item) & (1u << kind)) != 0)
            kd_page_option (s, code, kd_catalog_item_get_name (item),
                           r && r->kind == (int) kind && g_strcmp0 (r->category, code) == 0);
        }
      g_string_append (s, "</optgroup>");
    }
  g_string_append (s, "</select></label>");
}

static void
append_input (GString    *s,
              const char *name,
              const char *label,
              const char *type,
              const char *value,
              int         maxlength)
{
  g_string_append_printf (s, "<label>%s<input name=\"%s\" type=\"%s\" maxlength=\"%d\" value=\"",
                          label, name, type, maxlength);
  kd_page_escape (s, value);
  g_string_append (s, "\"></label>");
}

static void
append_photos (GString *s)
{
  g_string_append_printf (s, "<label>%s<input type=\"file\" name=\"photo\" id=\"photos\""
                             " accept=\"image/jpeg,image/png\" multiple"
                             " data-max=\"%d\" data-too-many=\"%s\" data-shrinking=\"%s\"></label>"
                             "<p class=\"hint\" id=\"photo-status\">%s</p>",
                          _("Photos (optional, up to 3)"), KD_PHOTO_MAX_PER_CASE,
                          _("Choose at most 3 photos."), _("Making the photos smaller…"),
                          _("JPEG or PNG, at most 5 MB each."));
}

/* The report form; @r and @error_text refill it after a refusal. */
static void
append_report_form (KdServerState  *state,
                    GString        *s,
                    const KdReport *r,
                    const char     *error_text)
{
  g_autoptr(GListModel) villages = kd_catalog_item_list (state->db, KD_CATALOG_VILLAGES, NULL);
  g_autoptr(GListModel) categories = kd_catalog_item_list (state->db, KD_CATALOG_CATEGORIES, NULL);

  g_string_append_printf (s, "<h1>%s</h1>", _("Report a problem"));
  if (error_text != NULL)
    {
      g_string_append (s, "<p class=\"error\" role=\"alert\">");
      kd_page_escape (s, error_text);
      g_string_append (s, "</p>");
    }

  g_string_append (s, "<form method=\"post\" action=\"/report\" accept-charset=\"utf-8\""
                      " enctype=\"multipart/form-data\" id=\"report\">");
  append_kinds (s, r);
  append_villages (s, villages, r);
  append_categories (s, categories, r);
  g_string_append_printf (s, "<label>%s<textarea name=\"description\" rows=\"5\" maxlength=\"%d\" required placeholder=\"%s\">",
                          _("What is the problem?"), KD_REPORT_MAX_DESCRIPTION,
                          _("Where, what, since when"));
  kd_page_escape (s, r ? r->description : NULL);
  g_string_append (s, "</textarea></label>");
  append_photos (s);
  append_input (s, "reporter_name", _("Your name (optional)"), "text", r ? r->reporter_name : NULL, KD_REPORT_MAX_NAME);
  append_input (s, "reporter_phone", _("Phone (optional)"), "tel", r ? r->reporter_phone : NULL, KD_REPORT_MAX_PHONE);
  append_input (s, "location", _("Place (optional)"), "text", r ? r->location : NULL, KD_REPORT_MAX_LOCATION);
  g_string_append_printf (s, "<label class=\"switch\"><input type=\"checkbox\" name=\"urgent\" value=\"1\"%s>"
                             "<span>%s</span></label>",
                          r && r->urgent ? " checked" : "", _("Urgent (danger to people or property)"));
  g_string_append_printf (s, "<button type=\"submit\">%s</button></form>", _("Send report"));
  kd_page_script (s, "report.js");
}

void
kd_pages_report_form (KdServerState     *state,
                      SoupServerMessage *msg)
{
  GString *s = kd_page_begin (state, _("Report a problem"));

  append_report_form (state, s, NULL, NULL);
  kd_page_end (s);
  kd_http_send_html (msg, SOUP_STATUS_OK, s);
}

static void
refused_page (KdServerState     *state,
              SoupServerMessage *msg,
              const KdReport    *r,
              const GError      *error)
{
  guint status = kd_api_refusal_status (error);
  GString *s = kd_page_begin (state, _("Report a problem"));

  append_report_form (state, s, r, status == SOUP_STATUS_INTERNAL_SERVER_ERROR
                                   ? _("The report could not be stored. Please try again.")
                                   : error->message);
  kd_page_end (s);
  kd_http_send_html (msg, status, s);
}

static void
form_report_done (KdServerState     *state,
                  SoupServerMessage *msg,
                  KdCase            *kase,
                  const GError      *error,
                  gpointer           user_data)
{
  g_autofree char *display = NULL;
  GString *s;

  if (kase == NULL)
    {
      refused_page (state, msg, user_data, error);
      return;
    }

  display = kd_case_dup_display_code (kase);
  s = kd_page_begin (state, _("Report received"));
  g_string_append_printf (s, "<h1>%s</h1><p>%s</p><p class=\"code\" id=\"new-code\" data-code=\"",
                          _("Report received"),
                          _("Keep this tracking code: with it you can follow your case and rate the result."));
  kd_page_escape (s, display);
  g_string_append (s, "\">");
  kd_page_escape (s, display);
  g_string_append (s, "</p><p><a class=\"button\" href=\"/r/");
  kd_page_escape (s, display);
  g_string_append_printf (s, "\">%s</a></p>", _("See the progress of my case"));
  kd_page_script (s, "kuiduo.js");
  kd_page_end (s);
  kd_http_send_html (msg, SOUP_STATUS_CREATED, s);
}

/* The form's fields, from either encoding; NULL (and @error) when the
 * multipart body itself is refused. */
static KdReport *
read_form (SoupServerMessage  *msg,
           GPtrArray         **uploads,
           GError            **error)
{
  g_autoptr(GBytes) body = NULL;
  const char *data;
  gsize len;

  if (kd_http_has_media_type (msg, "multipart/form-data"))
    return kd_api_read_multipart (msg, uploads, error);

  body = kd_http_dup_body (msg);
  data = g_bytes_get_data (body, &len);
  return kd_report_parse_form (data ? data : "", len);
}

void
kd_pages_post_report (KdServerState     *state,
                      SoupServerMessage *msg)
{
  g_autoptr(GPtrArray) uploads = NULL;
  g_autoptr(GError) error = NULL;
  KdReport *r;

  if (!kd_http_has_media_type (msg, "application/x-www-form-urlencoded") &&
      !kd_http_has_media_type (msg, "multipart/form-data"))
    {
      kd_http_send_error (msg, SOUP_STATUS_UNSUPPORTED_MEDIA_TYPE, "unsupported_media_type", NULL,
                          _("Send the form as multipart/form-data or application/x-www-form-urlencoded."));
      return;
    }

  r = read_form (msg, &uploads, &error);
  if (r == NULL || !kd_report_validate (r, &error))
    {
      refused_page (state, msg, r, error);
      g_clear_pointer (&r, kd_report_free);
      return;
    }

  /* The writer takes a copy: ours refills the form if it is refused. */
  kd_api_submit_report (state, msg, kd_report_copy (r), uploads, form_report_done,
                        r, (GDestroyNotify) kd_report_free);
}
