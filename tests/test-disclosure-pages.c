/* test-disclosure-pages.c: the published disclosures on the phones and in
 * the JSON API — only published versions, the current one listed, every
 * version reachable by its address, filters, escaping, paging within 30 KB,
 * the fingerprint, and tampering shown. */
#include "config.h"

#include "kd-cadre.h"
#include "kd-disclosure.h"
#include "kd-test-server.h"

#define MAX_PAGE (30 * 1024)

typedef struct
{
  gint64 v1, v2;        /* the demo's finance disclosure and its correction */
  gint64 evil;          /* a village-affairs one with markup in every field */
  gint64 ledger;        /* a finance one with 250 lines */
  gint64 draft;         /* never published */
} Seeded;

static gint64
publish (KdDb          *db,
         KdDisclosure  *d,
         KdActor       *writer,
         KdActor       *publisher,
         KdChanges     *changes,
         GError       **error)
{
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  gint64 id = kd_disclosure_save (db, d, writer, now, changes, error);

  if (id == 0 || !kd_disclosure_act (db, id, KD_DISCLOSURE_REVIEW, publisher, now, changes, error) ||
      !kd_disclosure_act (db, id, KD_DISCLOSURE_PUBLISH, publisher, now, changes, error))
    return 0;
  return id;
}

static gpointer
seed_job (KdDb      *db,
          gpointer   data,
          KdChanges *changes,
          GError   **error)
{
  Seeded *s = data;
  KdActor staff, admin;
  g_autoptr(KdDisclosure) evil = kd_disclosure_new (KD_DISCLOSURE_VILLAGE_AFFAIRS);
  g_autoptr(KdDisclosure) ledger = kd_disclosure_new (KD_DISCLOSURE_FINANCE);

  if (!kd_cadre_demo_seed (db, changes, error) ||
      !kd_disclosure_demo_seed (db, g_get_real_time () / G_USEC_PER_SEC, changes, error))
    return NULL;
  staff = (KdActor) { kd_db_query_int (db, "SELECT id FROM cadres WHERE username = 'staff'", NULL), "staff" };
  admin = (KdActor) { kd_db_query_int (db, "SELECT id FROM cadres WHERE username = 'admin'", NULL), "admin" };
  s->v1 = kd_db_query_int (db, "SELECT id FROM disclosures WHERE version = 1 AND kind = 1", NULL);
  s->v2 = kd_db_query_int (db, "SELECT id FROM disclosures WHERE version = 2", NULL);
  s->draft = kd_db_query_int (db, "SELECT id FROM disclosures WHERE state = 0", NULL);

  evil->period = g_strdup ("2026-11");
  evil->title = g_strdup ("<script>alert(1)</script>公示");
  evil->body = g_strdup ("<img src=x onerror=alert(2)> & \"引号\"");
  s->evil = publish (db, evil, &staff, &admin, changes, error);

  ledger->village_id = 0;
  ledger->period = g_strdup ("2026");
  ledger->title = g_strdup ("镇财政全年收支明细");
  ledger->body = g_strdup ("全年收支明细如下。");
  for (guint i = 0; i < 250; i++)
    {
      g_autofree char *day = g_strdup_printf ("2026-%02u-%02u", i % 12 + 1, i % 28 + 1);
      g_autofree char *item = g_strdup_printf ("第 %u 笔 <b>支出</b>", i + 1);

      g_ptr_array_add (ledger->lines, kd_ledger_line_new (day, item, 0, 10000 + i));
    }
  s->ledger = publish (db, ledger, &staff, &admin, changes, error);

  return s->evil && s->ledger ? GINT_TO_POINTER (TRUE) : NULL;
}

