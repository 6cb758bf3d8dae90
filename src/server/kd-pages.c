#define G_LOG_DOMAIN "kd-pages"

#include "config.h"

#include <glib/gi18n.h>

#include "kd-pages.h"
#include "kd-api.h"
#include "kd-case-event.h"
#include "kd-catalog-item.h"
#include "kd-report-parse.h"

#define STATIC_PREFIX "/static/"
#define RESOURCE_BASE "/org/kuiduo/Kuiduo/web/"

/* Villagers' text goes through here, always. */
static void
append_escaped (GString    *s,
                const char *text)
{
  g_autofree char *escaped = g_markup_escape_text (text ? text : "", -1);

  g_string_append (s, escaped);
}

static GString *
page_begin (KdServerState *state,
            const char    *title)
{
  GString *s = g_string_new ("<!DOCTYPE html>\n<html lang=\"");
  g_autofree char *town = kd_store_dup_town_name (state->db);

  g_string_append (s, _("zh-CN"));
  g_string_append (s, "\"><head><meta charset=\"utf-8\">"
                      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
                      "<link rel=\"stylesheet\" href=\"/static/kuiduo.css\"><title>");
  append_escaped (s, title);
  g_string_append (s, " · ");
  append_escaped (s, town);
  g_string_append (s, "</title></head><body><header><a href=\"/\">");
  append_escaped (s, town);
  g_string_append (s, "</a></header><main>");

  return s;
}

static void
page_end (GString *s)
{
  g_string_append_printf (s, "</main><footer>%s</footer></body></html>\n",
                          _("Kuiduo — the data runs, not the villagers"));
}

static void
append_options (GString    *s,
                GListModel *items,
                const char *selected)
{
  for (guint i = 0; items && i < g_list_model_get_n_items (items); i++)
    {
      g_autoptr(KdCatalogItem) item = g_list_model_get_item (items, i);

      g_string_append (s, "<option value=\"");
      append_escaped (s, kd_catalog_item_get_code (item));
      g_string_append_c (s, '"');
      if (g_strcmp0 (selected, kd_catalog_item_get_code (item)) == 0)
        g_string_append (s, " selected");
      g_string_append_c (s, '>');
      append_escaped (s, kd_catalog_item_get_name (item));
      g_string_append (s, "</option>");
    }
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
  append_escaped (s, value);
  g_string_append (s, "\"></label>");
}

static void
append_select (GString    *s,
               const char *name,
               const char *label,
               GListModel *items,
               const char *selected)
{
  g_string_append_printf (s, "<label>%s<select name=\"%s\" required><option value=\"\">%s</option>",
                          label, name, _("Please choose"));
  append_options (s, items, selected);
  g_string_append (s, "</select></label>");
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
      append_escaped (s, error_text);
      g_string_append (s, "</p>");
    }

  g_string_append (s, "<form method=\"post\" action=\"/report\" accept-charset=\"utf-8\">");
  append_select (s, "village", _("Village"), villages, r ? r->village : NULL);
  append_select (s, "category", _("Category"), categories, r ? r->category : NULL);
  g_string_append_printf (s, "<label>%s<textarea name=\"description\" rows=\"5\" maxlength=\"%d\" required placeholder=\"%s\">",
                          _("What is the problem?"), KD_REPORT_MAX_DESCRIPTION,
                          _("Where, what, since when"));
  append_escaped (s, r ? r->description : NULL);
  g_string_append (s, "</textarea></label>");
  append_input (s, "reporter_name", _("Your name (optional)"), "text", r ? r->reporter_name : NULL, KD_REPORT_MAX_NAME);
  append_input (s, "reporter_phone", _("Phone (optional)"), "tel", r ? r->reporter_phone : NULL, KD_REPORT_MAX_PHONE);
  append_input (s, "location", _("Place (optional)"), "text", r ? r->location : NULL, KD_REPORT_MAX_LOCATION);
  g_string_append_printf (s, "<label class=\"switch\"><input type=\"checkbox\" name=\"urgent\" value=\"1\"%s>"
                             "<span>%s</span></label>",
                          r && r->urgent ? " checked" : "", _("Urgent (danger to people or property)"));
  g_string_append_printf (s, "<button type=\"submit\">%s</button></form>", _("Send report"));
}

static void
append_lookup_form (GString *s)
{
  g_string_append_printf (s, "<section><h2>%s</h2><form method=\"get\" action=\"/r\">"
                             "<label>%s<input name=\"code\" maxlength=\"20\" autocomplete=\"off\""
                             " placeholder=\"ABCDE-12345\"></label>"
                             "<button type=\"submit\" class=\"secondary\">%s</button></form></section>",
                          _("Follow my case"), _("Tracking code"), _("Look up"));
}

