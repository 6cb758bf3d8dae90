/* kd-workflow-clock.c: the SLA clock of a case — pauses while waiting on the
 * villager, escalation of overdue cases, the villager's rating and the
 * closing of resolutions left unrated (kd-workflow.h has the rules). */
#define G_LOG_DOMAIN "kd-workflow"

#include "config.h"

#include <glib/gi18n.h>

#include "kd-workflow-private.h"
#include "kd-rating.h"

/* The statuses whose clock runs (kd_case_status_is_open()), for SQL. */
#define OPEN_STATUSES "(0, 1, 2, 3, 8)"

G_STATIC_ASSERT (KD_CASE_STATUS_NEW == 0 && KD_CASE_STATUS_ACCEPTED == 1 &&
                 KD_CASE_STATUS_ASSIGNED == 2 && KD_CASE_STATUS_IN_PROGRESS == 3 &&
                 KD_CASE_STATUS_REOPENED == 8);

/* UPDATE cases … WHERE id = ?1 with ?2 = @at, ?3 and ?4 (0 binds NULL). */
static gboolean
update_case (KdDb        *db,
             const char  *sql,
             gint64       case_id,
             gint64       at,
             gint64       p3,
             gint64       p4,
             KdChanges   *changes,
             GError     **error)
{
  sqlite3_stmt *stmt = kd_db_prepare (db, sql, error);
  int n;

  if (stmt == NULL)
    return FALSE;
  n = sqlite3_bind_parameter_count (stmt);
  sqlite3_bind_int64 (stmt, 1, case_id);
  sqlite3_bind_int64 (stmt, 2, at);
  for (int i = 3; i <= n && i <= 4; i++)
    {
      gint64 v = i == 3 ? p3 : p4;

      if (v != 0)
        sqlite3_bind_int64 (stmt, i, v);
      else
        sqlite3_bind_null (stmt, i);
    }
  if (!kd_db_step_done (db, stmt, error))
    return FALSE;

  kd_changes_add (changes, "cases", case_id);
  return TRUE;
}

static gboolean
can_pause (KdCaseStatus status)
{
  return status == KD_CASE_STATUS_ACCEPTED || status == KD_CASE_STATUS_ASSIGNED ||
         status == KD_CASE_STATUS_IN_PROGRESS || status == KD_CASE_STATUS_REOPENED;
}

gboolean
kd_workflow_pause (KdDb *db, gint64 case_id, const KdActor *actor, const char *reason,
                   gint64 at, KdChanges *changes, GError **error)
{
  g_autoptr(KdCase) kase = kd_case_load (db, case_id, error);
  g_autofree char *clean = NULL;

  if (kase == NULL)
    return FALSE;
  if (!can_pause (kd_case_get_status (kase)) || kd_case_get_paused_at (kase) != 0)
    {
      g_set_error (error, KD_WORKFLOW_ERROR, KD_WORKFLOW_ERROR_NOT_ALLOWED,
                   kd_case_get_paused_at (kase) != 0 ? _("The case is already waiting on the villager.")
                                                     : _("A case that is “%s” cannot wait on the villager."),
                   kd_case_status_label (kd_case_get_status (kase)));
      return FALSE;
    }
  if (!kd_workflow_require_reason (reason, &clean, _("Tell the villager what the township is waiting for."), error))
    return FALSE;

  return update_case (db, "UPDATE cases SET paused_at = ?2, updated_at = ?2 WHERE id = ?1",
                      case_id, at, 0, 0, changes, error) &&
         kd_workflow_add_event (db, case_id, at, "pause", actor, -1, clean, TRUE, changes, error) &&
         kd_workflow_audit (db, actor, "case.pause", case_id, clean, at, error);
}

/* Both deadlines move back by the time paused; a response already given
 * keeps its deadline as it was. */
