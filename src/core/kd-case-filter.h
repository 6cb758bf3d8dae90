/* kd-case-filter.h: the workflow's filters of the case queue (kind,
 * assignee, overdue) and who is looking, as SQL on cases c. KdCaseList
 * holds one; its setters return whether anything changed. */
#pragma once

#include <glib.h>
#include <sqlite3.h>

#include "kd-types.h"

G_BEGIN_DECLS

typedef struct
{
  int      kind;            /* a KdCaseKind; < 0: any */
  gint64   assignee_id;     /* 0: anyone's */
  gboolean unassigned;
  gboolean overdue;
  int      viewer_role;     /* a KdRole; < 0: sees everything */
  gint64   viewer_village;
  gint64   now;             /* what "overdue" compares with */
  gboolean held;            /* kd_case_list_hold(): filter changes wait */
  gboolean dirty;           /* and one came meanwhile */
} KdCaseFilter;

void     kd_case_filter_init           (KdCaseFilter       *self);
void     kd_case_filter_append_sql     (const KdCaseFilter *self,
                                        GString            *sql);
void     kd_case_filter_bind           (const KdCaseFilter *self,
                                        sqlite3_stmt       *stmt);
gboolean kd_case_filter_set_kind       (KdCaseFilter       *self,
                                        int                 kind);
gboolean kd_case_filter_set_assignee   (KdCaseFilter       *self,
                                        gint64              cadre_id);
gboolean kd_case_filter_set_unassigned (KdCaseFilter       *self,
                                        gboolean            unassigned);
gboolean kd_case_filter_set_overdue    (KdCaseFilter       *self,
                                        gboolean            overdue);
gboolean kd_case_filter_set_viewer     (KdCaseFilter       *self,
                                        int                 role,
                                        gint64              village_id);

G_END_DECLS
