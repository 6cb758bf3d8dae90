#define G_LOG_DOMAIN "kd-http"

#include "config.h"

#include <locale.h>
#include <glib/gi18n.h>

#include "kd-http.h"

#define DRAIN_MAX_BYTES (1024 * 1024)
#define DRAIN_SECONDS   5

/* On every answer: nothing from elsewhere, no inline script, no framing. */
void
kd_http_add_security_headers (SoupServerMessage *msg)
{
  SoupMessageHeaders *h = soup_server_message_get_response_headers (msg);

  soup_message_headers_replace (h, "Content-Security-Policy",
                                "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
                                "form-action 'self'; base-uri 'none'; frame-ancestors 'none'");
  soup_message_headers_replace (h, "X-Content-Type-Options", "nosniff");
  soup_message_headers_replace (h, "Referrer-Policy", "no-referrer");
  soup_message_headers_replace (h, "X-Frame-Options", "DENY");
  soup_message_headers_replace (h, "Cache-Control", "no-store");
}

void
kd_http_send_json (SoupServerMessage *msg,
                   guint              status,
                   JsonNode          *node)
{
  g_autoptr(JsonGenerator) gen = json_generator_new ();
  gsize len;
  char *text;

  json_generator_set_root (gen, node);
  text = json_generator_to_data (gen, &len);

  kd_http_add_security_headers (msg);
  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, "application/json; charset=utf-8",
                                    SOUP_MEMORY_TAKE, text, len);
}

/* The error object of DESIGN.md: a machine-readable code, the field at fault
 * and a sentence for a person. */
void
kd_http_send_error (SoupServerMessage *msg,
                    guint              status,
                    const char        *code,
                    const char        *field,
                    const char        *message)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "error");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "code");
  json_builder_add_string_value (b, code);
  if (field != NULL)
    {
      json_builder_set_member_name (b, "field");
      json_builder_add_string_value (b, field);
    }
  json_builder_set_member_name (b, "message");
  json_builder_add_string_value (b, message);
  json_builder_end_object (b);
  json_builder_end_object (b);

  root = json_builder_get_root (b);
  kd_http_send_json (msg, status, root);
}

void
kd_http_send_html (SoupServerMessage *msg,
                   guint              status,
                   GString           *html)
{
  gsize len = html->len;

  kd_http_add_security_headers (msg);
  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, "text/html; charset=utf-8", SOUP_MEMORY_TAKE,
                                    g_string_free (html, FALSE), len);
}

void
kd_http_redirect (SoupServerMessage *msg,
                  const char        *location)
{
  kd_http_add_security_headers (msg);
  soup_server_message_set_redirect (msg, SOUP_STATUS_SEE_OTHER, location);
}

/* 405 with Allow for any other method. */
gboolean
kd_http_require_method (SoupServerMessage *msg,
                        const char        *allowed,
                        gboolean           json)
{
  const char *method = soup_server_message_get_method (msg);

  if (g_str_equal (method, allowed) ||
      (g_str_equal (allowed, "GET") && g_str_equal (method, "HEAD")))
    return TRUE;

  soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Allow",
                                g_str_equal (allowed, "GET") ? "GET, HEAD" : allowed);
  if (json)
    kd_http_send_error (msg, SOUP_STATUS_METHOD_NOT_ALLOWED, "method_not_allowed", NULL,
                        _("This address does not accept that method."));
  else
    {
      kd_http_add_security_headers (msg);
      soup_server_message_set_status (msg, SOUP_STATUS_METHOD_NOT_ALLOWED, NULL);
    }

  return FALSE;
}

gboolean
kd_http_has_media_type (SoupServerMessage *msg,
                        const char        *type)
{
  const char *ct = soup_message_headers_get_content_type (soup_server_message_get_request_headers (msg), NULL);

  return ct != NULL && g_ascii_strcasecmp (ct, type) == 0;
}

GBytes *
kd_http_dup_body (SoupServerMessage *msg)
{
  return soup_message_body_flatten (soup_server_message_get_request_body (msg));
}

/* The routes that take more than the default body, and only as
 * multipart/form-data (photos): checked on the headers, before a byte of the
 * body is read. A JSON or urlencoded body keeps the default cap everywhere. */
static const struct
{
  const char *path;
  gsize       cap;
} body_caps[] = {
  { "/report",          KD_HTTP_MAX_UPLOAD },
  { "/api/v1/reports",  KD_HTTP_MAX_UPLOAD },
  { "/api/v1/reports/", KD_HTTP_MAX_UPLOAD },
};

