/* test-settings.c: the township's settings through the writer — bad input
 * refused with nothing written; working time, holidays, deadlines and the
 * kinds of categories taking effect on what comes next; an audit row for
 * every change. */
#include "config.h"

#include "kd-audit.h"
#include "kd-case.h"
#include "kd-report.h"
#include "kd-settings.h"
#include "kd-store.h"
#include "kd-test-util.h"
#include "kd-writer.h"

typedef struct
{
  char    *dir;
  KdStore *store;
  KdDb    *db;      /* the store's reader */
} Fixture;

static const KdActor admin = { 0, "Town office" };

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  f->store = kd_test_store_new ("kd-settings-XXXXXX", &f->dir);
  f->db = kd_store_get_reader (f->store);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_clear_object (&f->store);
  kd_test_remove_tree (f->dir);
  g_free (f->dir);
}

static gint64
query_int (Fixture    *f,
           const char *sql)
{
  g_autoptr(GError) error = NULL;
  gint64 value = kd_db_query_int (f->db, sql, &error);

  g_assert_no_error (error);
  return value;
}

/* Local time in the town (Asia/Shanghai); 2024-03-05 is a Tuesday. */
static gint64
local (int day,
       int hour,
       int minute)
{
  g_autoptr(GTimeZone) tz = g_time_zone_new_identifier ("Asia/Shanghai");
  g_autoptr(GDateTime) dt = g_date_time_new (tz, 2024, 3, day, hour, minute, 0);

  return g_date_time_to_unix (dt);
}

/* The async API, waited for. */

static void
done_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      data)
{
  *(GAsyncResult **) data = g_object_ref (result);
}

static gint64
wait_result (Fixture       *f,
             GAsyncResult **slot,
             GError       **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  while (*slot == NULL)
    g_main_context_iteration (NULL, TRUE);
  result = g_steal_pointer (slot);

  return kd_store_settings_finish (f->store, result, error);
}

static gint64
work_time (Fixture *f, const char *days, const char *hours, GError **error)
{
  GAsyncResult *result = NULL;

  kd_store_save_work_time_async (f->store, days, hours, &admin, NULL, done_cb, &result);
  return wait_result (f, &result, error);
}

static gint64
holiday (Fixture *f, const char *day, const char *name, gboolean workday, GError **error)
{
  GAsyncResult *result = NULL;

  kd_store_add_holiday_async (f->store, day, name, workday, &admin, NULL, done_cb, &result);
  return wait_result (f, &result, error);
}

static gint64
unholiday (Fixture *f, const char *day, GError **error)
{
  GAsyncResult *result = NULL;

  kd_store_delete_holiday_async (f->store, day, &admin, NULL, done_cb, &result);
  return wait_result (f, &result, error);
}

static gint64
sla_rule (Fixture *f, int kind, gboolean urgent, int response, int resolution, gboolean working,
          GError **error)
{
  GAsyncResult *result = NULL;
  KdSlaRule rule = { response, resolution, working };

  kd_store_save_sla_rule_async (f->store, kind, urgent, &rule, &admin, NULL, done_cb, &result);
  return wait_result (f, &result, error);
}

static gint64
category (Fixture *f, gint64 id, const char *name, guint kinds, GError **error)
{
  GAsyncResult *result = NULL;

  kd_store_save_category_async (f->store, id, name, kinds, &admin, NULL, done_cb, &result);
  return wait_result (f, &result, error);
}

static gpointer
insert_job (KdDb      *db,
            gpointer   data,
            KdChanges *changes,
            GError   **error)
{
  return kd_case_insert (db, data, local (5, 9, 0), changes, error);
}

/* A case reported on Tuesday 2024-03-05 at 09:00. */
static KdCase *
insert (Fixture    *f,
        const char *category_code,
        int         kind,
        GError    **error)
{
  g_autoptr(KdReport) r = kd_report_new ();

  r->village = g_strdup ("kuiduo");
  r->category = g_strdup (category_code);
  r->description = g_strdup ("村道塌方");
  r->kind = kind;
  return kd_writer_run_sync (kd_store_get_writer (f->store), insert_job, r, g_object_unref, error);
}

/* Everything the settings writes, in one string. */
static char *
snapshot (Fixture *f)
{
  g_autofree char *days = kd_settings_dup (f->db, "work_days", NULL);
  g_autofree char *hours = kd_settings_dup (f->db, "work_hours", NULL);

  return g_strdup_printf ("%s|%s|%" G_GINT64_FORMAT "|%" G_GINT64_FORMAT "|%" G_GINT64_FORMAT
                          "|%" G_GINT64_FORMAT "|%" G_GINT64_FORMAT, days, hours,
                          query_int (f, "SELECT count(*) FROM holidays"),
                          query_int (f, "SELECT sum (response_minutes * 7 + resolution_minutes * 3 + working_time) FROM sla_rules"),
                          query_int (f, "SELECT count(*) FROM categories"),
                          query_int (f, "SELECT sum (kinds * id) FROM categories"),
                          query_int (f, "SELECT count(*) FROM audit_log"));
}

