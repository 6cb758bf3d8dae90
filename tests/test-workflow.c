/* test-workflow.c: the 你呼我应 workflow — transitions allowed and refused,
 * merging, ratings, escalation, the weekly sweep, pauses, who sees what in
 * the queue, and the hotline rates. */
#include "config.h"

#include "kd-store.h"
#include "kd-case-list.h"
#include "kd-case-event.h"
#include "kd-stats.h"
#include "kd-workflow.h"
#include "kd-rating.h"
#include "kd-sla.h"
#include "kd-test-util.h"

typedef struct
{
  char    *dir;
  KdStore *store;
  KdDb    *db;      /* the store's reader */
} Fixture;

static const KdActor clerk = { 0, "值班员" };

/* Monday 4 March 2024, 10:00 in Beijing. */
static gint64
monday (void)
{
  g_autoptr(GTimeZone) tz = g_time_zone_new_identifier ("Asia/Shanghai");
  g_autoptr(GDateTime) dt = g_date_time_new (tz ? tz : g_time_zone_new_utc (), 2024, 3, 4, 10, 0, 0);

  return g_date_time_to_unix (dt);
}

#define HOUR 3600
#define DAY  (24 * HOUR)

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  f->store = kd_test_store_new ("kd-workflow-XXXXXX", &f->dir);
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

/* One step of the workflow, run on the writer. */
typedef enum {
  ACCEPT, ASSIGN, START, RESOLVE, REJECT, MERGE, REOPEN, CLOSE, PAUSE, RESUME, SET_STATUS, SQL,
} OpKind;

typedef struct
{
  OpKind      kind;
  gint64      id;
  gint64      target;   /* village (assign), kept case (merge), status (set-status) */
  gint64      cadre;
  const char *text;     /* note, reason; the SQL for SQL */
  gint64      at;
  KdActor     actor;
} Op;

static gboolean
run_op (KdDb      *db,
        Op        *o,
        KdChanges *changes,
        GError   **error)
{
  switch (o->kind)
    {
    case ACCEPT:  return kd_workflow_accept (db, o->id, &o->actor, o->text, o->at, changes, error);
    case ASSIGN:  return kd_workflow_assign (db, o->id, o->target, o->cadre, &o->actor, o->text, o->at, changes, error);
    case START:   return kd_workflow_start (db, o->id, &o->actor, o->text, o->at, changes, error);
    case RESOLVE: return kd_workflow_resolve (db, o->id, &o->actor, o->text, o->at, changes, error);
    case REJECT:  return kd_workflow_reject (db, o->id, &o->actor, o->text, o->at, changes, error);
    case MERGE:   return kd_workflow_merge (db, o->id, o->target, &o->actor, o->text, o->at, changes, error);
    case REOPEN:  return kd_workflow_reopen (db, o->id, &o->actor, o->text, o->at, changes, error);
    case CLOSE:   return kd_workflow_close (db, o->id, &o->actor, o->text, o->at, changes, error);
    case PAUSE:   return kd_workflow_pause (db, o->id, &o->actor, o->text, o->at, changes, error);
    case RESUME:  return kd_workflow_resume (db, o->id, &o->actor, o->text, o->at, changes, error);
    case SET_STATUS:
      return kd_workflow_change_status (db, o->id, o->target, &o->actor, o->text, o->at, changes, error);
    case SQL:     return kd_db_exec (db, o->text, error);
    default:      g_assert_not_reached ();
    }
}

static gpointer
op_job (KdDb      *db,
        gpointer   data,
        KdChanges *changes,
        GError   **error)
{
  return run_op (db, data, changes, error) ? GINT_TO_POINTER (TRUE) : NULL;
}

static gboolean
op (Fixture    *f,
    OpKind      kind,
    gint64      id,
    gint64      target,
    const char *text,
    gint64      at,
    GError    **error)
{
  Op o = { kind, id, target, 0, text, at, clerk };

  return kd_writer_run_sync (kd_store_get_writer (f->store), op_job, &o, NULL, error) != NULL;
}

#define OK(f, kind, id, target, text, at) \
  G_STMT_START { \
    g_autoptr(GError) op_error = NULL; \
    g_assert_true (op (f, kind, id, target, text, at, &op_error)); \
    g_assert_no_error (op_error); \
  } G_STMT_END

/* Refused with @code, and nothing written. */
#define REFUSED(f, kind, id, target, text, at, code) \
  G_STMT_START { \
    g_autoptr(GError) op_error = NULL; \
    gint64 events_before = count (f, "SELECT count(*) FROM case_events"); \
    gint64 audit_before = count (f, "SELECT count(*) FROM audit_log"); \
    g_assert_false (op (f, kind, id, target, text, at, &op_error)); \
    g_assert_error (op_error, KD_WORKFLOW_ERROR, code); \
    g_assert_cmpint (count (f, "SELECT count(*) FROM case_events"), ==, events_before); \
    g_assert_cmpint (count (f, "SELECT count(*) FROM audit_log"), ==, audit_before); \
  } G_STMT_END

static void
sql (Fixture    *f,
     const char *text)
{
  OK (f, SQL, 0, 0, text, 0);
}

static gint64
count (Fixture    *f,
       const char *query)
{
  return kd_db_query_int (f->db, query, NULL);
}

typedef struct
{
  const char *village;
  const char *category;
  const char *phone;
  int         kind;
  gboolean    urgent;
  gint64      at;
} NewCase;

static gpointer
insert_job (KdDb      *db,
            gpointer   data,
            KdChanges *changes,
            GError   **error)
{
  NewCase *c = data;
  g_autoptr(KdReport) r = kd_report_new ();

  r->village = g_strdup (c->village ? c->village : "kuiduo");
  r->category = g_strdup (c->category ? c->category : "roads");
  r->description = g_strdup ("村道塌方，摩托车过不去");
  r->reporter_name = g_strdup ("村民甲");
  r->reporter_phone = g_strdup (c->phone);
  r->kind = c->kind;
  r->urgent = c->urgent;
  return kd_case_insert (db, r, c->at ? c->at : monday (), changes, error);
}

static gint64
insert (Fixture *f,
        NewCase  c)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KdCase) kase = kd_writer_run_sync (kd_store_get_writer (f->store), insert_job, &c,
                                               g_object_unref, &error);

  g_assert_no_error (error);
  return kd_case_get_id (kase);
}

