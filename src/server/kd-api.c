#define G_LOG_DOMAIN "kd-api"

#include "config.h"

#include <glib/gi18n.h>

#include "kd-api.h"
#include "kd-case-event.h"
#include "kd-catalog-item.h"
#include "kd-report-parse.h"
#include "kd-multipart.h"
#include "kd-photo.h"

typedef struct
{
  KdServerState     *state;
  SoupServerMessage *msg;
  KdReport          *report;   /* until it goes to the writer */
  KdSubmitDone       done;
  gpointer           user_data;
  GDestroyNotify     user_data_free;
} Submission;

static void
submission_finish (Submission   *sub,
                   KdCase       *kase,
                   const GError *error)
{
  if (g_object_get_data (G_OBJECT (sub->msg), "kd-finished") == NULL)
    sub->done (sub->state, sub->msg, kase, error, sub->user_data);
  kd_http_release (sub->state, sub->msg);

  if (sub->user_data_free)
    sub->user_data_free (sub->user_data);
  g_clear_pointer (&sub->report, kd_report_free);
  g_free (sub);
}

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

  submission_finish (sub, kase, error);
}

/* The photos are re-encoded (off this thread): now the report can go. */
static void
on_photos_ready (GObject      *source,
                 GAsyncResult *result,
                 gpointer      data)
{
  Submission *sub = data;
  g_autoptr(GError) error = NULL;
  GPtrArray *photos = kd_photo_prepare_finish (result, &error);

  if (photos == NULL)
    {
      submission_finish (sub, NULL, error);
      return;
    }

  sub->report->photos = photos;
  kd_store_submit_report_async (sub->state->store, g_steal_pointer (&sub->report), NULL,
                                on_report_committed, sub);
}

/* Hands @report (taken) to the writer, after re-encoding @uploads (GBytes
 * as sent; may be NULL) into its photos; the answer goes out only after the
 * commit is durable. A photo refused refuses the whole report. */
void
kd_api_submit_report (KdServerState     *state,
                      SoupServerMessage *msg,
                      KdReport          *report,
                      GPtrArray         *uploads,
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
  if (uploads == NULL || uploads->len == 0)
    {
      kd_store_submit_report_async (state->store, report, NULL, on_report_committed, sub);
      return;
    }

  sub->report = report;
  kd_photo_prepare_async (uploads, NULL, on_photos_ready, sub);
}

/* A multipart/form-data body: its text fields as a report (for
 * kd_report_validate() to check) and its files in @uploads. */
KdReport *
kd_api_read_multipart (SoupServerMessage  *msg,
                       GPtrArray         **uploads,
                       GError            **error)
{
  SoupMessageHeaders *h = soup_server_message_get_request_headers (msg);
  g_autoptr(GHashTable) params = NULL;
  g_autoptr(GPtrArray) parts = NULL;
  g_autoptr(GBytes) body = NULL;
  const char *type = soup_message_headers_get_content_type (h, &params);

  if (type == NULL || g_ascii_strcasecmp (type, "multipart/form-data") != 0)
    {
      g_set_error_literal (error, KD_MULTIPART_ERROR, KD_MULTIPART_ERROR_MALFORMED,
                           _("The form is not multipart/form-data."));
      return NULL;
    }

  body = kd_http_dup_body (msg);
  parts = kd_multipart_parse (params ? g_hash_table_lookup (params, "boundary") : NULL, body, error);
  if (parts == NULL)
    return NULL;

  return kd_report_parse_multipart (parts, uploads);
}

/* 413 for a file too large, 400 for anything else refused. */
guint
kd_api_refusal_status (const GError *error)
{
  if (g_error_matches (error, KD_MULTIPART_ERROR, KD_MULTIPART_ERROR_FILE_TOO_LARGE) ||
      g_error_matches (error, KD_PHOTO_ERROR, KD_PHOTO_ERROR_TOO_LARGE))
    return SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE;
  if (error->domain == KD_REPORT_ERROR || error->domain == KD_PHOTO_ERROR ||
      error->domain == KD_MULTIPART_ERROR)
    return SOUP_STATUS_BAD_REQUEST;
  return SOUP_STATUS_INTERNAL_SERVER_ERROR;
}

