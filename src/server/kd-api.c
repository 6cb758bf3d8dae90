#define G_LOG_DOMAIN "kd-api"

#include "config.h"

#include <glib/gi18n.h>

#include "kd-api.h"
#include "kd-case-event.h"
#include "kd-catalog-item.h"
#include "kd-report-parse.h"

typedef struct
{
  KdServerState     *state;
  SoupServerMessage *msg;
  KdSubmitDone       done;
  gpointer           user_data;
  GDestroyNotify     user_data_free;
} Submission;

static void
on_report_committed (GObject      *source,
                     GAsyncResult *result,
                     gpointer      data)
{
  Submission *sub = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(KdCase) kase = kd_store_submit_report_finish (sub->state->store, result, &error);

  if (error != NULL && !g_error_matches (error, KD_REPORT_ERROR, error->code))
    g_warning ("A report was not stored: %s", error->message);

  if (g_object_get_data (G_OBJECT (sub->msg), "kd-finished") == NULL)
    sub->done (sub->state, sub->msg, kase, error, sub->user_data);
  kd_http_release (sub->state, sub->msg);

  if (sub->user_data_free)
    sub->user_data_free (sub->user_data);
  g_free (sub);
}

/* Hands @report (taken) to the writer; the answer goes out only after the
 * commit is durable. */
void
kd_api_submit_report (KdServerState     *state,
                      SoupServerMessage *msg,
                      KdReport          *report,
                      KdSubmitDone       done,
                      gpointer           user_data,
                      GDestroyNotify     user_data_free)
{
  Submission *sub = g_new0 (Submission, 1);

  sub->state = state;
  sub->msg = msg;
  sub->done = done;
  sub->user_data = user_data;
  sub->user_data_free = user_data_free;

  kd_http_hold (state, msg);
  kd_store_submit_report_async (state->store, report, NULL, on_report_committed, sub);
}

void
kd_api_send_report_error (SoupServerMessage *msg,
                          const GError      *error)
{
  if (error->domain == KD_REPORT_ERROR)
    kd_http_send_error (msg, SOUP_STATUS_BAD_REQUEST, "invalid_field",
                        kd_report_field_name (error->code), error->message);
  else
    kd_http_send_error (msg, SOUP_STATUS_INTERNAL_SERVER_ERROR, "internal", NULL,
                        _("The report could not be stored. Please try again."));
}

static JsonNode *
created_json (SoupServerMessage *msg,
              KdCase            *kase)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autofree char *code = kd_case_dup_display_code (kase);
  g_autofree char *base = kd_http_dup_base_url (msg);
  g_autofree char *url = g_strdup_printf ("%s/r/%s", base, code);

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "id");
  json_builder_add_int_value (b, kd_case_get_id (kase));
  json_builder_set_member_name (b, "tracking_code");
  json_builder_add_string_value (b, code);
  json_builder_set_member_name (b, "status");
  json_builder_add_string_value (b, kd_case_status_to_string (kd_case_get_status (kase)));
  json_builder_set_member_name (b, "url");
  json_builder_add_string_value (b, url);
  json_builder_end_object (b);

  return json_builder_get_root (b);
}

static void
json_report_done (KdServerState     *state,
                  SoupServerMessage *msg,
                  KdCase            *kase,
                  const GError      *error,
                  gpointer           user_data)
{
  g_autoptr(JsonNode) node = NULL;

  if (kase == NULL)
    {
      kd_api_send_report_error (msg, error);
      return;
    }

  node = created_json (msg, kase);
  kd_http_send_json (msg, SOUP_STATUS_CREATED, node);
}

static void
post_report (KdServerState     *state,
             SoupServerMessage *msg)
{
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;
  KdReport *report;
  gsize len;
  const char *data;

  if (!kd_http_has_media_type (msg, "application/json"))
    {
      kd_http_send_error (msg, SOUP_STATUS_UNSUPPORTED_MEDIA_TYPE, "unsupported_media_type", NULL,
                          _("Send the report as application/json."));
      return;
    }

  body = kd_http_dup_body (msg);
  data = g_bytes_get_data (body, &len);
  report = kd_report_parse_json (data ? data : "", len, &error);

  /* Checked here too, so bad input never reaches the writer. */
  if (report != NULL && !kd_report_validate (report, &error))
    g_clear_pointer (&report, kd_report_free);

  if (report == NULL)
    {
      if (error->domain == JSON_PARSER_ERROR)
        kd_http_send_error (msg, SOUP_STATUS_BAD_REQUEST, "invalid_json", "body", error->message);
      else
        kd_api_send_report_error (msg, error);
      return;
    }

  kd_api_submit_report (state, msg, report, json_report_done, NULL, NULL);
}

static void
reports_cb (SoupServer        *server,
            SoupServerMessage *msg,
            const char        *path,
            GHashTable        *query,
            gpointer           data)
{
  if (g_str_equal (path, "/api/v1/reports") || g_str_equal (path, "/api/v1/reports/"))
    {
      if (!kd_http_require_method (msg, "POST", TRUE))
        return;
      if (kd_http_allow_write (data, msg))
        post_report (data, msg);
      else
        kd_http_send_error (msg, KD_HTTP_TOO_MANY_REQUESTS, "rate_limited", NULL,
                            _("Too many reports from this phone. Please wait a moment and try again."));
      return;
    }

  if (!kd_http_require_method (msg, "GET", TRUE))
    return;

  {
    KdServerState *state = data;
    const char *code = path + strlen ("/api/v1/reports/");
    g_autoptr(KdCase) kase = NULL;
    g_autoptr(JsonNode) node = NULL;

    if (strchr (code, '/') == NULL)
      kase = kd_case_load_by_code (state->db, code, NULL);
    if (kase == NULL)
      {
        kd_http_send_error (msg, SOUP_STATUS_NOT_FOUND, "not_found", "tracking_code",
                            _("There is no case with this tracking code."));
        return;
      }

    node = kd_api_case_public_json (state->db, kase);
    kd_http_send_json (msg, SOUP_STATUS_OK, node);
  }
}

