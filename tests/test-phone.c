/* test-phone.c: the villagers' phone side — photos (core), the multipart
 * parser, reports with photos over HTTP, the pages, and ratings. */
#include "config.h"

#include <libsoup/soup.h>

#include "kd-multipart.h"
#include "kd-photo.h"
#include "kd-rating.h"
#include "kd-test-photo.h"
#include "kd-test-server.h"

#define BOUNDARY "----kdtest7MA4YWxkTrZu0gW"
#define MULTIPART "multipart/form-data; boundary=" BOUNDARY
#define MAX_PAGE  (30 * 1024)

/* Photos, in core */

static void
assert_photo_error (GBytes *upload,
                    int     code)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KdPhoto) photo = kd_photo_new_from_upload (upload, &error);

  g_assert_null (photo);
  g_assert_error (error, KD_PHOTO_ERROR, code);
}

static void
test_photo_jpeg (void)
{
  g_autoptr(GBytes) upload = kd_test_jpeg (2000, 1000, TRUE);
  g_autoptr(GError) error = NULL;
  g_autoptr(KdPhoto) photo = NULL;
  const guint8 *d;

  g_assert_true (kd_test_has_exif (upload));
  photo = kd_photo_new_from_upload (upload, &error);
  g_assert_no_error (error);
  /* EXIF orientation 6 turns it upright; the long side is 1600 px. */
  g_assert_cmpint (photo->width, ==, 800);
  g_assert_cmpint (photo->height, ==, 1600);
  g_assert_cmpstr (photo->mime, ==, "image/jpeg");
  d = g_bytes_get_data (photo->data, NULL);
  g_assert_true (d[0] == 0xff && d[1] == 0xd8);
  g_assert_false (kd_test_has_exif (photo->data));
}

static void
test_photo_png (void)
{
  g_autoptr(GBytes) upload = kd_test_png (300, 200);
  g_autoptr(GError) error = NULL;
  g_autoptr(KdPhoto) photo = kd_photo_new_from_upload (upload, &error);
  const guint8 *d;

  g_assert_no_error (error);
  g_assert_cmpint (photo->width, ==, 300);
  g_assert_cmpint (photo->height, ==, 200);
  d = g_bytes_get_data (photo->data, NULL);
  g_assert_true (d[0] == 0xff && d[1] == 0xd8);
}

static void
test_photo_refused (void)
{
  static const char gif[] = "GIF89a\x01\x00\x01\x00\x00\x00\x00;";
  static const char html[] = "<html><script>alert(1)</script></html>";
  g_autoptr(GBytes) gif_bytes = g_bytes_new_static (gif, sizeof gif - 1);
  g_autoptr(GBytes) html_bytes = g_bytes_new_static (html, sizeof html - 1);
  g_autoptr(GBytes) bomb = kd_test_png_bomb (20000, 20000);
  g_autoptr(GBytes) jpeg = kd_test_jpeg (64, 64, FALSE);
  g_autoptr(GBytes) cut = g_bytes_new_from_bytes (jpeg, 0, 120);
  gsize big_len = KD_PHOTO_MAX_BYTES + 1;
  guint8 *big = g_malloc0 (big_len);
  g_autoptr(GBytes) big_bytes = NULL;

  memcpy (big, "\xff\xd8\xff", 3);
  big_bytes = g_bytes_new_take (big, big_len);

  assert_photo_error (gif_bytes, KD_PHOTO_ERROR_NOT_AN_IMAGE);
  assert_photo_error (html_bytes, KD_PHOTO_ERROR_NOT_AN_IMAGE);
  assert_photo_error (bomb, KD_PHOTO_ERROR_TOO_MANY_PIXELS);
  assert_photo_error (cut, KD_PHOTO_ERROR_NOT_AN_IMAGE);
  assert_photo_error (big_bytes, KD_PHOTO_ERROR_TOO_LARGE);
}

/* The multipart parser, alone */

typedef struct
{
  const char *name;
  const char *filename;   /* NULL: a text field */
  GBytes     *data;
} Part;

