/* kd-workflow.c: the changes of status of a case (kd-workflow.h has the rules). */
#define G_LOG_DOMAIN "kd-workflow"

#include "config.h"

#include <glib/gi18n.h>

#include "kd-workflow-private.h"
#include "kd-audit.h"
#include "kd-report.h"

G_DEFINE_QUARK (kd-workflow-error-quark, kd_workflow_error)

KdStatusInput
kd_workflow_status_input (KdCaseStatus to)
{
  switch (to)
    {
    case KD_CASE_STATUS_REJECTED:  return KD_STATUS_INPUT_REASON;
    case KD_CASE_STATUS_REOPENED:  return KD_STATUS_INPUT_REASON;
    case KD_CASE_STATUS_ASSIGNED:  return KD_STATUS_INPUT_ASSIGNEE;
    case KD_CASE_STATUS_DUPLICATE: return KD_STATUS_INPUT_CASE;
    default:                       return KD_STATUS_INPUT_NONE;
    }
}

/* A note or a reason: trimmed plain text of at most KD_WORKFLOW_MAX_NOTE
 * characters; *@out is NULL when it is blank. */
gboolean
kd_workflow_clean_text (const char  *text,
                        char       **out,
                        GError     **error)
{
  g_autofree char *clean = g_strstrip (g_strdup (text ? text : ""));

  *out = NULL;
  if (!g_utf8_validate (clean, -1, NULL) || !kd_text_is_plain (clean, TRUE) ||
      g_utf8_strlen (clean, -1) > KD_WORKFLOW_MAX_NOTE)
    {
      g_set_error (error, KD_WORKFLOW_ERROR, KD_WORKFLOW_ERROR_INVALID,
                   _("A note must be plain text of at most %d characters."), KD_WORKFLOW_MAX_NOTE);
      return FALSE;
    }
  if (*clean != '\0')
    *out = g_steal_pointer (&clean);
  return TRUE;
}

