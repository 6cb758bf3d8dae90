/* test-core.c: the store, its migrations, the case rules and the paged list. */
#include "config.h"

#include <glib/gstdio.h>

#include "kd-store.h"
#include "kd-test-util.h"
#include "kd-case-list.h"
#include "kd-case-event.h"
#include "kd-catalog-item.h"
#include "kd-demo.h"
#include "kd-workflow.h"

typedef struct
{
  char    *dir;
  char    *path;
  KdStore *store;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->dir = g_dir_make_tmp ("kd-core-XXXXXX", &error);
  g_assert_no_error (error);
  f->path = g_build_filename (f->dir, "sub", "town.db", NULL);
  f->store = kd_store_open (f->path, &error);
  g_assert_no_error (error);
  g_assert_nonnull (f->store);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_clear_object (&f->store);
  kd_test_remove_tree (f->dir);
  g_free (f->path);
  g_free (f->dir);
}

static KdReport *
make_report (const char *village,
             const char *category,
             const char *description)
{
  KdReport *r = kd_report_new ();

  r->village = g_strdup (village);
  r->category = g_strdup (category);
  r->description = g_strdup (description);
  return r;
}

static gpointer
insert_job (KdDb      *db,
            gpointer   data,
            KdChanges *changes,
            GError   **error)
{
  return kd_case_insert (db, data, g_get_real_time () / G_USEC_PER_SEC, changes, error);
}

static KdCase *
insert_sync (Fixture  *f,
             KdReport *report,
             GError  **error)
{
  return kd_writer_run_sync (kd_store_get_writer (f->store), insert_job, report, g_object_unref, error);
}

static gint64
count_cases (Fixture *f)
{
  return kd_store_count_cases (kd_store_get_reader (f->store), -1);
}

static void
test_migrate_empty (Fixture       *f,
                    gconstpointer  data)
{
  KdDb *db = kd_store_get_reader (f->store);
  g_autoptr(GListModel) villages = kd_catalog_item_list (db, KD_CATALOG_VILLAGES, NULL);
  g_autoptr(GListModel) categories = kd_catalog_item_list (db, KD_CATALOG_CATEGORIES, NULL);
  g_autofree char *town = kd_store_dup_town_name (db);
  g_autoptr(KdCatalogItem) first = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(KdStore) again = NULL;

  g_assert_cmpint (kd_db_get_user_version (db), ==, KD_DB_SCHEMA_VERSION);
  g_assert_cmpstr (town, ==, "魁多镇");
  g_assert_cmpuint (g_list_model_get_n_items (villages), ==, 1);
  first = g_list_model_get_item (villages, 0);
  g_assert_cmpstr (kd_catalog_item_get_name (first), ==, "魁多村");
  g_assert_cmpuint (g_list_model_get_n_items (categories), >=, 5);
  {
    sqlite3_stmt *stmt = kd_db_prepare (db, "PRAGMA journal_mode", NULL);
    g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
    g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 0), ==, "wal");
    sqlite3_reset (stmt);
  }
  g_assert_cmpint (count_cases (f), ==, 0);

  /* Opening again does not migrate twice or lose anything. */
  g_clear_object (&f->store);
  again = kd_store_open (f->path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (kd_db_get_user_version (kd_store_get_reader (again)), ==, KD_DB_SCHEMA_VERSION);
}

static void
test_migrate_too_new (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KdDb) db = kd_db_open (f->path, KD_DB_WRITER, &error);
  g_autoptr(KdStore) store = NULL;

  g_assert_no_error (error);
  g_assert_true (kd_db_exec (db, "PRAGMA user_version = 999", NULL));
  g_clear_pointer (&db, kd_db_close);

  store = kd_store_open (f->path, &error);
  g_assert_null (store);
  g_assert_error (error, KD_DB_ERROR, KD_DB_ERROR_TOO_NEW);
}

