/* kd-pages-case.c: everything under /r/CODE — the status page with its
 * photos and public timeline, the photos themselves, and the rating. */
#define G_LOG_DOMAIN "kd-pages"

#include "config.h"

#include "kd-pages-private.h"
#include "kd-case.h"
#include "kd-case-event.h"
#include "kd-photo.h"
#include "kd-rating.h"
#include "kd-workflow.h"

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
      kd_page_escape (s, when);
      g_string_append (s, "</time> <strong>");
      kd_page_escape (s, summary);
      g_string_append (s, "</strong>");
      if (kd_case_event_get_body (ev) != NULL)
        {
          g_string_append (s, "<p>");
          kd_page_escape (s, kd_case_event_get_body (ev));
          g_string_append (s, "</p>");
        }
      g_string_append (s, "</li>");
    }
  g_string_append (s, "</ol>");
}

/* /r/CODE/photos/N.jpg, N from 1: only under the case's own code. */
static void
append_photos (GString    *s,
               KdDb       *db,
               KdCase     *kase,
               const char *display)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) photos = kd_photo_list (db, kd_case_get_id (kase), &error);

  if (photos == NULL)
    g_warning ("Could not list the photos of case %" G_GINT64_FORMAT ": %s",
               kd_case_get_id (kase), error->message);
  if (photos == NULL || photos->len == 0)
    return;

  g_string_append_printf (s, "<h2>%s</h2><div class=\"photos\">", _("Photos"));
  for (guint i = 0; i < photos->len; i++)
    {
      KdPhoto *p = g_ptr_array_index (photos, i);
      g_autofree char *alt = g_strdup_printf (_("Photo %d"), p->position + 1);

      g_string_append (s, "<a href=\"/r/");
      kd_page_escape (s, display);
      g_string_append_printf (s, "/photos/%d.jpg\"><img src=\"/r/", p->position + 1);
      kd_page_escape (s, display);
      g_string_append_printf (s, "/photos/%d.jpg\" width=\"%d\" height=\"%d\" loading=\"lazy\" alt=\"%s\"></a>",
                              p->position + 1, p->width, p->height, alt);
    }
  g_string_append (s, "</div>");
}

static void
append_stars (GString    *s,
              const char *name,
              const char *legend)
{
  g_string_append_printf (s, "<fieldset class=\"stars\"><legend>%s</legend>", legend);
  for (int i = 1; i <= 5; i++)
    g_string_append_printf (s, "<label><input type=\"radio\" name=\"%s\" value=\"%d\" required>%d</label>",
                            name, i, i);
  g_string_append (s, "</fieldset>");
}

/* The rating form, on a resolved case only. Kept apart: the rating rules
 * live in core (kd-rating.h), this only asks. */
static void
append_rating_form (GString    *s,
                    KdCase     *kase,
                    const char *display,
                    const char *error_text)
{
  if (error_text != NULL)
    {
      g_string_append (s, "<p class=\"error\" role=\"alert\" id=\"rate\">");
      kd_page_escape (s, error_text);
      g_string_append (s, "</p>");
    }
  if (kd_case_get_status (kase) != KD_CASE_STATUS_RESOLVED)
    return;

  g_string_append_printf (s, "<section class=\"rating\"><h2>%s</h2><p>%s</p>",
                          _("Rate the result"),
                          _("From 1 (poor) to 5 (very good). A poor rating reopens the case."));
  g_string_append (s, "<form method=\"post\" action=\"/r/");
  kd_page_escape (s, display);
  g_string_append (s, "/rate\" accept-charset=\"utf-8\">");
  append_stars (s, "efficiency", _("Speed"));
  append_stars (s, "satisfaction", _("Result"));
  g_string_append_printf (s, "<label>%s<textarea name=\"comment\" rows=\"3\" maxlength=\"%d\"></textarea></label>"
                             "<button type=\"submit\">%s</button></form></section>",
                          _("Comment (optional)"), KD_RATING_MAX_COMMENT, _("Send rating"));
}

