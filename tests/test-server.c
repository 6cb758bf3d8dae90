/* test-server.c: a real SoupSession against a real server on 127.0.0.1. */
#include "config.h"

#include <glib/gstdio.h>
#include <libsoup/soup.h>
#include <json-glib/json-glib.h>

#include "kd-workflow.h"
#include "kd-server.h"
#include "kd-test-server.h"
#include "kd-rate-limit.h"
#include "kd-store.h"

static void
test_health (Fixture       *f,
             gconstpointer  data)
{
  Reply r = request (f, "GET", "/healthz", NULL, NULL, 0);
  g_autoptr(JsonNode) node = parse_json (&r);

  g_assert_cmpuint (r.status, ==, 200);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (node), "status"), ==, "ok");
  reply_clear (&r);
}

static void
test_lists (Fixture       *f,
            gconstpointer  data)
{
  const char *paths[] = { "/api/v1/villages", "/api/v1/categories" };

  for (guint i = 0; i < G_N_ELEMENTS (paths); i++)
    {
      Reply r = request (f, "GET", paths[i], NULL, NULL, 0);
      g_autoptr(JsonNode) node = parse_json (&r);
      JsonArray *arr;
      JsonObject *first;

      g_assert_cmpuint (r.status, ==, 200);
      g_assert_true (JSON_NODE_HOLDS_ARRAY (node));
      arr = json_node_get_array (node);
      g_assert_cmpuint (json_array_get_length (arr), >, 0);
      first = json_array_get_object_element (arr, 0);
      g_assert_true (json_object_has_member (first, "code"));
      g_assert_true (json_object_has_member (first, "name"));
      if (i == 0)
        g_assert_cmpstr (json_object_get_string_member (first, "name"), ==, "魁多村");
      reply_clear (&r);
    }
}

static char *
submit_json (Fixture    *f,
             const char *json)
{
  Reply r = request (f, "POST", "/api/v1/reports", "application/json", json, -1);
  g_autoptr(JsonNode) node = parse_json (&r);
  JsonObject *obj = json_node_get_object (node);
  char *code;

  g_assert_cmpuint (r.status, ==, 201);
  g_assert_cmpint (json_object_get_int_member (obj, "id"), >, 0);
  g_assert_cmpstr (json_object_get_string_member (obj, "status"), ==, "new");
  code = g_strdup (json_object_get_string_member (obj, "tracking_code"));
  g_assert_true (g_str_has_suffix (json_object_get_string_member (obj, "url"), code));
  g_assert_true (g_str_has_prefix (json_object_get_string_member (obj, "url"), f->base));
  reply_clear (&r);

  return code;
}

static void
test_report_json (Fixture       *f,
                  gconstpointer  data)
{
  g_autofree char *code = submit_json (f, "{\"village\":\"kuiduo\",\"category\":\"roads\","
                                          "\"description\":\"村道塌方 <script>x</script>\","
                                          "\"reporter_name\":\"汤万高\",\"reporter_phone\":\"13800000000\","
                                          "\"urgent\":true}");
  g_autofree char *path = g_strconcat ("/api/v1/reports/", code, NULL);
  g_autofree char *lower = g_ascii_strdown (path, -1);
  Reply r = request (f, "GET", lower, NULL, NULL, 0);
  g_autoptr(JsonNode) node = parse_json (&r);
  JsonObject *obj = json_node_get_object (node);
  g_autofree char *text = body_text (&r);

  g_assert_cmpuint (r.status, ==, 200);
  g_assert_cmpstr (json_object_get_string_member (obj, "tracking_code"), ==, code);
  g_assert_cmpstr (json_object_get_string_member (obj, "status"), ==, "new");
  g_assert_cmpstr (json_object_get_string_member (obj, "description"), ==, "村道塌方 <script>x</script>");
  g_assert_true (json_object_get_boolean_member (obj, "urgent"));
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (obj, "timeline")), ==, 1);
  /* Personal data never on the public view. */
  g_assert_null (strstr (text, "汤万高"));
  g_assert_null (strstr (text, "13800000000"));
  g_assert_cmpint (count_cases (f), ==, 1);
  reply_clear (&r);

  r = request (f, "GET", "/api/v1/reports/ZZZZZ-ZZZZZ", NULL, NULL, 0);
  g_assert_cmpuint (r.status, ==, 404);
  reply_clear (&r);
}