static void
test_insert_and_load (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  KdReport *r = make_report ("kuiduo", "water-power", "家里停电两天了\n变压器好像坏了 <b>急</b>");
  g_autoptr(KdCase) kase = NULL;
  g_autoptr(KdCase) loaded = NULL;
  g_autoptr(GListModel) events = NULL;
  g_autofree char *display = NULL;
  g_autofree char *code = NULL;

  r->reporter_name = g_strdup ("汤万高");
  r->reporter_phone = g_strdup ("138 0000 0000");
  r->urgent = TRUE;
  kase = insert_sync (f, r, &error);
  kd_report_free (r);
  g_assert_no_error (error);

  g_assert_cmpint (kd_case_get_id (kase), >, 0);
  g_assert_cmpuint (strlen (kd_case_get_tracking_code (kase)), ==, KD_TRACKING_CODE_LEN);
  g_assert_cmpstr (kd_case_get_title (kase), ==, "家里停电两天了");
  g_assert_cmpstr (kd_case_get_village_name (kase), ==, "魁多村");
  g_assert_cmpstr (kd_case_get_category_name (kase), ==, "供水供电");
  g_assert_true (kd_case_get_urgent (kase));
  g_assert_cmpint (kd_case_get_status (kase), ==, KD_CASE_STATUS_NEW);

  /* By code, the way a villager types it: lower case, with the dash. */
  code = kd_case_dup_display_code (kase);
  display = g_ascii_strdown (code, -1);
  loaded = kd_case_load_by_code (kd_store_get_reader (f->store), display, &error);
  g_assert_no_error (error);
  g_assert_cmpint (kd_case_get_id (loaded), ==, kd_case_get_id (kase));
  g_assert_cmpstr (kd_case_get_description (loaded), ==, "家里停电两天了\n变压器好像坏了 <b>急</b>");

  events = kd_case_event_list (kd_store_get_reader (f->store), kd_case_get_id (kase), TRUE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (events), ==, 1);
}

static void
test_refused_reports (Fixture       *f,
                      gconstpointer  data)
{
  struct { const char *village, *category, *description; KdReportField field; } cases[] = {
    { "nowhere", "roads", "路坏了", KD_REPORT_FIELD_VILLAGE },
    { "kuiduo", "nothing", "路坏了", KD_REPORT_FIELD_CATEGORY },
    { "kuiduo", "roads", "   ", KD_REPORT_FIELD_DESCRIPTION },
    { "kuiduo", "roads", "bad \xff\xfe utf8", KD_REPORT_FIELD_DESCRIPTION },
    { "", "roads", "路坏了", KD_REPORT_FIELD_VILLAGE },
  };
  g_autofree char *too_long = NULL;
  GString *s = g_string_new (NULL);

  for (guint i = 0; i < KD_REPORT_MAX_DESCRIPTION + 1; i++)
    g_string_append (s, "路");
  too_long = g_string_free (s, FALSE);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(KdReport) r = make_report (cases[i].village, cases[i].category, cases[i].description);
      g_autoptr(KdCase) kase = insert_sync (f, r, &error);

      g_assert_null (kase);
      g_assert_error (error, KD_REPORT_ERROR, (int) cases[i].field);
    }

  {
    g_autoptr(GError) error = NULL;
    g_autoptr(KdReport) r = make_report ("kuiduo", "roads", too_long);
    g_autoptr(KdCase) kase = insert_sync (f, r, &error);
    g_assert_error (error, KD_REPORT_ERROR, KD_REPORT_FIELD_DESCRIPTION);
  }

  /* Exactly the limit is fine. */
  {
    g_autoptr(GError) error = NULL;
    g_autofree char *limit = g_utf8_substring (too_long, 0, KD_REPORT_MAX_DESCRIPTION);
    g_autoptr(KdReport) r = make_report ("kuiduo", "roads", limit);
    g_autoptr(KdCase) kase = insert_sync (f, r, &error);
    g_assert_no_error (error);
  }

  g_assert_cmpint (count_cases (f), ==, 1);
  g_assert_cmpint (kd_db_query_int (kd_store_get_reader (f->store), "SELECT count(*) FROM case_events", NULL), ==, 1);
}

typedef struct
{
  gint64        case_id;
  KdCaseStatus  to;
} StatusChange;

static gpointer
status_job (KdDb      *db,
            gpointer   data,
            KdChanges *changes,
            GError   **error)
{
  StatusChange *c = data;

  return kd_case_set_status (db, c->case_id, c->to, "测试", "已处理", 1000, changes, error)
         ? GINT_TO_POINTER (1) : NULL;
}