gboolean
kd_workflow_add_event (KdDb          *db,
                       gint64         case_id,
                       gint64         at,
                       const char    *kind,
                       const KdActor *actor,
                       int            status,
                       const char    *body,
                       gboolean       is_public,
                       KdChanges     *changes,
                       GError       **error)
{
  sqlite3_stmt *stmt = kd_db_prepare (db,
                                      "INSERT INTO case_events (case_id, at, kind, actor, status, body, public, cadre_id)"
                                      " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                                      error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, case_id);
  sqlite3_bind_int64 (stmt, 2, at);
  kd_db_bind_text (stmt, 3, kind);
  kd_db_bind_text (stmt, 4, actor->name && *actor->name ? actor->name : NULL);
  if (status >= 0)
    sqlite3_bind_int (stmt, 5, status);
  kd_db_bind_text (stmt, 6, body);
  sqlite3_bind_int (stmt, 7, is_public);
  if (actor->cadre_id > 0)
    sqlite3_bind_int64 (stmt, 8, actor->cadre_id);
  if (!kd_db_step_done (db, stmt, error))
    return FALSE;

  kd_changes_add (changes, "case_events", sqlite3_last_insert_rowid (kd_db_get_handle (db)));
  return TRUE;
}

/* One row of the audit log about a case (kd-audit.h). */
gboolean
kd_workflow_audit (KdDb          *db,
                   const KdActor *actor,
                   const char    *action,
                   gint64         case_id,
                   const char    *detail,
                   gint64         at,
                   GError       **error)
{
  return kd_audit_add (db, at, actor->cadre_id, actor->name, action, "case", case_id,
                       detail, NULL, NULL, error);
}

static void
refuse (KdCase        *kase,
        KdCaseStatus   to,
        GError       **error)
{
  g_set_error (error, KD_WORKFLOW_ERROR, KD_WORKFLOW_ERROR_NOT_ALLOWED,
               _("A case that is “%s” cannot become “%s”."),
               kd_case_status_label (kd_case_get_status (kase)), kd_case_status_label (to));
}

/* The case, when it may become @to. */
static KdCase *
load_for (KdDb          *db,
          gint64         case_id,
          KdCaseStatus   to,
          GError       **error)
{
  g_autoptr(KdCase) kase = kd_case_load (db, case_id, error);

  if (kase == NULL)
    return NULL;
  if (!kd_case_status_can_change (kd_case_get_status (kase), to))
    {
      refuse (kase, to, error);
      return NULL;
    }
  return g_steal_pointer (&kase);
}

static void
bind_id_or_null (sqlite3_stmt *stmt,
                 int           index,
                 gint64        id)
{
  if (id != 0)
    sqlite3_bind_int64 (stmt, index, id);
  else
    sqlite3_bind_null (stmt, index);
}

/* Sets the status and what goes with it, then records the change. */
gboolean
kd_workflow_apply (KdDb                 *db,
                   KdCase               *kase,
                   const KdStatusChange *change,
                   const KdActor        *actor,
                   gint64                at,
                   KdChanges            *changes,
                   GError              **error)
{
  g_autofree char *sql = g_strconcat ("UPDATE cases SET status = ?3, updated_at = ?2",
                                      change->sets ? change->sets : "", " WHERE id = ?1", NULL);
  g_autofree char *detail = NULL;
  sqlite3_stmt *stmt = kd_db_prepare (db, sql, error);
  gint64 id = kd_case_get_id (kase);
  int n;

  if (stmt == NULL)
    return FALSE;
  n = sqlite3_bind_parameter_count (stmt);
  sqlite3_bind_int64 (stmt, 1, id);
  sqlite3_bind_int64 (stmt, 2, at);
  sqlite3_bind_int (stmt, 3, change->to);
  if (n >= 4)
    bind_id_or_null (stmt, 4, change->p4);
  if (n >= 5)
    bind_id_or_null (stmt, 5, change->p5);
  if (n >= 6)
    kd_db_bind_text (stmt, 6, change->note);
  if (!kd_db_step_done (db, stmt, error))
    return FALSE;
  kd_changes_add (changes, "cases", id);

  detail = g_strdup_printf ("%s → %s%s%s", kd_case_status_to_string (kd_case_get_status (kase)),
                            kd_case_status_to_string (change->to),
                            change->note ? ": " : "", change->note ? change->note : "");

  return kd_workflow_add_event (db, id, at, "status", actor, change->to, change->note, TRUE,
                                changes, error) &&
         kd_workflow_audit (db, actor, change->action, id, detail, at, error);
}

/* The common shape: the state allows it, the note is clean (and given,
 * when @required says why it must be), the change applies. */
static gboolean
simple_change (KdDb          *db,
               gint64         case_id,
               KdStatusChange change,
               const KdActor *actor,
               const char    *note,
               const char    *required,
               gint64         at,
               KdChanges     *changes,
               GError       **error)
{
  g_autoptr(KdCase) kase = load_for (db, case_id, change.to, error);
  g_autofree char *clean = NULL;

  if (kase == NULL)
    return FALSE;
  if (required ? !kd_workflow_require_reason (note, &clean, required, error)
               : !kd_workflow_clean_text (note, &clean, error))
    return FALSE;
  change.note = clean;

  return kd_workflow_apply (db, kase, &change, actor, at, changes, error);
}

gboolean
kd_workflow_accept (KdDb *db, gint64 case_id, const KdActor *actor, const char *note,
                    gint64 at, KdChanges *changes, GError **error)
{
  KdStatusChange change = { KD_CASE_STATUS_ACCEPTED, "case.accept",
                            ", responded_at = coalesce (responded_at, ?2)" };

  return simple_change (db, case_id, change, actor, note, NULL, at, changes, error);
}

gboolean
kd_workflow_start (KdDb *db, gint64 case_id, const KdActor *actor, const char *note,
                   gint64 at, KdChanges *changes, GError **error)
{
  KdStatusChange change = { KD_CASE_STATUS_IN_PROGRESS, "case.start", NULL };

  return simple_change (db, case_id, change, actor, note, NULL, at, changes, error);
}

gboolean
kd_workflow_close (KdDb *db, gint64 case_id, const KdActor *actor, const char *note,
                   gint64 at, KdChanges *changes, GError **error)
{
  KdStatusChange change = { KD_CASE_STATUS_CLOSED, "case.close", ", closed_at = ?2" };

  return simple_change (db, case_id, change, actor, note, NULL, at, changes, error);
}

static gboolean
has_reply_since_acceptance (KdDb    *db,
                            gint64   case_id,
                            GError **error)
{
  sqlite3_stmt *stmt = kd_db_prepare (db,
                                      "SELECT EXISTS (SELECT 1 FROM case_events WHERE case_id = ?1"
                                      " AND kind = 'reply' AND public AND id > coalesce ("
                                      "  (SELECT max (id) FROM case_events WHERE case_id = ?1"
                                      "   AND kind = 'status' AND status IN (?2, ?3)), 0))",
                                      error);
  gboolean found = FALSE;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, case_id);
  sqlite3_bind_int (stmt, 2, KD_CASE_STATUS_ACCEPTED);
  sqlite3_bind_int (stmt, 3, KD_CASE_STATUS_REOPENED);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    found = sqlite3_column_int (stmt, 0) != 0;
  sqlite3_reset (stmt);

  return found;
}

