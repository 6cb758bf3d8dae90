/* test-sessions.c: phone sessions, attendance and the audit log. */
#include "config.h"

#include <string.h>

#include "kd-test-cadres.h"
#include "kd-attendance.h"
#include "kd-audit.h"
#include "kd-auth.h"
#include "kd-session.h"

/* Sessions */

static gpointer
session_job (KdDb      *db,
             gpointer   data,
             KdChanges *changes,
             GError   **error)
{
  char **token = data;

  return kd_session_create (db, kd_db_query_int (db, "SELECT id FROM cadres WHERE username = 'sec'", NULL),
                            "192.168.1.50", T0, token, changes, error);
}

static gpointer
purge_job (KdDb      *db,
           gpointer   data,
           KdChanges *changes,
           GError   **error)
{
  return GSIZE_TO_POINTER (kd_session_purge_expired (db, T0 + KD_SESSION_LIFETIME, changes, error) + 1);
}

static void
test_sessions (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(KdCadre) sec = make_cadre (f, "sec", KD_ROLE_VILLAGE_SECRETARY, f->village_id);
  KdDb *reader = kd_store_get_reader (f->store);
  g_autoptr(GError) error = NULL;
  g_autofree char *token = NULL;
  g_autofree char *hash = NULL;
  g_autofree char *sql = NULL;
  g_autoptr(KdSession) session = NULL;
  g_autoptr(KdSession) found = NULL;
  g_autoptr(KdSession) late = NULL;
  g_autoptr(KdSession) wrong = NULL;

  session = kd_writer_run_sync (kd_store_get_writer (f->store), session_job, &token, g_object_unref, &error);
  g_assert_no_error (error);
  g_assert_nonnull (token);
  g_assert_cmpuint (strlen (token), ==, 43);
  g_assert_cmpint (kd_session_get_expires_at (session), ==, T0 + 12 * 3600);

  /* Only the digest is kept. */
  hash = kd_auth_token_hash (token);
  sql = g_strdup_printf ("SELECT count(*) FROM sessions WHERE token_hash = '%s'", hash);
  g_assert_cmpint (query_int (f, sql), ==, 1);
  g_clear_pointer (&sql, g_free);
  sql = g_strdup_printf ("SELECT count(*) FROM sessions WHERE instr (token_hash || csrf || address, '%s')", token);
  g_assert_cmpint (query_int (f, sql), ==, 0);

  found = kd_session_lookup (reader, token, T0 + 60, &error);
  g_assert_no_error (error);
  g_assert_nonnull (found);
  g_assert_cmpint (kd_cadre_get_id (kd_session_get_cadre (found)), ==, kd_cadre_get_id (sec));
  g_assert_cmpstr (kd_session_get_csrf (found), ==, kd_session_get_csrf (session));
  g_assert_cmpstr (kd_session_get_address (found), ==, "192.168.1.50");

  /* CSRF: the exact token only. */
  g_assert_true (kd_session_check_csrf (found, kd_session_get_csrf (session)));
  g_assert_false (kd_session_check_csrf (found, NULL));
  g_assert_false (kd_session_check_csrf (found, ""));
  {
    g_autofree char *shorter = g_strndup (kd_session_get_csrf (session), 42);
    g_autofree char *changed = g_strdup (kd_session_get_csrf (session));

    changed[0] = changed[0] == 'A' ? 'B' : 'A';
    g_assert_false (kd_session_check_csrf (found, shorter));
    g_assert_false (kd_session_check_csrf (found, changed));
  }

  /* Expired after 12 hours; unknown and absurd tokens find nothing. */
  late = kd_session_lookup (reader, token, T0 + KD_SESSION_LIFETIME, &error);
  g_assert_no_error (error);
  g_assert_null (late);
  wrong = kd_session_lookup (reader, hash, T0 + 60, &error);
  g_assert_null (wrong);
  g_assert_null (kd_session_lookup (reader, "", T0, &error));
  g_assert_null (kd_session_lookup (reader, NULL, T0, &error));
  g_assert_no_error (error);

  g_assert_cmpuint (GPOINTER_TO_SIZE (kd_writer_run_sync (kd_store_get_writer (f->store), purge_job,
                                                          NULL, NULL, &error)), ==, 2);
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM sessions"), ==, 0);
}

