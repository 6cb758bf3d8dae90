/* kd-workflow-private.h: what the files of the workflow share. */
#pragma once

#include "kd-workflow.h"
#include "kd-sla.h"

G_BEGIN_DECLS

/* One change of status: the columns it sets besides status and updated_at
 * (@sets, an SQL fragment ", col = ?4, …" where ?1 is the case, ?2 the
 * time, ?4 and ?5 @p4 and @p5 (0 binds NULL), ?6 the note). */
typedef struct
{
  KdCaseStatus  to;
  const char   *action;   /* audit_log.action */
  const char   *sets;
  gint64        p4;
  gint64        p5;
  const char   *note;     /* the event's body, public */
} KdStatusChange;

gboolean  kd_workflow_apply      (KdDb                 *db,
                                  KdCase               *kase,
                                  const KdStatusChange *change,
                                  const KdActor        *actor,
                                  gint64                at,
                                  KdChanges            *changes,
                                  GError              **error);
gboolean  kd_workflow_audit      (KdDb                 *db,
                                  const KdActor        *actor,
                                  const char           *action,
                                  gint64                case_id,
                                  const char           *detail,
                                  gint64                at,
                                  GError              **error);
gboolean  kd_workflow_clean_text (const char           *text,
                                  char                **out,
                                  GError              **error);
gboolean  kd_workflow_require_reason (const char     *text,
                                  char                **out,
                                  const char           *message,
                                  GError              **error);
gboolean  kd_workflow_rule       (KdDb                 *db,
                                  KdCase               *kase,
                                  KdCalendar          **calendar,
                                  KdSlaRule            *rule,
                                  GError              **error);
gboolean  kd_workflow_reopen_case (KdDb                *db,
                                  KdCase               *kase,
                                  const KdActor        *actor,
                                  const char           *note,
                                  gint64                at,
                                  KdChanges            *changes,
                                  GError              **error);

G_END_DECLS