gsize
kd_http_body_cap (SoupServerMessage *msg,
                  gsize              fallback)
{
  const char *path = g_uri_get_path (soup_server_message_get_uri (msg));

  if (!kd_http_has_media_type (msg, "multipart/form-data"))
    return fallback;

  for (guint i = 0; path != NULL && i < G_N_ELEMENTS (body_caps); i++)
    if (g_str_equal (path, body_caps[i].path))
      return body_caps[i].cap;

  return fallback;
}

/* Brackets nested deeper than @max_depth, outside strings, are refused before
 * json-glib (which recurses without a limit) sees them. */
gboolean
kd_json_depth_ok (const char *data,
                  gsize       len,
                  guint       max_depth)
{
  gboolean in_string = FALSE;
  guint depth = 0;

  for (gsize i = 0; i < len; i++)
    {
      char c = data[i];

      if (in_string)
        {
          if (c == '\\')
            i++;
          else if (c == '"')
            in_string = FALSE;
        }
      else if (c == '"')
        in_string = TRUE;
      else if (c == '[' || c == '{')
        {
          if (++depth > max_depth)
            return FALSE;
        }
      else if ((c == ']' || c == '}') && depth > 0)
        depth--;
    }

  return TRUE;
}

char *
kd_http_dup_base_url (SoupServerMessage *msg)
{
  GUri *uri = soup_server_message_get_uri (msg);
  int port = g_uri_get_port (uri);

  if (port > 0 && port != 80)
    return g_strdup_printf ("http://%s:%d", g_uri_get_host (uri), port);
  return g_strdup_printf ("http://%s", g_uri_get_host (uri));
}

/* Pages are Chinese unless the phone asks for English first. gettext follows
 * the thread's locale, so this is per request on the server thread. */
void
kd_http_use_language (SoupServerMessage *msg)
{
  static locale_t zh = (locale_t) 0, en = (locale_t) 0;
  const char *accept = soup_message_headers_get_one (soup_server_message_get_request_headers (msg),
                                                     "Accept-Language");
  gboolean english = accept != NULL && g_ascii_strncasecmp (accept, "en", 2) == 0;
  locale_t loc;

  if (zh == (locale_t) 0)
    zh = newlocale (LC_MESSAGES_MASK | LC_CTYPE_MASK, "zh_CN.UTF-8", (locale_t) 0);
  if (en == (locale_t) 0)
    en = newlocale (LC_MESSAGES_MASK | LC_CTYPE_MASK, "en_US.UTF-8", (locale_t) 0);

  loc = english ? en : zh;
  if (loc != (locale_t) 0)
    uselocale (loc);
}

/* Every write spends a token of its address; none left → FALSE, with the
 * Retry-After header set: the caller answers 429, and nothing is written. */
gboolean
kd_http_allow_write (KdServerState     *state,
                     SoupServerMessage *msg)
{
  const char *address = soup_server_message_get_remote_host (msg);
  g_autofree char *seconds = NULL;
  guint retry_after = 1;

  if (state->rate_limit == NULL ||
      kd_rate_limit_take (state->rate_limit, address ? address : "", g_get_monotonic_time (), &retry_after))
    return TRUE;

  seconds = g_strdup_printf ("%u", MAX (retry_after, 1));
  soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Retry-After", seconds);
  return FALSE;
}

/* Keeps a message while the writer works on it. */
void
kd_http_hold (KdServerState     *state,
              SoupServerMessage *msg)
{
  state->inflight++;
  g_object_ref (msg);
  soup_server_message_pause (msg);
}

/* Returns FALSE when the client left meanwhile (nothing to answer). */
gboolean
kd_http_release (KdServerState     *state,
                 SoupServerMessage *msg)
{
  gboolean alive = g_object_get_data (G_OBJECT (msg), "kd-finished") == NULL;

  if (alive)
    soup_server_message_unpause (msg);
  g_object_unref (msg);
  state->inflight--;

  return alive;
}

/* Refusing a body too large: take the connection from libsoup (which would
 * read the whole body otherwise), answer 413, and read and drop what the
 * client is still sending, up to a bound, so that it sees the answer. */

typedef struct
{
  GIOStream    *stream;
  GSocket      *socket;
  GCancellable *cancellable;
  GSource      *timeout;
  gsize         drained;
  char          buf[8192];
} Drain;

