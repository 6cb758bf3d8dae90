/* test-open311-requests.c: GET requests of Open311 with the spec's filters,
 * the text of answers, the parsing behind them, and the API keys. */
#include "config.h"

#include <math.h>

#include "open311-test-util.h"
#include "test-open311-spec.h"

#define DAY (24 * 60 * 60)

typedef struct
{
  const char *category;
  gint        days_ago;
  const char *description;
  gint64      id;
} Seed;

static gpointer
seed_job (KdDb *db, gpointer data, KdChanges *changes, GError **error)
{
  Seed *seeds = data;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;

  for (Seed *s = seeds; s->category != NULL; s++)
    {
      g_autoptr(KdReport) r = kd_report_new ();
      g_autoptr(KdCase) kase = NULL;

      r->village = g_strdup ("kuiduo");
      r->category = g_strdup (s->category);
      r->description = g_strdup (s->description);
      r->reporter_name = g_strdup ("汤万高");
      r->reporter_phone = g_strdup ("13800000000");
      kase = kd_case_insert (db, r, now - (gint64) s->days_ago * DAY, changes, error);
      if (kase == NULL)
        return NULL;
      s->id = kd_case_get_id (kase);
    }
  return GINT_TO_POINTER (1);
}

enum { A, B, C, D, E, N_SEEDS };

/* A: open, a day old; B: resolved, 10 days; C: 100 days, outside the default
 * window; D: an integrity case; E: closed policy question, 5 days. */
static void
seed (Fixture *f,
      Seed    *seeds)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *sql = NULL;

  g_assert_nonnull (kd_writer_run_sync (kd_store_get_writer (f->store), seed_job, seeds, NULL, &error));
  g_assert_no_error (error);
  sql = g_strdup_printf ("UPDATE cases SET status = 4 WHERE id = %" G_GINT64_FORMAT ";"
                         "UPDATE cases SET kind = 4 WHERE id = %" G_GINT64_FORMAT ";"
                         "UPDATE cases SET status = 5, kind = 2 WHERE id = %" G_GINT64_FORMAT ";",
                         seeds[B].id, seeds[D].id, seeds[E].id);
  exec_sql (f, sql);
  /* With the reporter's answers: a note that must never show. */
  exec_sql (f, "INSERT INTO case_events (case_id, at, kind, body, public) VALUES (1, 0, 'note', '内部备注', 0)");
}

/* The ids the query returns, in JSON and (the same, in order) in XML. */
static char *
ids_of (Fixture    *f,
        const char *query)
{
  g_autofree char *jpath = g_strconcat ("requests.json", query, NULL);
  g_autofree char *xpath = g_strconcat ("requests.xml", query, NULL);
  g_auto(Reply) j = get (f, jpath);
  g_auto(Reply) x = get (f, xpath);
  g_autoptr(JsonNode) node = json_of (&j);
  g_auto(Xml) xml = xml_of (&x);
  g_autoptr(GPtrArray) xml_ids = xml_values (&xml, "service_request_id");
  JsonArray *list = json_node_get_array (node);
  GString *ids = g_string_new (NULL);

  g_test_message ("%s: %u %s", query, j.status, j.body);
  g_assert_cmpuint (j.status, ==, 200);
  g_assert_cmpuint (x.status, ==, 200);
  assert_json_like_spec (node, spec_requests);
  assert_xml_like_spec (&xml, spec_requests);
  g_assert_cmpuint (json_array_get_length (list), ==, xml_ids->len);
  for (guint i = 0; i < json_array_get_length (list); i++)
    {
      gint64 id = json_object_get_int_member (json_array_get_object_element (list, i), "service_request_id");

      g_string_append_printf (ids, "%s%" G_GINT64_FORMAT, i ? "," : "", id);
      g_assert_cmpint (g_ascii_strtoll (g_ptr_array_index (xml_ids, i), NULL, 10), ==, id);
    }
  /* The public view only. */
  g_assert_null (strstr (j.body, "汤万高"));
  g_assert_null (strstr (x.body, "13800000000"));
  g_assert_null (strstr (j.body, "内部备注"));
  g_assert_null (strstr (x.body, "干部作风"));

  return g_string_free (ids, FALSE);
}

