/* kd-api-public.c: the rest of the public JSON contract (DESIGN.md): the
 * villager's rating of a resolved case, and the town's notices. */
#define G_LOG_DOMAIN "kd-api"

#include "config.h"

#include <glib/gi18n.h>

#include "kd-api.h"
#include "kd-http.h"
#include "kd-notice.h"
#include "kd-rating.h"
#include "kd-workflow.h"

/* How many notices GET /api/v1/notices lists, newest first. */
#define NOTICES_LISTED 20

typedef struct
{
  KdServerState     *state;
  SoupServerMessage *msg;
} Rating;

static void
rated_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      data)
{
  Rating *r = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(KdCase) kase = kd_store_rate_finish (KD_STORE (source), result, &error);

  if (kd_http_release (r->state, r->msg))
    {
      if (kase != NULL)
        {
          g_autoptr(JsonNode) node = kd_api_case_public_json (r->state->db, kase);
          kd_http_send_json (r->msg, SOUP_STATUS_OK, node);
        }
      else if (g_error_matches (error, KD_WORKFLOW_ERROR, KD_WORKFLOW_ERROR_INVALID) ||
               g_error_matches (error, KD_RATING_ERROR, KD_RATING_ERROR_INVALID))
        kd_http_send_error (r->msg, SOUP_STATUS_BAD_REQUEST, "invalid", "rating", error->message);
      else if (error->domain == KD_WORKFLOW_ERROR)
        kd_http_send_error (r->msg, SOUP_STATUS_CONFLICT, "not_ratable", NULL, error->message);
      else
        {
          g_warning ("A rating was not stored: %s", error->message);
          kd_http_send_error (r->msg, SOUP_STATUS_INTERNAL_SERVER_ERROR, "internal", NULL,
                              _("The rating could not be stored. Please try again."));
        }
    }
  g_free (r);
}

/* An integer member of 1–5, or 0. */
static int
score (JsonObject *obj,
       const char *name)
{
  JsonNode *node = json_object_get_member (obj, name);
  gint64 v;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64)
    return 0;
  v = json_node_get_int (node);
  return v >= 1 && v <= 5 ? (int) v : 0;
}

/* POST /api/v1/reports/{tracking_code}/rating
 * {efficiency: 1-5, satisfaction: 1-5, comment?} → 200 with the public view. */
void
kd_api_post_rating (KdServerState     *state,
                    SoupServerMessage *msg,
                    const char        *code)
{
  g_autoptr(GBytes) body = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(KdCase) kase = kd_case_load_by_code (state->db, code, NULL);
  JsonNode *root;
  JsonObject *obj;
  JsonNode *comment_node;
  const char *comment = NULL;
  const char *data;
  gsize len;
  Rating *r;

  if (kase == NULL)
    {
      kd_http_send_error (msg, SOUP_STATUS_NOT_FOUND, "not_found", "tracking_code",
                          _("There is no case with this tracking code."));
      return;
    }
  if (!kd_http_has_media_type (msg, "application/json"))
    {
      kd_http_send_error (msg, SOUP_STATUS_UNSUPPORTED_MEDIA_TYPE, "unsupported_media_type", NULL,
                          _("Send the rating as application/json."));
      return;
    }

  body = kd_http_dup_body (msg);
  data = g_bytes_get_data (body, &len);
  if (!kd_json_depth_ok (data ? data : "", len, KD_JSON_MAX_DEPTH) ||
      !json_parser_load_from_data (parser, data ? data : "", (gssize) len, &error) ||
      (root = json_parser_get_root (parser)) == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      kd_http_send_error (msg, SOUP_STATUS_BAD_REQUEST, "invalid_json", "body",
                          _("The rating must be a JSON object."));
      return;
    }

  obj = json_node_get_object (root);
  comment_node = json_object_get_member (obj, "comment");
  if (comment_node != NULL && !JSON_NODE_HOLDS_NULL (comment_node))
    {
      if (!JSON_NODE_HOLDS_VALUE (comment_node) || json_node_get_value_type (comment_node) != G_TYPE_STRING)
        {
          kd_http_send_error (msg, SOUP_STATUS_BAD_REQUEST, "invalid", "comment", _("The comment must be text."));
          return;
        }
      comment = json_node_get_string (comment_node);
    }
  if (!kd_rating_check (score (obj, "efficiency"), score (obj, "satisfaction"), comment, &error))
    {
      kd_http_send_error (msg, SOUP_STATUS_BAD_REQUEST, "invalid", "rating", error->message);
      return;
    }

  r = g_new0 (Rating, 1);
  r->state = state;
  r->msg = msg;
  kd_http_hold (state, msg);
  kd_store_rate_async (state->store, kd_case_get_tracking_code (kase), score (obj, "efficiency"),
                       score (obj, "satisfaction"), comment, NULL, rated_cb, r);
}

/* GET /api/v1/notices: the newest notices, newest first. */
void
kd_api_notices_cb (SoupServer        *server,
                   SoupServerMessage *msg,
                   const char        *path,
                   GHashTable        *query,
                   gpointer           data)
{
  KdServerState *state = data;
  g_autoptr(GPtrArray) notices = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  if (!kd_http_require_method (msg, "GET", TRUE))
    return;

  notices = kd_notice_list_newest (state->db, NOTICES_LISTED, &error);
  if (notices == NULL)
    {
      g_warning ("Could not list the notices: %s", error->message);
      kd_http_send_error (msg, SOUP_STATUS_INTERNAL_SERVER_ERROR, "internal", NULL, error->message);
      return;
    }

  json_builder_begin_array (b);
  for (guint i = 0; i < notices->len; i++)
    {
      KdNotice *n = notices->pdata[i];

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "id");
      json_builder_add_int_value (b, n->id);
      json_builder_set_member_name (b, "title");
      json_builder_add_string_value (b, n->title);
      json_builder_set_member_name (b, "body");
      json_builder_add_string_value (b, n->body);
      json_builder_set_member_name (b, "published_at");
      json_builder_add_int_value (b, n->published_at);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);

  root = json_builder_get_root (b);
  kd_http_send_json (msg, SOUP_STATUS_OK, root);
}