static gboolean
change_status (Fixture      *f,
               gint64        id,
               KdCaseStatus  to,
               GError      **error)
{
  StatusChange c = { id, to };

  return kd_writer_run_sync (kd_store_get_writer (f->store), status_job, &c, NULL, error) != NULL;
}

static void
test_transitions (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(KdReport) r = make_report ("kuiduo", "roads", "路坏了");
  g_autoptr(KdCase) kase = insert_sync (f, r, NULL);
  g_autoptr(KdCase) after = NULL;
  g_autoptr(GListModel) events = NULL;
  gint64 id = kd_case_get_id (kase);
  GError *error = NULL;

  /* Refused: skipping acceptance, closing an open case. */
  g_assert_false (change_status (f, id, KD_CASE_STATUS_RESOLVED, &error));
  g_assert_error (error, KD_WORKFLOW_ERROR, KD_WORKFLOW_ERROR_NOT_ALLOWED);
  g_clear_error (&error);
  g_assert_false (change_status (f, id, KD_CASE_STATUS_CLOSED, &error));
  g_clear_error (&error);

  g_assert_true (change_status (f, id, KD_CASE_STATUS_ACCEPTED, &error));
  g_assert_true (change_status (f, id, KD_CASE_STATUS_RESOLVED, &error));
  g_assert_false (change_status (f, id, KD_CASE_STATUS_NEW, &error));
  g_clear_error (&error);
  g_assert_true (change_status (f, id, KD_CASE_STATUS_CLOSED, &error));
  g_assert_no_error (error);
  g_assert_false (change_status (f, id, KD_CASE_STATUS_ACCEPTED, &error));
  g_clear_error (&error);

  after = kd_case_load (kd_store_get_reader (f->store), id, NULL);
  g_assert_cmpint (kd_case_get_status (after), ==, KD_CASE_STATUS_CLOSED);
  events = kd_case_event_list (kd_store_get_reader (f->store), id, FALSE, NULL);
  g_assert_cmpuint (g_list_model_get_n_items (events), ==, 4);  /* created + 3 changes */

  g_assert_false (change_status (f, 999999, KD_CASE_STATUS_ACCEPTED, &error));
  g_assert_error (error, KD_DB_ERROR, KD_DB_ERROR_NOT_FOUND);
  g_clear_error (&error);
}

static void
test_tracking_codes (void)
{
  g_autofree char *a = kd_tracking_code_new ();
  g_autofree char *b = kd_tracking_code_new ();
  g_autofree char *n1 = kd_tracking_code_normalize ("abcde-fghjk");
  g_autofree char *n2 = kd_tracking_code_normalize ("0O1IL 23456");
  g_autofree char *n3 = kd_tracking_code_normalize ("ABCDE-FGHJ");     /* too short */
  g_autofree char *n4 = kd_tracking_code_normalize ("ABCDE-FGHJU");    /* U is not used */
  g_autofree char *n5 = kd_tracking_code_normalize ("'; DROP TABLE");
  g_autofree char *f = kd_tracking_code_format ("ABCDEFGHJK");

  g_assert_cmpstr (a, !=, b);
  g_assert_cmpstr (n1, ==, "ABCDEFGHJK");
  g_assert_cmpstr (n2, ==, "0011123456");
  g_assert_null (n3);
  g_assert_null (n4);
  g_assert_null (n5);
  g_assert_cmpstr (f, ==, "ABCDE-FGHJK");
}

static void
test_transitions_table (void)
{
  g_assert_true (kd_case_status_can_change (KD_CASE_STATUS_NEW, KD_CASE_STATUS_ACCEPTED));
  g_assert_false (kd_case_status_can_change (KD_CASE_STATUS_NEW, KD_CASE_STATUS_CLOSED));
  g_assert_true (kd_case_status_can_change (KD_CASE_STATUS_ACCEPTED, KD_CASE_STATUS_RESOLVED));
  g_assert_true (kd_case_status_can_change (KD_CASE_STATUS_RESOLVED, KD_CASE_STATUS_CLOSED));
  g_assert_false (kd_case_status_can_change (KD_CASE_STATUS_CLOSED, KD_CASE_STATUS_NEW));

  for (guint i = 0; i < KD_CASE_N_STATUSES; i++)
    {
      KdCaseStatus back;
      g_assert_true (kd_case_status_from_string (kd_case_status_to_string (i), &back));
      g_assert_cmpint (back, ==, i);
      g_assert_false (kd_case_status_can_change (i, i));
    }
}