static void
home_page (KdServerState     *state,
           SoupServerMessage *msg)
{
  GString *s = page_begin (state, _("Report a problem"));

  append_report_form (state, s, NULL, NULL);
  append_lookup_form (s);
  page_end (s);
  kd_http_send_html (msg, SOUP_STATUS_OK, s);
}

static void
message_page (KdServerState     *state,
              SoupServerMessage *msg,
              guint              status,
              const char        *title,
              const char        *text)
{
  GString *s = page_begin (state, title);

  g_string_append (s, "<h1>");
  append_escaped (s, title);
  g_string_append (s, "</h1><p>");
  append_escaped (s, text);
  g_string_append (s, "</p>");
  append_lookup_form (s);
  page_end (s);
  kd_http_send_html (msg, status, s);
}

static void
not_found_page (KdServerState     *state,
                SoupServerMessage *msg,
                const char        *text)
{
  message_page (state, msg, SOUP_STATUS_NOT_FOUND, _("Not found"), text);
}

static void
append_timeline (GString    *s,
                 GListModel *events)
{
  g_string_append_printf (s, "<h2>%s</h2><ol class=\"timeline\">", _("Progress"));
  for (guint i = 0; events && i < g_list_model_get_n_items (events); i++)
    {
      g_autoptr(KdCaseEvent) ev = g_list_model_get_item (events, i);
      g_autofree char *summary = kd_case_event_dup_summary (ev);
      g_autofree char *when = kd_format_local_time (kd_case_event_get_at (ev));

      g_string_append (s, "<li><time>");
      append_escaped (s, when);
      g_string_append (s, "</time> <strong>");
      append_escaped (s, summary);
      g_string_append (s, "</strong>");
      if (kd_case_event_get_body (ev) != NULL)
        {
          g_string_append (s, "<p>");
          append_escaped (s, kd_case_event_get_body (ev));
          g_string_append (s, "</p>");
        }
      g_string_append (s, "</li>");
    }
  g_string_append (s, "</ol>");
}

static void
status_page (KdServerState     *state,
             SoupServerMessage *msg,
             const char        *code)
{
  g_autoptr(KdCase) kase = kd_case_load_by_code (state->db, code, NULL);
  g_autoptr(GListModel) events = NULL;
  g_autofree char *display = NULL;
  g_autofree char *when = NULL;
  GString *s;

  if (kase == NULL)
    {
      not_found_page (state, msg, _("There is no case with this tracking code. Check the code and try again."));
      return;
    }

  display = kd_case_dup_display_code (kase);
  when = kd_format_local_time (kd_case_get_created_at (kase));
  events = kd_case_event_list (state->db, kd_case_get_id (kase), TRUE, NULL);

  s = page_begin (state, display);
  g_string_append_printf (s, "<h1>%s <code>", _("Case"));
  append_escaped (s, display);
  g_string_append_printf (s, "</code></h1><p class=\"status status-%s\">",
                          kd_case_status_to_string (kd_case_get_status (kase)));
  append_escaped (s, kd_case_status_label (kd_case_get_status (kase)));
  g_string_append (s, "</p><dl>");
  g_string_append_printf (s, "<dt>%s</dt><dd>", _("Village"));
  append_escaped (s, kd_case_get_village_name (kase));
  g_string_append_printf (s, "</dd><dt>%s</dt><dd>", _("Category"));
  append_escaped (s, kd_case_get_category_name (kase));
  g_string_append_printf (s, "</dd><dt>%s</dt><dd>", _("Reported"));
  append_escaped (s, when);
  g_string_append_printf (s, "</dd></dl><blockquote class=\"text\">");
  append_escaped (s, kd_case_get_description (kase));
  g_string_append (s, "</blockquote>");
  append_timeline (s, events);
  g_string_append_printf (s, "<p><a class=\"button secondary\" href=\"/\">%s</a></p>", _("Report another problem"));
  page_end (s);

  kd_http_send_html (msg, SOUP_STATUS_OK, s);
}

static void
form_report_done (KdServerState     *state,
                  SoupServerMessage *msg,
                  KdCase            *kase,
                  const GError      *error,
                  gpointer           user_data)
{
  KdReport *r = user_data;
  g_autofree char *display = NULL;
  GString *s;

  if (kase == NULL)
    {
      s = page_begin (state, _("Report a problem"));
      append_report_form (state, s, r, error->domain == KD_REPORT_ERROR ? error->message
                                                    : _("The report could not be stored. Please try again."));
      page_end (s);
      kd_http_send_html (msg, error->domain == KD_REPORT_ERROR ? SOUP_STATUS_BAD_REQUEST
                                                              : SOUP_STATUS_INTERNAL_SERVER_ERROR, s);
      return;
    }

  display = kd_case_dup_display_code (kase);
  s = page_begin (state, _("Report received"));
  g_string_append_printf (s, "<h1>%s</h1><p>%s</p><p class=\"code\">",
                          _("Report received"),
                          _("Keep this tracking code: with it you can follow your case and rate the result."));
  append_escaped (s, display);
  g_string_append (s, "</p><p><a class=\"button\" href=\"/r/");
  append_escaped (s, display);
  g_string_append_printf (s, "\">%s</a></p>", _("See the progress of my case"));
  page_end (s);
  kd_http_send_html (msg, SOUP_STATUS_CREATED, s);
}