static void
append_case (GString    *s,
             KdCase     *kase,
             const char *display)
{
  g_autofree char *when = kd_format_local_time (kd_case_get_created_at (kase));

  g_string_append_printf (s, "<h1>%s <code>", _("Case"));
  kd_page_escape (s, display);
  g_string_append_printf (s, "</code></h1><p class=\"status status-%s\" id=\"case-code\" data-code=\"",
                          kd_case_status_to_string (kd_case_get_status (kase)));
  kd_page_escape (s, display);
  g_string_append (s, "\">");
  kd_page_escape (s, kd_case_status_label (kd_case_get_status (kase)));
  g_string_append (s, "</p><dl>");
  g_string_append_printf (s, "<dt>%s</dt><dd>", _("Village"));
  kd_page_escape (s, kd_case_get_village_name (kase));
  g_string_append_printf (s, "</dd><dt>%s</dt><dd>", _("Category"));
  kd_page_escape (s, kd_case_get_category_name (kase));
  g_string_append_printf (s, "</dd><dt>%s</dt><dd>", _("Reported"));
  kd_page_escape (s, when);
  g_string_append (s, "</dd></dl><blockquote class=\"text\">");
  kd_page_escape (s, kd_case_get_description (kase));
  g_string_append (s, "</blockquote>");
}

static void
status_page (KdServerState     *state,
             SoupServerMessage *msg,
             KdCase            *kase,
             guint              status,
             const char        *rating_error)
{
  g_autoptr(GListModel) events = kd_case_event_list (state->db, kd_case_get_id (kase), TRUE, NULL);
  g_autofree char *display = kd_case_dup_display_code (kase);
  GString *s = kd_page_begin (state, display);

  append_case (s, kase, display);
  append_photos (s, state->db, kase, display);
  append_rating_form (s, kase, display, rating_error);
  append_timeline (s, events);
  g_string_append_printf (s, "<p><a class=\"button secondary\" href=\"/report\">%s</a></p>",
                          _("Report another problem"));
  kd_page_script (s, "kuiduo.js");
  kd_page_end (s);
  kd_http_send_html (msg, status, s);
}

static void
photo (KdServerState     *state,
       SoupServerMessage *msg,
       KdCase            *kase,
       const char        *name)
{
  g_autoptr(KdPhoto) p = NULL;
  SoupMessageHeaders *h = soup_server_message_get_response_headers (msg);
  guint64 n = 0;
  char *end = NULL;

  n = g_ascii_strtoull (name, &end, 10);
  if (name[0] < '1' || name[0] > '9' || end == NULL || !g_str_equal (end, ".jpg") ||
      n > KD_PHOTO_MAX_PER_CASE ||
      (p = kd_photo_load (state->db, kd_case_get_id (kase), (int) n - 1, NULL)) == NULL)
    {
      kd_page_not_found (state, msg, _("There is no such photo."));
      return;
    }

  kd_http_add_security_headers (msg);
  soup_message_headers_replace (h, "Cache-Control", "private, max-age=86400");
  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
  soup_server_message_set_response (msg, p->mime, SOUP_MEMORY_COPY,
                                    g_bytes_get_data (p->data, NULL), g_bytes_get_size (p->data));
}

typedef struct
{
  KdServerState     *state;
  SoupServerMessage *msg;
  char              *code;
} Rating;

static gboolean
invalid_rating (const GError *error)
{
  return g_error_matches (error, KD_RATING_ERROR, KD_RATING_ERROR_INVALID) ||
         g_error_matches (error, KD_WORKFLOW_ERROR, KD_WORKFLOW_ERROR_INVALID);
}

