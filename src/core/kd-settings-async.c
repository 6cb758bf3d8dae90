/* kd-settings-async.c: the township's settings through the writer, one job
 * kind per change (see kd-settings.h). */
#define G_LOG_DOMAIN "kd-settings"

#include "config.h"

#include "kd-settings.h"
#include "kd-writer.h"

typedef enum {
  OP_WORK_TIME,
  OP_ADD_HOLIDAY,
  OP_DELETE_HOLIDAY,
  OP_SLA_RULE,
  OP_CATEGORY,
} Op;

typedef struct
{
  Op         op;
  gint64     cadre_id;
  char      *actor_name;
  char      *a;          /* work days, day, category name */
  char      *b;          /* work hours, holiday name */
  gint64     id;         /* category id, kind */
  guint      kinds;
  gboolean   flag;       /* is_workday, urgent */
  KdSlaRule  rule;
} Job;

static void
job_free (gpointer data)
{
  Job *job = data;

  g_free (job->actor_name);
  g_free (job->a);
  g_free (job->b);
  g_free (job);
}

static gint64
job_apply (KdDb      *db,
           Job       *job,
           KdChanges *changes,
           GError   **error)
{
  KdActor actor = { job->cadre_id, job->actor_name };
  gint64 at = g_get_real_time () / G_USEC_PER_SEC;

  switch (job->op)
    {
    case OP_WORK_TIME:
      return kd_settings_set_work_time (db, job->a, job->b, &actor, at, changes, error);
    case OP_ADD_HOLIDAY:
      return kd_settings_add_holiday (db, job->a, job->b, job->flag, &actor, at, changes, error);
    case OP_DELETE_HOLIDAY:
      return kd_settings_delete_holiday (db, job->a, &actor, at, changes, error);
    case OP_SLA_RULE:
      return kd_settings_set_sla_rule (db, (KdCaseKind) job->id, job->flag, &job->rule, &actor, at,
                                       changes, error);
    case OP_CATEGORY:
      if (job->id == 0)
        return kd_settings_add_category (db, job->a, job->kinds, &actor, at, changes, error);
      return kd_settings_set_category (db, job->id, job->a, job->kinds, &actor, at, changes, error)
             ? job->id : 0;
    default:
      g_assert_not_reached ();
    }
}

static gpointer
job_run (KdDb      *db,
         gpointer   data,
         KdChanges *changes,
         GError   **error)
{
  gint64 result = job_apply (db, data, changes, error);

  return result != 0 ? g_memdup2 (&result, sizeof result) : NULL;
}

static Job *
job_new (Op             op,
         const KdActor *actor)
{
  Job *job = g_new0 (Job, 1);

  job->op = op;
  if (actor != NULL)
    {
      job->cadre_id = actor->cadre_id;
      job->actor_name = g_strdup (actor->name);
    }
  return job;
}

static void
job_submit (KdStore             *self,
            Job                 *job,
            GCancellable        *cancellable,
            GAsyncReadyCallback  callback,
            gpointer             user_data)
{
  kd_writer_submit (kd_store_get_writer (self), job_run, job, job_free, g_free,
                    cancellable, callback, user_data);
}

void
kd_store_save_work_time_async (KdStore             *self,
                               const char          *work_days,
                               const char          *work_hours,
                               const KdActor       *actor,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  Job *job;

  g_return_if_fail (KD_IS_STORE (self));

  job = job_new (OP_WORK_TIME, actor);
  job->a = g_strdup (work_days);
  job->b = g_strdup (work_hours);
  job_submit (self, job, cancellable, callback, user_data);
}

void
kd_store_add_holiday_async (KdStore             *self,
                            const char          *day,
                            const char          *name,
                            gboolean             is_workday,
                            const KdActor       *actor,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  Job *job;

  g_return_if_fail (KD_IS_STORE (self));

  job = job_new (OP_ADD_HOLIDAY, actor);
  job->a = g_strdup (day);
  job->b = g_strdup (name);
  job->flag = is_workday;
  job_submit (self, job, cancellable, callback, user_data);
}

void
kd_store_delete_holiday_async (KdStore             *self,
                               const char          *day,
                               const KdActor       *actor,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  Job *job;

  g_return_if_fail (KD_IS_STORE (self));

  job = job_new (OP_DELETE_HOLIDAY, actor);
  job->a = g_strdup (day);
  job_submit (self, job, cancellable, callback, user_data);
}

void
kd_store_save_sla_rule_async (KdStore             *self,
                              KdCaseKind           kind,
                              gboolean             urgent,
                              const KdSlaRule     *rule,
                              const KdActor       *actor,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  Job *job;

  g_return_if_fail (KD_IS_STORE (self));
  g_return_if_fail (rule != NULL);

  job = job_new (OP_SLA_RULE, actor);
  job->id = kind;
  job->flag = urgent;
  job->rule = *rule;
  job_submit (self, job, cancellable, callback, user_data);
}

void
kd_store_save_category_async (KdStore             *self,
                              gint64               id,
                              const char          *name,
                              guint                kinds,
                              const KdActor       *actor,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  Job *job;

  g_return_if_fail (KD_IS_STORE (self));

  job = job_new (OP_CATEGORY, actor);
  job->id = id;
  job->a = g_strdup (name);
  job->kinds = kinds;
  job_submit (self, job, cancellable, callback, user_data);
}

gint64
kd_store_settings_finish (KdStore       *self,
                          GAsyncResult  *result,
                          GError       **error)
{
  g_autofree gint64 *id = kd_writer_submit_finish (result, error);

  return id != NULL ? *id : 0;
}