static gint64
new_case (Fixture *f)
{
  return insert (f, (NewCase) { .kind = -1 });
}

static KdCase *
load (Fixture *f,
      gint64   id)
{
  g_autoptr(GError) error = NULL;
  KdCase *kase = kd_case_load (f->db, id, &error);

  g_assert_no_error (error);
  return kase;
}

static KdCaseStatus
status_of (Fixture *f,
           gint64   id)
{
  g_autoptr(KdCase) kase = load (f, id);

  return kd_case_get_status (kase);
}

/* Walks a new case to resolved, with a resolution note. */
static gint64
resolved_case (Fixture *f,
               gint64   at)
{
  gint64 id = insert (f, (NewCase) { .kind = -1, .at = at });

  OK (f, ACCEPT, id, 0, NULL, at + HOUR);
  OK (f, RESOLVE, id, 0, "已修复", at + 2 * HOUR);
  return id;
}

static void
test_allowed (Fixture       *f,
              gconstpointer  data)
{
  gint64 t = monday (), id = new_case (f);
  g_autoptr(KdCase) done = NULL;
  g_autoptr(GListModel) events = NULL;
  KdActor cadre = { 0, "张干部" };

  sql (f, "INSERT INTO cadres (id, username, display_name, role, village_id, password_hash, created_at)"
          " VALUES (7, 'zhang', '张干部', 'town_staff', NULL, '!', 0)");
  cadre.cadre_id = 7;
  {
    Op o = { ACCEPT, id, 0, 0, "已受理", t + HOUR, cadre };
    g_assert_nonnull (kd_writer_run_sync (kd_store_get_writer (f->store), op_job, &o, NULL, NULL));
  }
  OK (f, ASSIGN, id, 1, NULL, t + 2 * HOUR);
  OK (f, START, id, 0, NULL, t + 3 * HOUR);
  /* Resolving needs the villager told: refused without a reply or a note… */
  REFUSED (f, RESOLVE, id, 0, "  ", t + 4 * HOUR, KD_WORKFLOW_ERROR_REASON_REQUIRED);
  /* …and allowed once a public reply was written (an internal note is not one). */
  g_assert_true (kd_writer_run_sync (kd_store_get_writer (f->store), op_job,
                                     &(Op) { SQL, 0, 0, 0,
                                             "INSERT INTO case_events (case_id, at, kind, body, public)"
                                             " VALUES (1, 0, 'reply', '已派人修路', 1)", 0, clerk },
                                     NULL, NULL) != NULL);
  OK (f, RESOLVE, id, 0, NULL, t + 5 * HOUR);
  OK (f, CLOSE, id, 0, NULL, t + 6 * HOUR);

  done = load (f, id);
  g_assert_cmpint (kd_case_get_status (done), ==, KD_CASE_STATUS_CLOSED);
  g_assert_cmpint (kd_case_get_responded_at (done), ==, t + HOUR);
  g_assert_cmpint (kd_case_get_resolved_at (done), ==, t + 5 * HOUR);
  g_assert_cmpint (kd_case_get_closed_at (done), ==, t + 6 * HOUR);
  g_assert_cmpint (kd_case_get_resolutions (done), ==, 1);
  g_assert_cmpint (kd_case_get_assigned_village_id (done), ==, 1);
  g_assert_cmpstr (kd_case_get_assigned_village_name (done), ==, "魁多村");

  /* Every change: a public status event with actor and note, and an audit
   * row (the villager's report itself is not a cadre's change). */
  g_assert_cmpint (count (f, "SELECT count(*) FROM case_events WHERE kind = 'status' AND public"), ==, 5);
  g_assert_cmpint (count (f, "SELECT count(*) FROM case_events WHERE kind = 'status' AND cadre_id = 7"
                             " AND actor = '张干部' AND body = '已受理'"), ==, 1);
  g_assert_cmpint (count (f, "SELECT count(*) FROM audit_log WHERE target = 'case' AND target_id = 1"), ==, 5);
  g_assert_cmpint (count (f, "SELECT count(*) FROM audit_log WHERE cadre_id = 7 AND action = 'case.accept'"), ==, 1);
  events = kd_case_event_list (f->db, id, TRUE, NULL);
  g_assert_cmpuint (g_list_model_get_n_items (events), ==, 7);   /* created, reply, 5 changes */
}