static void
test_report_form (Fixture       *f,
                  gconstpointer  data)
{
  g_autofree char *form = soup_form_encode ("village", "kuiduo", "category", "water-power",
                                            "description", "水管 <b>漏水</b> & 停水",
                                            "urgent", "1", NULL);
  Reply r = request (f, "POST", "/report", "application/x-www-form-urlencoded", form, -1);
  g_autofree char *html = body_text (&r);
  g_autoptr(KdCase) kase = NULL;
  g_autofree char *code = NULL;
  g_autofree char *status_path = NULL;
  g_autofree char *page = NULL;
  Reply s;

  g_assert_cmpuint (r.status, ==, 201);
  g_assert_cmpint (count_cases (f), ==, 1);
  kase = kd_case_load (kd_store_get_reader (f->store), 1, NULL);
  g_assert_true (kd_case_get_urgent (kase));
  g_assert_cmpstr (kd_case_get_channel (kase), ==, "phone");
  code = kd_case_dup_display_code (kase);
  g_assert_nonnull (strstr (html, code));
  status_path = g_strconcat ("/r/", code, NULL);
  g_assert_nonnull (strstr (html, status_path));
  reply_clear (&r);

  s = request (f, "GET", status_path, NULL, NULL, 0);
  page = body_text (&s);
  g_assert_cmpuint (s.status, ==, 200);
  g_assert_nonnull (strstr (page, "水管 &lt;b&gt;漏水&lt;/b&gt; &amp; 停水"));
  g_assert_null (strstr (page, "<b>漏水"));
  reply_clear (&s);

  /* The lookup form redirects to the canonical address. */
  {
    g_autofree char *lookup = g_strdup_printf ("/r?code=%s", code);
    g_autofree char *lower = g_ascii_strdown (lookup, -1);
    Reply l = request (f, "GET", lower, NULL, NULL, 0);
    g_assert_cmpuint (l.status, ==, 303);
    g_assert_true (g_str_has_suffix (l.location, status_path));
    reply_clear (&l);
  }

  /* The form page offers the villages and the form, in Chinese, with no inline script. */
  {
    Reply h = request (f, "GET", "/report", NULL, NULL, 0);
    g_autofree char *home = body_text (&h);
    g_assert_cmpuint (h.status, ==, 200);
    g_assert_nonnull (strstr (home, "魁多村"));
    g_assert_nonnull (strstr (home, "action=\"/report\""));
    g_assert_null (strstr (home, "<script>"));
    reply_clear (&h);
  }
}

typedef struct
{
  const char *name;
  const char *method;
  const char *content_type;
  const char *body;
  guint       status;
  const char *field;
} BadInput;

static void
check_refusal (Fixture        *f,
               const BadInput *b,
               const char     *body,
               gssize          len)
{
  Reply r = request (f, b->method, "/api/v1/reports", b->content_type, body, len);

  g_test_message ("%s → %u", b->name, r.status);
  g_assert_cmpuint (r.status, ==, b->status);
  if (b->status != 405)
    {
      g_autoptr(JsonNode) node = parse_json (&r);
      JsonObject *err = json_object_get_object_member (json_node_get_object (node), "error");

      g_assert_nonnull (err);
      g_assert_true (json_object_has_member (err, "message"));
      if (b->field != NULL)
        g_assert_cmpstr (json_object_get_string_member (err, "field"), ==, b->field);
    }
  reply_clear (&r);
}