static void
drain_free (Drain *d)
{
  if (d->timeout != NULL)
    g_source_destroy (d->timeout);
  g_clear_pointer (&d->timeout, g_source_unref);
  g_io_stream_close_async (d->stream, G_PRIORITY_DEFAULT, NULL, NULL, NULL);
  g_object_unref (d->stream);
  g_clear_object (&d->socket);
  g_object_unref (d->cancellable);
  g_free (d);
}

static gboolean
drain_timeout (gpointer data)
{
  Drain *d = data;

  g_cancellable_cancel (d->cancellable);
  return G_SOURCE_REMOVE;
}

static void
drain_read_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      data)
{
  Drain *d = data;
  gssize n = g_input_stream_read_finish (G_INPUT_STREAM (source), result, NULL);

  if (n <= 0 || (d->drained += n) > DRAIN_MAX_BYTES)
    {
      drain_free (d);
      return;
    }

  g_input_stream_read_async (G_INPUT_STREAM (source), d->buf, sizeof d->buf, G_PRIORITY_LOW,
                             d->cancellable, drain_read_cb, d);
}

static void
drain_wrote_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      data)
{
  Drain *d = data;
  GInputStream *in = g_io_stream_get_input_stream (d->stream);

  g_output_stream_write_all_finish (G_OUTPUT_STREAM (source), result, NULL, NULL);
  g_output_stream_flush (G_OUTPUT_STREAM (source), NULL, NULL);
  /* The answer is complete: tell the client so, and keep reading a while. */
  if (d->socket != NULL)
    g_socket_shutdown (d->socket, FALSE, TRUE, NULL);

  g_input_stream_read_async (in, d->buf, sizeof d->buf, G_PRIORITY_LOW,
                             d->cancellable, drain_read_cb, d);
}

static void
free_gstring (gpointer data)
{
  g_string_free (data, TRUE);
}

/* Answers before the body is read, on a connection taken from libsoup (which
 * would otherwise read the whole body first), then drains what the phone
 * still sends for a bounded time so it sees the answer. */
static void
refuse_early (SoupServerMessage *msg,
              const char        *status_line,
              const char        *extra_headers,
              const char        *code,
              const char        *message)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonGenerator) gen = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *body = NULL;
  GString *response;
  Drain *d;

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "error");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "code");
  json_builder_add_string_value (b, code);
  json_builder_set_member_name (b, "message");
  json_builder_add_string_value (b, message);
  json_builder_end_object (b);
  json_builder_end_object (b);
  root = json_builder_get_root (b);
  json_generator_set_root (gen, root);
  body = json_generator_to_data (gen, NULL);

  response = g_string_new (NULL);
  g_string_append_printf (response, "HTTP/1.1 %s\r\n"
                                    "Content-Type: application/json; charset=utf-8\r\n"
                                    "X-Content-Type-Options: nosniff\r\n"
                                    "%s"
                                    "Connection: close\r\n", status_line, extra_headers);
  g_string_append_printf (response, "Content-Length: %zu\r\n\r\n%s", strlen (body), body);

  d = g_new0 (Drain, 1);
  d->stream = soup_server_message_steal_connection (msg);
  if (G_IS_SOCKET_CONNECTION (d->stream))
    d->socket = g_object_ref (g_socket_connection_get_socket (G_SOCKET_CONNECTION (d->stream)));
  d->cancellable = g_cancellable_new ();
  /* The server thread's context, not the global default one. */
  d->timeout = g_timeout_source_new_seconds (DRAIN_SECONDS);
  g_source_set_callback (d->timeout, drain_timeout, d, NULL);
  g_source_attach (d->timeout, g_main_context_get_thread_default ());
  g_object_set_data_full (G_OBJECT (d->stream), "kd-response", response, free_gstring);
  g_output_stream_write_all_async (g_io_stream_get_output_stream (d->stream),
                                   response->str, response->len, G_PRIORITY_DEFAULT,
                                   d->cancellable, drain_wrote_cb, d);
}

void
kd_http_refuse_too_large (SoupServerMessage *msg)
{
  refuse_early (msg, "413 Payload Too Large", "", "body_too_large", _("The request is too large."));
}

/* Too many uploads in flight at once (photos from many phones): the phone
 * may send again shortly; nothing was read or written. */
void
kd_http_refuse_busy (SoupServerMessage *msg,
                     guint              retry_after)
{
  g_autofree char *header = g_strdup_printf ("Retry-After: %u\r\n", retry_after);

  refuse_early (msg, "503 Service Unavailable", header, "busy",
                _("Many photos are being sent right now. Please send the report again in a minute."));
}