static void
test_refused (Fixture       *f,
              gconstpointer  data)
{
  gint64 t = monday (), id = new_case (f), other = new_case (f);
  g_autoptr(KdCase) rejected = NULL;
  g_autofree char *too_long = g_strnfill (KD_WORKFLOW_MAX_NOTE + 1, 'x');

  /* Not from new. */
  REFUSED (f, START, id, 0, NULL, t, KD_WORKFLOW_ERROR_NOT_ALLOWED);
  REFUSED (f, RESOLVE, id, 0, "已修复", t, KD_WORKFLOW_ERROR_NOT_ALLOWED);
  REFUSED (f, CLOSE, id, 0, NULL, t, KD_WORKFLOW_ERROR_NOT_ALLOWED);
  REFUSED (f, REOPEN, id, 0, "没修好", t, KD_WORKFLOW_ERROR_NOT_ALLOWED);
  REFUSED (f, ASSIGN, id, 1, NULL, t, KD_WORKFLOW_ERROR_NOT_ALLOWED);
  REFUSED (f, PAUSE, id, 0, "等材料", t, KD_WORKFLOW_ERROR_NOT_ALLOWED);
  REFUSED (f, RESUME, id, 0, NULL, t, KD_WORKFLOW_ERROR_NOT_ALLOWED);
  REFUSED (f, SET_STATUS, id, KD_CASE_STATUS_NEW, NULL, t, KD_WORKFLOW_ERROR_NOT_ALLOWED);

  /* A rejection needs a reason, in plain text of sensible length. */
  REFUSED (f, REJECT, id, 0, NULL, t, KD_WORKFLOW_ERROR_REASON_REQUIRED);
  REFUSED (f, REJECT, id, 0, " \n ", t, KD_WORKFLOW_ERROR_REASON_REQUIRED);
  REFUSED (f, REJECT, id, 0, too_long, t, KD_WORKFLOW_ERROR_INVALID);
  REFUSED (f, REJECT, id, 0, "bad\x01text", t, KD_WORKFLOW_ERROR_INVALID);
  OK (f, REJECT, id, 0, " 不属于本镇受理范围 ", t + HOUR);
  rejected = load (f, id);
  g_assert_cmpint (kd_case_get_status (rejected), ==, KD_CASE_STATUS_REJECTED);
  g_assert_cmpstr (kd_case_get_reject_reason (rejected), ==, "不属于本镇受理范围");
  g_assert_cmpint (kd_case_get_responded_at (rejected), ==, t + HOUR);
  g_assert_cmpint (count (f, "SELECT count(*) FROM case_events WHERE case_id = 1 AND kind = 'status'"
                             " AND public AND body = '不属于本镇受理范围'"), ==, 1);
  /* Rejected is final. */
  REFUSED (f, ACCEPT, id, 0, NULL, t, KD_WORKFLOW_ERROR_NOT_ALLOWED);
  REFUSED (f, MERGE, id, other, NULL, t, KD_WORKFLOW_ERROR_NOT_ALLOWED);

  /* Assigning needs someone real; a case once assigned cannot be rejected. */
  OK (f, ACCEPT, other, 0, NULL, t);
  REFUSED (f, ASSIGN, other, 0, NULL, t, KD_WORKFLOW_ERROR_INVALID);
  REFUSED (f, ASSIGN, other, 999, NULL, t, KD_WORKFLOW_ERROR_INVALID);
  REFUSED (f, SET_STATUS, other, KD_CASE_STATUS_ASSIGNED, NULL, t, KD_WORKFLOW_ERROR_INVALID);
  REFUSED (f, SET_STATUS, other, KD_CASE_STATUS_DUPLICATE, NULL, t, KD_WORKFLOW_ERROR_INVALID);
  OK (f, ASSIGN, other, 1, NULL, t);
  REFUSED (f, REJECT, other, 0, "不归我们管", t, KD_WORKFLOW_ERROR_NOT_ALLOWED);
  g_assert_cmpint (status_of (f, other), ==, KD_CASE_STATUS_ASSIGNED);
}

static gpointer
cadre_assign_job (KdDb      *db,
                  gpointer   data,
                  KdChanges *changes,
                  GError   **error)
{
  Op *o = data;

  return kd_workflow_assign (db, o->id, o->target, o->cadre, &o->actor, NULL, o->at, changes, error)
         ? GINT_TO_POINTER (TRUE) : NULL;
}

static gboolean
assign_cadre (Fixture *f,
              gint64   id,
              gint64   cadre,
              GError **error)
{
  Op o = { ASSIGN, id, 0, cadre, NULL, monday (), clerk };

  return kd_writer_run_sync (kd_store_get_writer (f->store), cadre_assign_job, &o, NULL, error) != NULL;
}

static void
test_reassign (Fixture       *f,
               gconstpointer  data)
{
  gint64 t = monday (), id = new_case (f);
  g_autoptr(GError) error = NULL;
  g_autoptr(KdCase) kase = NULL;

  sql (f, "INSERT INTO villages (id, code, name) VALUES (2, 'heba', '河坝村');"
          "INSERT INTO cadres (id, username, display_name, role, village_id, password_hash, created_at, active)"
          " VALUES (3, 'li', '李书记', 'village_secretary', 2, '!', 0, 1),"
          "        (4, 'wang', '王离职', 'town_staff', NULL, '!', 0, 0)");
  OK (f, ACCEPT, id, 0, NULL, t);

  /* An inactive account cannot be given work. */
  g_assert_false (assign_cadre (f, id, 4, &error));
  g_assert_error (error, KD_WORKFLOW_ERROR, KD_WORKFLOW_ERROR_INVALID);
  g_clear_error (&error);

  /* A village secretary brings their village along. */
  g_assert_true (assign_cadre (f, id, 3, &error));
  g_assert_no_error (error);
  kase = load (f, id);
  g_assert_cmpint (kd_case_get_assignee_id (kase), ==, 3);
  g_assert_cmpstr (kd_case_get_assignee_name (kase), ==, "李书记");
  g_assert_cmpint (kd_case_get_assigned_village_id (kase), ==, 2);
  g_clear_object (&kase);

  /* Reassigned while in progress: back to assigned, for the new assignee. */
  OK (f, START, id, 0, NULL, t);
  OK (f, ASSIGN, id, 1, "转交魁多村", t + HOUR);
  kase = load (f, id);
  g_assert_cmpint (kd_case_get_status (kase), ==, KD_CASE_STATUS_ASSIGNED);
  g_assert_cmpint (kd_case_get_assigned_village_id (kase), ==, 1);
  g_assert_cmpint (kd_case_get_assignee_id (kase), ==, 0);
  /* …and reassigned again while still assigned. */
  OK (f, ASSIGN, id, 2, NULL, t + 2 * HOUR);
  g_assert_cmpint (status_of (f, id), ==, KD_CASE_STATUS_ASSIGNED);
  g_assert_cmpint (count (f, "SELECT count(*) FROM audit_log WHERE action = 'case.assign'"), ==, 3);
}

