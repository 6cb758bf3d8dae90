/* kd-workflow-merge.c: duplicates merged into the case kept, both ways. */
#define G_LOG_DOMAIN "kd-workflow"

#include "config.h"

#include <glib/gi18n.h>

#include "kd-workflow-private.h"

/* The case kept must be another case, neither merged itself nor rejected. */
static KdCase *
load_kept (KdDb    *db,
           gint64   case_id,
           gint64   kept_id,
           GError **error)
{
  g_autoptr(GError) local = NULL;
  g_autoptr(KdCase) kept = NULL;
  KdCaseStatus status;

  if (kept_id == case_id)
    {
      g_set_error (error, KD_WORKFLOW_ERROR, KD_WORKFLOW_ERROR_INVALID,
                   _("A case cannot be merged into itself."));
      return NULL;
    }

  kept = kd_case_load (db, kept_id, &local);
  if (kept == NULL)
    {
      if (g_error_matches (local, KD_DB_ERROR, KD_DB_ERROR_NOT_FOUND))
        g_set_error (error, KD_WORKFLOW_ERROR, KD_WORKFLOW_ERROR_INVALID,
                     _("There is no such case to merge into."));
      else
        g_propagate_error (error, g_steal_pointer (&local));
      return NULL;
    }

  status = kd_case_get_status (kept);
  if (status == KD_CASE_STATUS_DUPLICATE || status == KD_CASE_STATUS_REJECTED)
    {
      g_set_error (error, KD_WORKFLOW_ERROR, KD_WORKFLOW_ERROR_INVALID,
                   _("A case cannot be merged into a case that is “%s”."), kd_case_status_label (status));
      return NULL;
    }

  return g_steal_pointer (&kept);
}

/* The earlier duplicates of the merged case now follow the kept one. */
static gboolean
move_duplicates (KdDb       *db,
                 gint64      case_id,
                 gint64      kept_id,
                 gint64      at,
                 KdChanges  *changes,
                 GError    **error)
{
  sqlite3_stmt *stmt = kd_db_prepare (db,
                                      "UPDATE cases SET duplicate_of = ?2, updated_at = ?3"
                                      " WHERE duplicate_of = ?1",
                                      error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, case_id);
  sqlite3_bind_int64 (stmt, 2, kept_id);
  sqlite3_bind_int64 (stmt, 3, at);
  if (!kd_db_step_done (db, stmt, error))
    return FALSE;

  kd_changes_add (changes, "cases", kept_id);
  return TRUE;
}

/* The duplicate gets a public event (its villager is told, and follows the
 * kept case); the kept case an internal one naming the duplicate's code. */
gboolean
kd_workflow_merge (KdDb *db, gint64 case_id, gint64 kept_id, const KdActor *actor,
                   const char *note, gint64 at, KdChanges *changes, GError **error)
{
  KdStatusChange change = { KD_CASE_STATUS_DUPLICATE, "case.merge",
                            ", duplicate_of = ?4, paused_at = NULL,"
                            " responded_at = coalesce (responded_at, ?2)" };
  g_autoptr(KdCase) kase = kd_case_load (db, case_id, error);
  g_autoptr(KdCase) kept = NULL;
  g_autofree char *clean = NULL;
  g_autofree char *code = NULL;

  if (kase == NULL)
    return FALSE;
  if (!kd_case_status_can_change (kd_case_get_status (kase), change.to))
    {
      g_set_error (error, KD_WORKFLOW_ERROR, KD_WORKFLOW_ERROR_NOT_ALLOWED,
                   _("A case that is “%s” cannot be merged."), kd_case_status_label (kd_case_get_status (kase)));
      return FALSE;
    }
  kept = load_kept (db, case_id, kept_id, error);
  if (kept == NULL || !kd_workflow_clean_text (note, &clean, error))
    return FALSE;

  change.p4 = kept_id;
  change.note = clean;
  code = kd_case_dup_display_code (kase);

  return kd_workflow_apply (db, kase, &change, actor, at, changes, error) &&
         move_duplicates (db, case_id, kept_id, at, changes, error) &&
         kd_workflow_add_event (db, kept_id, at, "merged", actor, -1, code, FALSE, changes, error);
}

/* The case a duplicate was merged into (what its villager follows), or
 * NULL with a KD_DB_ERROR_NOT_FOUND error when @duplicate is not merged. */
KdCase *
kd_workflow_dup_kept_case (KdDb    *db,
                           KdCase  *duplicate,
                           GError **error)
{
  g_return_val_if_fail (KD_IS_CASE (duplicate), NULL);

  if (kd_case_get_duplicate_of (duplicate) == 0)
    {
      g_set_error (error, KD_DB_ERROR, KD_DB_ERROR_NOT_FOUND, _("This case was not merged into another."));
      return NULL;
    }
  return kd_case_load (db, kd_case_get_duplicate_of (duplicate), error);
}

/* The cases merged into @case_id, oldest first: a GListModel of KdCase. */
GListModel *
kd_workflow_list_duplicates (KdDb    *db,
                             gint64   case_id,
                             GError **error)
{
  g_autoptr(GListStore) store = g_list_store_new (KD_TYPE_CASE);
  sqlite3_stmt *stmt = kd_db_prepare (db,
                                      "SELECT " KD_CASE_COLUMNS KD_CASE_FROM
                                      " WHERE c.duplicate_of = ?1 ORDER BY c.created_at, c.id",
                                      error);
  int rc;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, case_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_autoptr(KdCase) kase = kd_case_new_from_stmt (stmt);
      g_list_store_append (store, kase);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      kd_db_set_error (db, rc, "list duplicates", error);
      return NULL;
    }

  return G_LIST_MODEL (g_steal_pointer (&store));
}
