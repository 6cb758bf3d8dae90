/* kd-open311.c: Open311 GeoReport v2 (https://wiki.open311.org/GeoReport_v2).
 *
 * Services are the categories of the public kinds (livelihood, emergency,
 * policy, service), grouped by kind; integrity (清风) categories and cases are
 * never listed, read or accepted. A request is created at once (type
 * "realtime"), so no token is ever issued. The service_request_id is the
 * case's number, not its tracking code: GET requests is open to anyone on the
 * LAN, and the tracking code is what lets a villager follow and rate a case,
 * so only the client that submitted a request learns it (in service_notice).
 * The village is the optional attribute[village] (a village code, listed in
 * each service definition); without it, the first village of the town.
 * Status "open" is every status that kd_case_status_is_open() calls open (new,
 * accepted, assigned, in progress, reopened); the rest is "closed". The place
 * is kept in cases.location as "address_string (lat, long)" and read back so.
 * Bodies are capped by the server's limit on every route (KD_SERVER_MAX_BODY,
 * refused from the headers), and a POST spends a token of the address's
 * write limit before anything else is looked at. */
#define G_LOG_DOMAIN "kd-open311"

#include "config.h"

#include <math.h>
#include <glib/gi18n.h>

#include "kd-api-key.h"
#include "kd-catalog-item.h"
#include "kd-open311.h"
#include "kd-open311-out.h"
#include "kd-open311-parse.h"
#include "kd-open311-store.h"

#define SPECIFICATION "http://wiki.open311.org/GeoReport_v2"
#define CHANGESET     "2025-01-01T00:00:00Z"

/* The spec's error answer: a list of {code, description}. */
static void
send_error (SoupServerMessage *msg,
            KdOpen311Format    format,
            guint              status,
            const char        *description)
{
  g_autoptr(KdOpen311Out) out = kd_open311_out_new (format);

  kd_open311_out_begin_list (out, "errors", "error");
  kd_open311_out_begin_item (out);
  kd_open311_out_int (out, "code", status);
  kd_open311_out_string (out, "description", description);
  kd_open311_out_end_item (out);
  kd_open311_out_end_list (out);
  kd_open311_out_send (out, msg, status);
}

static void
send_gerror (SoupServerMessage *msg,
             KdOpen311Format    format,
             const GError      *error)
{
  guint status = SOUP_STATUS_BAD_REQUEST;

  if (error->domain == KD_OPEN311_ERROR)
    status = error->code;
  else if (error->domain == KD_API_KEY_ERROR)
    status = SOUP_STATUS_FORBIDDEN;
  else if (error->domain == KD_REPORT_ERROR && error->code == KD_REPORT_FIELD_CATEGORY)
    status = SOUP_STATUS_NOT_FOUND;     /* the spec: service_code not found */
  else if (error->domain != KD_REPORT_ERROR)
    {
      g_warning ("Open311: %s", error->message);
      send_error (msg, format, SOUP_STATUS_BAD_REQUEST,
                  _("The request could not be processed. Please try again."));
      return;
    }

  send_error (msg, format, status, error->message);
}

static void
get_discovery (KdServerState     *state,
               SoupServerMessage *msg,
               KdOpen311Format    format)
{
  g_autoptr(KdOpen311Out) out = kd_open311_out_new (format);
  g_autofree char *town = kd_store_dup_town_name (state->db);
  g_autofree char *base = kd_http_dup_base_url (msg);
  g_autofree char *url = g_strconcat (base, "/open311/v2", NULL);
  g_autofree char *contact = g_strdup_printf (_("Ask at the town office of %s."), town ? town : "");

  kd_open311_out_begin_object (out, "discovery");
  kd_open311_out_string (out, "changeset", CHANGESET);
  kd_open311_out_string (out, "contact", contact);
  kd_open311_out_string (out, "key_service",
                         _("API keys are issued at the town office, on the Kuiduo desktop."));
  kd_open311_out_begin_list (out, "endpoints", "endpoint");
  kd_open311_out_begin_item (out);
  kd_open311_out_string (out, "specification", SPECIFICATION);
  kd_open311_out_string (out, "url", url);
  kd_open311_out_string (out, "changeset", CHANGESET);
  kd_open311_out_string (out, "type", "production");
  kd_open311_out_begin_list (out, "formats", "format");
  kd_open311_out_item_string (out, "text/xml");
  kd_open311_out_item_string (out, "application/json");
  kd_open311_out_end_list (out);
  kd_open311_out_end_item (out);
  kd_open311_out_end_list (out);
  kd_open311_out_end_object (out);
  kd_open311_out_send (out, msg, SOUP_STATUS_OK);
}