gboolean
kd_workflow_resolve (KdDb *db, gint64 case_id, const KdActor *actor, const char *note,
                     gint64 at, KdChanges *changes, GError **error)
{
  KdStatusChange change = { KD_CASE_STATUS_RESOLVED, "case.resolve",
                            ", resolved_at = ?2, resolutions = resolutions + 1, paused_at = NULL,"
                            " responded_at = coalesce (responded_at, ?2)" };
  const char *required = has_reply_since_acceptance (db, case_id, NULL) ? NULL
    : _("Tell the villager what was done: write a public reply or a note on the resolution.");

  return simple_change (db, case_id, change, actor, note, required, at, changes, error);
}

/* A reason that must be given: for a rejection, a reopening, a pause. */
gboolean
kd_workflow_require_reason (const char  *text,
                            char       **out,
                            const char  *message,
                            GError     **error)
{
  if (!kd_workflow_clean_text (text, out, error))
    return FALSE;
  if (*out == NULL)
    {
      g_set_error_literal (error, KD_WORKFLOW_ERROR, KD_WORKFLOW_ERROR_REASON_REQUIRED, message);
      return FALSE;
    }
  return TRUE;
}

gboolean
kd_workflow_reject (KdDb *db, gint64 case_id, const KdActor *actor, const char *reason,
                    gint64 at, KdChanges *changes, GError **error)
{
  KdStatusChange change = { KD_CASE_STATUS_REJECTED, "case.reject",
                            ", reject_reason = ?6, paused_at = NULL,"
                            " responded_at = coalesce (responded_at, ?2)" };

  return simple_change (db, case_id, change, actor, reason,
                        _("Give the villager the reason why the case is not accepted."),
                        at, changes, error);
}

/* The calendar and rule of @kase's clock. */
gboolean
kd_workflow_rule (KdDb        *db,
                  KdCase      *kase,
                  KdCalendar **calendar,
                  KdSlaRule   *rule,
                  GError     **error)
{
  *calendar = kd_calendar_load (db, error);
  if (*calendar == NULL)
    return FALSE;
  if (!kd_sla_rule_load (db, kd_case_get_kind (kase), kd_case_get_urgent (kase), rule, error))
    {
      g_clear_pointer (calendar, kd_calendar_free);
      return FALSE;
    }
  return TRUE;
}

/* A new resolution deadline from @at; the escalation mark cleared. */
gboolean
kd_workflow_reopen_case (KdDb          *db,
                         KdCase        *kase,
                         const KdActor *actor,
                         const char    *note,
                         gint64         at,
                         KdChanges     *changes,
                         GError       **error)
{
  KdStatusChange change = { KD_CASE_STATUS_REOPENED, "case.reopen",
                            ", resolved_at = NULL, escalated_at = NULL, paused_at = NULL,"
                            " resolution_due_at = ?4" };
  g_autoptr(KdCalendar) calendar = NULL;
  KdSlaRule rule;

  if (!kd_workflow_rule (db, kase, &calendar, &rule, error))
    return FALSE;
  change.p4 = kd_sla_deadline (calendar, &rule, at, rule.resolution_minutes);
  change.note = note;

  return kd_workflow_apply (db, kase, &change, actor, at, changes, error);
}

gboolean
kd_workflow_reopen (KdDb *db, gint64 case_id, const KdActor *actor, const char *reason,
                    gint64 at, KdChanges *changes, GError **error)
{
  g_autoptr(KdCase) kase = load_for (db, case_id, KD_CASE_STATUS_REOPENED, error);
  g_autofree char *clean = NULL;

  if (kase == NULL ||
      !kd_workflow_require_reason (reason, &clean, _("Say why the case is reopened."), error))
    return FALSE;

  return kd_workflow_reopen_case (db, kase, actor, clean, at, changes, error);
}

/* The village a cadre belongs to (0: the town), or -1 when there is no
 * such active account. */
static gint64
cadre_village (KdDb    *db,
               gint64   cadre_id,
               GError **error)
{
  sqlite3_stmt *stmt = kd_db_prepare (db, "SELECT coalesce (village_id, 0) FROM cadres WHERE id = ?1 AND active",
                                      error);
  gint64 village = -1;

  if (stmt == NULL)
    return -1;
  sqlite3_bind_int64 (stmt, 1, cadre_id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    village = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);

  if (village < 0)
    g_set_error (error, KD_WORKFLOW_ERROR, KD_WORKFLOW_ERROR_INVALID,
                 _("There is no active cadre account to assign the case to."));
  return village;
}