static void
test_refusals (Fixture       *f,
               gconstpointer  data)
{
  static const BadInput inputs[] = {
    { "malformed", "POST", "application/json", "{\"village\": ", 400, "body" },
    { "not an object", "POST", "application/json", "[1,2]", 400, "body" },
    { "unknown village", "POST", "application/json",
      "{\"village\":\"atlantis\",\"category\":\"roads\",\"description\":\"x\"}", 400, "village" },
    { "unknown category", "POST", "application/json",
      "{\"village\":\"kuiduo\",\"category\":\"dragons\",\"description\":\"x\"}", 400, "category" },
    { "empty description", "POST", "application/json",
      "{\"village\":\"kuiduo\",\"category\":\"roads\",\"description\":\"  \"}", 400, "description" },
    { "missing description", "POST", "application/json",
      "{\"village\":\"kuiduo\",\"category\":\"roads\"}", 400, "description" },
    { "village not a string", "POST", "application/json",
      "{\"village\":5,\"category\":\"roads\",\"description\":\"x\"}", 400, "village" },
    { "urgent not a boolean", "POST", "application/json",
      "{\"village\":\"kuiduo\",\"category\":\"roads\",\"description\":\"x\",\"urgent\":\"yes\"}", 400, "urgent" },
    { "bad phone", "POST", "application/json",
      "{\"village\":\"kuiduo\",\"category\":\"roads\",\"description\":\"x\",\"reporter_phone\":\"<a>\"}", 400, "reporter_phone" },
    { "wrong content type", "POST", "text/plain",
      "{\"village\":\"kuiduo\",\"category\":\"roads\",\"description\":\"x\"}", 415, NULL },
    { "form to the JSON API", "POST", "application/x-www-form-urlencoded",
      "village=kuiduo&category=roads&description=x", 415, NULL },
    { "PUT", "PUT", "application/json", "{}", 405, NULL },
    { "DELETE", "DELETE", NULL, NULL, 405, NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (inputs); i++)
    check_refusal (f, &inputs[i], inputs[i].body, -1);

  /* Invalid UTF-8 */
  {
    static const char bad[] = "{\"village\":\"kuiduo\",\"category\":\"roads\",\"description\":\"\xff\xfe\"}";
    BadInput b = { "invalid utf-8", "POST", "application/json", NULL, 400, "body" };
    check_refusal (f, &b, bad, sizeof bad - 1);
  }

  /* Over-long description: 4,001 characters (a 4,000 one is accepted below). */
  {
    GString *s = g_string_new ("{\"village\":\"kuiduo\",\"category\":\"roads\",\"description\":\"");
    BadInput b = { "4001 characters", "POST", "application/json", NULL, 400, "description" };
    for (guint i = 0; i < 4001; i++)
      g_string_append (s, "水");
    g_string_append (s, "\"}");
    check_refusal (f, &b, s->str, s->len);
    g_string_free (s, TRUE);
  }

  /* Nested too deeply for json-glib to be handed it. */
  {
    GString *s = g_string_new ("{\"village\":");
    BadInput b = { "deep nesting", "POST", "application/json", NULL, 400, "body" };
    for (guint i = 0; i < 10000; i++)
      g_string_append_c (s, '[');
    check_refusal (f, &b, s->str, s->len);
    g_string_free (s, TRUE);
  }

  /* Too large: refused with 413 from the headers. */
  {
    gsize len = KD_SERVER_MAX_BODY + 1;
    char *big = g_malloc (len);
    BadInput b = { "65537 bytes", "POST", "application/json", NULL, 413, NULL };
    memset (big, ' ', len);
    check_refusal (f, &b, big, len);
    g_free (big);
  }

  g_assert_cmpint (count_cases (f), ==, 0);
  g_assert_cmpint (kd_db_query_int (kd_store_get_reader (f->store), "SELECT count(*) FROM case_events", NULL), ==, 0);

  /* The server still works afterwards. */
  g_free (submit_json (f, "{\"village\":\"kuiduo\",\"category\":\"roads\",\"description\":\"ok\"}"));
  g_assert_cmpint (count_cases (f), ==, 1);
}

/* A chunked body has no Content-Length: it must be cut off as it arrives. */
static void
test_chunked_too_large (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GSocketConnection) conn = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *head = g_strdup_printf ("POST /api/v1/reports HTTP/1.1\r\nHost: 127.0.0.1:%u\r\n"
                                           "Content-Type: application/json\r\n"
                                           "Transfer-Encoding: chunked\r\n\r\n",
                                           kd_server_get_port (f->server));
  GOutputStream *out;
  GInputStream *in;
  char chunk[4096 + 16];
  char buf[4096];
  gssize n;
  GString *answer = g_string_new (NULL);

  conn = g_socket_client_connect_to_host (client, "127.0.0.1", kd_server_get_port (f->server), NULL, &error);
  g_assert_no_error (error);
  out = g_io_stream_get_output_stream (G_IO_STREAM (conn));
  in = g_io_stream_get_input_stream (G_IO_STREAM (conn));
  g_output_stream_write_all (out, head, strlen (head), NULL, NULL, &error);
  g_assert_no_error (error);

  /* 32 chunks of 4 KiB: 128 KiB in all, more than the cap. Writes may fail
   * once the server has answered and stopped reading: that is the point. */
  memcpy (chunk, "1000\r\n", 6);
  memset (chunk + 6, ' ', 4096);
  memcpy (chunk + 6 + 4096, "\r\n", 2);
  for (guint i = 0; i < 32; i++)
    if (!g_output_stream_write_all (out, chunk, 4096 + 8, NULL, NULL, NULL))
      break;

  while ((n = g_input_stream_read (in, buf, sizeof buf, NULL, NULL)) > 0)
    g_string_append_len (answer, buf, n);

  g_assert_true (g_str_has_prefix (answer->str, "HTTP/1.1 413"));
  g_assert_nonnull (strstr (answer->str, "body_too_large"));
  g_string_free (answer, TRUE);
  g_assert_cmpint (count_cases (f), ==, 0);
}