static void
test_session_end (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(KdCadre) sec = make_cadre (f, "sec", KD_ROLE_VILLAGE_SECRETARY, f->village_id);
  KdDb *reader = kd_store_get_reader (f->store);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *token = NULL;
  g_autofree char *token2 = NULL;
  g_autofree char *token3 = NULL;
  g_autoptr(KdSession) session = NULL;
  g_autoptr(KdSession) session2 = NULL;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;

  kd_store_create_session_async (f->store, kd_cadre_get_id (sec), "192.168.1.50", NULL, got_result, &result);
  session = kd_store_create_session_finish (f->store, wait_for (&result), &token, &error);
  g_assert_no_error (error);
  g_clear_object (&result);
  g_assert_nonnull (token);
  g_assert_null (g_object_get_data (G_OBJECT (session), "kd-session-token"));
  g_assert_true (kd_session_lookup (reader, token, now, NULL) != NULL);

  /* Signing out. */
  kd_store_delete_session_async (f->store, token, "192.168.1.50", NULL, got_result, &result);
  g_assert_true (kd_store_delete_session_finish (f->store, wait_for (&result), &error));
  g_clear_object (&result);
  g_assert_null (kd_session_lookup (reader, token, now, NULL));
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM audit_log WHERE action = 'sign-out'"), ==, 1);

  /* Deactivating the account ends its sessions. */
  kd_store_create_session_async (f->store, kd_cadre_get_id (sec), NULL, NULL, got_result, &result);
  session2 = kd_store_create_session_finish (f->store, wait_for (&result), &token2, &error);
  g_assert_no_error (error);
  g_clear_object (&result);
  kd_store_set_cadre_active_async (f->store, f->admin, kd_cadre_get_id (sec), FALSE, NULL, got_result, &result);
  g_assert_true (kd_store_set_cadre_active_finish (f->store, wait_for (&result), &error));
  g_clear_object (&result);
  g_assert_null (kd_session_lookup (reader, token2, now, NULL));
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM sessions"), ==, 0);

  /* And none for a deactivated account. */
  kd_store_create_session_async (f->store, kd_cadre_get_id (sec), NULL, NULL, got_result, &result);
  g_assert_null (kd_store_create_session_finish (f->store, wait_for (&result), &token3, &error));
  g_assert_null (token3);
  g_assert_error (error, KD_CADRE_ERROR, KD_CADRE_ERROR_INACTIVE);
}

/* Attendance */

typedef struct
{
  gint64            cadre_id;
  KdAttendanceKind  kind;
  gint64            at;
} Clock;

static gpointer
clock_job (KdDb      *db,
           gpointer   data,
           KdChanges *changes,
           GError   **error)
{
  Clock *c = data;

  return kd_attendance_clock (db, c->cadre_id, c->kind, c->at, "192.168.1.77", changes, error);
}

static KdAttendance *
clock_at (Fixture          *f,
          gint64            cadre_id,
          KdAttendanceKind  kind,
          gint64            at,
          GError          **error)
{
  Clock c = { cadre_id, kind, at };

  return kd_writer_run_sync (kd_store_get_writer (f->store), clock_job, &c, g_object_unref, error);
}