/* Reads every row of @list and checks it against @check. */
static guint
walk_list (KdCaseList *list,
           gboolean  (*check) (KdCase *prev, KdCase *cur, gpointer data),
           gpointer   data)
{
  g_autoptr(KdCase) prev = NULL;
  guint n = g_list_model_get_n_items (G_LIST_MODEL (list));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(KdCase) cur = g_list_model_get_item (G_LIST_MODEL (list), i);

      g_assert_nonnull (cur);
      g_assert_true (check (prev, cur, data));
      g_set_object (&prev, cur);
    }

  return n;
}

static gboolean
created_descending (KdCase *prev, KdCase *cur, gpointer data)
{
  return prev == NULL ||
         kd_case_get_created_at (prev) > kd_case_get_created_at (cur) ||
         (kd_case_get_created_at (prev) == kd_case_get_created_at (cur) &&
          kd_case_get_id (prev) > kd_case_get_id (cur));
}

static gboolean
village_ascending (KdCase *prev, KdCase *cur, gpointer data)
{
  return prev == NULL || kd_case_get_village_id (prev) <= kd_case_get_village_id (cur);
}

static gboolean
has_status (KdCase *prev, KdCase *cur, gpointer data)
{
  return kd_case_get_status (cur) == (KdCaseStatus) GPOINTER_TO_INT (data);
}

static gboolean
in_village_urgent (KdCase *prev, KdCase *cur, gpointer data)
{
  return kd_case_get_village_id (cur) == GPOINTER_TO_INT (data) && kd_case_get_urgent (cur);
}

static gboolean
mentions_water (KdCase *prev, KdCase *cur, gpointer data)
{
  return strstr (kd_case_get_description (cur), "水") != NULL ||
         strstr (kd_case_get_title (cur), "水") != NULL;
}

static void
test_list_filter_sort (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KdCaseList) list = NULL;
  KdDb *db = kd_store_get_reader (f->store);
  g_autoptr(KdCase) last = NULL;
  g_autoptr(KdCase) some = NULL;
  guint n_all, n, pos;

  g_assert_true (kd_demo_populate (f->store, KD_DEMO_CASES, &error));
  g_assert_no_error (error);
  /* A second call leaves the demo town as it is. */
  g_assert_true (kd_demo_populate (f->store, KD_DEMO_CASES, &error));

  list = kd_case_list_new (f->store);
  n_all = walk_list (list, created_descending, NULL);
  g_assert_cmpuint (n_all, ==, KD_DEMO_CASES);
  g_assert_cmpint (kd_db_query_int (db, "SELECT count(DISTINCT status) FROM cases", NULL), >=, 4);
  g_assert_cmpint (kd_db_query_int (db, "SELECT count(*) FROM villages", NULL), ==, 6);

  /* The last row, read from the far end, is the oldest case. */
  last = g_list_model_get_item (G_LIST_MODEL (list), n_all - 1);
  g_assert_cmpint (kd_case_get_created_at (last), ==,
                   kd_db_query_int (db, "SELECT min(created_at) FROM cases", NULL));
  g_assert_null (g_list_model_get_item (G_LIST_MODEL (list), n_all));

  kd_case_list_set_status (list, KD_CASE_STATUS_NEW);
  n = walk_list (list, has_status, GINT_TO_POINTER (KD_CASE_STATUS_NEW));
  g_assert_cmpint (n, ==, kd_store_count_cases (db, KD_CASE_STATUS_NEW));
  g_assert_cmpuint (n, >, 0);
  kd_case_list_set_status (list, -1);

  kd_case_list_set_village (list, 1);
  kd_case_list_set_urgent_only (list, TRUE);
  n = walk_list (list, in_village_urgent, GINT_TO_POINTER (1));
  g_assert_cmpint (n, ==, kd_db_query_int (db, "SELECT count(*) FROM cases WHERE village_id = 1 AND urgent", NULL));
  kd_case_list_set_village (list, 0);
  kd_case_list_set_urgent_only (list, FALSE);

  kd_case_list_set_search (list, "水");
  n = walk_list (list, mentions_water, NULL);
  g_assert_cmpuint (n, >, 0);
  g_assert_cmpuint (n, <, n_all);
  kd_case_list_set_search (list, "100%_");   /* LIKE wildcards are literal */
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 0);
  kd_case_list_set_search (list, NULL);

  kd_case_list_set_sort (list, KD_CASE_SORT_VILLAGE, FALSE);
  g_assert_cmpuint (walk_list (list, village_ascending, NULL), ==, n_all);

  /* find() agrees with the rows themselves. */
  some = g_list_model_get_item (G_LIST_MODEL (list), 137);
  pos = kd_case_list_find (list, kd_case_get_id (some));
  g_assert_cmpuint (pos, ==, 137);
  kd_case_list_set_sort (list, KD_CASE_SORT_CREATED, TRUE);
  pos = kd_case_list_find (list, kd_case_get_id (some));
  g_assert_cmpuint (pos, <, n_all);
  {
    g_autoptr(KdCase) again = g_list_model_get_item (G_LIST_MODEL (list), pos);
    g_assert_cmpint (kd_case_get_id (again), ==, kd_case_get_id (some));
  }
  g_assert_cmpuint (kd_case_list_find (list, 999999), ==, G_MAXUINT);
}