static char *
expect (const Seed *seeds,
        const char *letters)
{
  GString *s = g_string_new (NULL);

  for (const char *p = letters; *p; p++)
    g_string_append_printf (s, "%s%" G_GINT64_FORMAT, s->len ? "," : "", seeds[*p - 'A'].id);
  return g_string_free (s, FALSE);
}

static void
check (Fixture    *f,
       const Seed *seeds,
       const char *query,
       const char *letters)
{
  g_autofree char *got = ids_of (f, query);
  g_autofree char *want = expect (seeds, letters);

  g_test_message ("%s → %s", query, got);
  g_assert_cmpstr (got, ==, want);
}

static char *
date_ago (int days)
{
  return kd_open311_format_datetime (g_get_real_time () / G_USEC_PER_SEC - (gint64) days * DAY);
}

static void
test_filters (Fixture *f, gconstpointer data)
{
  Seed seeds[] = {
    [A] = { "roads", 1, "村道有坑", 0 },
    [B] = { "water-power", 10, "停水", 0 },
    [C] = { "roads", 100, "旧的路灯", 0 },
    [D] = { "integrity-conduct", 2, "干部作风问题", 0 },
    [E] = { "policy-farming", 5, "补贴政策", 0 },
    { NULL },
  };
  g_autofree char *d200 = date_ago (200);
  g_autofree char *d180 = date_ago (180);
  g_autofree char *d95 = date_ago (95);
  g_autofree char *d7 = date_ago (7);
  g_autofree char *old = g_strdup_printf ("?start_date=%s&end_date=%s", d180, d95);
  g_autofree char *recent = g_strdup_printf ("?start_date=%s", d7);
  g_autofree char *by_ids = NULL;

  seed (f, seeds);
  by_ids = g_strdup_printf ("?service_request_id=%" G_GINT64_FORMAT ",%" G_GINT64_FORMAT
                            ",%" G_GINT64_FORMAT ",999999,abc&status=closed",
                            seeds[C].id, seeds[D].id, seeds[A].id);
  check (f, seeds, "", "AEB");
  check (f, seeds, "?status=open", "A");
  check (f, seeds, "?status=closed", "EB");
  check (f, seeds, "?status=open,closed", "AEB");
  check (f, seeds, "?service_code=roads", "A");
  check (f, seeds, "?service_code=roads,water-power&status=closed", "B");
  check (f, seeds, "?service_code=integrity-conduct", "");
  check (f, seeds, "?jurisdiction_id=kuiduo.example", "AEB");
  check (f, seeds, old, "C");
  check (f, seeds, recent, "AE");
  check (f, seeds, by_ids, "CA");

  {
    g_autofree char *span = g_strdup_printf ("requests.json?start_date=%s", d200);
    g_autofree char *span2 = g_strdup_printf ("%s&end_date=%s", span, d7);
    g_autofree char *back = g_strdup_printf ("requests.xml?start_date=%s&end_date=%s", d7, d95);
    const char *bad[] = { span2, back, "requests.json?start_date=yesterday",
                          "requests.xml?end_date=2010-01-01T00:00:00", "requests.json?status=pending" };

    for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
      {
        g_auto(Reply) r = get (f, bad[i]);
        assert_error (&r, 400, strstr (bad[i], ".xml") != NULL);
      }
  }

  /* One request; 404 for an integrity case, an unknown id, and no id. */
  {
    g_autofree char *path = g_strdup_printf ("requests/%" G_GINT64_FORMAT ".xml", seeds[E].id);
    g_auto(Reply) r = get (f, path);
    g_auto(Xml) x = xml_of (&r);

    g_assert_cmpstr (xml_value (&x, "status"), ==, "closed");
    g_assert_cmpstr (xml_value (&x, "service_code"), ==, "policy-farming");
    g_assert_cmpstr (xml_value (&x, "address"), ==, "");
  }
  {
    g_autofree char *dpath = g_strdup_printf ("requests/%" G_GINT64_FORMAT ".json", seeds[D].id);
    const char *missing[] = { dpath, "requests/999999.xml", "requests/abc.json", "requests/-1.xml" };

    for (guint i = 0; i < G_N_ELEMENTS (missing); i++)
      {
        g_auto(Reply) r = get (f, missing[i]);
        assert_error (&r, 404, strstr (missing[i], ".xml") != NULL);
      }
  }
}