static void
test_form_refusals (Fixture       *f,
                    gconstpointer  data)
{
  g_autofree char *form = soup_form_encode ("village", "kuiduo", "category", "roads",
                                            "description", "", "reporter_name", "<i>王</i>", NULL);
  Reply r = request (f, "POST", "/report", "application/x-www-form-urlencoded", form, -1);
  g_autofree char *html = body_text (&r);

  /* Refused, the form comes back filled in, escaped. */
  g_assert_cmpuint (r.status, ==, 400);
  g_assert_nonnull (strstr (html, "&lt;i&gt;王&lt;/i&gt;"));
  g_assert_nonnull (strstr (html, "class=\"error\""));
  reply_clear (&r);

  r = request (f, "POST", "/report", "text/plain", "village=kuiduo", -1);
  g_assert_cmpuint (r.status, ==, 415);
  reply_clear (&r);

  r = request (f, "DELETE", "/report", NULL, NULL, 0);
  g_assert_cmpuint (r.status, ==, 405);
  reply_clear (&r);

  g_assert_cmpint (count_cases (f), ==, 0);
}

static void
on_reply (GObject      *source,
          GAsyncResult *result,
          gpointer      data)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (kd_store_add_reply_finish (NULL, result, &error));
  g_assert_no_error (error);
  (*(guint *) data)++;
}

static void
test_public_reply (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *code = submit_json (f, "{\"village\":\"kuiduo\",\"category\":\"roads\",\"description\":\"桥坏了\"}");
  g_autofree char *path = g_strconcat ("/api/v1/reports/", code, NULL);
  g_autoptr(KdCase) kase = kd_case_load_by_code (kd_store_get_reader (f->store), code, NULL);
  guint done = 0;
  g_autofree char *text = NULL;
  Reply r;

  kd_store_add_reply_async (f->store, kd_case_get_id (kase), "镇政府", "明天上午派人维修", TRUE, NULL, on_reply, &done);
  kd_store_add_reply_async (f->store, kd_case_get_id (kase), "镇政府", "内部：需要交通局配合", FALSE, NULL, on_reply, &done);
  while (done < 2)
    g_main_context_iteration (NULL, TRUE);

  r = request (f, "GET", path, NULL, NULL, 0);
  text = body_text (&r);
  g_assert_nonnull (strstr (text, "明天上午派人维修"));
  g_assert_null (strstr (text, "交通局"));
  reply_clear (&r);
}