static void
test_refusals (Fixture       *f,
               gconstpointer  data)
{
  g_autofree char *before = snapshot (f);
  g_autofree char *after = NULL;
  gint64 roads = query_int (f, "SELECT id FROM categories WHERE code = 'roads'");
  static const char * const bad_days[][2] = {
    { "12385", "09:00-12:00" }, { "", "09:00-12:00" }, { "12345", "9 to 5" },
    { "12345", "13:00-12:00" }, { "12345", "" },
  };
  static const char * const bad_holidays[][2] = {
    { "2026-02-30", "春节" }, { "2026-1-01", "元旦" }, { "tomorrow", "元旦" },
    { "2026-10-01", "" }, { "2026-10-01", "国庆\n节" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (bad_days); i++)
    {
      g_autoptr(GError) error = NULL;

      g_assert_cmpint (work_time (f, bad_days[i][0], bad_days[i][1], &error), ==, 0);
      g_assert_error (error, KD_SETTINGS_ERROR, KD_SETTINGS_ERROR_WORK_TIME);
    }
  for (gsize i = 0; i < G_N_ELEMENTS (bad_holidays); i++)
    {
      g_autoptr(GError) error = NULL;

      g_assert_cmpint (holiday (f, bad_holidays[i][0], bad_holidays[i][1], FALSE, &error), ==, 0);
      g_assert_error (error, KD_SETTINGS_ERROR, KD_SETTINGS_ERROR_HOLIDAY);
    }
  {
    g_autoptr(GError) e1 = NULL, e2 = NULL, e3 = NULL, e4 = NULL;
    g_autoptr(GError) e5 = NULL, e6 = NULL, e7 = NULL, e8 = NULL, e9 = NULL;

    g_assert_cmpint (unholiday (f, "2026-10-01", &e1), ==, 0);
    g_assert_error (e1, KD_SETTINGS_ERROR, KD_SETTINGS_ERROR_NOT_FOUND);
    g_assert_cmpint (sla_rule (f, 0, FALSE, 0, 60, TRUE, &e2), ==, 0);
    g_assert_error (e2, KD_SETTINGS_ERROR, KD_SETTINGS_ERROR_SLA_RULE);
    g_assert_cmpint (sla_rule (f, 0, FALSE, 120, 60, TRUE, &e3), ==, 0);
    g_assert_error (e3, KD_SETTINGS_ERROR, KD_SETTINGS_ERROR_SLA_RULE);
    g_assert_cmpint (sla_rule (f, KD_CASE_N_KINDS, FALSE, 60, 120, TRUE, &e4), ==, 0);
    g_assert_error (e4, KD_SETTINGS_ERROR, KD_SETTINGS_ERROR_SLA_RULE);
    g_assert_cmpint (category (f, roads, "道路", 0, &e5), ==, 0);
    g_assert_error (e5, KD_SETTINGS_ERROR, KD_SETTINGS_ERROR_CATEGORY);
    g_assert_cmpint (category (f, roads, "道路", 1u << 7, &e6), ==, 0);
    g_assert_error (e6, KD_SETTINGS_ERROR, KD_SETTINGS_ERROR_CATEGORY);
    g_assert_cmpint (category (f, roads, "  ", 1, &e7), ==, 0);
    g_assert_error (e7, KD_SETTINGS_ERROR, KD_SETTINGS_ERROR_CATEGORY);
    g_assert_cmpint (category (f, 0, "新类别", 0, &e8), ==, 0);
    g_assert_error (e8, KD_SETTINGS_ERROR, KD_SETTINGS_ERROR_CATEGORY);
    g_assert_cmpint (category (f, 99999, "新类别", 1, &e9), ==, 0);
    g_assert_error (e9, KD_SETTINGS_ERROR, KD_SETTINGS_ERROR_NOT_FOUND);
  }

  after = snapshot (f);
  g_assert_cmpstr (after, ==, before);
}

/* The saved working time is what kd_calendar_load() reads; holidays too. */
static void
test_work_time (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KdCalendar) before = kd_calendar_load (f->db, &error);
  g_autoptr(KdCalendar) after = NULL;
  g_autoptr(GPtrArray) holidays = NULL;
  g_autoptr(GListModel) audit = NULL;
  KdAuditFilter filter = { .action = "settings" };
  gint64 tue = local (5, 0, 0), wed = local (6, 0, 0), sat = local (9, 0, 0), sun = local (10, 0, 0);

  g_assert_no_error (error);
  g_assert_cmpint (kd_calendar_working_minutes (before, tue, wed), ==, 420);
  g_assert_cmpint (kd_calendar_working_minutes (before, sat, sun), ==, 0);

  g_assert_cmpint (work_time (f, " 123456 ", "08:00-12:00", &error), ==, 1);
  g_assert_no_error (error);
  g_assert_cmpint (holiday (f, "2024-03-05", "假日", FALSE, &error), ==, 1);
  g_assert_no_error (error);
  g_assert_cmpint (holiday (f, "2024-03-10", "调休", TRUE, &error), ==, 1);
  g_assert_no_error (error);

  after = kd_calendar_load (f->db, &error);
  g_assert_no_error (error);
  g_assert_cmpint (kd_calendar_working_minutes (after, tue, wed), ==, 0);
  g_assert_cmpint (kd_calendar_working_minutes (after, wed, local (7, 0, 0)), ==, 240);
  g_assert_cmpint (kd_calendar_working_minutes (after, sat, sun), ==, 240);
  g_assert_cmpint (kd_calendar_working_minutes (after, sun, local (11, 0, 0)), ==, 240);

  holidays = kd_holiday_list (f->db, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (holidays->len, ==, 2);
  g_assert_cmpstr (((KdHoliday *) holidays->pdata[1])->name, ==, "调休");
  g_assert_true (((KdHoliday *) holidays->pdata[1])->is_workday);

  g_assert_cmpint (unholiday (f, "2024-03-05", &error), ==, 1);
  g_assert_no_error (error);
  g_clear_pointer (&after, kd_calendar_free);
  after = kd_calendar_load (f->db, &error);
  g_assert_cmpint (kd_calendar_working_minutes (after, tue, wed), ==, 240);

  audit = kd_audit_query (f->db, &filter, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (audit), ==, 4);
}

/* A new rule gives new cases their deadlines. */
static void
test_sla_rule (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KdCase) old = insert (f, "roads", -1, &error);
  g_autoptr(KdCase) new = NULL;

  g_assert_no_error (error);
  g_assert_cmpint (kd_case_get_response_due_at (old), ==, local (5, 17, 30));

  g_assert_cmpint (sla_rule (f, KD_CASE_KIND_LIVELIHOOD, FALSE, 60, 24 * 60, FALSE, &error), ==, 1);
  g_assert_no_error (error);
  new = insert (f, "roads", -1, &error);
  g_assert_no_error (error);
  g_assert_cmpint (kd_case_get_response_due_at (new), ==, local (5, 10, 0));
  g_assert_cmpint (kd_case_get_resolution_due_at (new), ==, local (6, 9, 0));
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM audit_log WHERE action = 'settings.sla-rule'"), ==, 1);
}