/* Villagers' text reaches an XML client intact, and never as markup. */
static void
test_xml_text (Fixture *f, gconstpointer data)
{
  const char *text = "a <b>x</b> & \"c\" 'd' ]]> 😀\n第二行";
  g_autofree char *enc = g_uri_escape_string (text, NULL, FALSE);
  g_autofree char *addr = g_uri_escape_string ("村口 <桥> & 河", NULL, FALSE);
  g_autofree char *body = g_strdup_printf ("api_key=%s&service_code=roads&description=%s&address_string=%s",
                                           f->key, enc, addr);
  g_auto(Reply) created = post (f, "requests.json", body);
  g_autoptr(JsonNode) node = json_of (&created);
  gint64 id = json_object_get_int_member (json_array_get_object_element (json_node_get_array (node), 0),
                                          "service_request_id");
  g_autofree char *path = g_strdup_printf ("requests/%" G_GINT64_FORMAT ".xml", id);
  g_auto(Reply) r = get (f, path);
  g_auto(Xml) x = xml_of (&r);

  g_assert_cmpuint (created.status, ==, 200);
  g_assert_cmpstr (xml_value (&x, "description"), ==, text);
  g_assert_cmpstr (xml_value (&x, "address"), ==, "村口 <桥> & 河");
  g_assert_null (strstr (r.body, "<b>"));
  g_assert_null (xml_value (&x, "lat"));
}

/* Unit tests: no server. */

static void
test_parse_path (void)
{
  static const struct { const char *path; KdOpen311Route route; KdOpen311Format format; const char *arg; } cases[] = {
    { "/open311/v2/discovery.json", KD_OPEN311_ROUTE_DISCOVERY, KD_OPEN311_FORMAT_JSON, NULL },
    { "/open311/v2/services.xml", KD_OPEN311_ROUTE_SERVICES, KD_OPEN311_FORMAT_XML, NULL },
    { "/open311/v2/services/033.xml", KD_OPEN311_ROUTE_SERVICE, KD_OPEN311_FORMAT_XML, "033" },
    { "/open311/v2/services/a.b.json", KD_OPEN311_ROUTE_SERVICE, KD_OPEN311_FORMAT_JSON, "a.b" },
    { "/open311/v2/requests.json", KD_OPEN311_ROUTE_REQUESTS, KD_OPEN311_FORMAT_JSON, NULL },
    { "/open311/v2/requests/123456.xml", KD_OPEN311_ROUTE_REQUEST, KD_OPEN311_FORMAT_XML, "123456" },
    { "/open311/v2/tokens/123456.xml", KD_OPEN311_ROUTE_TOKEN, KD_OPEN311_FORMAT_XML, "123456" },
    { "/open311/v2/requests", KD_OPEN311_ROUTE_UNKNOWN, KD_OPEN311_FORMAT_NONE, NULL },
    { "/open311/v2/requests.csv", KD_OPEN311_ROUTE_UNKNOWN, KD_OPEN311_FORMAT_NONE, NULL },
    { "/open311/v2/requests/.json", KD_OPEN311_ROUTE_UNKNOWN, KD_OPEN311_FORMAT_JSON, NULL },
    { "/open311/v2/requests/1/2.json", KD_OPEN311_ROUTE_UNKNOWN, KD_OPEN311_FORMAT_JSON, NULL },
    { "/open311/v2/x.json/y", KD_OPEN311_ROUTE_UNKNOWN, KD_OPEN311_FORMAT_NONE, NULL },
    { "/open311/v3/services.xml", KD_OPEN311_ROUTE_UNKNOWN, KD_OPEN311_FORMAT_NONE, NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *arg = NULL;
      KdOpen311Format format;

      g_test_message ("%s", cases[i].path);
      g_assert_cmpint (kd_open311_parse_path (cases[i].path, &format, &arg), ==, cases[i].route);
      g_assert_cmpint (format, ==, cases[i].format);
      if (cases[i].route != KD_OPEN311_ROUTE_UNKNOWN)
        g_assert_cmpstr (arg, ==, cases[i].arg);
    }
}

static void
test_parse_datetime (void)
{
  gint64 a = 0, b = 0, c = 0;
  g_autofree char *text = NULL;

  /* The spec's two spellings of one instant. */
  g_assert_true (kd_open311_parse_datetime ("1994-11-05T08:15:30-05:00", &a));
  g_assert_true (kd_open311_parse_datetime ("1994-11-05T13:15:30Z", &b));
  g_assert_cmpint (a, ==, b);
  g_assert_true (kd_open311_parse_datetime ("2010-01-01", &c));
  text = kd_open311_format_datetime (c);
  g_assert_cmpstr (text, ==, "2010-01-01T00:00:00Z");
  g_assert_false (kd_open311_parse_datetime ("2010-01-01T00:00:00", &c));   /* no zone */
  g_assert_false (kd_open311_parse_datetime ("yesterday", &c));
  g_assert_false (kd_open311_parse_datetime ("", &c));
}

static void
test_location (void)
{
  static const struct { const char *address; gboolean point; double lat, lng; const char *text; const char *back; } cases[] = {
    { "1234 5th street", TRUE, 37.76524078, -122.4212043, "1234 5th street (37.76524078, -122.4212043)", "1234 5th street" },
    { NULL, TRUE, -0.0000000001, 180, "(0, 180)", NULL },
    { "  村口 (桥边) ", FALSE, 0, 0, "村口 (桥边)", "村口 (桥边)" },
  };
  double lat, lng;

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = kd_open311_join_location (cases[i].address, cases[i].point, cases[i].lat, cases[i].lng);
      g_autofree char *address = NULL;

      g_assert_cmpstr (text, ==, cases[i].text);
      g_assert_cmpint (kd_open311_split_location (text, &address, &lat, &lng), ==, cases[i].point);
      g_assert_cmpstr (address, ==, cases[i].back);
      if (cases[i].point)
        {
          g_assert_cmpfloat_with_epsilon (lat, cases[i].lat, 1e-8);
          g_assert_cmpfloat_with_epsilon (lng, cases[i].lng, 1e-8);
        }
      else
        g_assert_true (isnan (lat));
    }

  g_assert_true (kd_open311_parse_coordinate ("-90", 90, &lat));
  g_assert_false (kd_open311_parse_coordinate ("90.0001", 90, &lat));
  g_assert_false (kd_open311_parse_coordinate ("1e2", 180, &lat));
  g_assert_false (kd_open311_parse_coordinate ("nan", 180, &lat));
  g_assert_false (kd_open311_parse_coordinate ("0x10", 180, &lat));
  g_assert_false (kd_open311_parse_coordinate ("1-2", 180, &lat));
  g_assert_false (kd_open311_parse_coordinate (".", 180, &lat));
}

