/* kd-case-filter.c: the workflow's filters of the case queue, as SQL. */
#define G_LOG_DOMAIN "kd-case-list"

#include "config.h"

#include "kd-access.h"
#include "kd-case-list-private.h"

void
kd_case_filter_init (KdCaseFilter *self)
{
  *self = (KdCaseFilter) { .kind = -1, .viewer_role = -1 };
  self->now = g_get_real_time () / G_USEC_PER_SEC;
}

/* The cases the viewer's role may see (KdRole), by the one rule of
 * kd-access.c: the discipline inspection sees 清风 reports only; everyone
 * else never sees them; a village secretary sees the cases of their village,
 * reported there or assigned to it. */
static void
append_viewer (const KdCaseFilter *self,
               GString            *s)
{
  g_autofree char *condition = NULL;

  if (self->viewer_role < 0)
    return;
  condition = kd_access_case_condition ((KdRole) self->viewer_role, self->viewer_village, "c");
  g_string_append_printf (s, " AND %s", condition);
}

/* " AND …" for each filter that is set. */
void
kd_case_filter_append_sql (const KdCaseFilter *self,
                           GString            *s)
{
  append_viewer (self, s);
  if (self->kind >= 0)
    g_string_append (s, " AND c.kind = :kind");
  if (self->assignee_id > 0)
    g_string_append (s, " AND ifnull(c.assignee_id,0) = :assignee");
  if (self->unassigned)
    g_string_append (s, " AND ifnull(c.assignee_id,0) = 0 AND c.assigned_village_id IS NULL");
  if (self->overdue)   /* kd_case_is_overdue() */
    g_string_append (s, " AND c.status IN (0, 1, 2, 3, 8) AND c.paused_at IS NULL"
                        " AND ((c.responded_at IS NULL AND c.response_due_at < :now)"
                        " OR c.resolution_due_at < :now)");
}

void
kd_case_filter_bind (const KdCaseFilter *self,
                     sqlite3_stmt       *stmt)
{
  int i;

  if ((i = sqlite3_bind_parameter_index (stmt, ":kind")) > 0)
    sqlite3_bind_int (stmt, i, self->kind);
  if ((i = sqlite3_bind_parameter_index (stmt, ":assignee")) > 0)
    sqlite3_bind_int64 (stmt, i, self->assignee_id);
  if ((i = sqlite3_bind_parameter_index (stmt, ":now")) > 0)
    sqlite3_bind_int64 (stmt, i, self->now);
}

static gboolean
set_int64 (gint64 *field,
           gint64  value)
{
  if (*field == value)
    return FALSE;
  *field = value;
  return TRUE;
}

gboolean
kd_case_filter_set_kind (KdCaseFilter *self,
                         int           kind)
{
  gint64 k = self->kind;
  gboolean changed = set_int64 (&k, kind < 0 ? -1 : kind);

  self->kind = (int) k;
  return changed;
}

gboolean
kd_case_filter_set_assignee (KdCaseFilter *self,
                             gint64        cadre_id)
{
  return set_int64 (&self->assignee_id, MAX (cadre_id, 0));
}

gboolean
kd_case_filter_set_unassigned (KdCaseFilter *self,
                               gboolean      unassigned)
{
  gint64 v = self->unassigned;
  gboolean changed = set_int64 (&v, !!unassigned);

  self->unassigned = (gboolean) v;
  return changed;
}

gboolean
kd_case_filter_set_overdue (KdCaseFilter *self,
                            gboolean      overdue)
{
  gint64 v = self->overdue;
  gboolean changed = set_int64 (&v, !!overdue);

  self->overdue = (gboolean) v;
  return changed;
}

gboolean
kd_case_filter_set_viewer (KdCaseFilter *self,
                           int           role,
                           gint64        village_id)
{
  gint64 r = self->viewer_role;
  gboolean changed = set_int64 (&r, role < 0 ? -1 : role);

  changed = set_int64 (&self->viewer_village, village_id) || changed;
  self->viewer_role = (int) r;
  return changed;
}

/* The setters of KdCaseList for these filters. */

/* @kind: a KdCaseKind, or < 0 for any. */
void
kd_case_list_set_kind (KdCaseList *self,
                       int         kind)
{
  g_return_if_fail (KD_IS_CASE_LIST (self));

  if (kd_case_filter_set_kind (kd_case_list_get_workflow_filter (self), kind))
    kd_case_list_filter_changed (self);
}

/* The cases assigned to the cadre @cadre_id ("assigned to me"); 0: anyone's. */
void
kd_case_list_set_assignee (KdCaseList *self,
                           gint64      cadre_id)
{
  g_return_if_fail (KD_IS_CASE_LIST (self));

  if (kd_case_filter_set_assignee (kd_case_list_get_workflow_filter (self), cadre_id))
    kd_case_list_filter_changed (self);
}

/* Only the cases assigned to neither a village nor a cadre. */
void
kd_case_list_set_unassigned (KdCaseList *self,
                             gboolean    unassigned)
{
  g_return_if_fail (KD_IS_CASE_LIST (self));

  if (kd_case_filter_set_unassigned (kd_case_list_get_workflow_filter (self), unassigned))
    kd_case_list_filter_changed (self);
}

/* Only the overdue cases (kd_case_is_overdue()) as of the last refresh. */
void
kd_case_list_set_overdue (KdCaseList *self,
                          gboolean    overdue)
{
  g_return_if_fail (KD_IS_CASE_LIST (self));

  if (kd_case_filter_set_overdue (kd_case_list_get_workflow_filter (self), overdue))
    kd_case_list_filter_changed (self);
}

/* Who is looking: the list holds only what @role (a KdRole) may see;
 * @village_id is a village secretary's village. @role < 0 shows every case
 * (the default, for tests and tools); the desktop sets the signed-in
 * cadre's role. */
void
kd_case_list_set_viewer (KdCaseList *self,
                         int         role,
                         gint64      village_id)
{
  g_return_if_fail (KD_IS_CASE_LIST (self));
  g_return_if_fail (role < KD_N_ROLES);

  if (kd_case_filter_set_viewer (kd_case_list_get_workflow_filter (self), role, village_id))
    kd_case_list_filter_changed (self);
}

/* While @hold, the filters' setters only take note; releasing the hold
 * applies them all in one refresh (a saved view sets several at once). */
void
kd_case_list_hold (KdCaseList *self,
                   gboolean    hold)
{
  KdCaseFilter *filter;

  g_return_if_fail (KD_IS_CASE_LIST (self));

  filter = kd_case_list_get_workflow_filter (self);
  filter->held = !!hold;
  if (!hold && filter->dirty)
    {
      filter->dirty = FALSE;
      kd_case_list_filter_changed (self);
    }
}