/* The kinds of a category decide the kinds of report it takes. */
static void
test_category_kinds (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KdCase) policy = NULL;
  g_autoptr(KdCase) refused = NULL;
  g_autoptr(KdCase) service = NULL;
  g_autofree char *code = NULL;
  gint64 roads = query_int (f, "SELECT id FROM categories WHERE code = 'roads'");
  gint64 id;

  g_assert_cmpint (category (f, roads, " 道路与桥梁 ", 1u << KD_CASE_KIND_POLICY, &error), ==, roads);
  g_assert_no_error (error);
  policy = insert (f, "roads", -1, &error);
  g_assert_no_error (error);
  g_assert_cmpint (kd_case_get_kind (policy), ==, KD_CASE_KIND_POLICY);
  refused = insert (f, "roads", KD_CASE_KIND_LIVELIHOOD, &error);
  g_assert_null (refused);
  g_assert_nonnull (error);
  g_clear_error (&error);

  id = category (f, 0, "户籍证明", 1u << KD_CASE_KIND_SERVICE, &error);
  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM categories WHERE name = '道路与桥梁'"), ==, 1);
  g_assert_cmpint (query_int (f, "SELECT max (position) FROM categories"), ==,
                   query_int (f, "SELECT position FROM categories ORDER BY id DESC LIMIT 1"));
  {
    g_autofree char *sql = g_strdup_printf ("SELECT code FROM categories WHERE id = %" G_GINT64_FORMAT, id);
    sqlite3_stmt *stmt = kd_db_prepare (f->db, sql, &error);

    g_assert_no_error (error);
    g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
    code = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
    sqlite3_reset (stmt);
  }
  service = insert (f, code, -1, &error);
  g_assert_no_error (error);
  g_assert_cmpint (kd_case_get_kind (service), ==, KD_CASE_KIND_SERVICE);
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM audit_log WHERE action LIKE 'category.%'"), ==, 2);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/settings/refusals", Fixture, NULL, fixture_setup, test_refusals, fixture_teardown);
  g_test_add ("/settings/work-time", Fixture, NULL, fixture_setup, test_work_time, fixture_teardown);
  g_test_add ("/settings/sla-rule", Fixture, NULL, fixture_setup, test_sla_rule, fixture_teardown);
  g_test_add ("/settings/category-kinds", Fixture, NULL, fixture_setup, test_category_kinds, fixture_teardown);

  return g_test_run ();
}