static void
test_static_and_headers (Fixture       *f,
                         gconstpointer  data)
{
  g_autofree char *url = g_strconcat (f->base, "/static/kuiduo.css", NULL);
  g_autoptr(SoupMessage) msg = soup_message_new ("GET", url);
  g_autoptr(GBytes) css = soup_session_send_and_read (f->session, msg, NULL, NULL);
  SoupMessageHeaders *h = soup_message_get_response_headers (msg);
  const char *bad[] = { "/static/../kuiduo.css", "/static/%2e%2e/%2e%2e/etc/passwd", "/static/nothing.css", "/etc/passwd" };

  g_assert_cmpuint (soup_message_get_status (msg), ==, 200);
  g_assert_cmpuint (g_bytes_get_size (css), >, 100);
  g_assert_cmpstr (soup_message_headers_get_one (h, "X-Content-Type-Options"), ==, "nosniff");
  g_assert_nonnull (strstr (soup_message_headers_get_one (h, "Content-Security-Policy"), "frame-ancestors 'none'"));
  g_assert_null (strstr (soup_message_headers_get_one (h, "Content-Security-Policy"), "unsafe-inline"));

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      Reply r = request (f, "GET", bad[i], NULL, NULL, 0);
      g_test_message ("%s → %u", bad[i], r.status);
      g_assert_cmpuint (r.status, >=, 400);
      g_assert_cmpuint (r.status, <, 500);
      reply_clear (&r);
    }
}

static void
test_rate_limit_bucket (void)
{
  g_autoptr(KdRateLimit) rl = kd_rate_limit_new (3, 2.0);
  const gint64 s = G_USEC_PER_SEC, t = 1000 * s;
  guint retry = 0;

  for (guint i = 0; i < 3; i++)
    g_assert_true (kd_rate_limit_take (rl, "10.0.0.7", t, &retry));
  g_assert_false (kd_rate_limit_take (rl, "10.0.0.7", t, &retry));
  g_assert_cmpuint (retry, ==, 2);
  /* Another phone is not slowed by the first. */
  g_assert_true (kd_rate_limit_take (rl, "10.0.0.8", t, &retry));
  /* One token back after 2 s, not before. */
  g_assert_false (kd_rate_limit_take (rl, "10.0.0.7", t + s, &retry));
  g_assert_cmpuint (retry, ==, 1);
  g_assert_true (kd_rate_limit_take (rl, "10.0.0.7", t + 2 * s, &retry));
  g_assert_false (kd_rate_limit_take (rl, "10.0.0.7", t + 2 * s, &retry));
  /* A long pause refills to the burst, no more. */
  for (guint i = 0; i < 3; i++)
    g_assert_true (kd_rate_limit_take (rl, "10.0.0.7", t + 3600 * s, &retry));
  g_assert_false (kd_rate_limit_take (rl, "10.0.0.7", t + 3600 * s, &retry));
}

/* A phone that floods gets 429 with Retry-After; nothing it sent then is stored. */
static void
test_rate_limit_http (Fixture       *f,
                      gconstpointer  data)
{
  const char *json = "{\"village\":\"kuiduo\",\"category\":\"roads\",\"description\":\"刷屏\"}";
  guint accepted = 0, limited = 0;

  for (guint i = 0; i < KD_RATE_BURST + 5; i++)
    {
      g_autofree char *url = g_strconcat (f->base, "/api/v1/reports", NULL);
      g_autoptr(SoupMessage) msg = soup_message_new ("POST", url);
      g_autoptr(GBytes) body = g_bytes_new_static (json, strlen (json));
      g_autoptr(GBytes) answer = NULL;

      soup_message_set_request_body_from_bytes (msg, "application/json", body);
      answer = soup_session_send_and_read (f->session, msg, NULL, NULL);
      if (soup_message_get_status (msg) == 201)
        accepted++;
      else
        {
          const char *retry = soup_message_headers_get_one (soup_message_get_response_headers (msg), "Retry-After");
          g_assert_cmpuint (soup_message_get_status (msg), ==, 429);
          g_assert_nonnull (retry);
          g_assert_cmpint (atoi (retry), >=, 1);
          g_assert_nonnull (strstr (g_bytes_get_data (answer, NULL), "rate_limited"));
          limited++;
        }
    }

  g_assert_cmpuint (accepted, >=, KD_RATE_BURST);
  g_assert_cmpuint (accepted, <=, KD_RATE_BURST + 1);
  g_assert_cmpuint (limited, >=, 4);
  g_assert_cmpint (count_cases (f), ==, accepted);
}