static void
test_merge (Fixture       *f,
            gconstpointer  data)
{
  gint64 t = monday ();
  gint64 kept = new_case (f), dup = new_case (f), third = new_case (f), earlier = new_case (f);
  gint64 rejected = new_case (f);
  g_autoptr(GListModel) dups = NULL;
  g_autoptr(KdCase) dup_case = NULL;
  g_autoptr(KdCase) followed = NULL;
  g_autoptr(KdCase) first = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *code = NULL;

  REFUSED (f, MERGE, dup, dup, NULL, t, KD_WORKFLOW_ERROR_INVALID);
  REFUSED (f, MERGE, dup, 999, NULL, t, KD_WORKFLOW_ERROR_INVALID);
  OK (f, REJECT, rejected, 0, "重复无效", t);
  REFUSED (f, MERGE, dup, rejected, NULL, t, KD_WORKFLOW_ERROR_INVALID);

  OK (f, MERGE, dup, kept, "同一段路", t + HOUR);
  dup_case = load (f, dup);
  g_assert_cmpint (kd_case_get_status (dup_case), ==, KD_CASE_STATUS_DUPLICATE);
  g_assert_cmpint (kd_case_get_duplicate_of (dup_case), ==, kept);
  g_assert_cmpint (kd_case_get_responded_at (dup_case), ==, t + HOUR);

  /* Both directions: the duplicate's villager follows the kept case… */
  followed = kd_workflow_dup_kept_case (f->db, dup_case, &error);
  g_assert_no_error (error);
  g_assert_cmpint (kd_case_get_id (followed), ==, kept);
  g_assert_null (kd_workflow_dup_kept_case (f->db, followed, &error));
  g_assert_error (error, KD_DB_ERROR, KD_DB_ERROR_NOT_FOUND);
  g_clear_error (&error);
  /* …and the kept case lists its duplicates, with an internal event naming it. */
  dups = kd_workflow_list_duplicates (f->db, kept, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (dups), ==, 1);
  first = g_list_model_get_item (dups, 0);
  g_assert_cmpint (kd_case_get_id (first), ==, dup);
  code = kd_case_dup_display_code (dup_case);
  {
    g_autofree char *q = g_strdup_printf ("SELECT count(*) FROM case_events WHERE case_id = %" G_GINT64_FORMAT
                                          " AND kind = 'merged' AND NOT public AND body = '%s'", kept, code);
    g_assert_cmpint (count (f, q), ==, 1);
  }
  g_assert_cmpint (count (f, "SELECT count(*) FROM case_events WHERE case_id = 2 AND kind = 'status'"
                             " AND public AND status = 7 AND body = '同一段路'"), ==, 1);

  /* Not into a duplicate; a duplicate is final. */
  REFUSED (f, MERGE, third, dup, NULL, t, KD_WORKFLOW_ERROR_INVALID);
  REFUSED (f, MERGE, dup, third, NULL, t, KD_WORKFLOW_ERROR_NOT_ALLOWED);
  REFUSED (f, ACCEPT, dup, 0, NULL, t, KD_WORKFLOW_ERROR_NOT_ALLOWED);

  /* The kept case merged in turn: its duplicates follow it one step. */
  OK (f, ACCEPT, kept, 0, NULL, t);
  OK (f, MERGE, kept, earlier, NULL, t + 2 * HOUR);
  g_clear_object (&dup_case);
  dup_case = load (f, dup);
  g_assert_cmpint (kd_case_get_duplicate_of (dup_case), ==, earlier);
  g_clear_object (&dups);
  dups = kd_workflow_list_duplicates (f->db, earlier, NULL);
  g_assert_cmpuint (g_list_model_get_n_items (dups), ==, 2);

  /* A closed case cannot be merged; a case can be merged into a closed one. */
  OK (f, ACCEPT, third, 0, NULL, t);
  OK (f, RESOLVE, third, 0, "已修好", t);
  OK (f, CLOSE, third, 0, NULL, t);
  REFUSED (f, MERGE, third, earlier, NULL, t, KD_WORKFLOW_ERROR_NOT_ALLOWED);
  OK (f, MERGE, earlier, third, NULL, t + 3 * HOUR);
}

static gpointer
rate_job (KdDb      *db,
          gpointer   data,
          KdChanges *changes,
          GError   **error)
{
  const int *r = data;
  g_autoptr(KdCase) kase = kd_case_load (db, r[0], error);

  if (kase == NULL)
    return NULL;
  return kd_workflow_rate (db, kd_case_get_tracking_code (kase), r[1], r[2],
                           r[3] ? "还是漏水\n请再看看" : NULL, monday () + r[4], changes, error);
}

/* Rates case @id; returns its status after, or -1 with @error set. */
static int
rate (Fixture  *f,
      gint64    id,
      int       efficiency,
      int       satisfaction,
      gint64    offset,
      GError  **error)
{
  int r[5] = { (int) id, efficiency, satisfaction, 1, (int) offset };
  g_autoptr(KdCase) after = kd_writer_run_sync (kd_store_get_writer (f->store), rate_job, r,
                                                g_object_unref, error);

  return after ? (int) kd_case_get_status (after) : -1;
}

static void
test_rating (Fixture       *f,
             gconstpointer  data)
{
  gint64 t = monday (), id = new_case (f), low = 0;
  g_autoptr(GError) error = NULL;
  g_autoptr(KdCase) reopened = NULL;
  struct { int efficiency, satisfaction; } bad[] = { { 0, 3 }, { 3, 6 }, { -1, -1 }, { 5, 0 } };

  /* Only after resolution. */
  g_assert_cmpint (rate (f, id, 5, 5, 0, &error), ==, -1);
  g_assert_error (error, KD_WORKFLOW_ERROR, KD_WORKFLOW_ERROR_NOT_ALLOWED);
  g_clear_error (&error);
  OK (f, ACCEPT, id, 0, NULL, t);
  OK (f, RESOLVE, id, 0, "已修复", t + HOUR);
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_assert_cmpint (rate (f, id, bad[i].efficiency, bad[i].satisfaction, 0, &error), ==, -1);
      g_assert_error (error, KD_RATING_ERROR, KD_RATING_ERROR_INVALID);
      g_clear_error (&error);
    }
  g_assert_cmpint (count (f, "SELECT count(*) FROM ratings"), ==, 0);

  /* Satisfied: closed. Once per resolution. */
  g_assert_cmpint (rate (f, id, 4, 5, 2 * HOUR, &error), ==, KD_CASE_STATUS_CLOSED);
  g_assert_no_error (error);
  g_assert_cmpint (rate (f, id, 5, 5, 3 * HOUR, &error), ==, -1);
  g_assert_error (error, KD_WORKFLOW_ERROR, KD_WORKFLOW_ERROR_ALREADY_RATED);
  g_clear_error (&error);
  g_assert_cmpint (count (f, "SELECT count(*) FROM ratings WHERE resolution = 1 AND efficiency = 4"
                             " AND satisfaction = 5 AND comment = '还是漏水\n请再看看'"), ==, 1);

  /* Efficiency 2 (or satisfaction 2) reopens, with a new resolution deadline. */
  low = resolved_case (f, t);
  g_assert_cmpint (rate (f, low, 2, 5, DAY, &error), ==, KD_CASE_STATUS_REOPENED);
  g_assert_no_error (error);
  reopened = load (f, low);
  g_assert_cmpint (kd_case_get_resolved_at (reopened), ==, 0);
  {
    g_autoptr(KdCalendar) cal = kd_calendar_load (f->db, NULL);
    g_assert_cmpint (kd_case_get_resolution_due_at (reopened), ==,
                     kd_calendar_add_working_minutes (cal, t + DAY, 2100));
  }
  /* The next resolution gets its own rating. */
  OK (f, RESOLVE, low, 0, "再次修复", t + 2 * DAY);
  g_assert_cmpint (rate (f, low, 3, 2, 3 * DAY, &error), ==, KD_CASE_STATUS_REOPENED);
  OK (f, RESOLVE, low, 0, "第三次修复", t + 4 * DAY);
  g_assert_cmpint (rate (f, low, 3, 3, 5 * DAY, &error), ==, KD_CASE_STATUS_CLOSED);
  g_assert_no_error (error);
  g_assert_cmpint (count (f, "SELECT count(*) FROM ratings WHERE case_id = 2"), ==, 3);
  g_assert_cmpint (count (f, "SELECT max(resolution) FROM ratings WHERE case_id = 2"), ==, 3);
  /* A cadre may reopen a resolved case too, with a reason. */
  {
    gint64 again = resolved_case (f, t);
    REFUSED (f, REOPEN, again, 0, NULL, t, KD_WORKFLOW_ERROR_REASON_REQUIRED);
    OK (f, REOPEN, again, 0, "村民来电说还没修好", t + DAY);
    g_assert_cmpint (status_of (f, again), ==, KD_CASE_STATUS_REOPENED);
  }
}

