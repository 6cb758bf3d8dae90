/* open311-test-util.c: see open311-test-util.h. */
#include "config.h"

#include "kd-test-util.h"
#include "open311-test-util.h"
#include "test-open311-spec.h"

void
reply_clear (Reply *r)
{
  g_clear_pointer (&r->body, g_free);
  g_clear_pointer (&r->content_type, g_free);
  g_clear_pointer (&r->retry_after, g_free);
  g_clear_pointer (&r->allow, g_free);
}

/* Writer jobs for the fixture. */

typedef struct
{
  const char *label;
  gint64      id;
} Issue;

static gpointer
issue_job (KdDb *db, gpointer data, KdChanges *changes, GError **error)
{
  Issue *issue = data;

  return kd_api_key_issue (db, issue->label, "test", 1000, &issue->id, changes, error);
}

static gpointer
revoke_job (KdDb *db, gpointer data, KdChanges *changes, GError **error)
{
  return kd_api_key_revoke (db, *(gint64 *) data, "test", 2000, changes, error) ? GINT_TO_POINTER (1) : NULL;
}

static gpointer
exec_job (KdDb *db, gpointer data, KdChanges *changes, GError **error)
{
  return kd_db_exec (db, data, error) ? GINT_TO_POINTER (1) : NULL;
}

void
exec_sql (Fixture    *f,
          const char *sql)
{
  g_autoptr(GError) error = NULL;

  g_assert_nonnull (kd_writer_run_sync (kd_store_get_writer (f->store), exec_job, (gpointer) sql, NULL, &error));
  g_assert_no_error (error);
}

void
revoke_key (Fixture *f,
            gint64   id)
{
  g_autoptr(GError) error = NULL;

  g_assert_nonnull (kd_writer_run_sync (kd_store_get_writer (f->store), revoke_job, &id, NULL, &error));
  g_assert_no_error (error);
}

char *
issue_key (Fixture    *f,
           const char *label,
           gint64     *id)
{
  g_autoptr(GError) error = NULL;
  Issue issue = { label, 0 };
  char *key = kd_writer_run_sync (kd_store_get_writer (f->store), issue_job, &issue, g_free, &error);

  g_assert_no_error (error);
  if (id != NULL)
    *id = issue.id;
  return key;
}

void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;

  f->dir = g_dir_make_tmp ("kd-open311-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (f->dir, "town.db", NULL);
  f->store = kd_store_open (path, &error);
  g_assert_no_error (error);
  f->server = kd_server_new (f->store);
  g_assert_true (kd_server_start (f->server, 0, TRUE, &error));
  g_assert_no_error (error);
  f->base = g_strdup_printf ("http://127.0.0.1:%u/open311/v2/", kd_server_get_port (f->server));
  f->session = soup_session_new ();
  f->key = issue_key (f, "Test client", &f->key_id);
}

void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_clear_object (&f->session);
  kd_server_stop (f->server);
  g_clear_object (&f->server);
  g_clear_object (&f->store);
  kd_test_remove_tree (f->dir);
  g_free (f->dir);
  g_free (f->base);
  g_free (f->key);
}

Reply
request (Fixture    *f,
         const char *method,
         const char *path,
         const char *content_type,
         const char *body)
{
  g_autofree char *url = g_strconcat (f->base, path, NULL);
  g_autoptr(SoupMessage) msg = soup_message_new (method, url);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  SoupMessageHeaders *h;
  Reply r = { 0 };

  g_assert_nonnull (msg);
  soup_message_headers_replace (soup_message_get_request_headers (msg), "Accept-Language", "en");
  if (body != NULL)
    {
      g_autoptr(GBytes) req = g_bytes_new (body, strlen (body));
      soup_message_set_request_body_from_bytes (msg, content_type, req);
    }
  bytes = soup_session_send_and_read (f->session, msg, NULL, &error);
  g_assert_no_error (error);
  h = soup_message_get_response_headers (msg);
  r.status = soup_message_get_status (msg);
  r.body = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  r.content_type = g_strdup (soup_message_headers_get_content_type (h, NULL));
  r.retry_after = g_strdup (soup_message_headers_get_one (h, "Retry-After"));
  r.allow = g_strdup (soup_message_headers_get_one (h, "Allow"));
  return r;
}

Reply
get (Fixture    *f,
     const char *path)
{
  return request (f, "GET", path, NULL, NULL);
}

Reply
post (Fixture    *f,
      const char *path,
      const char *form)
{
  return request (f, "POST", path, "application/x-www-form-urlencoded", form);
}

JsonNode *
json_of (Reply *r)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  g_assert_cmpstr (r->content_type, ==, "application/json");
  json_parser_load_from_data (parser, r->body, -1, &error);
  g_assert_no_error (error);
  return json_node_copy (json_parser_get_root (parser));
}

static void
xml_start (GMarkupParseContext *ctx, const char *name, const char **an, const char **av,
           gpointer data, GError **error)
{
  Xml *x = data;
  gboolean no = FALSE;

  if (x->had_child->len == 0)
    x->root = g_strdup (name);
  else
    g_array_index (x->had_child, gboolean, x->had_child->len - 1) = TRUE;
  g_array_append_val (x->had_child, no);
  g_hash_table_add (x->elements, g_strdup (name));
  g_string_truncate (x->text, 0);
}

static void
xml_end (GMarkupParseContext *ctx, const char *name, gpointer data, GError **error)
{
  Xml *x = data;

  if (!g_array_index (x->had_child, gboolean, x->had_child->len - 1))
    {
      g_ptr_array_add (x->names, g_strdup (name));
      g_ptr_array_add (x->texts, g_strdup (x->text->str));
    }
  g_array_set_size (x->had_child, x->had_child->len - 1);
  g_string_truncate (x->text, 0);
}