typedef struct
{
  GMainLoop *loop;
  gint64     case_id;
  guint      items_changed;
} NotifyState;

static void
on_changed (KdStore    *store,
            const char *table,
            gint64      row_id,
            gpointer    data)
{
  NotifyState *st = data;

  g_assert_cmpstr (table, ==, "cases");
  st->case_id = row_id;
}

static void
on_items_changed (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  gpointer    data)
{
  NotifyState *st = data;

  st->items_changed++;
  g_main_loop_quit (st->loop);
}

static void
on_submitted (GObject      *source,
              GAsyncResult *result,
              gpointer      data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KdCase) kase = kd_store_submit_report_finish (NULL, result, &error);

  g_assert_no_error (error);
  g_assert_nonnull (kase);
}

static void
test_change_notification (Fixture       *f,
                          gconstpointer  data)
{
  NotifyState st = { g_main_loop_new (NULL, FALSE), 0, 0 };
  g_autoptr(KdCaseList) list = kd_case_list_new (f->store);
  g_autoptr(KdCase) row = NULL;

  g_signal_connect (f->store, "changed::cases", G_CALLBACK (on_changed), &st);
  g_signal_connect (list, "items-changed", G_CALLBACK (on_items_changed), &st);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 0);

  kd_store_submit_report_async (f->store, make_report ("kuiduo", "roads", "桥被冲坏了"),
                                NULL, on_submitted, NULL);
  g_main_loop_run (st.loop);

  g_assert_cmpint (st.case_id, >, 0);
  g_assert_cmpuint (st.items_changed, ==, 1);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 1);
  row = g_list_model_get_item (G_LIST_MODEL (list), 0);
  g_assert_cmpint (kd_case_get_id (row), ==, st.case_id);

  g_main_loop_unref (st.loop);
}

static void
on_reply_done (GObject      *source,
               GAsyncResult *result,
               gpointer      data)
{
  GError **error = data;

  kd_store_add_reply_finish (NULL, result, error);
  if (*error == NULL)
    g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_EXISTS, "ok");
}