static GBytes *
multipart (const Part *parts,
           guint       n)
{
  GString *s = g_string_new ("preamble to be ignored\r\n");

  for (guint i = 0; i < n; i++)
    {
      g_string_append_printf (s, "--" BOUNDARY "\r\nContent-Disposition: form-data; name=\"%s\"", parts[i].name);
      if (parts[i].filename != NULL)
        g_string_append_printf (s, "; filename=\"%s\"\r\nContent-Type: image/jpeg", parts[i].filename);
      g_string_append (s, "\r\n\r\n");
      g_string_append_len (s, g_bytes_get_data (parts[i].data, NULL), g_bytes_get_size (parts[i].data));
      g_string_append (s, "\r\n");
    }
  g_string_append (s, "--" BOUNDARY "--\r\n");

  return g_string_free_to_bytes (s);
}

static GBytes *
text (const char *value)
{
  return g_bytes_new (value, strlen (value));
}

static void
parts_free (Part *parts,
            guint n)
{
  for (guint i = 0; i < n; i++)
    g_bytes_unref (parts[i].data);
}

static void
assert_parse_error (const char *boundary,
                    GBytes     *body,
                    int         code)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) parts = kd_multipart_parse (boundary, body, &error);

  g_assert_null (parts);
  g_assert_error (error, KD_MULTIPART_ERROR, code);
}

static void
test_multipart_parse (void)
{
  Part in[] = {
    { "village", NULL, text ("kuiduo") },
    { "description", NULL, text ("两行\r\n--不是分隔线") },
    { "photo", "a.jpg", text ("\xff\xd8\r\n\r\nbinary") },
    { "photo", "", text ("") },   /* an empty file input */
  };
  g_autoptr(GBytes) body = multipart (in, G_N_ELEMENTS (in));
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) parts = kd_multipart_parse (BOUNDARY, body, &error);
  KdMultipartPart *p;

  g_assert_no_error (error);
  g_assert_cmpuint (parts->len, ==, 3);
  p = kd_multipart_find (parts, "description");
  g_assert_null (p->filename);
  g_assert_true (g_bytes_equal (p->data, in[1].data));
  p = kd_multipart_find (parts, "photo");
  g_assert_cmpstr (p->filename, ==, "a.jpg");
  g_assert_cmpstr (p->content_type, ==, "image/jpeg");
  g_assert_true (g_bytes_equal (p->data, in[2].data));
  parts_free (in, G_N_ELEMENTS (in));
}

static void
test_multipart_refused (void)
{
  g_autoptr(GBytes) ok = NULL;
  Part one = { "a", NULL, text ("x") };
  Part many[KD_MULTIPART_MAX_PARTS + 1];
  Part files[KD_MULTIPART_MAX_FILES + 1];
  g_autofree char *long_value = g_strnfill (KD_MULTIPART_MAX_FIELD + 1, 'x');
  g_autofree char *long_name = g_strnfill (2000, 'n');
  g_autofree char *big = g_malloc0 (KD_MULTIPART_MAX_FILE + 1);
  const char *raw[] = {
    "--" BOUNDARY "\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nno end",
    "--" BOUNDARY "\r\nContent-Disposition: attachment; name=\"a\"\r\n\r\nx\r\n--" BOUNDARY "--",
    "--" BOUNDARY "\r\nContent-Type: text/plain\r\n\r\nx\r\n--" BOUNDARY "--",
    "--" BOUNDARY "\r\nA: 1\r\nB: 2\r\nC: 3\r\nD: 4\r\nE: 5\r\nF: 6\r\nG: 7\r\nH: 8\r\nI: 9\r\n"
      "Content-Disposition: form-data; name=\"a\"\r\n\r\nx\r\n--" BOUNDARY "--",
    "nothing like multipart",
  };

  ok = multipart (&one, 1);
  assert_parse_error (NULL, ok, KD_MULTIPART_ERROR_MALFORMED);
  assert_parse_error ("", ok, KD_MULTIPART_ERROR_MALFORMED);
  assert_parse_error ("bad\rboundary", ok, KD_MULTIPART_ERROR_MALFORMED);
  for (guint i = 0; i < G_N_ELEMENTS (raw); i++)
    {
      g_autoptr(GBytes) b = text (raw[i]);
      assert_parse_error (BOUNDARY, b, KD_MULTIPART_ERROR_MALFORMED);
    }

  for (guint i = 0; i < G_N_ELEMENTS (many); i++)
    many[i] = (Part) { "f", NULL, text ("1") };
  {
    g_autoptr(GBytes) b = multipart (many, G_N_ELEMENTS (many));
    assert_parse_error (BOUNDARY, b, KD_MULTIPART_ERROR_TOO_MANY_PARTS);
  }
  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    files[i] = (Part) { "photo", "p.jpg", text ("1") };
  {
    g_autoptr(GBytes) b = multipart (files, G_N_ELEMENTS (files));
    assert_parse_error (BOUNDARY, b, KD_MULTIPART_ERROR_TOO_MANY_FILES);
  }
  {
    Part p = { "description", NULL, text (long_value) };
    g_autoptr(GBytes) b = multipart (&p, 1);
    assert_parse_error (BOUNDARY, b, KD_MULTIPART_ERROR_FIELD_TOO_LARGE);
    parts_free (&p, 1);
  }
  {
    Part p = { long_name, NULL, text ("x") };
    g_autoptr(GBytes) b = multipart (&p, 1);
    assert_parse_error (BOUNDARY, b, KD_MULTIPART_ERROR_MALFORMED);
    parts_free (&p, 1);
  }
  {
    Part p = { "photo", "big.jpg", g_bytes_new_static (big, KD_MULTIPART_MAX_FILE + 1) };
    g_autoptr(GBytes) b = multipart (&p, 1);
    assert_parse_error (BOUNDARY, b, KD_MULTIPART_ERROR_FILE_TOO_LARGE);
    parts_free (&p, 1);
  }

  parts_free (&one, 1);
  parts_free (many, G_N_ELEMENTS (many));
  parts_free (files, G_N_ELEMENTS (files));
}