static void
seed (Fixture *f,
      Seeded  *s)
{
  g_autoptr(GError) error = NULL;

  g_assert_nonnull (kd_writer_run_sync (kd_store_get_writer (f->store), seed_job, s, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (s->v1, >, 0);
  g_assert_cmpint (s->v2, >, s->v1);
  g_assert_cmpint (s->draft, >, 0);
}

static char *
get_page (Fixture    *f,
          const char *path,
          guint       status)
{
  Reply r = request (f, "GET", path, NULL, NULL, 0);
  char *html;

  g_test_message ("%s: %u, %zu bytes", path, r.status, g_bytes_get_size (r.body));
  g_assert_cmpuint (r.status, ==, status);
  g_assert_cmpuint (g_bytes_get_size (r.body), <, MAX_PAGE);
  g_assert_true (g_str_has_prefix (r.content_type, "text/html"));
  html = body_text (&r);
  g_assert_null (strstr (html, "<style"));
  g_assert_null (strstr (html, " style="));
  g_assert_null (strstr (html, "<script>"));
  reply_clear (&r);
  return html;
}

static char *
link_to (gint64 id)
{
  return g_strdup_printf ("href=\"/disclosures/%" G_GINT64_FORMAT "\"", id);
}

static void
test_empty (Fixture       *f,
            gconstpointer  data)
{
  g_autofree char *html = get_page (f, "/disclosures", 200);
  Reply r;

  g_assert_nonnull (strstr (html, "Nothing has been published here yet."));
  r = request (f, "GET", "/api/v1/disclosures", NULL, NULL, 0);
  g_assert_cmpuint (r.status, ==, 200);
  {
    g_autoptr(JsonNode) node = parse_json (&r);
    g_assert_true (JSON_NODE_HOLDS_ARRAY (node));
    g_assert_cmpuint (json_array_get_length (json_node_get_array (node)), ==, 0);
  }
  reply_clear (&r);
}

static void
test_list (Fixture       *f,
           gconstpointer  data)
{
  Seeded s = { 0 };
  g_autofree char *v1 = NULL, *v2 = NULL, *draft = NULL, *evil = NULL, *ledger = NULL;

  seed (f, &s);
  v1 = link_to (s.v1);
  v2 = link_to (s.v2);
  draft = link_to (s.draft);
  evil = link_to (s.evil);
  ledger = link_to (s.ledger);

  /* Every current version, never a draft nor a superseded one. */
  {
    g_autofree char *html = get_page (f, "/disclosures", 200);

    g_assert_nonnull (strstr (html, v2));
    g_assert_nonnull (strstr (html, evil));
    g_assert_nonnull (strstr (html, ledger));
    g_assert_null (strstr (html, v1));
    g_assert_null (strstr (html, draft));
    g_assert_nonnull (strstr (html, "&lt;script&gt;alert(1)&lt;/script&gt;公示"));
    g_assert_nonnull (strstr (html, "<select name=\"kind\">"));
  }
  /* Filters, kept in the form. */
  {
    g_autofree char *html = get_page (f, "/disclosures?kind=finance&village=kuiduo", 200);

    g_assert_nonnull (strstr (html, v2));
    g_assert_null (strstr (html, evil));
    g_assert_null (strstr (html, ledger));      /* the town's */
    g_assert_nonnull (strstr (html, "<option value=\"finance\" selected>"));
    g_assert_nonnull (strstr (html, "<option value=\"kuiduo\" selected>"));
  }
  {
    g_autofree char *html = get_page (f, "/disclosures?village=town", 200);

    g_assert_nonnull (strstr (html, ledger));
    g_assert_null (strstr (html, v2));
  }
  {
    g_autofree char *bad_kind = get_page (f, "/disclosures?kind=secret", 400);
    g_autofree char *bad_village = get_page (f, "/disclosures?village=%3Cb%3E", 400);

    g_assert_nonnull (strstr (bad_kind, "class=\"error\""));
    g_assert_null (strstr (bad_village, "<b>"));
  }
}

static void
test_version (Fixture       *f,
              gconstpointer  data)
{
  Seeded s = { 0 };
  g_autofree char *path = NULL;

  seed (f, &s);

  /* The old version says it was corrected and links to the new one; the
   * new one links back; each shows its own fingerprint. */
  {
    g_autofree char *html = NULL;
    g_autofree char *v2 = link_to (s.v2);
    g_autoptr(KdDisclosure) d = kd_disclosure_load (kd_store_get_reader (f->store), s.v1, NULL);
    g_autofree char *fp = kd_disclosure_short_fingerprint (d->fingerprint);

    path = g_strdup_printf ("/disclosures/%" G_GINT64_FORMAT, s.v1);
    html = get_page (f, path, 200);
    g_assert_nonnull (strstr (html, "This version has been corrected."));
    g_assert_nonnull (strstr (html, v2));
    g_assert_nonnull (strstr (html, fp));
    g_assert_nonnull (strstr (html, "3,600.00"));
    g_assert_null (strstr (html, "no longer matches"));
  }
  {
    g_autofree char *html = NULL;
    g_autofree char *v1 = link_to (s.v1);

    g_free (path);
    path = g_strdup_printf ("/disclosures/%" G_GINT64_FORMAT, s.v2);
    html = get_page (f, path, 200);
    g_assert_null (strstr (html, "This version has been corrected."));
    g_assert_nonnull (strstr (html, v1));
    g_assert_nonnull (strstr (html, "Version 2"));
    g_assert_nonnull (strstr (html, "360.00"));
    g_assert_null (strstr (html, "3,600.00"));
    g_assert_nonnull (strstr (html, "<tfoot>"));
  }

  /* Escaped everywhere. */
  {
    g_autofree char *html = NULL;

    g_free (path);
    path = g_strdup_printf ("/disclosures/%" G_GINT64_FORMAT, s.evil);
    html = get_page (f, path, 200);
    g_assert_nonnull (strstr (html, "&lt;img src=x onerror=alert(2)&gt; &amp; &quot;引号&quot;"));
    g_assert_null (strstr (html, "<img"));
  }

  /* Drafts, unknown and malformed ids: not found. */
  {
    const gint64 ids[] = { s.draft, 999999 };

    for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
      {
        g_autofree char *p = g_strdup_printf ("/disclosures/%" G_GINT64_FORMAT, ids[i]);
        g_autofree char *html = get_page (f, p, 404);
        g_assert_nonnull (strstr (html, "There is no such published disclosure."));
      }
    g_free (get_page (f, "/disclosures/abc", 404));
    g_free (get_page (f, "/disclosures/-1", 404));
    g_free (get_page (f, "/disclosures/1/../../etc", 404));
  }
}

/* 250 ledger lines: 100 a page, the totals on each, under 30 KB. */
static void
test_ledger_pages (Fixture       *f,
                   gconstpointer  data)
{
  Seeded s = { 0 };
  g_autofree char *base = NULL;

  seed (f, &s);
  base = g_strdup_printf ("/disclosures/%" G_GINT64_FORMAT, s.ledger);

  for (guint page = 1; page <= 3; page++)
    {
      g_autofree char *path = g_strdup_printf ("%s?page=%u", base, page);
      g_autofree char *html = get_page (f, path, 200);
      g_autofree char *first = g_strdup_printf ("第 %u 笔 &lt;b&gt;支出&lt;/b&gt;", (page - 1) * 100 + 1);
      g_autofree char *beyond = g_strdup_printf ("第 %u 笔 ", MIN (page * 100 + 1, 251));
      g_autofree char *next = g_strdup_printf ("page=%u\"", page + 1);

      g_assert_nonnull (strstr (html, first));
      g_assert_null (strstr (html, beyond));
      /* Σ (10000 + i) for i < 250 = 2,531,125 fen */
      g_assert_nonnull (strstr (html, "25,311.25"));
      g_assert_true ((strstr (html, next) != NULL) == (page < 3));
    }
  /* Past the end: the last page. */
  {
    g_autofree char *path = g_strdup_printf ("%s?page=99", base);
    g_autofree char *html = get_page (f, path, 200);
    g_assert_nonnull (strstr (html, "第 250 笔"));
  }
}

/* A version changed behind Kuiduo's back (the triggers dropped) no longer
 * matches its fingerprint, and both the page and the API say so. */
static void
test_tampered (Fixture       *f,
               gconstpointer  data)
{
  Seeded s = { 0 };
  g_autofree char *path = NULL;
  g_autofree char *html = NULL;
  sqlite3 *h = NULL;
  Reply r;

  seed (f, &s);
  g_assert_cmpint (sqlite3_open (kd_db_get_path (kd_store_get_reader (f->store)), &h), ==, SQLITE_OK);
  sqlite3_busy_timeout (h, 5000);
  g_assert_cmpint (sqlite3_exec (h, "DROP TRIGGER disclosure_lines_published_update;"
                                    "UPDATE disclosure_lines SET expense_fen = 100 WHERE position = 3",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (h);

  path = g_strdup_printf ("/disclosures/%" G_GINT64_FORMAT, s.v2);
  html = get_page (f, path, 200);
  g_assert_nonnull (strstr (html, "no longer matches the fingerprint"));

  g_free (path);
  path = g_strdup_printf ("/api/v1/disclosures/%" G_GINT64_FORMAT, s.v2);
  r = request (f, "GET", path, NULL, NULL, 0);
  {
    g_autoptr(JsonNode) node = parse_json (&r);
    g_assert_false (json_object_get_boolean_member (json_node_get_object (node), "verified"));
  }
  reply_clear (&r);
}

static void
test_api (Fixture       *f,
          gconstpointer  data)
{
  Seeded s = { 0 };
  g_autofree char *path = NULL;
  Reply r;

  seed (f, &s);

  r = request (f, "GET", "/api/v1/disclosures?kind=finance", NULL, NULL, 0);
  g_assert_cmpuint (r.status, ==, 200);
  {
    g_autoptr(JsonNode) node = parse_json (&r);
    JsonArray *list = json_node_get_array (node);
    JsonObject *o;

    g_assert_cmpuint (json_array_get_length (list), ==, 2);   /* v2 and the town's ledger */
    for (guint i = 0; i < 2; i++)
      {
        o = json_array_get_object_element (list, i);
        g_assert_cmpstr (json_object_get_string_member (o, "kind"), ==, "finance");
        g_assert_cmpint (json_object_get_int_member (o, "id"), !=, s.v1);
        g_assert_cmpuint (strlen (json_object_get_string_member (o, "fingerprint")), ==, 64);
        g_assert_false (json_object_has_member (o, "lines"));
      }
  }
  reply_clear (&r);

  path = g_strdup_printf ("/api/v1/disclosures/%" G_GINT64_FORMAT, s.v2);
  r = request (f, "GET", path, NULL, NULL, 0);
  g_assert_cmpuint (r.status, ==, 200);
  {
    g_autoptr(JsonNode) node = parse_json (&r);
    JsonObject *o = json_node_get_object (node);
    JsonArray *lines = json_object_get_array_member (o, "lines");

    g_assert_cmpint (json_object_get_int_member (o, "version"), ==, 2);
    g_assert_cmpint (json_object_get_int_member (o, "supersedes"), ==, s.v1);
    g_assert_true (json_object_get_null_member (o, "superseded_by"));
    g_assert_true (json_object_get_boolean_member (o, "verified"));
    g_assert_cmpstr (json_object_get_string_member (o, "village"), ==, "kuiduo");
    g_assert_cmpuint (json_array_get_length (lines), ==, 6);
    g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (lines, 3), "expense_fen"), ==, 36000);
    g_assert_cmpint (json_object_get_int_member (o, "income_fen"), ==, 7850000);
    g_assert_cmpint (json_object_get_int_member (o, "expense_fen"), ==, 2012050);
  }
  reply_clear (&r);

  /* Refusals: a draft, a bad kind, a bad page, a write. */
  g_free (path);
  path = g_strdup_printf ("/api/v1/disclosures/%" G_GINT64_FORMAT, s.draft);
  {
    static const struct { const char *method; const char *path; guint status; const char *field; } bad[] = {
      { "GET", NULL, 404, NULL },
      { "GET", "/api/v1/disclosures?kind=secret", 400, "kind" },
      { "GET", "/api/v1/disclosures?village=nowhere", 400, "village" },
      { "GET", "/api/v1/disclosures?page=0", 400, "page" },
      { "POST", "/api/v1/disclosures", 405, NULL },
    };

    for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
      {
        g_autoptr(JsonNode) node = NULL;
        JsonObject *error;

        r = request (f, bad[i].method, bad[i].path ? bad[i].path : path, "application/json", "{}", -1);
        g_assert_cmpuint (r.status, ==, bad[i].status);
        node = parse_json (&r);
        error = json_object_get_object_member (json_node_get_object (node), "error");
        g_assert_nonnull (error);
        if (bad[i].field != NULL)
          g_assert_cmpstr (json_object_get_string_member (error, "field"), ==, bad[i].field);
        reply_clear (&r);
      }
  }
  g_assert_cmpint (kd_db_query_int (kd_store_get_reader (f->store), "SELECT count(*) FROM disclosures", NULL), ==, 7);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/kd/disclosure-pages/empty", Fixture, NULL, fixture_setup, test_empty, fixture_teardown);
  g_test_add ("/kd/disclosure-pages/list", Fixture, NULL, fixture_setup, test_list, fixture_teardown);
  g_test_add ("/kd/disclosure-pages/version", Fixture, NULL, fixture_setup, test_version, fixture_teardown);
  g_test_add ("/kd/disclosure-pages/ledger", Fixture, NULL, fixture_setup, test_ledger_pages, fixture_teardown);
  g_test_add ("/kd/disclosure-pages/tampered", Fixture, NULL, fixture_setup, test_tampered, fixture_teardown);
  g_test_add ("/kd/disclosure-pages/api", Fixture, NULL, fixture_setup, test_api, fixture_teardown);

  return g_test_run ();
}