typedef struct
{
  GMainLoop    *loop;
  GAsyncResult *result;
} Wait;

static void
done_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      data)
{
  Wait *w = data;

  w->result = g_object_ref (result);
  g_main_loop_quit (w->loop);
}

/* The phone's way in: by tracking code, through the writer. */
static void
test_rate_async (Fixture       *f,
                 gconstpointer  data)
{
  gint64 id = resolved_case (f, monday ());
  g_autoptr(KdCase) kase = load (f, id);
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  Wait w = { loop, NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(KdCase) after = NULL;
  g_autofree char *typed = g_ascii_strdown (kd_case_get_tracking_code (kase), -1);

  kd_store_rate_async (f->store, typed, 1, 1, "没人来", NULL, done_cb, &w);
  g_main_loop_run (loop);
  after = kd_store_rate_finish (f->store, w.result, &error);
  g_clear_object (&w.result);
  g_assert_no_error (error);
  g_assert_cmpint (kd_case_get_status (after), ==, KD_CASE_STATUS_REOPENED);

  kd_store_rate_async (f->store, "NOPE-NOPE", 5, 5, NULL, NULL, done_cb, &w);
  g_main_loop_run (loop);
  g_assert_null (kd_store_rate_finish (f->store, w.result, &error));
  g_clear_object (&w.result);
  g_assert_error (error, KD_DB_ERROR, KD_DB_ERROR_NOT_FOUND);
  g_clear_error (&error);

  kd_store_pause_async (f->store, id, &clerk, NULL, NULL, done_cb, &w);
  g_main_loop_run (loop);
  g_assert_false (kd_store_case_action_finish (f->store, w.result, &error));
  g_clear_object (&w.result);
  g_assert_error (error, KD_WORKFLOW_ERROR, KD_WORKFLOW_ERROR_REASON_REQUIRED);
  g_clear_error (&error);

  /* The minutely SLA run: the case of 2024 never answered is escalated (the
   * one just reopened has a new deadline ahead), an old resolution closed. */
  {
    gint64 forgotten = new_case (f), unrated = resolved_case (f, monday ());
    g_autoptr(GPtrArray) escalated = NULL;

    kd_store_run_sla_async (f->store, NULL, done_cb, &w);
    g_main_loop_run (loop);
    escalated = kd_store_run_sla_finish (f->store, w.result, &error);
    g_clear_object (&w.result);
    g_assert_no_error (error);
    g_assert_cmpuint (escalated->len, ==, 1);
    g_assert_cmpint (kd_case_get_id (escalated->pdata[0]), ==, forgotten);
    g_assert_cmpint (status_of (f, unrated), ==, KD_CASE_STATUS_CLOSED);
  }
}

static gpointer
sweep_job (KdDb      *db,
           gpointer   data,
           KdChanges *changes,
           GError   **error)
{
  return GINT_TO_POINTER (kd_workflow_sweep (db, *(gint64 *) data, changes, error) + 1);
}

static int
sweep (Fixture *f,
       gint64   now)
{
  g_autoptr(GError) error = NULL;
  int n = GPOINTER_TO_INT (kd_writer_run_sync (kd_store_get_writer (f->store), sweep_job, &now, NULL, &error)) - 1;

  g_assert_no_error (error);
  return n;
}

static void
test_sweep (Fixture       *f,
            gconstpointer  data)
{
  gint64 t = monday ();
  gint64 quiet = resolved_case (f, t), open = new_case (f);
  gint64 resolved_at = t + 2 * HOUR;
  g_autoptr(KdCase) closed = NULL;

  g_assert_cmpint (sweep (f, resolved_at + KD_WORKFLOW_CLOSE_AFTER - 1), ==, 0);
  g_assert_cmpint (status_of (f, quiet), ==, KD_CASE_STATUS_RESOLVED);
  g_assert_cmpint (sweep (f, resolved_at + KD_WORKFLOW_CLOSE_AFTER), ==, 1);
  closed = load (f, quiet);
  g_assert_cmpint (kd_case_get_status (closed), ==, KD_CASE_STATUS_CLOSED);
  g_assert_cmpint (kd_case_get_closed_at (closed), ==, resolved_at + KD_WORKFLOW_CLOSE_AFTER);
  g_assert_cmpint (count (f, "SELECT count(*) FROM case_events WHERE case_id = 1 AND status = 5"
                             " AND actor IS NULL AND cadre_id IS NULL AND body IS NOT NULL"), ==, 1);
  g_assert_cmpint (status_of (f, open), ==, KD_CASE_STATUS_NEW);
  g_assert_cmpint (sweep (f, resolved_at + 30 * DAY), ==, 0);
}

static gpointer
escalate_job (KdDb      *db,
              gpointer   data,
              KdChanges *changes,
              GError   **error)
{
  return kd_workflow_escalate (db, *(gint64 *) data, changes, error);
}

/* The ids escalated at @now. */
static char *
escalate (Fixture *f,
          gint64   now)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) cases = kd_writer_run_sync (kd_store_get_writer (f->store), escalate_job, &now,
                                                   (GDestroyNotify) g_ptr_array_unref, &error);
  g_autoptr(GString) s = g_string_new (NULL);

  g_assert_no_error (error);
  for (guint i = 0; i < cases->len; i++)
    g_string_append_printf (s, "%s%" G_GINT64_FORMAT, i ? "," : "", kd_case_get_id (cases->pdata[i]));
  return g_string_free (g_steal_pointer (&s), FALSE);
}

