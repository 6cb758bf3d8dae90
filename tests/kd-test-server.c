/* kd-test-server.c: what the server test programs share. */
#include "config.h"

#include <glib/gstdio.h>

#include "kd-test-server.h"

void
reply_clear (Reply *r)
{
  g_clear_pointer (&r->body, g_bytes_unref);
  g_clear_pointer (&r->content_type, g_free);
  g_clear_pointer (&r->location, g_free);
  g_clear_pointer (&r->headers, soup_message_headers_unref);
}

void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;

  f->dir = g_dir_make_tmp ("kd-server-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (f->dir, "town.db", NULL);
  f->store = kd_store_open (path, &error);
  g_assert_no_error (error);
  f->server = kd_server_new (f->store);
  if (data != NULL)
    {
      const guint *limits = data;
      kd_server_set_limits (f->server, limits[0], limits[1], limits[2]);
      if (limits[3] > 0)
        kd_server_set_upload_budget (f->server, limits[3]);
    }
  g_assert_true (kd_server_start (f->server, 0, TRUE, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (kd_server_get_port (f->server), >, 0);
  f->base = g_strdup_printf ("http://127.0.0.1:%u", kd_server_get_port (f->server));
  f->session = soup_session_new ();
}

void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_autofree char *path = g_build_filename (f->dir, "town.db", NULL);
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  g_autofree char *shm = g_strconcat (path, "-shm", NULL);

  g_clear_object (&f->session);
  kd_server_stop (f->server);
  g_assert_false (kd_server_get_running (f->server));
  g_clear_object (&f->server);
  g_clear_object (&f->store);
  g_unlink (path);
  g_unlink (wal);
  g_unlink (shm);
  g_rmdir (f->dir);
  g_free (f->dir);
  g_free (f->base);
}

Reply
request (Fixture    *f,
         const char *method,
         const char *path,
         const char *content_type,
         const char *body,
         gssize      body_len)
{
  g_autofree char *url = g_strconcat (f->base, path, NULL);
  g_autoptr(SoupMessage) msg = soup_message_new (method, url);
  g_autoptr(GError) error = NULL;
  Reply r = { 0 };

  g_assert_nonnull (msg);
  soup_message_add_flags (msg, SOUP_MESSAGE_NO_REDIRECT);
  if (body != NULL)
    {
      g_autoptr(GBytes) bytes = g_bytes_new (body, body_len < 0 ? strlen (body) : (gsize) body_len);
      soup_message_set_request_body_from_bytes (msg, content_type, bytes);
    }

  r.body = soup_session_send_and_read (f->session, msg, NULL, &error);
  g_assert_no_error (error);
  r.status = soup_message_get_status (msg);
  r.content_type = g_strdup (soup_message_headers_get_content_type (soup_message_get_response_headers (msg), NULL));
  r.headers = soup_message_headers_ref (soup_message_get_response_headers (msg));
  r.location = g_strdup (soup_message_headers_get_one (soup_message_get_response_headers (msg), "Location"));

  return r;
}

JsonNode *
parse_json (Reply *r)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  gsize len;
  const char *data = g_bytes_get_data (r->body, &len);

  g_assert_cmpstr (r->content_type, ==, "application/json");
  json_parser_load_from_data (parser, data, len, &error);
  g_assert_no_error (error);

  return json_node_copy (json_parser_get_root (parser));
}

gint64
count_cases (Fixture *f)
{
  return kd_store_count_cases (kd_store_get_reader (f->store), -1);
}

char *
body_text (Reply *r)
{
  return g_strndup (g_bytes_get_data (r->body, NULL), g_bytes_get_size (r->body));
}