/* Reports with photos, over HTTP */

static gint64
count (Fixture    *f,
       const char *sql)
{
  return kd_db_query_int (kd_store_get_reader (f->store), sql, NULL);
}

static Reply
post_multipart (Fixture    *f,
                const char *path,
                const Part *parts,
                guint       n)
{
  g_autoptr(GBytes) body = multipart (parts, n);

  return request (f, "POST", path, MULTIPART, g_bytes_get_data (body, NULL), g_bytes_get_size (body));
}

/* The tracking code on the "received" page. */
static char *
received_code (Reply *r)
{
  g_autofree char *html = body_text (r);
  const char *at = strstr (html, "data-code=\"");

  g_assert_nonnull (at);
  return g_strndup (at + strlen ("data-code=\""), 11);
}

static char *
report_with_photos (Fixture *f,
                    GBytes  *photo1,
                    GBytes  *photo2)
{
  Part parts[] = {
    { "kind", NULL, text ("livelihood") },
    { "village", NULL, text ("kuiduo") },
    { "category", NULL, text ("roads") },
    { "description", NULL, text ("路面塌陷") },
    { "photo", "IMG_0001.JPG", g_bytes_ref (photo1) },
    { "photo", "screenshot.png", g_bytes_ref (photo2) },
  };
  Reply r = post_multipart (f, "/report", parts, G_N_ELEMENTS (parts));
  char *code;

  g_assert_cmpuint (r.status, ==, 201);
  code = received_code (&r);
  reply_clear (&r);
  parts_free (parts, G_N_ELEMENTS (parts));
  return code;
}

