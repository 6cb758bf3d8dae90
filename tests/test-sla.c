/* test-sla.c: working-time arithmetic and the SLA deadlines of new cases. */
#include "config.h"

#include "kd-store.h"
#include "kd-sla.h"
#include "kd-test-util.h"

/* Friday 1 March 2024, then the weekend, then Monday 4 March. */
#define FRI 1
#define SAT 2
#define SUN 3
#define MON 4
#define TUE 5

static GTimeZone *
china (void)
{
  GTimeZone *tz = g_time_zone_new_identifier ("Asia/Shanghai");

  return tz ? tz : g_time_zone_new_identifier ("+08:00");
}

/* March 2024 in Beijing time, as unix seconds. */
static gint64
at (int day,
    int hour,
    int minute)
{
  g_autoptr(GTimeZone) tz = china ();
  g_autoptr(GDateTime) dt = g_date_time_new (tz, 2024, 3, day, hour, minute, 0);

  return g_date_time_to_unix (dt);
}

static KdCalendar *
township (void)
{
  g_autoptr(GError) error = NULL;
  KdCalendar *cal = kd_calendar_new ("12345", "09:00-12:00,13:30-17:30", "Asia/Shanghai", &error);

  g_assert_no_error (error);
  g_assert_nonnull (cal);
  return cal;
}

static void
test_lunch_and_nights (void)
{
  g_autoptr(KdCalendar) cal = township ();

  /* An hour before lunch, an hour after it. */
  g_assert_cmpint (kd_calendar_add_working_minutes (cal, at (MON, 11, 0), 120), ==, at (MON, 14, 30));
  /* Started during lunch: the clock starts at 13:30. */
  g_assert_cmpint (kd_calendar_add_working_minutes (cal, at (MON, 12, 15), 30), ==, at (MON, 14, 0));
  /* Half an hour this evening, half an hour tomorrow morning. */
  g_assert_cmpint (kd_calendar_add_working_minutes (cal, at (MON, 17, 0), 60), ==, at (TUE, 9, 30));
  /* Reported at night: one working day is the whole of the next one. */
  g_assert_cmpint (kd_calendar_add_working_minutes (cal, at (MON, 23, 0), 420), ==, at (TUE, 17, 30));
  /* Ending exactly at lunch stays at 12:00, not 13:30. */
  g_assert_cmpint (kd_calendar_add_working_minutes (cal, at (MON, 9, 0), 180), ==, at (MON, 12, 0));
  /* Nothing to add: the time itself, working time or not. */
  g_assert_cmpint (kd_calendar_add_working_minutes (cal, at (SAT, 3, 0), 0), ==, at (SAT, 3, 0));

  g_assert_cmpint (kd_calendar_working_minutes (cal, at (MON, 11, 30), at (MON, 14, 0)), ==, 60);
  g_assert_cmpint (kd_calendar_working_minutes (cal, at (MON, 17, 0), at (TUE, 9, 30)), ==, 60);
  g_assert_cmpint (kd_calendar_working_minutes (cal, at (MON, 0, 0), at (TUE, 0, 0)), ==, 420);
  g_assert_cmpint (kd_calendar_working_minutes (cal, at (TUE, 0, 0), at (MON, 0, 0)), ==, 0);
}

static void
test_weekends (void)
{
  g_autoptr(KdCalendar) cal = township ();

  g_assert_cmpint (kd_calendar_add_working_minutes (cal, at (FRI, 17, 0), 60), ==, at (MON, 9, 30));
  g_assert_cmpint (kd_calendar_add_working_minutes (cal, at (SAT, 10, 0), 1), ==, at (MON, 9, 1));
  g_assert_cmpint (kd_calendar_working_minutes (cal, at (FRI, 16, 0), at (MON, 10, 0)), ==, 150);
  g_assert_cmpint (kd_calendar_working_minutes (cal, at (SAT, 0, 0), at (MON, 0, 0)), ==, 0);
  /* Five working days from Friday noon: the next Friday noon. */
  g_assert_cmpint (kd_calendar_add_working_minutes (cal, at (FRI, 12, 0), 2100), ==, at (FRI + 7, 12, 0));
}