gboolean
kd_workflow_resume (KdDb *db, gint64 case_id, const KdActor *actor, const char *note,
                    gint64 at, KdChanges *changes, GError **error)
{
  g_autoptr(KdCase) kase = kd_case_load (db, case_id, error);
  g_autoptr(KdCalendar) calendar = NULL;
  g_autofree char *clean = NULL;
  gint64 paused, response, resolution;
  KdSlaRule rule;

  if (kase == NULL)
    return FALSE;
  paused = kd_case_get_paused_at (kase);
  if (paused == 0)
    {
      g_set_error (error, KD_WORKFLOW_ERROR, KD_WORKFLOW_ERROR_NOT_ALLOWED,
                   _("The case is not waiting on the villager."));
      return FALSE;
    }
  if (!kd_workflow_clean_text (note, &clean, error) ||
      !kd_workflow_rule (db, kase, &calendar, &rule, error))
    return FALSE;

  response = kd_case_get_response_due_at (kase);
  if (response != 0 && kd_case_get_responded_at (kase) == 0)
    response = kd_sla_shift (calendar, &rule, response, paused, at);
  resolution = kd_case_get_resolution_due_at (kase);
  if (resolution != 0)
    resolution = kd_sla_shift (calendar, &rule, resolution, paused, at);

  return update_case (db,
                      "UPDATE cases SET paused_at = NULL, updated_at = ?2,"
                      " response_due_at = ?3, resolution_due_at = ?4 WHERE id = ?1",
                      case_id, at, response, resolution, changes, error) &&
         kd_workflow_add_event (db, case_id, at, "resume", actor, -1, clean, TRUE, changes, error) &&
         kd_workflow_audit (db, actor, "case.resume", case_id, clean, at, error);
}

static gboolean
rating_exists (KdDb   *db,
               KdCase *kase)
{
  sqlite3_stmt *stmt = kd_db_prepare (db, "SELECT 1 FROM ratings WHERE case_id = ?1 AND resolution = ?2", NULL);
  gboolean found;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, kd_case_get_id (kase));
  sqlite3_bind_int (stmt, 2, kd_case_get_resolutions (kase));
  found = sqlite3_step (stmt) == SQLITE_ROW;
  sqlite3_reset (stmt);

  return found;
}

static gboolean
check_ratable (KdDb        *db,
               KdCase      *kase,
               int          efficiency,
               int          satisfaction,
               const char  *comment,
               GError     **error)
{
  if (!kd_rating_check (efficiency, satisfaction, comment, error))
    return FALSE;
  if (kd_case_get_resolutions (kase) > 0 && rating_exists (db, kase))
    {
      g_set_error (error, KD_WORKFLOW_ERROR, KD_WORKFLOW_ERROR_ALREADY_RATED,
                   _("This result has already been rated."));
      return FALSE;
    }
  if (kd_case_get_status (kase) != KD_CASE_STATUS_RESOLVED)
    {
      g_set_error (error, KD_WORKFLOW_ERROR, KD_WORKFLOW_ERROR_NOT_ALLOWED,
                   _("A case can be rated only when it is resolved."));
      return FALSE;
    }
  return TRUE;
}

static gboolean
insert_rating (KdDb        *db,
               KdCase      *kase,
               int          efficiency,
               int          satisfaction,
               const char  *comment,
               gint64       at,
               KdChanges   *changes,
               GError     **error)
{
  sqlite3_stmt *stmt = kd_db_prepare (db,
                                      "INSERT INTO ratings (case_id, resolution, at, efficiency, satisfaction, comment)"
                                      " VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                                      error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, kd_case_get_id (kase));
  sqlite3_bind_int (stmt, 2, kd_case_get_resolutions (kase));
  sqlite3_bind_int64 (stmt, 3, at);
  sqlite3_bind_int (stmt, 4, efficiency);
  sqlite3_bind_int (stmt, 5, satisfaction);
  kd_db_bind_text (stmt, 6, comment);
  if (!kd_db_step_done (db, stmt, error))
    return FALSE;

  kd_changes_add (changes, "ratings", sqlite3_last_insert_rowid (kd_db_get_handle (db)));
  return TRUE;
}

/* The villager's rating of the current resolution, by tracking code.
 * Returns the case as it is afterwards (closed or reopened). */
KdCase *
kd_workflow_rate (KdDb *db, const char *tracking_code, int efficiency,
                  int satisfaction, const char *comment,
                  gint64 at, KdChanges *changes, GError **error)
{
  KdStatusChange close = { KD_CASE_STATUS_CLOSED, "case.close", ", closed_at = ?2" };
  g_autoptr(KdCase) kase = kd_case_load_by_code (db, tracking_code, error);
  g_autofree char *clean = NULL;
  g_autofree char *detail = NULL;
  KdActor villager = { 0, NULL };
  KdActor anonymous = { 0, NULL };   /* the audit log never names a villager (kd-audit.h) */
  gboolean ok;

  if (kase == NULL || !check_ratable (db, kase, efficiency, satisfaction, comment, error) ||
      !kd_workflow_clean_text (comment, &clean, error))
    return NULL;

  villager.name = kd_case_get_reporter_name (kase);
  detail = g_strdup_printf ("efficiency %d, satisfaction %d", efficiency, satisfaction);
  if (!insert_rating (db, kase, efficiency, satisfaction, clean, at, changes, error) ||
      !kd_workflow_audit (db, &anonymous, "case.rate", kd_case_get_id (kase), detail, at, error))
    return NULL;

  if (efficiency <= 2 || satisfaction <= 2)
    ok = kd_workflow_reopen_case (db, kase, &villager, clean, at, changes, error);
  else
    {
      close.note = clean;
      ok = kd_workflow_apply (db, kase, &close, &villager, at, changes, error);
    }

  return ok ? kd_case_load (db, kd_case_get_id (kase), error) : NULL;
}

/* The ids the query (with ?1 bound to @t) returns. */
static GArray *
select_ids (KdDb        *db,
            const char  *sql,
            gint64       t,
            GError     **error)
{
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  sqlite3_stmt *stmt = kd_db_prepare (db, sql, error);
  int rc;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, t);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);
      g_array_append_val (ids, id);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      kd_db_set_error (db, rc, "select cases", error);
      return NULL;
    }

  return g_steal_pointer (&ids);
}