static void
test_report_photos (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GBytes) jpeg = kd_test_jpeg (2000, 1500, TRUE);
  g_autoptr(GBytes) png = kd_test_png (300, 200);
  g_autofree char *code = report_with_photos (f, jpeg, png);
  g_autofree char *other = report_with_photos (f, png, png);
  g_autoptr(KdCase) kase = kd_case_load_by_code (kd_store_get_reader (f->store), code, NULL);
  g_autoptr(GPtrArray) photos = kd_photo_list (kd_store_get_reader (f->store), kd_case_get_id (kase), NULL);
  g_autoptr(KdPhoto) first = kd_photo_load (kd_store_get_reader (f->store), kd_case_get_id (kase), 0, NULL);
  g_autofree char *page_path = g_strconcat ("/r/", code, NULL);
  g_autofree char *photo_path = g_strconcat ("/r/", code, "/photos/1.jpg", NULL);
  const char *bad[] = { "/photos/3.jpg", "/photos/0.jpg", "/photos/1.png", "/photos/01.jpg", "/photos/1.jpg/x" };
  Reply r;

  /* Stored re-encoded, upright, without EXIF. */
  g_assert_cmpuint (photos->len, ==, 2);
  g_assert_cmpint (((KdPhoto *) photos->pdata[0])->width, ==, 1200);
  g_assert_cmpint (((KdPhoto *) photos->pdata[0])->height, ==, 1600);
  g_assert_cmpint (((KdPhoto *) photos->pdata[1])->position, ==, 1);
  g_assert_false (kd_test_has_exif (first->data));
  g_assert_cmpint (count (f, "SELECT count(*) FROM case_photos"), ==, 4);

  r = request (f, "GET", page_path, NULL, NULL, 0);
  {
    g_autofree char *html = body_text (&r);
    g_assert_nonnull (strstr (html, photo_path));
    g_assert_nonnull (strstr (html, "width=\"1200\" height=\"1600\""));
  }
  reply_clear (&r);

  /* Served under its own code only, as a private JPEG. */
  r = request (f, "GET", photo_path, NULL, NULL, 0);
  g_assert_cmpuint (r.status, ==, 200);
  g_assert_cmpstr (r.content_type, ==, "image/jpeg");
  g_assert_cmpstr (soup_message_headers_get_one (r.headers, "X-Content-Type-Options"), ==, "nosniff");
  g_assert_true (g_str_has_prefix (soup_message_headers_get_one (r.headers, "Cache-Control"), "private"));
  g_assert_true (g_bytes_equal (r.body, first->data));
  reply_clear (&r);

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autofree char *path = g_strconcat ("/r/", code, bad[i], NULL);
      r = request (f, "GET", path, NULL, NULL, 0);
      g_assert_cmpuint (r.status, ==, 404);
      reply_clear (&r);
    }
  {
    g_autofree char *path = g_strconcat ("/r/", other, "/photos/3.jpg", NULL);
    g_autofree char *nocase = g_strdup ("/r/AAAAA-AAAAA/photos/1.jpg");
    r = request (f, "GET", path, NULL, NULL, 0);
    g_assert_cmpuint (r.status, ==, 404);
    reply_clear (&r);
    r = request (f, "GET", nocase, NULL, NULL, 0);
    g_assert_cmpuint (r.status, ==, 404);
    reply_clear (&r);
  }
}

static void
assert_refused (Fixture    *f,
                const char *what,
                Part       *parts,
                guint       n,
                guint       status)
{
  Reply r = post_multipart (f, "/report", parts, n);

  g_test_message ("%s → %u", what, r.status);
  g_assert_cmpuint (r.status, ==, status);
  if (status != 413 || g_strcmp0 (r.content_type, "text/html") == 0)
    {
      g_autofree char *html = body_text (&r);
      g_assert_nonnull (strstr (html, "class=\"error\""));
    }
  reply_clear (&r);
  parts_free (parts, n);
  g_assert_cmpint (count_cases (f), ==, 0);
  g_assert_cmpint (count (f, "SELECT count(*) FROM case_photos"), ==, 0);
}

#define FIELDS(kind, category) \
  { "kind", NULL, text (kind) }, { "village", NULL, text ("kuiduo") }, \
  { "category", NULL, text (category) }, { "description", NULL, text ("问题") }