static GSocketConnection *
raw_connect (Fixture *f)
{
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GError) error = NULL;
  GSocketConnection *conn = g_socket_client_connect_to_host (client, "127.0.0.1",
                                                             kd_server_get_port (f->server), NULL, &error);
  g_assert_no_error (error);
  return conn;
}

/* Reads until the server closes; returns what it said, NULL on a timeout. */
static char *
read_until_closed (GSocketConnection *conn,
                   guint              timeout_s)
{
  GSocket *sock = g_socket_connection_get_socket (conn);
  GString *s = g_string_new (NULL);
  char buf[1024];
  gssize n;

  g_socket_set_timeout (sock, timeout_s);
  while ((n = g_socket_receive (sock, buf, sizeof buf, NULL, NULL)) > 0)
    g_string_append_len (s, buf, n);
  if (n < 0)
    {
      g_string_free (s, TRUE);
      return NULL;
    }
  return g_string_free (s, FALSE);
}

/* Reads one answer (the server answers early and keeps the line open for a
 * while to drain): up to the end of its JSON body, NULL on a timeout. */
static char *
read_answer (GSocketConnection *conn,
             guint              timeout_s)
{
  GSocket *sock = g_socket_connection_get_socket (conn);
  g_autoptr(GString) s = g_string_new (NULL);
  char buf[1024];
  gssize n;

  g_socket_set_timeout (sock, timeout_s);
  while (strstr (s->str, "\r\n\r\n") == NULL || s->str[s->len - 1] != '}')
    {
      if ((n = g_socket_receive (sock, buf, sizeof buf, NULL, NULL)) <= 0)
        return NULL;
      g_string_append_len (s, buf, n);
    }
  return g_string_free (g_steal_pointer (&s), FALSE);
}

/* connections, idle s, request s, upload budget bytes (0: the default) */
static const guint tight_limits[] = { 3, 2, 1, 0 };
static const guint upload_limits[] = { KD_SERVER_MAX_CONNECTIONS, 30, 30, 1024 * 1024 };

/* Photo uploads beyond the budget wait their turn: 503 with Retry-After from
 * the headers, nothing written; once the first is done, the next fits. */
static void
test_upload_budget (Fixture       *f,
                    gconstpointer  data)
{
  const char *head = "POST /report HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                     "Content-Type: multipart/form-data; boundary=kd\r\nContent-Length: 700000\r\n\r\n--kd\r\n";
  g_autoptr(GSocketConnection) first = raw_connect (f);
  g_autoptr(GSocketConnection) second = NULL;
  g_autoptr(GSocketConnection) third = NULL;
  g_autofree char *answer = NULL;
  g_autofree char *after = NULL;

  /* The first holds 700 kB of the 1 MB budget while it sends. */
  g_socket_send (g_socket_connection_get_socket (first), head, strlen (head), NULL, NULL);
  g_usleep (200000);

  second = raw_connect (f);
  g_socket_send (g_socket_connection_get_socket (second), head, strlen (head), NULL, NULL);
  answer = read_answer (second, 5);
  g_assert_nonnull (answer);
  g_assert_true (g_str_has_prefix (answer, "HTTP/1.1 503"));
  g_assert_nonnull (strstr (answer, "Retry-After: 30"));
  g_assert_cmpint (count_cases (f), ==, 0);

  /* The first gives up (its connection closes): its share comes back. */
  g_clear_object (&first);
  g_usleep (300000);
  third = raw_connect (f);
  g_socket_send (g_socket_connection_get_socket (third), head, strlen (head), NULL, NULL);
  g_socket_set_timeout (g_socket_connection_get_socket (third), 1);
  after = read_until_closed (third, 1);
  g_assert_null (after);   /* not refused: the server waits for the rest of the body */
}