static char *
kind_labels (guint kinds)
{
  g_autoptr(GStrvBuilder) b = g_strv_builder_new ();
  g_auto(GStrv) labels = NULL;

  for (guint k = 0; k < KD_CASE_N_KINDS; k++)
    if (kinds & KD_OPEN311_KINDS & (1u << k))
      g_strv_builder_add (b, kd_case_kind_label (k));
  labels = g_strv_builder_end (b);

  return g_strjoinv (", ", labels);
}

static void
get_services (KdServerState     *state,
              SoupServerMessage *msg,
              KdOpen311Format    format)
{
  g_autoptr(KdOpen311Out) out = kd_open311_out_new (format);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) services = kd_open311_list_services (state->db, &error);

  if (services == NULL)
    {
      send_gerror (msg, format, error);
      return;
    }

  kd_open311_out_begin_list (out, "services", "service");
  for (guint i = 0; i < services->len; i++)
    {
      KdOpen311Service *s = g_ptr_array_index (services, i);
      g_autofree char *keywords = kind_labels (s->kinds);

      kd_open311_out_begin_item (out);
      kd_open311_out_string (out, "service_code", s->code);
      kd_open311_out_string (out, "service_name", s->name);
      kd_open311_out_string (out, "description", s->name);
      kd_open311_out_bool (out, "metadata", TRUE);
      kd_open311_out_string (out, "type", "realtime");
      kd_open311_out_string (out, "keywords", keywords);
      kd_open311_out_string (out, "group", kd_case_kind_label (kd_open311_service_kind (s->kinds)));
      kd_open311_out_end_item (out);
    }
  kd_open311_out_end_list (out);
  kd_open311_out_send (out, msg, SOUP_STATUS_OK);
}

static void
out_village_attribute (KdOpen311Out *out,
                       GListModel   *villages)
{
  g_autoptr(KdCatalogItem) first = g_list_model_get_item (villages, 0);
  g_autofree char *help = g_strdup_printf (_("The code of the village concerned. Without it: %s."),
                                           first ? kd_catalog_item_get_name (first) : "");

  kd_open311_out_begin_item (out);
  kd_open311_out_bool (out, "variable", TRUE);
  kd_open311_out_string (out, "code", "village");
  kd_open311_out_string (out, "datatype", "singlevaluelist");
  kd_open311_out_bool (out, "required", FALSE);
  kd_open311_out_string (out, "datatype_description", help);
  kd_open311_out_int (out, "order", 1);
  kd_open311_out_string (out, "description", _("Village"));
  kd_open311_out_begin_list (out, "values", "value");
  for (guint i = 0; i < g_list_model_get_n_items (villages); i++)
    {
      g_autoptr(KdCatalogItem) v = g_list_model_get_item (villages, i);

      kd_open311_out_begin_item (out);
      kd_open311_out_string (out, "key", kd_catalog_item_get_code (v));
      kd_open311_out_string (out, "name", kd_catalog_item_get_name (v));
      kd_open311_out_end_item (out);
    }
  kd_open311_out_end_list (out);
  kd_open311_out_end_item (out);
}

static void
get_service (KdServerState     *state,
             SoupServerMessage *msg,
             KdOpen311Format    format,
             const char        *code)
{
  g_autoptr(KdOpen311Out) out = kd_open311_out_new (format);
  g_autoptr(GError) error = NULL;
  g_autoptr(KdOpen311Service) service = kd_open311_find_service (state->db, code, &error);
  g_autoptr(GListModel) villages = NULL;

  if (service == NULL)
    {
      if (error != NULL)
        send_gerror (msg, format, error);
      else
        send_error (msg, format, SOUP_STATUS_NOT_FOUND, _("There is no service with this service_code."));
      return;
    }

  villages = kd_catalog_item_list (state->db, KD_CATALOG_VILLAGES, &error);
  if (villages == NULL)
    {
      send_gerror (msg, format, error);
      return;
    }

  kd_open311_out_begin_object (out, "service_definition");
  kd_open311_out_string (out, "service_code", service->code);
  kd_open311_out_begin_list (out, "attributes", "attribute");
  out_village_attribute (out, villages);
  kd_open311_out_end_list (out);
  kd_open311_out_end_object (out);
  kd_open311_out_send (out, msg, SOUP_STATUS_OK);
}

static void
out_datetime (KdOpen311Out *out,
              const char   *name,
              gint64        t)
{
  g_autofree char *text = kd_open311_format_datetime (t);

  kd_open311_out_string (out, name, text);
}