static void
add_string (JsonBuilder *b,
            const char  *name,
            const char  *value)
{
  json_builder_set_member_name (b, name);
  if (value)
    json_builder_add_string_value (b, value);
  else
    json_builder_add_null_value (b);
}

static void
add_timeline (JsonBuilder *b,
              GListModel  *events)
{
  json_builder_set_member_name (b, "timeline");
  json_builder_begin_array (b);
  for (guint i = 0; events && i < g_list_model_get_n_items (events); i++)
    {
      g_autoptr(KdCaseEvent) ev = g_list_model_get_item (events, i);
      g_autofree char *summary = kd_case_event_dup_summary (ev);

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "at");
      json_builder_add_int_value (b, kd_case_event_get_at (ev));
      add_string (b, "kind", kd_case_event_get_kind (ev));
      add_string (b, "summary", summary);
      if (kd_case_event_get_status (ev) >= 0)
        add_string (b, "status", kd_case_status_to_string (kd_case_event_get_status (ev)));
      add_string (b, "body", kd_case_event_get_body (ev));
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
}

/* What anyone holding the tracking code may see: never the reporter's name
 * or phone, never an internal note. */
JsonNode *
kd_api_case_public_json (KdDb   *db,
                         KdCase *kase)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(GListModel) events = kd_case_event_list (db, kd_case_get_id (kase), TRUE, NULL);
  g_autofree char *code = kd_case_dup_display_code (kase);

  json_builder_begin_object (b);
  add_string (b, "tracking_code", code);
  add_string (b, "title", kd_case_get_title (kase));
  add_string (b, "description", kd_case_get_description (kase));
  add_string (b, "village", kd_case_get_village_name (kase));
  add_string (b, "category", kd_case_get_category_name (kase));
  add_string (b, "status", kd_case_status_to_string (kd_case_get_status (kase)));
  add_string (b, "status_label", kd_case_status_label (kd_case_get_status (kase)));
  json_builder_set_member_name (b, "urgent");
  json_builder_add_boolean_value (b, kd_case_get_urgent (kase));
  json_builder_set_member_name (b, "created_at");
  json_builder_add_int_value (b, kd_case_get_created_at (kase));
  json_builder_set_member_name (b, "updated_at");
  json_builder_add_int_value (b, kd_case_get_updated_at (kase));
  add_timeline (b, events);
  json_builder_end_object (b);

  return json_builder_get_root (b);
}

static void
catalog_cb (SoupServer        *server,
            SoupServerMessage *msg,
            const char        *path,
            GHashTable        *query,
            gpointer           data)
{
  KdServerState *state = data;
  KdCatalog catalog = g_str_has_suffix (path, "/villages") ? KD_CATALOG_VILLAGES : KD_CATALOG_CATEGORIES;
  g_autoptr(JsonBuilder) b = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GListModel) items = NULL;
  g_autoptr(GError) error = NULL;

  if (!kd_http_require_method (msg, "GET", TRUE))
    return;

  items = kd_catalog_item_list (state->db, catalog, &error);
  if (items == NULL)
    {
      g_warning ("Could not list %s: %s", path, error->message);
      kd_http_send_error (msg, SOUP_STATUS_INTERNAL_SERVER_ERROR, "internal", NULL, error->message);
      return;
    }

  b = json_builder_new ();
  json_builder_begin_array (b);
  for (guint i = 0; i < g_list_model_get_n_items (items); i++)
    {
      g_autoptr(KdCatalogItem) item = g_list_model_get_item (items, i);

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "id");
      json_builder_add_int_value (b, kd_catalog_item_get_id (item));
      add_string (b, "code", kd_catalog_item_get_code (item));
      add_string (b, "name", kd_catalog_item_get_name (item));
      json_builder_end_object (b);
    }
  json_builder_end_array (b);

  root = json_builder_get_root (b);
  kd_http_send_json (msg, SOUP_STATUS_OK, root);
}

static void
health_cb (SoupServer        *server,
           SoupServerMessage *msg,
           const char        *path,
           GHashTable        *query,
           gpointer           data)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  if (!kd_http_require_method (msg, "GET", TRUE))
    return;

  json_builder_begin_object (b);
  add_string (b, "status", "ok");
  add_string (b, "version", PACKAGE_VERSION);
  json_builder_end_object (b);
  root = json_builder_get_root (b);
  kd_http_send_json (msg, SOUP_STATUS_OK, root);
}

static void
api_fallback_cb (SoupServer        *server,
                 SoupServerMessage *msg,
                 const char        *path,
                 GHashTable        *query,
                 gpointer           data)
{
  kd_http_send_error (msg, SOUP_STATUS_NOT_FOUND, "not_found", NULL, _("There is nothing at this address."));
}

void
kd_api_register (SoupServer    *server,
                 KdServerState *state)
{
  soup_server_add_handler (server, "/healthz", health_cb, state, NULL);
  soup_server_add_handler (server, "/api", api_fallback_cb, state, NULL);
  soup_server_add_handler (server, "/api/v1/reports", reports_cb, state, NULL);
  soup_server_add_handler (server, "/api/v1/villages", catalog_cb, state, NULL);
  soup_server_add_handler (server, "/api/v1/categories", catalog_cb, state, NULL);
}
