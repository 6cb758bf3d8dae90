/* kd-workflow-async.c: the workflow's changes on the writer, at the current
 * time: the UI thread and the server thread never wait on a write. */
#define G_LOG_DOMAIN "kd-workflow"

#include "config.h"

#include "kd-workflow.h"

typedef enum {
  OP_ACCEPT,
  OP_ASSIGN,
  OP_START,
  OP_RESOLVE,
  OP_REJECT,
  OP_MERGE,
  OP_REOPEN,
  OP_CLOSE,
  OP_PAUSE,
  OP_RESUME,
  OP_RATE,
  OP_RUN_SLA,
} Op;

typedef struct
{
  Op      op;
  gint64  case_id;
  gint64  target;        /* the village (assign), the case kept (merge) */
  gint64  cadre_id;      /* the assignee (assign) */
  gint64  actor_id;
  char   *actor_name;
  char   *text;          /* the note, reason or comment */
  char   *code;          /* the tracking code (rate) */
  int     efficiency;
  int     satisfaction;
} Action;

static void
action_free (gpointer data)
{
  Action *action = data;

  g_free (action->actor_name);
  g_free (action->text);
  g_free (action->code);
  g_free (action);
}

static Action *
action_new (Op             op,
            gint64         case_id,
            const KdActor *actor,
            const char    *text)
{
  Action *action = g_new0 (Action, 1);

  action->op = op;
  action->case_id = case_id;
  action->actor_id = actor ? actor->cadre_id : 0;
  action->actor_name = g_strdup (actor ? actor->name : NULL);
  action->text = g_strdup (text);

  return action;
}

static gboolean
run_change (KdDb       *db,
            Action     *a,
            gint64      now,
            KdChanges  *changes,
            GError    **error)
{
  KdActor actor = { a->actor_id, a->actor_name };

  switch (a->op)
    {
    case OP_ACCEPT:  return kd_workflow_accept (db, a->case_id, &actor, a->text, now, changes, error);
    case OP_ASSIGN:  return kd_workflow_assign (db, a->case_id, a->target, a->cadre_id, &actor, a->text,
                                                now, changes, error);
    case OP_START:   return kd_workflow_start (db, a->case_id, &actor, a->text, now, changes, error);
    case OP_RESOLVE: return kd_workflow_resolve (db, a->case_id, &actor, a->text, now, changes, error);
    case OP_REJECT:  return kd_workflow_reject (db, a->case_id, &actor, a->text, now, changes, error);
    case OP_MERGE:   return kd_workflow_merge (db, a->case_id, a->target, &actor, a->text, now, changes, error);
    case OP_REOPEN:  return kd_workflow_reopen (db, a->case_id, &actor, a->text, now, changes, error);
    case OP_CLOSE:   return kd_workflow_close (db, a->case_id, &actor, a->text, now, changes, error);
    case OP_PAUSE:   return kd_workflow_pause (db, a->case_id, &actor, a->text, now, changes, error);
    case OP_RESUME:  return kd_workflow_resume (db, a->case_id, &actor, a->text, now, changes, error);
    case OP_RATE:
    case OP_RUN_SLA:
    default:
      g_assert_not_reached ();
    }
}

static gpointer
run_sla (KdDb       *db,
         gint64      now,
         KdChanges  *changes,
         GError    **error)
{
  g_autoptr(GPtrArray) escalated = kd_workflow_escalate (db, now, changes, error);

  if (escalated == NULL || kd_workflow_sweep (db, now, changes, error) < 0)
    return NULL;
  return g_steal_pointer (&escalated);
}

static gpointer
action_job (KdDb      *db,
            gpointer   data,
            KdChanges *changes,
            GError   **error)
{
  Action *a = data;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;

  if (a->op == OP_RATE)
    return kd_workflow_rate (db, a->code, a->efficiency, a->satisfaction, a->text, now, changes, error);
  if (a->op == OP_RUN_SLA)
    return run_sla (db, now, changes, error);

  return run_change (db, a, now, changes, error) ? GINT_TO_POINTER (TRUE) : NULL;
}