/* The public view of one case: never the reporter, never a note. */
static void
out_request (KdOpen311Out     *out,
             KdOpen311Request *r)
{
  g_autofree char *address = NULL;
  double lat, lng;
  gboolean has_point = kd_open311_split_location (r->location, &address, &lat, &lng);

  kd_open311_out_begin_item (out);
  kd_open311_out_int (out, "service_request_id", r->id);
  kd_open311_out_string (out, "status", kd_case_status_is_open (r->status) ? "open" : "closed");
  kd_open311_out_string (out, "status_notes", kd_case_status_label (r->status));
  kd_open311_out_string (out, "service_name", r->service_name);
  kd_open311_out_string (out, "service_code", r->service_code);
  kd_open311_out_string (out, "description", r->description);
  out_datetime (out, "requested_datetime", r->created_at);
  out_datetime (out, "updated_datetime", r->updated_at);
  if (r->due_at > 0)
    out_datetime (out, "expected_datetime", r->due_at);
  kd_open311_out_string (out, "address", address);
  if (has_point)
    {
      kd_open311_out_double (out, "lat", lat);
      kd_open311_out_double (out, "long", lng);
    }
  kd_open311_out_end_item (out);
}

static void
send_requests (SoupServerMessage *msg,
               KdOpen311Format    format,
               GPtrArray         *requests)
{
  g_autoptr(KdOpen311Out) out = kd_open311_out_new (format);

  kd_open311_out_begin_list (out, "service_requests", "request");
  for (guint i = 0; i < requests->len; i++)
    out_request (out, g_ptr_array_index (requests, i));
  kd_open311_out_end_list (out);
  kd_open311_out_send (out, msg, SOUP_STATUS_OK);
}

static void
get_requests (KdServerState     *state,
              SoupServerMessage *msg,
              KdOpen311Format    format,
              GHashTable        *query)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) requests = NULL;
  KdOpen311Query q;

  if (!kd_open311_parse_query (query, g_get_real_time () / G_USEC_PER_SEC, &q, &error))
    {
      send_gerror (msg, format, error);
      return;
    }

  requests = kd_open311_find_requests (state->db, &q, &error);
  kd_open311_query_clear (&q);
  if (requests == NULL)
    send_gerror (msg, format, error);
  else
    send_requests (msg, format, requests);
}

static void
get_request (KdServerState     *state,
             SoupServerMessage *msg,
             KdOpen311Format    format,
             const char        *id_text)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) requests = g_ptr_array_new_with_free_func ((GDestroyNotify) kd_open311_request_free);
  KdOpen311Request *r = NULL;
  gint64 id;

  if (kd_open311_parse_id (id_text, &id))
    r = kd_open311_get_request (state->db, id, &error);
  if (error != NULL)
    {
      send_gerror (msg, format, error);
      return;
    }
  if (r == NULL)
    {
      send_error (msg, format, SOUP_STATUS_NOT_FOUND, _("There is no request with this service_request_id."));
      return;
    }

  g_ptr_array_add (requests, r);
  send_requests (msg, format, requests);
}

/* POST requests: checked on the reader first, so a refusal never reaches the
 * writer; the writer checks the key and the service again, with the insert. */

typedef struct
{
  KdServerState     *state;
  SoupServerMessage *msg;
  KdOpen311Format    format;
} Post;

static void
send_created (SoupServerMessage *msg,
              KdOpen311Format    format,
              KdCase            *kase)
{
  g_autoptr(KdOpen311Out) out = kd_open311_out_new (format);
  g_autofree char *code = kd_case_dup_display_code (kase);
  g_autofree char *base = kd_http_dup_base_url (msg);
  g_autofree char *notice = g_strdup_printf (_("Received. Its tracking code is %s: whoever holds it can "
                                               "follow the request at %s/r/%s."), code, base, code);

  kd_open311_out_begin_list (out, "service_requests", "request");
  kd_open311_out_begin_item (out);
  kd_open311_out_int (out, "service_request_id", kd_case_get_id (kase));
  kd_open311_out_string (out, "service_notice", notice);
  kd_open311_out_string (out, "account_id", NULL);
  kd_open311_out_end_item (out);
  kd_open311_out_end_list (out);
  kd_open311_out_send (out, msg, SOUP_STATUS_OK);
}

static void
on_submitted (GObject      *source,
              GAsyncResult *result,
              gpointer      data)
{
  Post *post = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(KdCase) kase = kd_open311_submit_finish (post->state->store, result, &error);

  if (g_object_get_data (G_OBJECT (post->msg), "kd-finished") == NULL)
    {
      if (kase != NULL)
        send_created (post->msg, post->format, kase);
      else
        send_gerror (post->msg, post->format, error);
    }
  kd_http_release (post->state, post->msg);
  g_free (post);
}

static char *
dup_default_village (KdDb *db)
{
  g_autoptr(GListModel) villages = kd_catalog_item_list (db, KD_CATALOG_VILLAGES, NULL);
  g_autoptr(KdCatalogItem) first = villages ? g_list_model_get_item (villages, 0) : NULL;

  return first ? g_strdup (kd_catalog_item_get_code (first)) : NULL;
}