static void
test_attendance (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(KdCadre) sec = make_cadre (f, "sec", KD_ROLE_VILLAGE_SECRETARY, f->village_id);
  KdDb *reader = kd_store_get_reader (f->store);
  gint64 id = kd_cadre_get_id (sec);
  gint64 start, end;
  gint64 morning;
  struct { KdAttendanceKind kind; gint64 offset; int error; } steps[] = {
    { KD_ATTENDANCE_OUT, 0, KD_ATTENDANCE_ERROR_NOT_IN },
    { KD_ATTENDANCE_IN,  0, -1 },
    { KD_ATTENDANCE_IN,  60, KD_ATTENDANCE_ERROR_ALREADY_IN },
    { KD_ATTENDANCE_OUT, 4 * 3600, -1 },
    { KD_ATTENDANCE_OUT, 4 * 3600 + 60, KD_ATTENDANCE_ERROR_NOT_IN },
    { KD_ATTENDANCE_IN,  5 * 3600, -1 },                 /* the afternoon */
    /* Left open in the evening; the next morning starts afresh. */
    { KD_ATTENDANCE_IN,  24 * 3600, -1 },
    { KD_ATTENDANCE_OUT, 25 * 3600, -1 },
  };

  /* 08:30 in 魁多 on the day of T0. */
  kd_attendance_day_bounds (reader, T0, &start, &end);
  g_assert_cmpint (end - start, ==, 24 * 3600);
  g_assert_cmpint (start % (24 * 3600), ==, 16 * 3600);   /* midnight at UTC+8 */
  g_assert_true (start <= T0 && T0 < end);
  morning = start + 8 * 3600 + 30 * 60;

  for (guint i = 0; i < G_N_ELEMENTS (steps); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(KdAttendance) record = clock_at (f, id, steps[i].kind, morning + steps[i].offset, &error);

      g_test_message ("step %u", i);
      if (steps[i].error < 0)
        {
          g_assert_no_error (error);
          g_assert_cmpint (kd_attendance_get_kind (record), ==, steps[i].kind);
          g_assert_cmpstr (kd_attendance_get_address (record), ==, "192.168.1.77");
        }
      else
        {
          g_assert_null (record);
          g_assert_error (error, KD_ATTENDANCE_ERROR, steps[i].error);
        }
    }

  {
    g_autoptr(GListModel) first_day = kd_attendance_list (reader, id, start, end, NULL);
    g_autoptr(GListModel) both_days = kd_attendance_list (reader, id, start, end + 24 * 3600, NULL);
    g_autoptr(KdAttendance) last = kd_attendance_last_today (reader, id, morning + 6 * 3600, NULL);
    g_autoptr(KdAttendance) first = g_list_model_get_item (first_day, 0);
    g_autoptr(KdAttendance) none = NULL;
    g_autoptr(GError) error = NULL;

    g_assert_cmpuint (g_list_model_get_n_items (first_day), ==, 3);
    g_assert_cmpuint (g_list_model_get_n_items (both_days), ==, 5);
    g_assert_cmpint (kd_attendance_get_at (first), ==, morning);
    g_assert_cmpint (kd_attendance_get_kind (last), ==, KD_ATTENDANCE_IN);   /* clocked in */
    none = kd_attendance_last_today (reader, id, morning - 3600, &error);
    g_assert_no_error (error);
    g_assert_null (none);
  }

  g_assert_cmpint (query_int (f, "SELECT count(*) FROM audit_log WHERE action LIKE 'attendance.%'"), ==, 5);
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM attendance"), ==, 5);
}

/* The audit log */

static gpointer
case_job (KdDb      *db,
          gpointer   data,
          KdChanges *changes,
          GError   **error)
{
  g_autoptr(KdReport) r = kd_report_new ();
  g_autoptr(KdCase) kase = NULL;

  r->village = g_strdup ("kuiduo");
  r->category = g_strdup ("roads");
  r->description = g_strdup ("村口的路塌了");
  r->reporter_name = g_strdup ("汤万高");
  kase = kd_case_insert (db, r, T0, changes, error);
  if (kase == NULL ||
      !kd_case_set_status (db, kd_case_get_id (kase), KD_CASE_STATUS_ACCEPTED, "李干事", NULL,
                           T0 + 60, changes, error) ||
      !kd_case_add_event (db, kd_case_get_id (kase), T0 + 120, "reply", "李干事", -1,
                          "明天派人去修", TRUE, changes, error))
    return NULL;

  return g_steal_pointer (&kase);
}

static guint
count_matches (Fixture             *f,
               const KdAuditFilter *filter)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) list = kd_audit_query (kd_store_get_reader (f->store), filter, &error);

  g_assert_no_error (error);
  return g_list_model_get_n_items (list);
}