static void
on_rated (GObject      *source,
          GAsyncResult *result,
          gpointer      data)
{
  Rating *r = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(KdCase) kase = NULL;
  g_autofree char *location = NULL;

  g_autoptr(KdCase) rated = kd_store_rate_finish (r->state->store, result, &error);

  if (error != NULL && error->domain != KD_RATING_ERROR && error->domain != KD_WORKFLOW_ERROR)
    g_warning ("A rating was not stored: %s", error->message);

  if (kd_http_release (r->state, r->msg))
    {
      kase = kd_case_load_by_code (r->state->db, r->code, NULL);
      location = g_strdup_printf ("/r/%s", r->code);
      if (error == NULL || kase == NULL)
        kd_http_redirect (r->msg, location);   /* after a POST, the page by GET */
      else
        status_page (r->state, r->msg, kase,
                     invalid_rating (error) ? SOUP_STATUS_BAD_REQUEST : SOUP_STATUS_CONFLICT,
                     error->message);
    }

  g_free (r->code);
  g_free (r);
}

static int
score (GHashTable *form,
       const char *name)
{
  const char *v = g_hash_table_lookup (form, name);

  return v != NULL && v[0] >= '1' && v[0] <= '5' && v[1] == '\0' ? v[0] - '0' : 0;
}

static void
post_rating (KdServerState     *state,
             SoupServerMessage *msg,
             KdCase            *kase)
{
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GHashTable) form = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  int efficiency, satisfaction;
  const char *comment;
  Rating *r;

  if (!kd_http_has_media_type (msg, "application/x-www-form-urlencoded"))
    {
      kd_http_send_error (msg, SOUP_STATUS_UNSUPPORTED_MEDIA_TYPE, "unsupported_media_type", NULL,
                          _("Send the form as application/x-www-form-urlencoded."));
      return;
    }

  body = kd_http_dup_body (msg);
  text = g_strndup (g_bytes_get_data (body, NULL), g_bytes_get_size (body));
  form = soup_form_decode (text);
  efficiency = score (form, "efficiency");
  satisfaction = score (form, "satisfaction");
  comment = g_hash_table_lookup (form, "comment");
  if (!kd_rating_check (efficiency, satisfaction, comment, &error))
    {
      status_page (state, msg, kase, SOUP_STATUS_BAD_REQUEST, error->message);
      return;
    }

  r = g_new0 (Rating, 1);
  r->state = state;
  r->msg = msg;
  r->code = kd_case_dup_display_code (kase);
  kd_http_hold (state, msg);
  kd_store_rate_async (state->store, kd_case_get_tracking_code (kase), efficiency, satisfaction,
                       comment, NULL, on_rated, r);
}

/* @rest: "CODE", "CODE/photos/N.jpg" or "CODE/rate". */
void
kd_pages_case (KdServerState     *state,
               SoupServerMessage *msg,
               const char        *rest)
{
  const char *slash = strchr (rest, '/');
  g_autofree char *code = slash ? g_strndup (rest, slash - rest) : g_strdup (rest);
  g_autoptr(KdCase) kase = kd_case_load_by_code (state->db, code, NULL);
  const char *tail = slash ? slash + 1 : NULL;

  if (g_strcmp0 (tail, "rate") == 0)
    {
      if (!kd_http_require_method (msg, "POST", FALSE))
        return;
    }
  else if (!kd_http_require_method (msg, "GET", FALSE))
    return;

  if (kase == NULL)
    kd_page_not_found (state, msg, _("There is no case with this tracking code. Check the code and try again."));
  else if (tail == NULL)
    status_page (state, msg, kase, SOUP_STATUS_OK, NULL);
  else if (g_str_equal (tail, "rate"))
    {
      if (kd_http_allow_write (state, msg))
        post_rating (state, msg, kase);
      else
        kd_page_message (state, msg, KD_HTTP_TOO_MANY_REQUESTS, _("Please wait a moment"),
                         _("Too many requests from this phone. Please wait a moment and try again."));
    }
  else if (g_str_has_prefix (tail, "photos/"))
    photo (state, msg, kase, tail + strlen ("photos/"));
  else
    kd_page_not_found (state, msg, _("There is nothing at this address."));
}