static void
test_report_photos_refused (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(GBytes) jpeg = kd_test_jpeg (64, 48, FALSE);
  g_autoptr(GBytes) bomb = kd_test_png_bomb (30000, 30000);
  gsize big_len = 6 * 1024 * 1024;
  g_autoptr(GBytes) big = g_bytes_new_take (g_malloc0 (big_len), big_len);
  {
    Part p[] = { FIELDS ("livelihood", "roads"), { "photo", "1.jpg", g_bytes_ref (jpeg) },
                 { "photo", "2.jpg", g_bytes_ref (jpeg) }, { "photo", "3.jpg", g_bytes_ref (jpeg) },
                 { "photo", "4.jpg", g_bytes_ref (jpeg) } };
    assert_refused (f, "four photos", p, G_N_ELEMENTS (p), 400);
  }
  {
    Part p[] = { FIELDS ("livelihood", "roads"), { "photo", "big.jpg", g_bytes_ref (big) } };
    assert_refused (f, "6 MB photo", p, G_N_ELEMENTS (p), 413);
  }
  {
    Part p[] = { FIELDS ("livelihood", "roads"), { "photo", "fake.jpg", text ("<svg onload=alert(1)>") } };
    assert_refused (f, "not an image", p, G_N_ELEMENTS (p), 400);
  }
  {
    Part p[] = { FIELDS ("livelihood", "roads"), { "photo", "bomb.png", g_bytes_ref (bomb) } };
    assert_refused (f, "decompression bomb", p, G_N_ELEMENTS (p), 400);
  }
  {
    Part p[] = { FIELDS ("livelihood", "roads"), { "photo", "ok.jpg", g_bytes_ref (jpeg) },
                 { "photo", "fake.png", text ("\x89PNG\r\n\x1a\nbroken") } };
    assert_refused (f, "one good photo, one broken", p, G_N_ELEMENTS (p), 400);
  }
  {
    Part p[] = { FIELDS ("integrity", "integrity-conduct") };
    assert_refused (f, "清风 on the public form", p, G_N_ELEMENTS (p), 400);
  }
  {
    Part p[] = { FIELDS ("policy", "roads") };
    assert_refused (f, "category not of the kind", p, G_N_ELEMENTS (p), 400);
  }
}

/* Content-Length over the cap: refused on the headers, nothing read. */
static char *
raw_headers_answer (Fixture    *f,
                    const char *path,
                    const char *type,
                    gsize       length)
{
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GSocketConnection) conn = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *head = g_strdup_printf ("POST %s HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: %s\r\n"
                                           "Content-Length: %zu\r\n\r\n", path, type, length);
  GString *answer = g_string_new (NULL);
  char buf[4096];
  gssize n;

  conn = g_socket_client_connect_to_host (client, "127.0.0.1", kd_server_get_port (f->server), NULL, &error);
  g_assert_no_error (error);
  g_output_stream_write_all (g_io_stream_get_output_stream (G_IO_STREAM (conn)), head, strlen (head),
                             NULL, NULL, &error);
  g_assert_no_error (error);
  /* The status line and headers are enough (the server then drains a while). */
  while (strstr (answer->str, "\r\n\r\n") == NULL &&
         (n = g_input_stream_read (g_io_stream_get_input_stream (G_IO_STREAM (conn)), buf, sizeof buf,
                                   NULL, NULL)) > 0)
    g_string_append_len (answer, buf, n);

  return g_string_free (answer, FALSE);
}

static void
test_body_caps (Fixture       *f,
                gconstpointer  data)
{
  g_autofree char *multi = raw_headers_answer (f, "/report", MULTIPART, 16 * 1024 * 1024 + 1);
  g_autofree char *form = raw_headers_answer (f, "/report", "application/x-www-form-urlencoded", 65 * 1024);
  g_autofree char *api = raw_headers_answer (f, "/api/v1/reports", MULTIPART, 17 * 1024 * 1024);

  g_assert_true (g_str_has_prefix (multi, "HTTP/1.1 413"));
  g_assert_true (g_str_has_prefix (form, "HTTP/1.1 413"));
  g_assert_true (g_str_has_prefix (api, "HTTP/1.1 413"));
  g_assert_cmpint (count_cases (f), ==, 0);
}

static void
test_api_multipart (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GBytes) jpeg = kd_test_jpeg (640, 480, TRUE);
  Part p[] = { FIELDS ("emergency", "roads"), { "photo", "a.jpg", g_bytes_ref (jpeg) } };
  Reply r = post_multipart (f, "/api/v1/reports", p, G_N_ELEMENTS (p));
  g_autoptr(JsonNode) node = parse_json (&r);

  g_assert_cmpuint (r.status, ==, 201);
  g_assert_nonnull (json_object_get_string_member (json_node_get_object (node), "tracking_code"));
  g_assert_cmpint (count (f, "SELECT count(*) FROM case_photos"), ==, 1);
  g_assert_cmpint (count (f, "SELECT kind FROM cases"), ==, KD_CASE_KIND_EMERGENCY);
  g_assert_cmpint (count (f, "SELECT count(*) FROM cases WHERE channel = 'api'"), ==, 1);
  reply_clear (&r);
  parts_free (p, G_N_ELEMENTS (p));
}