static void
xml_text (GMarkupParseContext *ctx, const char *text, gsize len, gpointer data, GError **error)
{
  g_string_append_len (((Xml *) data)->text, text, len);
}

void
xml_clear (Xml *x)
{
  g_free (x->root);
  g_hash_table_unref (x->elements);
  g_ptr_array_unref (x->names);
  g_ptr_array_unref (x->texts);
  g_string_free (x->text, TRUE);
  g_array_unref (x->had_child);
}

void
xml_parse (const char *text,
           Xml        *x)
{
  static const GMarkupParser parser = { xml_start, xml_end, xml_text, NULL, NULL };
  g_autoptr(GMarkupParseContext) ctx = NULL;
  g_autoptr(GError) error = NULL;

  memset (x, 0, sizeof *x);
  x->elements = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  x->names = g_ptr_array_new_with_free_func (g_free);
  x->texts = g_ptr_array_new_with_free_func (g_free);
  x->text = g_string_new (NULL);
  x->had_child = g_array_new (FALSE, FALSE, sizeof (gboolean));
  g_assert_true (g_str_has_prefix (text, "<?xml version=\"1.0\" encoding=\"utf-8\"?>"));
  ctx = g_markup_parse_context_new (&parser, 0, x, NULL);
  g_markup_parse_context_parse (ctx, text, -1, &error);
  g_assert_no_error (error);
  g_markup_parse_context_end_parse (ctx, &error);
  g_assert_no_error (error);
}

Xml
xml_of (Reply *r)
{
  Xml x;

  g_assert_cmpstr (r->content_type, ==, "text/xml");
  xml_parse (r->body, &x);
  return x;
}

/* The texts of the leaves named @name, in order. */
GPtrArray *
xml_values (Xml        *x,
            const char *name)
{
  GPtrArray *values = g_ptr_array_new ();

  for (guint i = 0; i < x->names->len; i++)
    if (g_str_equal (g_ptr_array_index (x->names, i), name))
      g_ptr_array_add (values, g_ptr_array_index (x->texts, i));
  return values;
}

const char *
xml_value (Xml        *x,
           const char *name)
{
  g_autoptr(GPtrArray) values = xml_values (x, name);

  return values->len > 0 ? g_ptr_array_index (values, 0) : NULL;
}

/* Every element of ours is one the spec's example has, under the same root. */
void
assert_xml_like_spec (Xml        *ours,
                      const char *spec_text)
{
  g_auto(Xml) spec;
  GHashTableIter iter;
  gpointer name;

  xml_parse (spec_text, &spec);
  g_assert_cmpstr (ours->root, ==, spec.root);
  g_hash_table_iter_init (&iter, ours->elements);
  while (g_hash_table_iter_next (&iter, &name, NULL))
    {
      if (!g_hash_table_contains (spec.elements, name))
        g_error ("<%s> is not in the spec's example of <%s>", (char *) name, spec.root);
    }
}

static void
collect_members (JsonNode   *node,
                 GHashTable *names)
{
  if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *a = json_node_get_array (node);
      for (guint i = 0; i < json_array_get_length (a); i++)
        collect_members (json_array_get_element (a, i), names);
    }
  else if (JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObjectIter iter;
      const char *member;
      JsonNode *value;

      json_object_iter_init (&iter, json_node_get_object (node));
      while (json_object_iter_next (&iter, &member, &value))
        {
          g_hash_table_add (names, g_strdup (member));
          collect_members (value, names);
        }
    }
}

/* The same for JSON: its member names are the spec's element names. */
void
assert_json_like_spec (JsonNode   *ours,
                       const char *spec_text)
{
  g_autoptr(GHashTable) names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_auto(Xml) spec;
  GHashTableIter iter;
  gpointer name;

  xml_parse (spec_text, &spec);
  collect_members (ours, names);
  g_hash_table_iter_init (&iter, names);
  while (g_hash_table_iter_next (&iter, &name, NULL))
    {
      if (!g_hash_table_contains (spec.elements, name))
        g_error ("\"%s\" is not in the spec's example of <%s>", (char *) name, spec.root);
    }
}

gint64
count_cases (Fixture *f)
{
  return kd_store_count_cases (kd_store_get_reader (f->store), -1);
}

gint64
count_rows (Fixture    *f,
            const char *sql)
{
  return kd_db_query_int (kd_store_get_reader (f->store), sql, NULL);
}

void
assert_error (Reply      *r,
              guint       status,
              gboolean    xml)
{
  g_test_message ("%u: %s", r->status, r->body);
  g_assert_cmpuint (r->status, ==, status);
  if (xml)
    {
      g_auto(Xml) x = xml_of (r);
      g_autofree char *code = g_strdup_printf ("%u", status);

      assert_xml_like_spec (&x, spec_errors);
      g_assert_cmpstr (xml_value (&x, "code"), ==, code);
      g_assert_cmpuint (strlen (xml_value (&x, "description")), >, 0);
    }
  else
    {
      g_autoptr(JsonNode) node = json_of (r);
      JsonObject *err;

      assert_json_like_spec (node, spec_errors);
      g_assert_true (JSON_NODE_HOLDS_ARRAY (node));
      err = json_array_get_object_element (json_node_get_array (node), 0);
      g_assert_cmpint (json_object_get_int_member (err, "code"), ==, status);
      g_assert_cmpuint (strlen (json_object_get_string_member (err, "description")), >, 0);
    }
}