static void
test_connection_cap (Fixture       *f,
                     gconstpointer  data)
{
  GSocketConnection *held[3];
  g_autoptr(GSocketConnection) extra = NULL;
  g_autofree char *answer = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (held); i++)
    {
      held[i] = raw_connect (f);
      g_socket_send (g_socket_connection_get_socket (held[i]), "GET", 3, NULL, NULL);
    }
  /* Let the server take them in before the fourth knocks. */
  g_usleep (200000);

  extra = raw_connect (f);
  answer = read_until_closed (extra, 5);
  g_assert_nonnull (answer);
  g_assert_true (g_str_has_prefix (answer, "HTTP/1.1 503"));

  for (guint i = 0; i < G_N_ELEMENTS (held); i++)
    g_object_unref (held[i]);
}

/* A client that trickles its request in is cut off at the deadline. */
static void
test_slow_request (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GSocketConnection) conn = raw_connect (f);
  GSocket *sock = g_socket_connection_get_socket (conn);
  const char *part = "POST /api/v1/reports HTTP/1.1\r\nHost: 127.0.0.1\r\n";
  gint64 start = g_get_monotonic_time ();
  g_autofree char *answer = NULL;

  g_socket_send (sock, part, strlen (part), NULL, NULL);
  answer = read_until_closed (conn, 10);
  g_assert_nonnull (answer);   /* closed by the server, not our 10 s timeout */
  g_assert_cmpint (g_get_monotonic_time () - start, <, 8 * G_USEC_PER_SEC);
  g_assert_cmpint (count_cases (f), ==, 0);

  /* Others are still served. */
  {
    Reply r = request (f, "GET", "/healthz", NULL, NULL, 0);
    g_assert_cmpuint (r.status, ==, 200);
    reply_clear (&r);
  }
}

/* A kept-alive connection is kept for the next request, then closed once idle. */
static void
test_idle_connection (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GSocketConnection) conn = raw_connect (f);
  GSocket *sock = g_socket_connection_get_socket (conn);
  const char *get = "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
  g_autofree char *answer = NULL;
  gint64 start;

  g_socket_send (sock, get, strlen (get), NULL, NULL);
  g_socket_send (sock, get, strlen (get), NULL, NULL);
  start = g_get_monotonic_time ();
  answer = read_until_closed (conn, 10);

  g_assert_nonnull (answer);
  /* Both answered on the one connection, then closed by the server. */
  g_assert_true (g_str_has_prefix (answer, "HTTP/1.1 200"));
  g_assert_nonnull (strstr (answer + 10, "HTTP/1.1 200"));
  g_assert_cmpint (g_get_monotonic_time () - start, <, 8 * G_USEC_PER_SEC);
}

static gpointer
resolve_job (KdDb      *db,
             gpointer   data,
             KdChanges *changes,
             GError   **error)
{
  gint64 id = *(gint64 *) data;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  KdActor town = { 0, "镇政府" };

  return kd_workflow_accept (db, id, &town, NULL, now, changes, error) &&
         kd_workflow_resolve (db, id, &town, "已修好", now, changes, error) ? GINT_TO_POINTER (TRUE) : NULL;
}

static guint
post_rating (Fixture    *f,
             const char *code,
             const char *json)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/reports/%s/rating", code);
  Reply r = request (f, "POST", path, "application/json", json, -1);
  guint status = r.status;

  reply_clear (&r);
  return status;
}

/* The villager's rating through the JSON API (DESIGN.md): only once the case
 * is resolved, scores 1–5, once per resolution; refusals store nothing. */