#define ASSERT_ESCALATED(f, now, ids) \
  G_STMT_START { g_autofree char *got = escalate (f, now); g_assert_cmpstr (got, ==, ids); } G_STMT_END

static void
test_escalate (Fixture       *f,
               gconstpointer  data)
{
  gint64 t = monday ();
  gint64 unanswered = new_case (f), answered = new_case (f), paused = new_case (f), done = resolved_case (f, t);
  g_autoptr(KdCase) kase = NULL;

  OK (f, ACCEPT, answered, 0, NULL, t + HOUR);
  OK (f, ACCEPT, paused, 0, NULL, t + HOUR);
  OK (f, PAUSE, paused, 0, "等村民提供照片", t + HOUR);

  /* Monday 10:00 + one working day: Tuesday 10:00. */
  ASSERT_ESCALATED (f, t + DAY - 60, "");
  ASSERT_ESCALATED (f, t + DAY + 60, "1");
  kase = load (f, unanswered);
  g_assert_cmpint (kd_case_get_escalated_at (kase), ==, t + DAY + 60);
  g_assert_true (kd_case_is_overdue (kase, t + DAY + 60));
  g_assert_false (kd_case_is_overdue (kase, t + DAY - 60));
  g_assert_cmpint (count (f, "SELECT count(*) FROM case_events WHERE case_id = 1 AND kind = 'escalated' AND NOT public"), ==, 1);
  g_assert_cmpint (count (f, "SELECT count(*) FROM audit_log WHERE action = 'case.escalate'"), ==, 1);
  /* Once only. */
  ASSERT_ESCALATED (f, t + 2 * DAY, "");

  /* Answered: only the resolution deadline (five working days) counts; the
   * paused and the resolved cases are never overdue. */
  ASSERT_ESCALATED (f, t + 7 * DAY - 60, "");
  ASSERT_ESCALATED (f, t + 7 * DAY + 60, "2");
  ASSERT_ESCALATED (f, t + 60 * DAY, "");
  g_clear_object (&kase);
  kase = load (f, paused);
  g_assert_false (kd_case_is_overdue (kase, t + 60 * DAY));
  g_clear_object (&kase);
  kase = load (f, done);
  g_assert_false (kd_case_is_overdue (kase, t + 60 * DAY));

  /* Resumed: the deadlines moved on by the pause, and it escalates later. */
  OK (f, RESUME, paused, 0, NULL, t + 60 * DAY);
  ASSERT_ESCALATED (f, t + 61 * DAY, "");
  ASSERT_ESCALATED (f, t + 80 * DAY, "3");

  /* Reopened: a new deadline, and the escalation may happen again. */
  {
    g_autoptr(GError) error = NULL;
    g_assert_cmpint (rate (f, done, 1, 1, 80 * DAY, &error), ==, KD_CASE_STATUS_REOPENED);
  }
  ASSERT_ESCALATED (f, t + 81 * DAY, "");
  ASSERT_ESCALATED (f, t + 90 * DAY, "4");
}

static void
test_pause (Fixture       *f,
            gconstpointer  data)
{
  gint64 t = monday (), id = new_case (f);
  g_autoptr(KdCase) before = NULL;
  g_autoptr(KdCase) after = NULL;
  g_autoptr(KdCalendar) cal = kd_calendar_load (f->db, NULL);
  gint64 pause_at = t + HOUR, resume_at = t + 3 * DAY;
  gint64 paused_minutes = kd_calendar_working_minutes (cal, pause_at, resume_at);

  OK (f, ACCEPT, id, 0, NULL, t);
  REFUSED (f, PAUSE, id, 0, "", pause_at, KD_WORKFLOW_ERROR_REASON_REQUIRED);
  OK (f, PAUSE, id, 0, "请提供户口本复印件", pause_at);
  REFUSED (f, PAUSE, id, 0, "再等等", pause_at, KD_WORKFLOW_ERROR_NOT_ALLOWED);
  before = load (f, id);
  g_assert_cmpint (kd_case_get_paused_at (before), ==, pause_at);
  g_assert_cmpint (paused_minutes, ==, 3 * 420 - 60);

  OK (f, RESUME, id, 0, "材料已收到", resume_at);
  after = load (f, id);
  g_assert_cmpint (kd_case_get_paused_at (after), ==, 0);
  g_assert_cmpint (kd_case_get_resolution_due_at (after), ==,
                   kd_calendar_add_working_minutes (cal, kd_case_get_resolution_due_at (before), paused_minutes));
  /* Responded already: the response deadline stays where it was. */
  g_assert_cmpint (kd_case_get_response_due_at (after), ==, kd_case_get_response_due_at (before));
  REFUSED (f, RESUME, id, 0, NULL, resume_at, KD_WORKFLOW_ERROR_NOT_ALLOWED);
  g_assert_cmpint (count (f, "SELECT count(*) FROM case_events WHERE kind IN ('pause', 'resume') AND public"), ==, 2);

  /* Resolving ends a pause. */
  OK (f, PAUSE, id, 0, "再补一份证明", resume_at + HOUR);
  OK (f, RESOLVE, id, 0, "已办结", resume_at + 2 * HOUR);
  g_clear_object (&after);
  after = load (f, id);
  g_assert_cmpint (kd_case_get_paused_at (after), ==, 0);
}

static guint
n_items (KdCaseList *list)
{
  return g_list_model_get_n_items (G_LIST_MODEL (list));
}