static void
test_parse_query_limits (void)
{
  g_autoptr(GHashTable) q = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GString) many = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  KdOpen311Query query;

  g_assert_true (kd_open311_parse_query (q, 100 * DAY, &query, &error));
  g_assert_cmpint (query.end - query.start, ==, KD_OPEN311_DAYS * DAY);
  g_assert_cmpint (query.end, ==, 100 * DAY);
  g_assert_cmpuint (query.limit, ==, KD_OPEN311_LIMIT);
  kd_open311_query_clear (&query);

  for (guint i = 0; i <= KD_OPEN311_MAX_LIST; i++)
    g_string_append_printf (many, "%u,", i + 1);
  g_hash_table_insert (q, "service_request_id", many->str);
  g_assert_false (kd_open311_parse_query (q, 100 * DAY, &query, &error));
  g_assert_error (error, KD_OPEN311_ERROR, KD_OPEN311_ERROR_BAD_REQUEST);
}

static gpointer
key_job (KdDb *db, gpointer data, KdChanges *changes, GError **error)
{
  return kd_api_key_issue (db, data, "管理员", 42, NULL, changes, error);
}

/* Only the hash is kept; the key verifies until revoked; both are audited. */
static void
test_api_keys (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) keys = NULL;
  g_autoptr(KdApiKey) newest = NULL;
  g_autofree char *hash = kd_api_key_hash (f->key);
  g_autofree char *upper = g_ascii_strup (f->key, -1);
  g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM api_keys WHERE key_hash = '%s'", hash);
  KdDb *db = kd_store_get_reader (f->store);
  char *bad;

  g_assert_cmpuint (strlen (f->key), ==, KD_API_KEY_LEN);
  g_assert_cmpint (count_rows (f, sql), ==, 1);
  g_assert_true (kd_api_key_verify (db, f->key));
  g_assert_true (kd_api_key_verify (db, upper));
  g_assert_false (kd_api_key_verify (db, hash));
  g_assert_false (kd_api_key_verify (db, NULL));

  /* A label that is blank, or markup-free but on two lines, writes nothing. */
  bad = kd_writer_run_sync (kd_store_get_writer (f->store), key_job, "  ", g_free, &error);
  g_assert_null (bad);
  g_assert_error (error, KD_DB_ERROR, KD_DB_ERROR_CONSTRAINT);
  g_clear_error (&error);
  bad = kd_writer_run_sync (kd_store_get_writer (f->store), key_job, "a\nb", g_free, &error);
  g_assert_null (bad);
  g_clear_error (&error);
  g_assert_cmpint (count_rows (f, "SELECT count(*) FROM api_keys"), ==, 1);

  revoke_key (f, f->key_id);
  g_assert_false (kd_api_key_verify (db, f->key));
  keys = kd_api_key_list (db, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (keys), ==, 1);
  newest = g_list_model_get_item (keys, 0);
  g_assert_cmpstr (kd_api_key_get_label (newest), ==, "Test client");
  g_assert_cmpint (kd_api_key_get_revoked_at (newest), >, 0);
  g_assert_cmpint (count_rows (f, "SELECT count(*) FROM audit_log WHERE target = 'api_key'"
                                  " AND action IN ('api_key.issue', 'api_key.revoke')"), ==, 2);
}