static void
test_urlencoded_kind (Fixture       *f,
                      gconstpointer  data)
{
  g_autofree char *policy = soup_form_encode ("kind", "policy", "village", "kuiduo", "category", "policy-farming",
                                              "description", "种粮补贴怎么申请？", NULL);
  g_autofree char *wrong = soup_form_encode ("kind", "service", "village", "kuiduo", "category", "roads",
                                             "description", "x", NULL);
  Reply r = request (f, "POST", "/report", "application/x-www-form-urlencoded", policy, -1);

  g_assert_cmpuint (r.status, ==, 201);
  g_assert_cmpint (count (f, "SELECT kind FROM cases"), ==, KD_CASE_KIND_POLICY);
  reply_clear (&r);

  r = request (f, "POST", "/report", "application/x-www-form-urlencoded", wrong, -1);
  g_assert_cmpuint (r.status, ==, 400);
  reply_clear (&r);
  g_assert_cmpint (count_cases (f), ==, 1);
}

/* Pages: small, nothing inline, nothing external */

static void
assert_page_clean (const char *path,
                   Reply      *r)
{
  g_autofree char *html = body_text (r);
  const char *csp = soup_message_headers_get_one (r->headers, "Content-Security-Policy");

  g_test_message ("%s: %u, %zu bytes", path, r->status, g_bytes_get_size (r->body));
  g_assert_cmpuint (g_bytes_get_size (r->body), <, MAX_PAGE);
  g_assert_true (g_str_has_prefix (html, "<!DOCTYPE html>"));
  for (const char *p = html; (p = strstr (p, "<script")) != NULL; p++)
    g_assert_true (g_str_has_prefix (p, "<script src=\"/static/"));
  g_assert_null (strstr (html, "<style"));
  g_assert_null (strstr (html, " style="));
  g_assert_false (g_regex_match_simple ("\\son[a-z]+\\s*=", html, G_REGEX_CASELESS, 0));
  g_assert_false (g_regex_match_simple ("(src|href|action)=\"(https?:)?//", html, G_REGEX_CASELESS, 0));
  g_assert_nonnull (csp);
  g_assert_nonnull (strstr (csp, "default-src 'none'"));
  g_assert_nonnull (strstr (csp, "script-src 'self'"));
  g_assert_null (strstr (csp, "unsafe"));
}

static Reply
get_clean_page (Fixture    *f,
                const char *path,
                guint       status)
{
  Reply r = request (f, "GET", path, NULL, NULL, 0);

  g_assert_cmpuint (r.status, ==, status);
  assert_page_clean (path, &r);
  return r;
}

static gpointer
add_notices_job (KdDb      *db,
                 gpointer   data,
                 KdChanges *changes,
                 GError   **error)
{
  g_autoptr(GString) sql = g_string_new ("INSERT INTO notices (title, body, published_at) VALUES ");

  for (guint i = 0; i < 5; i++)
    {
      g_autofree char *body = g_strnfill (3000, 'x');
      g_string_append_printf (sql, "%s('通知 %u <b>', '%s', %u)", i ? ", " : "", i, body, 1000 + i);
    }
  return kd_db_exec (db, sql->str, error) ? GINT_TO_POINTER (TRUE) : NULL;
}