static gboolean
village_exists (KdDb    *db,
                gint64   village_id,
                GError **error)
{
  sqlite3_stmt *stmt = kd_db_prepare (db, "SELECT 1 FROM villages WHERE id = ?1", error);
  gboolean found;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, village_id);
  found = sqlite3_step (stmt) == SQLITE_ROW;
  sqlite3_reset (stmt);

  if (!found)
    g_set_error (error, KD_WORKFLOW_ERROR, KD_WORKFLOW_ERROR_INVALID,
                 _("There is no such village to assign the case to."));
  return found;
}

/* Checks the assignee; a cadre of a village brings their village along. */
static gboolean
check_assignee (KdDb    *db,
                gint64  *village_id,
                gint64   cadre_id,
                GError **error)
{
  if (*village_id <= 0 && cadre_id <= 0)
    {
      g_set_error (error, KD_WORKFLOW_ERROR, KD_WORKFLOW_ERROR_INVALID,
                   _("Choose a village or a cadre to assign the case to."));
      return FALSE;
    }
  if (*village_id > 0 && !village_exists (db, *village_id, error))
    return FALSE;
  if (cadre_id > 0)
    {
      gint64 home = cadre_village (db, cadre_id, error);

      if (home < 0)
        return FALSE;
      if (*village_id <= 0)
        *village_id = home;
    }
  return TRUE;
}

gboolean
kd_workflow_assign (KdDb *db, gint64 case_id, gint64 village_id, gint64 cadre_id,
                    const KdActor *actor, const char *note,
                    gint64 at, KdChanges *changes, GError **error)
{
  KdStatusChange change = { KD_CASE_STATUS_ASSIGNED, "case.assign",
                            ", assigned_village_id = ?4, assignee_id = ?5" };
  g_autoptr(KdCase) kase = kd_case_load (db, case_id, error);
  g_autofree char *clean = NULL;

  if (kase == NULL)
    return FALSE;
  if (kd_case_get_status (kase) != KD_CASE_STATUS_ASSIGNED &&
      !kd_case_status_can_change (kd_case_get_status (kase), change.to))
    {
      refuse (kase, change.to, error);
      return FALSE;
    }
  if (!check_assignee (db, &village_id, cadre_id, error) ||
      !kd_workflow_clean_text (note, &clean, error))
    return FALSE;

  change.p4 = MAX (village_id, 0);
  change.p5 = MAX (cadre_id, 0);
  change.note = clean;

  return kd_workflow_apply (db, kase, &change, actor, at, changes, error);
}

/* A change of status given only a note (the desktop's status buttons, the
 * older kd_case_set_status()): the note is the reason of a rejection or a
 * reopening. Assigning and merging need more, and say so. */
gboolean
kd_workflow_change_status (KdDb *db, gint64 case_id, KdCaseStatus status,
                           const KdActor *actor, const char *note,
                           gint64 at, KdChanges *changes, GError **error)
{
  switch (status)
    {
    case KD_CASE_STATUS_ACCEPTED:    return kd_workflow_accept (db, case_id, actor, note, at, changes, error);
    case KD_CASE_STATUS_IN_PROGRESS: return kd_workflow_start (db, case_id, actor, note, at, changes, error);
    case KD_CASE_STATUS_RESOLVED:    return kd_workflow_resolve (db, case_id, actor, note, at, changes, error);
    case KD_CASE_STATUS_CLOSED:      return kd_workflow_close (db, case_id, actor, note, at, changes, error);
    case KD_CASE_STATUS_REJECTED:    return kd_workflow_reject (db, case_id, actor, note, at, changes, error);
    case KD_CASE_STATUS_REOPENED:    return kd_workflow_reopen (db, case_id, actor, note, at, changes, error);
    case KD_CASE_STATUS_NEW:
    case KD_CASE_STATUS_ASSIGNED:
    case KD_CASE_STATUS_DUPLICATE:
    default:
      break;
    }

  {
    g_autoptr(KdCase) kase = load_for (db, case_id, status, error);

    if (kase == NULL)
      return FALSE;
    g_set_error (error, KD_WORKFLOW_ERROR, KD_WORKFLOW_ERROR_INVALID,
                 status == KD_CASE_STATUS_ASSIGNED ? _("Choose a village or a cadre to assign the case to.")
                                                   : _("Choose the case to merge this one into."));
    return FALSE;
  }
}