static void
async_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      data)
{
  *(GAsyncResult **) data = g_object_ref (result);
}

static GAsyncResult *
wait_for (GAsyncResult **slot)
{
  while (*slot == NULL)
    g_main_context_iteration (NULL, TRUE);
  return g_steal_pointer (slot);
}

/* Through the writer: issue, revoke, and a second revoke that changes nothing. */
static void
test_api_keys_async (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  GAsyncResult *slot = NULL;
  g_autoptr(GAsyncResult) issued = NULL;
  g_autoptr(GAsyncResult) first = NULL;
  g_autoptr(GAsyncResult) second = NULL;
  g_autofree char *key = NULL;
  gint64 audit = count_rows (f, "SELECT count(*) FROM audit_log");

  kd_api_key_issue_async (f->store, "乡镇平台", "管理员", NULL, async_cb, &slot);
  issued = wait_for (&slot);
  key = kd_api_key_issue_finish (f->store, issued, &error);
  g_assert_no_error (error);
  g_assert_true (kd_api_key_verify (kd_store_get_reader (f->store), key));

  kd_api_key_revoke_async (f->store, f->key_id, "管理员", NULL, async_cb, &slot);
  first = wait_for (&slot);
  g_assert_true (kd_api_key_revoke_finish (f->store, first, &error));
  g_assert_no_error (error);

  kd_api_key_revoke_async (f->store, f->key_id, "管理员", NULL, async_cb, &slot);
  second = wait_for (&slot);
  g_assert_false (kd_api_key_revoke_finish (f->store, second, &error));
  g_assert_error (error, KD_DB_ERROR, KD_DB_ERROR_NOT_FOUND);

  g_assert_cmpint (count_rows (f, "SELECT count(*) FROM audit_log"), ==, audit + 2);
  g_assert_false (kd_api_key_verify (kd_store_get_reader (f->store), f->key));
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, fn) g_test_add (path, Fixture, NULL, fixture_setup, fn, fixture_teardown)
  ADD ("/kd/open311/requests/filters", test_filters);
  ADD ("/kd/open311/requests/xml-text", test_xml_text);
  ADD ("/kd/open311/api-keys", test_api_keys);
  ADD ("/kd/open311/api-keys/async", test_api_keys_async);
#undef ADD
  g_test_add_func ("/kd/open311/parse/path", test_parse_path);
  g_test_add_func ("/kd/open311/parse/datetime", test_parse_datetime);
  g_test_add_func ("/kd/open311/parse/location", test_location);
  g_test_add_func ("/kd/open311/parse/query-limits", test_parse_query_limits);

  return g_test_run ();
}