static void
test_pages (Fixture       *f,
            gconstpointer  data)
{
  const char *ok[] = { "/", "/report", "/report/new", "/guide", "/disclosures" };
  g_autoptr(GBytes) jpeg = kd_test_jpeg (400, 300, FALSE);
  g_autofree char *code = report_with_photos (f, jpeg, jpeg);
  g_autofree char *status = g_strconcat ("/r/", code, NULL);
  g_autoptr(GError) error = NULL;
  Reply r;

  kd_writer_run_sync (kd_store_get_writer (f->store), add_notices_job, NULL, NULL, &error);
  g_assert_no_error (error);

  for (guint i = 0; i < G_N_ELEMENTS (ok); i++)
    {
      r = get_clean_page (f, ok[i], 200);
      reply_clear (&r);
    }

  /* The home page: the newest three notices, escaped, and the ways in. */
  r = get_clean_page (f, "/", 200);
  {
    g_autofree char *html = body_text (&r);
    g_assert_nonnull (strstr (html, "通知 4 &lt;b&gt;"));
    g_assert_nonnull (strstr (html, "通知 2"));
    g_assert_null (strstr (html, "通知 1"));
    g_assert_nonnull (strstr (html, "href=\"/disclosures\""));
    g_assert_nonnull (strstr (html, "href=\"/guide\""));
    g_assert_nonnull (strstr (html, "action=\"/r\""));
  }
  reply_clear (&r);

  /* The form: kinds without 清风, categories grouped by kind, photos. */
  r = get_clean_page (f, "/report", 200);
  {
    g_autofree char *html = body_text (&r);
    g_assert_nonnull (strstr (html, "enctype=\"multipart/form-data\""));
    g_assert_nonnull (strstr (html, "<optgroup data-kind=\"policy\""));
    g_assert_nonnull (strstr (html, "value=\"policy-farming\""));
    g_assert_null (strstr (html, "value=\"integrity"));
    g_assert_nonnull (strstr (html, "type=\"file\" name=\"photo\""));
  }
  reply_clear (&r);

  r = get_clean_page (f, status, 200);
  reply_clear (&r);
  r = get_clean_page (f, "/nothing/here", 404);
  reply_clear (&r);

  r = request (f, "POST", "/report", "application/x-www-form-urlencoded", "village=kuiduo", -1);
  g_assert_cmpuint (r.status, ==, 400);
  assert_page_clean ("refused form", &r);
  reply_clear (&r);

  /* The scripts the pages name are in the bundle. */
  r = request (f, "GET", "/static/report.js", NULL, NULL, 0);
  g_assert_cmpuint (r.status, ==, 200);
  g_assert_cmpstr (r.content_type, ==, "text/javascript");
  reply_clear (&r);
  r = request (f, "GET", "/static/kuiduo.js", NULL, NULL, 0);
  g_assert_cmpuint (r.status, ==, 200);
  reply_clear (&r);
}

/* Ratings */

static void
on_done (GObject      *source,
         GAsyncResult *result,
         gpointer      data)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (kd_store_change_status_finish (NULL, result, &error));
  g_assert_no_error (error);
  (*(guint *) data)++;
}

static char *
submit_form_case (Fixture *f)
{
  g_autofree char *form = soup_form_encode ("kind", "livelihood", "village", "kuiduo", "category", "roads",
                                            "description", "路灯坏了", NULL);
  Reply r = request (f, "POST", "/report", "application/x-www-form-urlencoded", form, -1);
  char *code;

  g_assert_cmpuint (r.status, ==, 201);
  code = received_code (&r);
  reply_clear (&r);
  return code;
}

static char *
resolved_case (Fixture *f)
{
  char *code = submit_form_case (f);
  g_autoptr(KdCase) kase = kd_case_load_by_code (kd_store_get_reader (f->store), code, NULL);
  guint done = 0;

  kd_store_change_status_async (f->store, kd_case_get_id (kase), KD_CASE_STATUS_ACCEPTED, "镇政府", NULL, NULL, on_done, &done);
  kd_store_change_status_async (f->store, kd_case_get_id (kase), KD_CASE_STATUS_RESOLVED, "镇政府", "已修好", NULL, on_done, &done);
  while (done < 2)
    g_main_context_iteration (NULL, TRUE);

  return code;
}

static Reply
rate (Fixture    *f,
      const char *code,
      const char *efficiency,
      const char *satisfaction,
      const char *comment)
{
  g_autofree char *path = g_strconcat ("/r/", code, "/rate", NULL);
  g_autofree char *form = soup_form_encode ("efficiency", efficiency, "satisfaction", satisfaction,
                                            "comment", comment, NULL);

  return request (f, "POST", path, "application/x-www-form-urlencoded", form, -1);
}

static KdCaseStatus
status_of (Fixture    *f,
           const char *code)
{
  g_autoptr(KdCase) kase = kd_case_load_by_code (kd_store_get_reader (f->store), code, NULL);

  return kd_case_get_status (kase);
}