static void
test_visibility (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(KdCaseList) list = NULL;
  gint64 t = monday ();
  gint64 home, heba, integrity, sent, paused;

  sql (f, "INSERT INTO villages (id, code, name) VALUES (2, 'heba', '河坝村')");
  home = insert (f, (NewCase) { .kind = -1 });
  heba = insert (f, (NewCase) { .village = "heba", .kind = -1 });
  integrity = insert (f, (NewCase) { .category = "integrity-funds", .kind = -1 });
  sent = insert (f, (NewCase) { .kind = -1 });
  paused = insert (f, (NewCase) { .kind = -1 });
  OK (f, ACCEPT, sent, 0, NULL, t);
  OK (f, ASSIGN, sent, 2, NULL, t);
  OK (f, ACCEPT, paused, 0, NULL, t);
  OK (f, PAUSE, paused, 0, "等材料", t);
  g_assert_cmpint (status_of (f, integrity), ==, KD_CASE_STATUS_NEW);

  list = kd_case_list_new (f->store);
  g_assert_cmpuint (n_items (list), ==, 5);           /* no viewer: everything */
  kd_case_list_set_viewer (list, KD_ROLE_DISCIPLINE, 0);
  g_assert_cmpuint (n_items (list), ==, 1);
  g_assert_cmpint (kd_case_list_find (list, integrity), ==, 0);
  kd_case_list_set_viewer (list, KD_ROLE_TOWN_STAFF, 0);
  g_assert_cmpuint (n_items (list), ==, 4);
  g_assert_cmpuint (kd_case_list_find (list, integrity), ==, G_MAXUINT);
  kd_case_list_set_viewer (list, KD_ROLE_TOWN_ADMIN, 0);
  g_assert_cmpuint (n_items (list), ==, 4);
  /* 河坝村's secretary: reported there, or assigned there. */
  kd_case_list_set_viewer (list, KD_ROLE_VILLAGE_SECRETARY, 2);
  g_assert_cmpuint (n_items (list), ==, 2);
  g_assert_cmpuint (kd_case_list_find (list, heba), <, 2);
  g_assert_cmpuint (kd_case_list_find (list, sent), <, 2);
  g_assert_cmpuint (kd_case_list_find (list, home), ==, G_MAXUINT);
  kd_case_list_set_viewer (list, KD_ROLE_VILLAGE_SECRETARY, 1);
  g_assert_cmpuint (n_items (list), ==, 3);          /* home, sent (reported in 1), paused */

  /* The workflow's filters, with the town's view. */
  kd_case_list_set_viewer (list, KD_ROLE_TOWN_STAFF, 0);
  kd_case_list_set_unassigned (list, TRUE);
  g_assert_cmpuint (n_items (list), ==, 3);
  kd_case_list_set_unassigned (list, FALSE);
  kd_case_list_set_kind (list, KD_CASE_KIND_INTEGRITY);
  g_assert_cmpuint (n_items (list), ==, 0);
  kd_case_list_set_kind (list, KD_CASE_KIND_LIVELIHOOD);
  g_assert_cmpuint (n_items (list), ==, 4);
  kd_case_list_set_kind (list, -1);
  /* Cases of March 2024 are long overdue now, except the paused one. */
  kd_case_list_set_overdue (list, TRUE);
  g_assert_cmpuint (n_items (list), ==, 3);
  g_assert_cmpuint (kd_case_list_find (list, paused), ==, G_MAXUINT);
  kd_case_list_set_overdue (list, FALSE);
  sql (f, "INSERT INTO cadres (id, username, display_name, role, password_hash, created_at)"
          " VALUES (5, 'zhao', '赵干部', 'town_staff', '!', 0)");
  OK (f, ACCEPT, home, 0, NULL, t);
  g_assert_true (assign_cadre (f, home, 5, NULL));
  kd_case_list_refresh (list);
  kd_case_list_set_assignee (list, 5);
  g_assert_cmpuint (n_items (list), ==, 1);
  g_assert_cmpuint (kd_case_list_find (list, home), ==, 0);
}

static KdStatsRow *
stats_row (GListModel *rows,
           guint       i)
{
  g_assert_cmpuint (i, <, g_list_model_get_n_items (rows));
  return g_list_model_get_item (rows, i);
}