static KdReport *
check_post (KdServerState     *state,
            GHashTable        *form,
            GError           **error)
{
  g_autofree char *village = dup_default_village (state->db);
  g_autoptr(KdReport) report = NULL;
  g_autoptr(KdOpen311Service) service = NULL;

  if (!kd_api_key_check (state->db, g_hash_table_lookup (form, "api_key"), error))
    return NULL;

  report = kd_open311_parse_post (form, village, error);
  if (report == NULL)
    return NULL;

  service = kd_open311_find_service (state->db, report->category, error);
  if (service == NULL)
    {
      if (error == NULL || *error == NULL)
        g_set_error (error, KD_OPEN311_ERROR, KD_OPEN311_ERROR_NOT_FOUND,
                     _("There is no service with the service_code “%s”."), report->category);
      return NULL;
    }

  return g_steal_pointer (&report);
}

static void
post_requests (KdServerState     *state,
               SoupServerMessage *msg,
               KdOpen311Format    format)
{
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GHashTable) form = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  KdReport *report;
  Post *post;

  if (!kd_http_allow_write (state, msg))
    {
      send_error (msg, format, KD_HTTP_TOO_MANY_REQUESTS,
                  _("Too many requests from this address. Please wait a moment and try again."));
      return;
    }
  if (!kd_http_has_media_type (msg, "application/x-www-form-urlencoded"))
    {
      send_error (msg, format, SOUP_STATUS_BAD_REQUEST,
                  _("Send the request as application/x-www-form-urlencoded."));
      return;
    }

  body = kd_http_dup_body (msg);
  text = g_strndup (g_bytes_get_data (body, NULL), g_bytes_get_size (body));
  form = soup_form_decode (text);
  report = check_post (state, form, &error);
  if (report == NULL)
    {
      send_gerror (msg, format, error);
      return;
    }

  post = g_new0 (Post, 1);
  post->state = state;
  post->msg = msg;
  post->format = format;
  kd_http_hold (state, msg);
  kd_open311_submit_async (state->store, report, g_hash_table_lookup (form, "api_key"),
                           NULL, on_submitted, post);
}

static gboolean
check_method (SoupServerMessage *msg,
              KdOpen311Format    format,
              gboolean           post_too)
{
  const char *method = soup_server_message_get_method (msg);

  if (g_str_equal (method, "GET") || g_str_equal (method, "HEAD") ||
      (post_too && g_str_equal (method, "POST")))
    return TRUE;

  soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Allow",
                                post_too ? "GET, HEAD, POST" : "GET, HEAD");
  send_error (msg, format, SOUP_STATUS_METHOD_NOT_ALLOWED, _("This address does not accept that method."));
  return FALSE;
}

static void
open311_cb (SoupServer        *server,
            SoupServerMessage *msg,
            const char        *path,
            GHashTable        *query,
            gpointer           data)
{
  KdServerState *state = data;
  KdOpen311Format format;
  g_autofree char *arg = NULL;
  KdOpen311Route route = kd_open311_parse_path (path, &format, &arg);

  if (route == KD_OPEN311_ROUTE_UNKNOWN)
    {
      send_error (msg, format, SOUP_STATUS_NOT_FOUND, _("There is nothing at this address."));
      return;
    }
  if (!check_method (msg, format, route == KD_OPEN311_ROUTE_REQUESTS))
    return;

  switch (route)
    {
    case KD_OPEN311_ROUTE_DISCOVERY: get_discovery (state, msg, format); break;
    case KD_OPEN311_ROUTE_SERVICES:  get_services (state, msg, format); break;
    case KD_OPEN311_ROUTE_SERVICE:   get_service (state, msg, format, arg); break;
    case KD_OPEN311_ROUTE_REQUEST:   get_request (state, msg, format, arg); break;
    case KD_OPEN311_ROUTE_TOKEN:
      /* Requests are created at once: no token is ever issued. */
      send_error (msg, format, SOUP_STATUS_NOT_FOUND,
                  _("There is no such token: this server returns the service_request_id at once."));
      break;
    case KD_OPEN311_ROUTE_REQUESTS:
      if (g_str_equal (soup_server_message_get_method (msg), "POST"))
        post_requests (state, msg, format);
      else
        get_requests (state, msg, format, query);
      break;
    case KD_OPEN311_ROUTE_UNKNOWN:
    default:
      g_assert_not_reached ();
    }
}

void
kd_open311_register (SoupServer    *server,
                     KdServerState *state)
{
  soup_server_add_handler (server, "/open311", open311_cb, state, NULL);
}