static void
test_audit (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KdCase) kase = kd_writer_run_sync (kd_store_get_writer (f->store), case_job, NULL,
                                               g_object_unref, &error);
  g_autoptr(KdCadre) signed_in = NULL;
  g_autoptr(GListModel) all = NULL;
  g_autoptr(KdAuditEntry) newest = NULL;
  g_autoptr(KdAuditEntry) created = NULL;
  gint64 case_id;

  g_assert_no_error (error);
  case_id = kd_case_get_id (kase);
  signed_in = sign_in (f, "admin", "admin-password", T0 + 300, &error);
  g_assert_no_error (error);

  /* cadre.create (setup, now), case.accept, case.reply, sign-in: newest
   * first. The villager's report is not a cadre's change: no row. */
  all = kd_audit_query (kd_store_get_reader (f->store), NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (all), ==, 4);
  newest = g_list_model_get_item (all, 0);
  g_assert_cmpstr (kd_audit_entry_get_action (newest), ==, "cadre.create");
  created = g_list_model_get_item (all, 3);
  g_assert_cmpstr (kd_audit_entry_get_action (created), ==, "case.accept");
  g_assert_cmpint (kd_audit_entry_get_target_id (created), ==, case_id);
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM audit_log WHERE action = 'case.created'"), ==, 0);
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM audit_log WHERE instr (coalesce (actor, '') ||"
                                 " coalesce (detail, ''), '汤万高') OR instr (detail, '修')"), ==, 0);

  {
    KdAuditFilter by_case = { .target = "case", .target_id = case_id };
    KdAuditFilter by_prefix = { .action = "case" };
    KdAuditFilter by_action = { .action = "case.accept" };
    KdAuditFilter not_a_prefix = { .action = "cas" };
    KdAuditFilter by_cadre = { .cadre_id = kd_cadre_get_id (f->admin) };
    KdAuditFilter by_text = { .text = "accepted" };
    KdAuditFilter by_actor = { .text = "李干事" };
    KdAuditFilter by_time = { .from = T0 + 60, .to = T0 + 301 };
    KdAuditFilter limited = { .limit = 2 };
    KdAuditFilter page_2 = { .limit = 2 };
    g_autoptr(GListModel) first_page = kd_audit_query (kd_store_get_reader (f->store), &limited, NULL);
    g_autoptr(KdAuditEntry) last_on_page = g_list_model_get_item (first_page, 1);
    g_autoptr(GListModel) second_page = NULL;
    g_autoptr(KdAuditEntry) first_on_2 = NULL;

    g_assert_cmpuint (count_matches (f, &by_case), ==, 2);
    g_assert_cmpuint (count_matches (f, &by_prefix), ==, 2);
    g_assert_cmpuint (count_matches (f, &by_action), ==, 1);
    g_assert_cmpuint (count_matches (f, &not_a_prefix), ==, 0);
    g_assert_cmpuint (count_matches (f, &by_cadre), ==, 1);   /* the sign-in */
    g_assert_cmpuint (count_matches (f, &by_text), ==, 1);
    g_assert_cmpuint (count_matches (f, &by_actor), ==, 2);
    g_assert_cmpuint (count_matches (f, &by_time), ==, 3);
    g_assert_cmpuint (g_list_model_get_n_items (first_page), ==, 2);

    page_2.before_at = kd_audit_entry_get_at (last_on_page);
    page_2.before_id = kd_audit_entry_get_id (last_on_page);
    second_page = kd_audit_query (kd_store_get_reader (f->store), &page_2, NULL);
    g_assert_cmpuint (g_list_model_get_n_items (second_page), ==, 2);
    first_on_2 = g_list_model_get_item (second_page, 0);
    g_assert_cmpint (kd_audit_entry_get_at (first_on_2), <=, kd_audit_entry_get_at (last_on_page));
    g_assert_cmpint (kd_audit_entry_get_id (first_on_2), !=, kd_audit_entry_get_id (last_on_page));
  }

  g_assert_cmpstr (kd_audit_action_label ("no.such"), ==, "no.such");
  g_assert_cmpstr (kd_audit_action_label ("sign-in"), !=, "sign-in");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  add_test ("/kd/sessions/basics", test_sessions);
  add_test ("/kd/sessions/end", test_session_end);
  add_test ("/kd/attendance/rules", test_attendance);
  add_test ("/kd/audit/log", test_audit);

  return g_test_run ();
}