void
kd_api_send_report_error (SoupServerMessage *msg,
                          const GError      *error)
{
  if (error->domain == KD_REPORT_ERROR)
    kd_http_send_error (msg, SOUP_STATUS_BAD_REQUEST, "invalid_field",
                        kd_report_field_name (error->code), error->message);
  else if (error->domain == KD_PHOTO_ERROR)
    kd_http_send_error (msg, kd_api_refusal_status (error), "invalid_field", "photos", error->message);
  else if (error->domain == KD_MULTIPART_ERROR)
    kd_http_send_error (msg, kd_api_refusal_status (error),
                        error->code == KD_MULTIPART_ERROR_FILE_TOO_LARGE ? "body_too_large" : "invalid_multipart",
                        NULL, error->message);
  else
    kd_http_send_error (msg, SOUP_STATUS_INTERNAL_SERVER_ERROR, "internal", NULL,
                        _("The report could not be stored. Please try again."));
}

/* The answer to every accepted report: an object of four members, made
 * directly rather than through a JsonBuilder (this runs for each report). */
static JsonNode *
created_json (SoupServerMessage *msg,
              KdCase            *kase)
{
  g_autofree char *code = kd_case_dup_display_code (kase);
  g_autofree char *base = kd_http_dup_base_url (msg);
  g_autofree char *url = g_strconcat (base, "/r/", code, NULL);
  JsonObject *obj = json_object_new ();
  JsonNode *node = json_node_new (JSON_NODE_OBJECT);

  json_object_set_int_member (obj, "id", kd_case_get_id (kase));
  json_object_set_string_member (obj, "tracking_code", code);
  json_object_set_string_member (obj, "status", kd_case_status_to_string (kd_case_get_status (kase)));
  json_object_set_string_member (obj, "url", url);
  json_node_take_object (node, obj);

  return node;
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
  g_autoptr(GPtrArray) uploads = NULL;
  KdReport *report;
  gsize len;
  const char *data;

  if (kd_http_has_media_type (msg, "multipart/form-data"))
    {
      report = kd_api_read_multipart (msg, &uploads, &error);
      if (report != NULL)
        {
          g_free (report->channel);
          report->channel = g_strdup ("api");
          if (kd_report_validate (report, &error))
            {
              kd_api_submit_report (state, msg, report, uploads, json_report_done, NULL, NULL);
              return;
            }
          kd_report_free (report);
        }
      kd_api_send_report_error (msg, error);
      return;
    }

  if (!kd_http_has_media_type (msg, "application/json"))
    {
      kd_http_send_error (msg, SOUP_STATUS_UNSUPPORTED_MEDIA_TYPE, "unsupported_media_type", NULL,
                          _("Send the report as application/json or multipart/form-data."));
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

  kd_api_submit_report (state, msg, report, NULL, json_report_done, NULL, NULL);
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

  if (g_str_has_suffix (path, "/rating"))
    {
      g_autofree char *code = g_strndup (path + strlen ("/api/v1/reports/"),
                                         strlen (path) - strlen ("/api/v1/reports/") - strlen ("/rating"));

      if (!kd_http_require_method (msg, "POST", TRUE))
        return;
      if (strchr (code, '/') != NULL)
        kd_http_send_error (msg, SOUP_STATUS_NOT_FOUND, "not_found", NULL, _("There is nothing at this address."));
      else if (!kd_http_allow_write (data, msg))
        kd_http_send_error (msg, KD_HTTP_TOO_MANY_REQUESTS, "rate_limited", NULL,
                            _("Too many requests from this phone. Please wait a moment and try again."));
      else
        kd_api_post_rating (data, msg, code);
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
      guint kinds = kd_catalog_item_get_kinds (item) & ~(1u << KD_CASE_KIND_INTEGRITY);

      /* 清风 has its own channel: its categories are not offered here. */
      if (catalog == KD_CATALOG_CATEGORIES && kinds == 0)
        continue;

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "id");
      json_builder_add_int_value (b, kd_catalog_item_get_id (item));
      add_string (b, "code", kd_catalog_item_get_code (item));
      add_string (b, "name", kd_catalog_item_get_name (item));
      if (catalog == KD_CATALOG_CATEGORIES)
        {
          json_builder_set_member_name (b, "kinds");
          json_builder_begin_array (b);
          for (int k = 0; k < KD_CASE_N_KINDS; k++)
            if (kinds & (1u << k))
              json_builder_add_string_value (b, kd_case_kind_to_string (k));
          json_builder_end_array (b);
        }
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
  soup_server_add_handler (server, "/api/v1/notices", kd_api_notices_cb, state, NULL);
  soup_server_add_handler (server, "/api/v1/disclosures", kd_api_disclosures_cb, state, NULL);
}