static void
post_form_report (KdServerState     *state,
                  SoupServerMessage *msg)
{
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;
  KdReport *r;
  const char *data;
  gsize len;

  if (!kd_http_has_media_type (msg, "application/x-www-form-urlencoded"))
    {
      kd_http_send_error (msg, SOUP_STATUS_UNSUPPORTED_MEDIA_TYPE, "unsupported_media_type", NULL,
                          _("Send the form as application/x-www-form-urlencoded."));
      return;
    }

  body = kd_http_dup_body (msg);
  data = g_bytes_get_data (body, &len);
  r = kd_report_parse_form (data ? data : "", len);

  if (!kd_report_validate (r, &error))
    {
      form_report_done (state, msg, NULL, error, r);
      kd_report_free (r);
      return;
    }

  /* The writer takes a copy: ours refills the form if the writer refuses. */
  kd_api_submit_report (state, msg, kd_report_copy (r), form_report_done,
                        r, (GDestroyNotify) kd_report_free);
}

static void
static_file (SoupServerMessage *msg,
             const char        *path)
{
  const char *name = path + strlen (STATIC_PREFIX);
  g_autofree char *resource = NULL;
  g_autoptr(GBytes) bytes = NULL;
  const char *type = g_str_has_suffix (name, ".css") ? "text/css; charset=utf-8" : NULL;

  /* Only names of the bundle itself: no slashes, no dots-only, nothing from disk. */
  if (type == NULL || strchr (name, '/') != NULL || strstr (name, "..") != NULL)
    {
      soup_server_message_set_status (msg, SOUP_STATUS_NOT_FOUND, NULL);
      return;
    }

  resource = g_strconcat (RESOURCE_BASE, name, NULL);
  bytes = g_resources_lookup_data (resource, G_RESOURCE_LOOKUP_FLAGS_NONE, NULL);
  if (bytes == NULL)
    {
      soup_server_message_set_status (msg, SOUP_STATUS_NOT_FOUND, NULL);
      return;
    }

  kd_http_add_security_headers (msg);
  soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                "Cache-Control", "public, max-age=3600");
  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
  soup_server_message_set_response (msg, type, SOUP_MEMORY_COPY,
                                    g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
}

static void
lookup_redirect (KdServerState     *state,
                 SoupServerMessage *msg,
                 GHashTable        *query)
{
  const char *code = query ? g_hash_table_lookup (query, "code") : NULL;
  g_autofree char *normal = kd_tracking_code_normalize (code);
  g_autofree char *display = NULL;
  g_autofree char *location = NULL;

  if (normal == NULL)
    {
      not_found_page (state, msg, _("A tracking code has ten letters and digits, like ABCDE-12345."));
      return;
    }

  display = kd_tracking_code_format (normal);
  location = g_strconcat ("/r/", display, NULL);
  kd_http_redirect (msg, location);
}

static void
pages_cb (SoupServer        *server,
          SoupServerMessage *msg,
          const char        *path,
          GHashTable        *query,
          gpointer           data)
{
  KdServerState *state = data;

  if (g_str_equal (path, "/report"))
    {
      if (!kd_http_require_method (msg, "POST", FALSE))
        return;
      if (kd_http_allow_write (state, msg))
        post_form_report (state, msg);
      else
        message_page (state, msg, KD_HTTP_TOO_MANY_REQUESTS, _("Please wait a moment"),
                      _("Too many reports from this phone. Please wait a moment and try again."));
      return;
    }

  if (!kd_http_require_method (msg, "GET", FALSE))
    return;

  if (g_str_equal (path, "/"))
    home_page (state, msg);
  else if (g_str_equal (path, "/r"))
    lookup_redirect (state, msg, query);
  else if (g_str_has_prefix (path, "/r/") && strchr (path + 3, '/') == NULL)
    status_page (state, msg, path + 3);
  else if (g_str_has_prefix (path, STATIC_PREFIX))
    static_file (msg, path);
  else
    not_found_page (state, msg, _("There is nothing at this address."));
}

void
kd_pages_register (SoupServer    *server,
                   KdServerState *state)
{
  soup_server_add_handler (server, "/", pages_cb, state, NULL);
}