static void
assert_rate_refused (Fixture    *f,
                     const char *code,
                     const char *efficiency,
                     const char *satisfaction,
                     const char *comment,
                     guint       status)
{
  gint64 before = count (f, "SELECT count(*) FROM ratings");
  KdCaseStatus case_status = status_of (f, code);
  Reply r = rate (f, code, efficiency, satisfaction, comment);
  g_autofree char *html = body_text (&r);

  g_assert_cmpuint (r.status, ==, status);
  g_assert_nonnull (strstr (html, "class=\"error\""));
  reply_clear (&r);
  g_assert_cmpint (count (f, "SELECT count(*) FROM ratings"), ==, before);
  g_assert_cmpint (status_of (f, code), ==, case_status);
}

static void
test_rating (Fixture       *f,
             gconstpointer  data)
{
  g_autofree char *open = submit_form_case (f);
  g_autofree char *good = resolved_case (f);
  g_autofree char *poor = resolved_case (f);
  g_autofree char *open_page = g_strconcat ("/r/", open, NULL);
  g_autofree char *good_page = g_strconcat ("/r/", good, NULL);
  g_autofree char *long_comment = g_strnfill (KD_RATING_MAX_COMMENT + 1, 'x');
  Reply r;

  /* The form only on a resolved case. */
  r = get_clean_page (f, open_page, 200);
  {
    g_autofree char *html = body_text (&r);
    g_assert_null (strstr (html, "/rate\""));
  }
  reply_clear (&r);
  r = get_clean_page (f, good_page, 200);
  {
    g_autofree char *html = body_text (&r);
    g_autofree char *action = g_strconcat ("action=\"/r/", good, "/rate\"", NULL);
    g_assert_nonnull (strstr (html, action));
  }
  reply_clear (&r);

  assert_rate_refused (f, open, "5", "5", "", 409);
  assert_rate_refused (f, good, "6", "5", "", 400);
  assert_rate_refused (f, good, "0", "5", "", 400);
  assert_rate_refused (f, good, "5", "", "", 400);
  assert_rate_refused (f, good, "5", "5", long_comment, 400);
  assert_rate_refused (f, good, "5", "5", "bell\a", 400);

  /* Good scores close the case; the page is then shown by GET. */
  r = rate (f, good, "5", "4", "很及时，谢谢");
  g_assert_cmpuint (r.status, ==, 303);
  g_assert_true (g_str_has_suffix (r.location, good_page));
  reply_clear (&r);
  g_assert_cmpint (status_of (f, good), ==, KD_CASE_STATUS_CLOSED);
  g_assert_cmpint (count (f, "SELECT count(*) FROM ratings WHERE efficiency = 5 AND satisfaction = 4"
                             " AND comment = '很及时，谢谢'"), ==, 1);
  g_assert_cmpint (count (f, "SELECT count(*) FROM cases WHERE closed_at IS NOT NULL"), ==, 1);
  assert_rate_refused (f, good, "5", "5", "", 409);   /* once per resolution */

  /* A poor score reopens it. */
  r = rate (f, poor, "4", "2", NULL);
  g_assert_cmpuint (r.status, ==, 303);
  reply_clear (&r);
  g_assert_cmpint (status_of (f, poor), ==, KD_CASE_STATUS_REOPENED);
  g_assert_cmpint (count (f, "SELECT count(*) FROM ratings"), ==, 2);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/kd/phone/photo/jpeg", test_photo_jpeg);
  g_test_add_func ("/kd/phone/photo/png", test_photo_png);
  g_test_add_func ("/kd/phone/photo/refused", test_photo_refused);
  g_test_add_func ("/kd/phone/multipart/parse", test_multipart_parse);
  g_test_add_func ("/kd/phone/multipart/refused", test_multipart_refused);
#define ADD(path, fn) g_test_add (path, Fixture, NULL, fixture_setup, fn, fixture_teardown)
  ADD ("/kd/phone/report/photos", test_report_photos);
  ADD ("/kd/phone/report/photos-refused", test_report_photos_refused);
  ADD ("/kd/phone/report/body-caps", test_body_caps);
  ADD ("/kd/phone/report/api-multipart", test_api_multipart);
  ADD ("/kd/phone/report/urlencoded-kind", test_urlencoded_kind);
  ADD ("/kd/phone/pages", test_pages);
  ADD ("/kd/phone/rating", test_rating);
#undef ADD

  return g_test_run ();
}