static void
test_holidays (void)
{
  g_autoptr(KdCalendar) cal = township ();
  g_autoptr(GTimeZone) tz = china ();
  g_autoptr(GDateTime) saturday = g_date_time_new (tz, 2024, 3, SAT, 12, 0, 0);
  g_autoptr(GDateTime) monday = g_date_time_new (tz, 2024, 3, MON, 12, 0, 0);

  /* Monday is a public holiday: Friday evening runs on to Tuesday. */
  kd_calendar_add_holiday (cal, "2024-03-04", FALSE);
  g_assert_false (kd_calendar_is_working_day (cal, monday));
  g_assert_cmpint (kd_calendar_add_working_minutes (cal, at (FRI, 17, 0), 60), ==, at (TUE, 9, 30));
  g_assert_cmpint (kd_calendar_working_minutes (cal, at (FRI, 17, 0), at (TUE, 10, 0)), ==, 90);

  /* …made up on the Saturday before (调休): that Saturday is worked. */
  kd_calendar_add_holiday (cal, "2024-03-02", TRUE);
  g_assert_true (kd_calendar_is_working_day (cal, saturday));
  g_assert_cmpint (kd_calendar_add_working_minutes (cal, at (FRI, 17, 0), 60), ==, at (SAT, 9, 30));
  g_assert_cmpint (kd_calendar_working_minutes (cal, at (FRI, 17, 0), at (TUE, 10, 0)), ==, 30 + 420 + 60);
}

/* Adding and measuring agree, from any time, for any amount. */
static void
test_round_trip (void)
{
  g_autoptr(KdCalendar) cal = township ();

  kd_calendar_add_holiday (cal, "2024-03-06", FALSE);
  kd_calendar_add_holiday (cal, "2024-03-09", TRUE);
  for (gint64 from = at (FRI, 0, 0); from < at (FRI + 9, 0, 0); from += 37 * 60)
    for (int n = 1; n < 3000; n += 97)
      {
        gint64 to = kd_calendar_add_working_minutes (cal, from, n);

        g_assert_cmpint (to, >, from);
        g_assert_cmpint (kd_calendar_working_minutes (cal, from, to), ==, n);
      }
}

static void
test_pauses (void)
{
  g_autoptr(KdCalendar) cal = township ();
  KdSlaRule working = { 420, 2100, TRUE };
  KdSlaRule clock = { 120, 1440, FALSE };

  /* Paused Monday 16:00 to Tuesday 09:30: 90 + 30 working minutes. */
  g_assert_cmpint (kd_sla_shift (cal, &working, at (TUE, 10, 0), at (MON, 16, 0), at (TUE, 9, 30)),
                   ==, at (TUE, 12, 0));
  /* A pause over the weekend only costs no working time. */
  g_assert_cmpint (kd_sla_shift (cal, &working, at (TUE, 10, 0), at (FRI, 18, 0), at (MON, 8, 0)),
                   ==, at (TUE, 10, 0));
  /* The clock's rule counts all of it. */
  g_assert_cmpint (kd_sla_shift (cal, &clock, at (SAT, 1, 0), at (FRI, 18, 0), at (FRI, 20, 30)),
                   ==, at (SAT, 3, 30));
  /* A pause that ended before it began changes nothing. */
  g_assert_cmpint (kd_sla_shift (cal, &working, at (TUE, 10, 0), at (MON, 16, 0), at (MON, 15, 0)),
                   ==, at (TUE, 10, 0));
}

static void
test_emergency_clock (void)
{
  g_autoptr(KdCalendar) cal = township ();
  KdSlaRule emergency = { 120, 1440, FALSE };
  KdSlaRule livelihood = { 420, 2100, TRUE };

  /* Saturday night: two hours of the clock, not of working time. */
  g_assert_cmpint (kd_sla_deadline (cal, &emergency, at (SAT, 23, 0), emergency.response_minutes),
                   ==, at (SUN, 1, 0));
  g_assert_cmpint (kd_sla_deadline (cal, &emergency, at (SAT, 23, 0), emergency.resolution_minutes),
                   ==, at (SUN, 23, 0));
  g_assert_cmpint (kd_sla_deadline (cal, &livelihood, at (SAT, 23, 0), livelihood.response_minutes),
                   ==, at (MON, 17, 30));
}