static void
test_stats (Fixture       *f,
            gconstpointer  data)
{
  gint64 t = monday ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) villages = NULL;
  g_autoptr(GListModel) town = NULL;
  g_autoptr(GListModel) cadres = NULL;
  g_autoptr(KdStatsRow) home = NULL;
  g_autoptr(KdStatsRow) heba = NULL;
  g_autoptr(KdStatsRow) all = NULL;
  g_autoptr(KdStatsRow) zhao = NULL;
  gint64 quick, late, repeat, ignored;

  sql (f, "INSERT INTO villages (id, code, name, position) VALUES (2, 'heba', '河坝村', 1);"
          "INSERT INTO cadres (id, username, display_name, role, password_hash, created_at)"
          " VALUES (5, 'zhao', '赵干部', 'town_staff', '!', 0)");
  /* Resolved on time and rated well. */
  quick = insert (f, (NewCase) { .phone = "13800000001", .kind = -1, .at = t });
  OK (f, ACCEPT, quick, 0, NULL, t + HOUR);
  g_assert_true (assign_cadre (f, quick, 5, NULL));
  OK (f, RESOLVE, quick, 0, "已修", t + 2 * HOUR);
  g_assert_cmpint (rate (f, quick, 5, 5, 3 * HOUR, &error), ==, KD_CASE_STATUS_CLOSED);
  /* Resolved after the deadline, rated badly: reopened. */
  late = insert (f, (NewCase) { .phone = "13800000002", .kind = -1, .at = t });
  OK (f, ACCEPT, late, 0, NULL, t + HOUR);
  OK (f, RESOLVE, late, 0, "已修", t + 20 * DAY);
  g_assert_cmpint (rate (f, late, 1, 1, 21 * DAY, &error), ==, KD_CASE_STATUS_REOPENED);
  /* The same phone, the same category, ten days later: a repeat; never answered. */
  repeat = insert (f, (NewCase) { .phone = "13800000001", .kind = -1, .at = t + 10 * DAY });
  /* Not counted: a duplicate, an integrity report, another village's case. */
  ignored = insert (f, (NewCase) { .phone = "13800000001", .kind = -1, .at = t + 11 * DAY });
  OK (f, MERGE, ignored, repeat, NULL, t + 11 * DAY);
  insert (f, (NewCase) { .category = "integrity-funds", .kind = -1, .at = t });
  insert (f, (NewCase) { .village = "heba", .kind = -1, .at = t });
  /* Out of the range. */
  insert (f, (NewCase) { .kind = -1, .at = t - 40 * DAY });

  villages = kd_stats_query (f->db, KD_STATS_BY_VILLAGE, t - DAY, t + 30 * DAY, t + 60 * DAY, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (villages), ==, 2);
  home = stats_row (villages, 0);
  g_assert_cmpstr (kd_stats_row_get_name (home), ==, "魁多村");
  g_assert_cmpuint (kd_stats_row_get_cases (home), ==, 3);
  g_assert_cmpuint (kd_stats_row_get_responded (home), ==, 2);
  g_assert_cmpuint (kd_stats_row_get_resolved (home), ==, 1);            /* the reopened one is not */
  g_assert_cmpuint (kd_stats_row_get_decided (home), ==, 3);             /* all past their deadlines */
  g_assert_cmpuint (kd_stats_row_get_on_time (home), ==, 1);
  g_assert_cmpuint (kd_stats_row_get_ratings (home), ==, 2);
  g_assert_cmpuint (kd_stats_row_get_satisfied (home), ==, 1);
  g_assert_cmpuint (kd_stats_row_get_repeats (home), ==, 1);
  g_assert_cmpfloat_with_epsilon (kd_stats_row_get_response_rate (home), 2.0 / 3, 1e-9);
  g_assert_cmpfloat_with_epsilon (kd_stats_row_get_satisfaction_rate (home), 0.5, 1e-9);
  heba = stats_row (villages, 1);
  g_assert_cmpuint (kd_stats_row_get_cases (heba), ==, 1);
  g_assert_cmpfloat (kd_stats_row_get_satisfaction_rate (heba), ==, -1);   /* no ratings: no data */
  g_assert_cmpfloat (kd_stats_row_get_response_rate (heba), ==, 0);

  town = kd_stats_query (f->db, KD_STATS_TOWN, t - DAY, t + 30 * DAY, t + 60 * DAY, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (town), ==, 1);
  all = stats_row (town, 0);
  g_assert_cmpuint (kd_stats_row_get_cases (all), ==, 4);
  g_assert_cmpstr (kd_stats_row_get_name (all), ==, "魁多镇");

  cadres = kd_stats_query (f->db, KD_STATS_BY_ASSIGNEE, t - DAY, t + 30 * DAY, t + 60 * DAY, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (cadres), ==, 1);
  zhao = stats_row (cadres, 0);
  g_assert_cmpuint (kd_stats_row_get_cases (zhao), ==, 1);
  g_assert_cmpfloat (kd_stats_row_get_on_time_rate (zhao), ==, 1);
  g_assert_cmpfloat (kd_stats_row_get_resolution_rate (zhao), ==, 1);
}

static void
test_status_table (void)
{
  /* Reject from new or accepted only; merge from any open state; reopen from resolved. */
  g_assert_true (kd_case_status_can_change (KD_CASE_STATUS_NEW, KD_CASE_STATUS_REJECTED));
  g_assert_true (kd_case_status_can_change (KD_CASE_STATUS_ACCEPTED, KD_CASE_STATUS_REJECTED));
  g_assert_false (kd_case_status_can_change (KD_CASE_STATUS_ASSIGNED, KD_CASE_STATUS_REJECTED));
  g_assert_false (kd_case_status_can_change (KD_CASE_STATUS_IN_PROGRESS, KD_CASE_STATUS_REJECTED));
  for (KdCaseStatus s = 0; s < KD_CASE_N_STATUSES; s++)
    g_assert_cmpint (kd_case_status_can_change (s, KD_CASE_STATUS_DUPLICATE), ==, kd_case_status_is_open (s));
  g_assert_true (kd_case_status_can_change (KD_CASE_STATUS_RESOLVED, KD_CASE_STATUS_REOPENED));
  g_assert_false (kd_case_status_can_change (KD_CASE_STATUS_CLOSED, KD_CASE_STATUS_REOPENED));
  g_assert_true (kd_case_status_can_change (KD_CASE_STATUS_IN_PROGRESS, KD_CASE_STATUS_ASSIGNED));
  for (KdCaseStatus s = KD_CASE_STATUS_CLOSED; s <= KD_CASE_STATUS_DUPLICATE; s++)
    for (KdCaseStatus to = 0; to < KD_CASE_N_STATUSES; to++)
      g_assert_false (kd_case_status_can_change (s, to));
  g_assert_cmpint (kd_workflow_status_input (KD_CASE_STATUS_REJECTED), ==, KD_STATUS_INPUT_REASON);
  g_assert_cmpint (kd_workflow_status_input (KD_CASE_STATUS_ASSIGNED), ==, KD_STATUS_INPUT_ASSIGNEE);
  g_assert_cmpint (kd_workflow_status_input (KD_CASE_STATUS_DUPLICATE), ==, KD_STATUS_INPUT_CASE);
  g_assert_cmpint (kd_workflow_status_input (KD_CASE_STATUS_CLOSED), ==, KD_STATUS_INPUT_NONE);
}

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/kd/workflow/status-table", test_status_table);
  ADD ("/kd/workflow/transitions/allowed", test_allowed);
  ADD ("/kd/workflow/transitions/refused", test_refused);
  ADD ("/kd/workflow/transitions/reassign", test_reassign);
  ADD ("/kd/workflow/merge", test_merge);
  ADD ("/kd/workflow/rating", test_rating);
  ADD ("/kd/workflow/rating/async", test_rate_async);
  ADD ("/kd/workflow/sweep", test_sweep);
  ADD ("/kd/workflow/escalate", test_escalate);
  ADD ("/kd/workflow/pause", test_pause);
  ADD ("/kd/workflow/visibility", test_visibility);
  ADD ("/kd/workflow/stats", test_stats);

  return g_test_run ();
}