static void
test_rating_json (Fixture       *f,
                  gconstpointer  data)
{
  g_autofree char *code = submit_json (f, "{\"village\":\"kuiduo\",\"category\":\"roads\",\"description\":\"路灯坏了\"}");
  g_autoptr(KdCase) kase = kd_case_load_by_code (kd_store_get_reader (f->store), code, NULL);
  g_autoptr(GError) error = NULL;
  gint64 id = kd_case_get_id (kase);
  g_autoptr(KdCase) after = NULL;

  g_assert_cmpuint (post_rating (f, code, "{\"efficiency\":5,\"satisfaction\":5}"), ==, 409);   /* not resolved */
  kd_writer_run_sync (kd_store_get_writer (f->store), resolve_job, &id, NULL, &error);
  g_assert_no_error (error);

  g_assert_cmpuint (post_rating (f, code, "{\"efficiency\":6,\"satisfaction\":5}"), ==, 400);
  g_assert_cmpuint (post_rating (f, code, "{\"efficiency\":\"5\",\"satisfaction\":5}"), ==, 400);
  g_assert_cmpuint (post_rating (f, code, "{\"efficiency\":5,\"satisfaction\":5,\"comment\":7}"), ==, 400);
  g_assert_cmpuint (post_rating (f, code, "[5,5]"), ==, 400);
  g_assert_cmpuint (post_rating (f, "NOSUCHCODE", "{\"efficiency\":5,\"satisfaction\":5}"), ==, 404);
  g_assert_cmpint (kd_db_query_int (kd_store_get_reader (f->store), "SELECT count(*) FROM ratings", NULL), ==, 0);

  g_assert_cmpuint (post_rating (f, code, "{\"efficiency\":5,\"satisfaction\":4,\"comment\":\"很快\"}"), ==, 200);
  g_assert_cmpuint (post_rating (f, code, "{\"efficiency\":5,\"satisfaction\":4}"), ==, 409);   /* once */
  after = kd_case_load_by_code (kd_store_get_reader (f->store), code, NULL);
  g_assert_cmpint (kd_case_get_status (after), ==, KD_CASE_STATUS_CLOSED);
  g_assert_cmpint (kd_db_query_int (kd_store_get_reader (f->store), "SELECT count(*) FROM ratings", NULL), ==, 1);
}

static gpointer
notice_job (KdDb      *db,
            gpointer   data,
            KdChanges *changes,
            GError   **error)
{
  return kd_db_exec (db, "INSERT INTO notices (title, body, published_at) VALUES"
                         " ('防汛通知', '<b>近期</b>有暴雨', 100), ('疫苗接种', '周五在卫生院', 200)", error)
         ? GINT_TO_POINTER (TRUE) : NULL;
}

static void
test_notices_json (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = NULL;
  JsonArray *list;
  Reply r;

  kd_writer_run_sync (kd_store_get_writer (f->store), notice_job, NULL, NULL, &error);
  g_assert_no_error (error);
  r = request (f, "GET", "/api/v1/notices", NULL, NULL, 0);
  g_assert_cmpuint (r.status, ==, 200);
  node = parse_json (&r);
  list = json_node_get_array (node);
  g_assert_cmpuint (json_array_get_length (list), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (list, 0), "title"), ==, "疫苗接种");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (list, 1), "body"), ==, "<b>近期</b>有暴雨");
  reply_clear (&r);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, fn) g_test_add (path, Fixture, NULL, fixture_setup, fn, fixture_teardown)
  ADD ("/kd/server/healthz", test_health);
  ADD ("/kd/server/lists", test_lists);
  ADD ("/kd/server/report/json", test_report_json);
  ADD ("/kd/server/report/form", test_report_form);
  ADD ("/kd/server/refused/json", test_refusals);
  ADD ("/kd/server/refused/chunked-too-large", test_chunked_too_large);
  ADD ("/kd/server/refused/form", test_form_refusals);
  ADD ("/kd/server/public-reply", test_public_reply);
  ADD ("/kd/server/refused/rate-limit", test_rate_limit_http);
  g_test_add_func ("/kd/server/rate-limit/bucket", test_rate_limit_bucket);
  g_test_add ("/kd/server/refused/connection-cap", Fixture, tight_limits, fixture_setup, test_connection_cap, fixture_teardown);
  g_test_add ("/kd/server/refused/slow-request", Fixture, tight_limits, fixture_setup, test_slow_request, fixture_teardown);
  g_test_add ("/kd/server/refused/idle-connection", Fixture, tight_limits, fixture_setup, test_idle_connection, fixture_teardown);
  g_test_add ("/kd/server/rating/json", Fixture, NULL, fixture_setup, test_rating_json, fixture_teardown);
  g_test_add ("/kd/server/notices/json", Fixture, NULL, fixture_setup, test_notices_json, fixture_teardown);
  g_test_add ("/kd/server/refused/upload-budget", Fixture, upload_limits, fixture_setup, test_upload_budget, fixture_teardown);
  ADD ("/kd/server/static-and-headers", test_static_and_headers);
#undef ADD

  return g_test_run ();
}