static void
test_bad_settings (void)
{
  struct { const char *days, *hours, *tz; } bad[] = {
    { "", "09:00-12:00", "Asia/Shanghai" },
    { "12385", "09:00-12:00", "Asia/Shanghai" },
    { "12345", "", "Asia/Shanghai" },
    { "12345", "09:00-08:00", "Asia/Shanghai" },
    { "12345", "13:00-14:00,09:00-10:00", "Asia/Shanghai" },
    { "12345", "9h-12h", "Asia/Shanghai" },
    { "12345", "09:00-25:00", "Asia/Shanghai" },
    { "12345", "09:00-12:00", "Mars/Olympus_Mons" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(KdCalendar) cal = kd_calendar_new (bad[i].days, bad[i].hours, bad[i].tz, &error);

      g_assert_null (cal);
      g_assert_nonnull (error);
    }
}

typedef struct
{
  char    *dir;
  KdStore *store;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  f->store = kd_test_store_new ("kd-sla-XXXXXX", &f->dir);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_clear_object (&f->store);
  kd_test_remove_tree (f->dir);
  g_free (f->dir);
}

typedef struct
{
  KdReport *report;
  gint64    at;
} Insert;

static gpointer
insert_job (KdDb      *db,
            gpointer   data,
            KdChanges *changes,
            GError   **error)
{
  Insert *ins = data;

  if (!kd_db_exec (db, "INSERT OR IGNORE INTO holidays (day, name, is_workday) VALUES ('2024-03-04', '假日', 0)", error))
    return NULL;
  return kd_case_insert (db, ins->report, ins->at, changes, error);
}

static KdCase *
insert_at (Fixture    *f,
           const char *category,
           gboolean    urgent,
           int         kind,
           gint64      when,
           GError    **error)
{
  g_autoptr(KdReport) r = kd_report_new ();
  Insert ins = { r, when };

  r->village = g_strdup ("kuiduo");
  r->category = g_strdup (category);
  r->description = g_strdup ("村道塌方");
  r->urgent = urgent;
  r->kind = kind;
  return kd_writer_run_sync (kd_store_get_writer (f->store), insert_job, &ins, g_object_unref, error);
}

/* A new case gets its kind and deadlines from the town's own calendar. */
static void
test_case_deadlines (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KdCase) plain = insert_at (f, "roads", FALSE, -1, at (FRI, 17, 0), &error);
  g_autoptr(KdCase) urgent = NULL;
  g_autoptr(KdCase) policy = NULL;
  g_autoptr(KdCase) wrong = NULL;

  g_assert_no_error (error);
  g_assert_cmpint (kd_case_get_kind (plain), ==, KD_CASE_KIND_LIVELIHOOD);
  /* One working day: Friday's last half hour, then Tuesday (Monday is a
   * holiday) until 17:00; five: the Monday after next, 17:00. */
  g_assert_cmpint (kd_case_get_response_due_at (plain), ==, at (TUE, 17, 0));
  g_assert_cmpint (kd_case_get_resolution_due_at (plain), ==, at (MON + 7, 17, 0));

  /* Urgent in a category offered for emergencies: an emergency, on the clock. */
  urgent = insert_at (f, "roads", TRUE, -1, at (FRI, 17, 0), &error);
  g_assert_no_error (error);
  g_assert_cmpint (kd_case_get_kind (urgent), ==, KD_CASE_KIND_EMERGENCY);
  g_assert_true (kd_case_get_urgent (urgent));
  g_assert_cmpint (kd_case_get_response_due_at (urgent), ==, at (FRI, 19, 0));
  g_assert_cmpint (kd_case_get_resolution_due_at (urgent), ==, at (SAT, 17, 0));

  /* A policy category makes a policy question; an emergency kind makes it urgent. */
  policy = insert_at (f, "policy-farming", FALSE, -1, at (FRI, 17, 0), &error);
  g_assert_no_error (error);
  g_assert_cmpint (kd_case_get_kind (policy), ==, KD_CASE_KIND_POLICY);
  g_clear_object (&urgent);
  urgent = insert_at (f, "water-power", FALSE, KD_CASE_KIND_EMERGENCY, at (FRI, 17, 0), &error);
  g_assert_no_error (error);
  g_assert_true (kd_case_get_urgent (urgent));

  /* A kind the category is not offered for is refused. */
  wrong = insert_at (f, "policy-farming", FALSE, KD_CASE_KIND_INTEGRITY, at (FRI, 17, 0), &error);
  g_assert_null (wrong);
  g_assert_error (error, KD_REPORT_ERROR, KD_REPORT_FIELD_KIND);
  g_clear_error (&error);
  wrong = insert_at (f, "roads", FALSE, 99, at (FRI, 17, 0), &error);
  g_assert_null (wrong);
  g_assert_error (error, KD_REPORT_ERROR, KD_REPORT_FIELD_KIND);
}