static void
test_replies (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(KdReport) r = make_report ("kuiduo", "roads", "路坏了");
  g_autoptr(KdCase) kase = insert_sync (f, r, NULL);
  g_autoptr(GListModel) pub = NULL;
  g_autoptr(GListModel) all = NULL;
  GError *error = NULL;

  kd_store_add_reply_async (f->store, kd_case_get_id (kase), "张干部", "明天派人来修", TRUE, NULL, on_reply_done, &error);
  while (error == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS);
  g_clear_error (&error);

  kd_store_add_reply_async (f->store, kd_case_get_id (kase), "张干部", "需要协调交通局", FALSE, NULL, on_reply_done, &error);
  while (error == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_clear_error (&error);

  kd_store_add_reply_async (f->store, kd_case_get_id (kase), "张干部", "  ", TRUE, NULL, on_reply_done, &error);
  while (error == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_error (error, KD_REPORT_ERROR, KD_REPORT_FIELD_BODY);
  g_clear_error (&error);

  pub = kd_case_event_list (kd_store_get_reader (f->store), kd_case_get_id (kase), TRUE, NULL);
  all = kd_case_event_list (kd_store_get_reader (f->store), kd_case_get_id (kase), FALSE, NULL);
  g_assert_cmpuint (g_list_model_get_n_items (pub), ==, 2);   /* created + public reply */
  g_assert_cmpuint (g_list_model_get_n_items (all), ==, 3);
}

static void
count_drop (gpointer data)
{
  (*(int *) data)++;
}

static void
exec_ok (KdDb       *db,
         const char *sql)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (kd_db_exec (db, sql, &error));
  g_assert_no_error (error);
}

/* A cached value lasts until its tables change: by a row on this
 * connection, or by any commit. */
static void
test_db_cache (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KdDb) db = kd_db_open (f->path, KD_DB_WRITER, &error);
  g_autoptr(KdDb) other = kd_db_open (f->path, KD_DB_WRITER, &error);
  int dropped = 0;

  g_assert_no_error (error);
  exec_ok (db, "BEGIN");
  kd_db_set_cached (db, "value", &dropped, count_drop);
  exec_ok (db, "INSERT INTO cadres (username, display_name, role, password_hash, created_at)"
               " VALUES ('a', 'A', 'town_staff', 'x', 0)");
  g_assert_true (kd_db_get_cached (db, "value") == &dropped);   /* other tables keep it */
  exec_ok (db, "UPDATE villages SET name = '魁多'");
  g_assert_null (kd_db_get_cached (db, "value"));
  g_assert_cmpint (dropped, ==, 1);
  exec_ok (db, "COMMIT");

  /* A commit, this connection's or another's; the next transaction sees it. */
  exec_ok (db, "BEGIN");
  kd_db_set_cached (db, "value", GINT_TO_POINTER (2), NULL);
  exec_ok (db, "DELETE FROM cadres; COMMIT; BEGIN");
  g_assert_null (kd_db_get_cached (db, "value"));
  exec_ok (db, "COMMIT; BEGIN");
  g_assert_cmpint (kd_db_query_int (db, "SELECT count (*) FROM holidays", NULL), ==, 0);
  kd_db_set_cached (db, "value", GINT_TO_POINTER (3), NULL);
  exec_ok (other, "INSERT INTO holidays (day, name) VALUES ('2024-03-04', 'x')");
  exec_ok (db, "COMMIT; BEGIN IMMEDIATE");
  g_assert_null (kd_db_get_cached (db, "value"));
  kd_db_set_cached (db, "value", GINT_TO_POINTER (4), NULL);
  g_assert_cmpint (GPOINTER_TO_INT (kd_db_get_cached (db, "value")), ==, 4);
  exec_ok (db, "ROLLBACK");
  g_assert_null (kd_db_get_cached (db, "value"));   /* not in a transaction */
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/kd/core/tracking-codes", test_tracking_codes);
  g_test_add_func ("/kd/core/status/table", test_transitions_table);
  g_test_add ("/kd/core/migrate/empty", Fixture, NULL, fixture_setup, test_migrate_empty, fixture_teardown);
  g_test_add ("/kd/core/migrate/too-new", Fixture, NULL, fixture_setup, test_migrate_too_new, fixture_teardown);
  g_test_add ("/kd/core/cases/insert", Fixture, NULL, fixture_setup, test_insert_and_load, fixture_teardown);
  g_test_add ("/kd/core/cases/refused", Fixture, NULL, fixture_setup, test_refused_reports, fixture_teardown);
  g_test_add ("/kd/core/cases/transitions", Fixture, NULL, fixture_setup, test_transitions, fixture_teardown);
  g_test_add ("/kd/core/cases/replies", Fixture, NULL, fixture_setup, test_replies, fixture_teardown);
  g_test_add ("/kd/core/list/filter-sort", Fixture, NULL, fixture_setup, test_list_filter_sort, fixture_teardown);
  g_test_add ("/kd/core/notify", Fixture, NULL, fixture_setup, test_change_notification, fixture_teardown);
  g_test_add ("/kd/core/db-cache", Fixture, NULL, fixture_setup, test_db_cache, fixture_teardown);

  return g_test_run ();
}