static KdCase *
escalate_one (KdDb       *db,
              gint64      case_id,
              gint64      now,
              KdChanges  *changes,
              GError    **error)
{
  static const KdActor system = { 0, NULL };
  g_autoptr(KdCase) kase = kd_case_load (db, case_id, error);
  const char *body;

  if (kase == NULL)
    return NULL;
  body = kd_case_get_responded_at (kase) == 0 && kd_case_get_response_due_at (kase) < now
         ? _("Overdue: no response before the response deadline.")
         : _("Overdue: not resolved before the resolution deadline.");

  if (!update_case (db, "UPDATE cases SET escalated_at = ?2 WHERE id = ?1", case_id, now, 0, 0, changes, error) ||
      !kd_workflow_add_event (db, case_id, now, "escalated", &system, -1, body, FALSE, changes, error) ||
      !kd_workflow_audit (db, &system, "case.escalate", case_id, body, now, error))
    return NULL;

  return kd_case_load (db, case_id, error);
}

/* Marks every open, unpaused case past a deadline that is not escalated yet
 * (the same test as kd_case_is_overdue()) as escalated to the township, with
 * an internal event and an audit row. A case is escalated once; reopening it
 * clears the mark. Returns a GPtrArray of the KdCases escalated now. */
GPtrArray *
kd_workflow_escalate (KdDb *db, gint64 now, KdChanges *changes, GError **error)
{
  g_autoptr(GPtrArray) escalated = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GArray) ids = select_ids (db,
                                      "SELECT id FROM cases WHERE status IN " OPEN_STATUSES
                                      " AND paused_at IS NULL AND escalated_at IS NULL"
                                      " AND ((responded_at IS NULL AND response_due_at < ?1)"
                                      "      OR resolution_due_at < ?1)"
                                      " ORDER BY id",
                                      now, error);

  if (ids == NULL)
    return NULL;
  for (guint i = 0; i < ids->len; i++)
    {
      KdCase *kase = escalate_one (db, g_array_index (ids, gint64, i), now, changes, error);

      if (kase == NULL)
        return NULL;
      g_ptr_array_add (escalated, kase);
    }

  return g_steal_pointer (&escalated);
}

/* Closes the cases resolved KD_WORKFLOW_CLOSE_AFTER ago or more that the
 * villager did not rate. Returns how many, or -1 with @error set. */
int
kd_workflow_sweep (KdDb *db, gint64 now, KdChanges *changes, GError **error)
{
  static const KdActor system = { 0, NULL };
  g_autoptr(GArray) ids = NULL;
  g_autofree char *sql = g_strdup_printf ("SELECT id FROM cases WHERE status = %d AND resolved_at <= ?1 ORDER BY id",
                                          KD_CASE_STATUS_RESOLVED);

  ids = select_ids (db, sql, now - KD_WORKFLOW_CLOSE_AFTER, error);
  if (ids == NULL)
    return -1;

  for (guint i = 0; i < ids->len; i++)
    {
      KdStatusChange close = { KD_CASE_STATUS_CLOSED, "case.close", ", closed_at = ?2" };
      g_autoptr(KdCase) kase = kd_case_load (db, g_array_index (ids, gint64, i), error);

      close.note = _("Closed automatically: the result was not rated within 7 days.");
      if (kase == NULL || !kd_workflow_apply (db, kase, &close, &system, now, changes, error))
        return -1;
    }

  return (int) ids->len;
}