static KdCase *
insert_now (KdDb        *db,
            const char  *village,
            gint64       when,
            KdChanges   *changes,
            GError     **error)
{
  g_autoptr(KdReport) r = kd_report_new ();

  r->village = g_strdup (village);
  r->category = g_strdup ("roads");
  r->description = g_strdup ("村道塌方");
  return kd_case_insert (db, r, when, changes, error);
}

static gint64
response_due (KdDb       *db,
              KdChanges  *changes,
              const char *sql)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KdCase) kase = NULL;

  g_assert_true (sql == NULL || kd_db_exec (db, sql, &error));
  g_assert_no_error (error);
  kase = insert_now (db, "kuiduo", at (FRI, 17, 0), changes, &error);
  g_assert_no_error (error);
  return kd_case_get_response_due_at (kase);
}

static gpointer
settings_change_job (KdDb      *db,
                     gpointer   data,
                     KdChanges *changes,
                     GError   **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(KdCase) kase = NULL;

  g_assert_cmpint (response_due (db, changes, NULL), ==, at (MON, 17, 0));
  g_assert_cmpint (response_due (db, changes, "INSERT INTO holidays (day, name) VALUES ('2024-03-04', '假日')"),
                   ==, at (TUE, 17, 0));
  g_assert_cmpint (response_due (db, changes, "DELETE FROM holidays"), ==, at (MON, 17, 0));
  g_assert_cmpint (response_due (db, changes, "UPDATE sla_rules SET response_minutes = 60 WHERE kind = 0"),
                   ==, at (MON, 9, 30));
  g_assert_cmpint (response_due (db, changes, "UPDATE settings SET value = '123456' WHERE key = 'work_days'"),
                   ==, at (SAT, 9, 30));

  /* The categories and villages too. */
  g_assert_true (kd_db_exec (db, "UPDATE categories SET kinds = 4 WHERE code = 'roads'", &local_error));
  kase = insert_now (db, "kuiduo", at (FRI, 17, 0), changes, &local_error);
  g_assert_no_error (local_error);
  g_assert_cmpint (kd_case_get_kind (kase), ==, KD_CASE_KIND_POLICY);
  g_assert_true (kd_db_exec (db, "UPDATE villages SET code = 'kuiduo-1' WHERE code = 'kuiduo'", &local_error));
  g_clear_object (&kase);
  kase = insert_now (db, "kuiduo", at (FRI, 17, 0), changes, &local_error);
  g_assert_null (kase);
  g_assert_error (local_error, KD_REPORT_ERROR, KD_REPORT_FIELD_VILLAGE);

  return GINT_TO_POINTER (TRUE);
}

/* What a new case reads from the settings is seen at once when they change,
 * also within one transaction (the writer keeps it between reports). */
static void
test_deadlines_follow_settings (Fixture       *f,
                                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  g_assert_nonnull (kd_writer_run_sync (kd_store_get_writer (f->store), settings_change_job, NULL, NULL, &error));
  g_assert_no_error (error);
}

typedef struct
{
  GMutex   mutex;
  GCond    cond;
  gboolean entered;
  gboolean go;
} Gate;