static void
submit (KdStore             *self,
        Action              *action,
        GDestroyNotify       result_destroy,
        GCancellable        *cancellable,
        GAsyncReadyCallback  callback,
        gpointer             user_data)
{
  kd_writer_submit (kd_store_get_writer (self), action_job, action, action_free, result_destroy,
                    cancellable, callback, user_data);
}

#define SIMPLE_ASYNC(name, OP)                                                                     \
void                                                                                               \
kd_store_##name##_async (KdStore *self, gint64 case_id, const KdActor *actor, const char *text,     \
                         GCancellable *cancellable, GAsyncReadyCallback callback, gpointer user_data) \
{                                                                                                  \
  g_return_if_fail (KD_IS_STORE (self));                                                           \
  submit (self, action_new (OP, case_id, actor, text), NULL, cancellable, callback, user_data);     \
}

SIMPLE_ASYNC (accept, OP_ACCEPT)
SIMPLE_ASYNC (start, OP_START)
SIMPLE_ASYNC (resolve, OP_RESOLVE)
SIMPLE_ASYNC (reject, OP_REJECT)
SIMPLE_ASYNC (reopen, OP_REOPEN)
SIMPLE_ASYNC (close, OP_CLOSE)
SIMPLE_ASYNC (pause, OP_PAUSE)
SIMPLE_ASYNC (resume, OP_RESUME)

/* @village_id and @cadre_id: 0 for none; at least one of them. */
void
kd_store_assign_async (KdStore *self, gint64 case_id, gint64 village_id, gint64 cadre_id,
                       const KdActor *actor, const char *note,
                       GCancellable *cancellable, GAsyncReadyCallback callback, gpointer user_data)
{
  Action *action;

  g_return_if_fail (KD_IS_STORE (self));

  action = action_new (OP_ASSIGN, case_id, actor, note);
  action->target = village_id;
  action->cadre_id = cadre_id;
  submit (self, action, NULL, cancellable, callback, user_data);
}

void
kd_store_merge_async (KdStore *self, gint64 case_id, gint64 kept_id, const KdActor *actor,
                      const char *note,
                      GCancellable *cancellable, GAsyncReadyCallback callback, gpointer user_data)
{
  Action *action;

  g_return_if_fail (KD_IS_STORE (self));

  action = action_new (OP_MERGE, case_id, actor, note);
  action->target = kept_id;
  submit (self, action, NULL, cancellable, callback, user_data);
}

gboolean
kd_store_case_action_finish (KdStore *self, GAsyncResult *result, GError **error)
{
  return kd_writer_submit_finish (result, error) != NULL;
}

void
kd_store_rate_async (KdStore *self, const char *tracking_code, int efficiency,
                     int satisfaction, const char *comment,
                     GCancellable *cancellable, GAsyncReadyCallback callback, gpointer user_data)
{
  Action *action;

  g_return_if_fail (KD_IS_STORE (self));

  action = action_new (OP_RATE, 0, NULL, comment);
  action->code = g_strdup (tracking_code);
  action->efficiency = efficiency;
  action->satisfaction = satisfaction;
  submit (self, action, g_object_unref, cancellable, callback, user_data);
}

KdCase *
kd_store_rate_finish (KdStore *self, GAsyncResult *result, GError **error)
{
  return kd_writer_submit_finish (result, error);
}

void
kd_store_run_sla_async (KdStore *self, GCancellable *cancellable,
                        GAsyncReadyCallback callback, gpointer user_data)
{
  g_return_if_fail (KD_IS_STORE (self));

  submit (self, action_new (OP_RUN_SLA, 0, NULL, NULL), (GDestroyNotify) g_ptr_array_unref,
          cancellable, callback, user_data);
}

GPtrArray *
kd_store_run_sla_finish (KdStore *self, GAsyncResult *result, GError **error)
{
  return kd_writer_submit_finish (result, error);
}