static gpointer
gate_job (KdDb      *db,
          gpointer   data,
          KdChanges *changes,
          GError   **error)
{
  Gate *gate = data;

  g_mutex_lock (&gate->mutex);
  gate->entered = TRUE;
  g_cond_broadcast (&gate->cond);
  while (!gate->go)
    g_cond_wait (&gate->cond, &gate->mutex);
  g_mutex_unlock (&gate->mutex);
  return GINT_TO_POINTER (TRUE);
}

/* Adds a holiday, makes a case that reads it, then fails: rolled back. */
static gpointer
failing_job (KdDb      *db,
             gpointer   data,
             KdChanges *changes,
             GError   **error)
{
  g_assert_cmpint (response_due (db, changes, "INSERT INTO holidays (day, name) VALUES ('2024-03-04', '假日')"),
                   ==, at (TUE, 17, 0));
  g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED, "refused");
  return NULL;
}

static gpointer
plain_job (KdDb      *db,
           gpointer   data,
           KdChanges *changes,
           GError   **error)
{
  return kd_case_insert (db, data, at (FRI, 17, 0), changes, error);
}

static void
done_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      data)
{
  GAsyncResult **out = data;

  *out = g_object_ref (result);
}

/* A job rolled back takes what it changed in the settings with it, also for
 * the next job of the same transaction. */
static void
test_deadlines_after_rollback (Fixture       *f,
                               gconstpointer  data)
{
  KdWriter *writer = kd_store_get_writer (f->store);
  g_autoptr(GAsyncResult) gated = NULL, failed = NULL, plain = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(KdCase) kase = NULL;
  KdReport *r = kd_report_new ();
  Gate gate = { 0 };

  r->village = g_strdup ("kuiduo");
  r->category = g_strdup ("roads");
  r->description = g_strdup ("村道塌方");

  /* The writer waits in the first job while the other two queue: they go
   * into one transaction together. */
  g_mutex_init (&gate.mutex);
  g_cond_init (&gate.cond);
  kd_writer_submit (writer, gate_job, &gate, NULL, NULL, NULL, done_cb, &gated);
  g_mutex_lock (&gate.mutex);
  while (!gate.entered)
    g_cond_wait (&gate.cond, &gate.mutex);
  kd_writer_submit (writer, failing_job, NULL, NULL, NULL, NULL, done_cb, &failed);
  kd_writer_submit (writer, plain_job, r, (GDestroyNotify) kd_report_free, g_object_unref, NULL, done_cb, &plain);
  gate.go = TRUE;
  g_cond_broadcast (&gate.cond);
  g_mutex_unlock (&gate.mutex);

  while (gated == NULL || failed == NULL || plain == NULL)
    g_main_context_iteration (NULL, TRUE);

  g_assert_null (kd_writer_submit_finish (failed, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_FAILED);
  g_clear_error (&error);
  kase = kd_writer_submit_finish (plain, &error);
  g_assert_no_error (error);
  g_assert_cmpint (kd_case_get_response_due_at (kase), ==, at (MON, 17, 0));
  g_mutex_clear (&gate.mutex);
  g_cond_clear (&gate.cond);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/kd/sla/calendar/lunch-and-nights", test_lunch_and_nights);
  g_test_add_func ("/kd/sla/calendar/weekends", test_weekends);
  g_test_add_func ("/kd/sla/calendar/holidays", test_holidays);
  g_test_add_func ("/kd/sla/calendar/round-trip", test_round_trip);
  g_test_add_func ("/kd/sla/calendar/bad-settings", test_bad_settings);
  g_test_add_func ("/kd/sla/deadline/pauses", test_pauses);
  g_test_add_func ("/kd/sla/deadline/emergency", test_emergency_clock);
  g_test_add ("/kd/sla/deadline/new-cases", Fixture, NULL, fixture_setup, test_case_deadlines, fixture_teardown);
  g_test_add ("/kd/sla/deadline/follow-settings", Fixture, NULL, fixture_setup,
              test_deadlines_follow_settings, fixture_teardown);
  g_test_add ("/kd/sla/deadline/after-rollback", Fixture, NULL, fixture_setup,
              test_deadlines_after_rollback, fixture_teardown);

  return g_test_run ();
}
