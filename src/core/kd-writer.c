#define G_LOG_DOMAIN "kd-writer"

#include "config.h"

#include "kd-writer.h"
#include "kd-thread.h"

#define MAX_BATCH 512

/* How long the queue must stay empty before the idle work starts: under a
 * stream of reports the next one comes well within it, so indexing waits
 * for a pause instead of taking the CPU the reports need. */
#define IDLE_GRACE_USEC 2000

typedef struct
{
  char   *table;
  gint64  row_id;
} Change;

struct _KdChanges
{
  GArray *items;   /* of Change */
};

typedef struct
{
  KdWriteFunc     func;
  gpointer        data;
  GDestroyNotify  data_destroy;
  GDestroyNotify  result_destroy;
  GTask          *task;          /* NULL for the stop job and sync jobs */
  gpointer        result;
  GError         *error;
  /* sync jobs */
  GMutex          mutex;
  GCond           cond;
  gboolean        done;
  gboolean        is_sync;
  gboolean        is_stop;
} Job;

struct _KdWriter
{
  KdDb          *db;
  GThread       *thread;
  GAsyncQueue   *queue;
  GMainContext  *notify_context;
  KdChangesFunc  notify;
  GWeakRef       notify_target;
  gint           batching;       /* atomic */
  gsize          commits;        /* atomic */
  KdWriterIdleFunc idle;
  gboolean       idle_more;      /* writer thread only */
  guint          idle_round;     /* writer thread only */
  gint           background;     /* atomic: 1 asked, 2 done */
  gint           idle_paused;    /* atomic */
};

typedef struct
{
  KdChangesFunc  notify;
  GWeakRef       target;
  GArray        *changes;
} Notification;

void
kd_changes_add (KdChanges  *changes,
                const char *table,
                gint64      row_id)
{
  Change c = { g_strdup (table), row_id };

  g_array_append_val (changes->items, c);
}

static void
change_clear (gpointer data)
{
  Change *c = data;

  g_free (c->table);
}

static GArray *
changes_array_new (void)
{
  GArray *a = g_array_new (FALSE, FALSE, sizeof (Change));

  g_array_set_clear_func (a, change_clear);
  return a;
}

static gboolean
deliver_notification (gpointer data)
{
  Notification *n = data;
  g_autoptr(GObject) target = g_weak_ref_get (&n->target);

  if (target == NULL)
    return G_SOURCE_REMOVE;

  for (guint i = 0; i < n->changes->len; i++)
    {
      Change *c = &g_array_index (n->changes, Change, i);
      n->notify (target, c->table, c->row_id);
    }

  return G_SOURCE_REMOVE;
}

static void
notification_free (gpointer data)
{
  Notification *n = data;

  g_array_unref (n->changes);
  g_weak_ref_clear (&n->target);
  g_free (n);
}

static void
job_free (Job *job)
{
  if (job->data_destroy && job->data)
    job->data_destroy (job->data);
  if (job->result && job->result_destroy)
    job->result_destroy (job->result);
  g_clear_error (&job->error);
  g_clear_object (&job->task);
  g_mutex_clear (&job->mutex);
  g_cond_clear (&job->cond);
  g_free (job);
}

/* Hands the job's outcome back to whoever asked. */
static void
job_complete (Job *job)
{
  if (job->is_sync)
    {
      g_mutex_lock (&job->mutex);
      job->done = TRUE;
      g_cond_signal (&job->cond);
      g_mutex_unlock (&job->mutex);
      return;
    }

  if (job->task == NULL)
    ;  /* cancelled: already answered */
  else if (job->error != NULL)
    g_task_return_error (job->task, g_steal_pointer (&job->error));
  else
    g_task_return_pointer (job->task, g_steal_pointer (&job->result), job->result_destroy);

  job_free (job);
}

/* Hands back the outcomes of @jobs (all of one context), on that context. */
static gboolean
return_jobs (gpointer data)
{
  GPtrArray *jobs = data;

  for (guint i = 0; i < jobs->len; i++)
    {
      job_complete (jobs->pdata[i]);
      jobs->pdata[i] = NULL;
    }
  return G_SOURCE_REMOVE;
}

static void
jobs_free (gpointer data)
{
  GPtrArray *jobs = data;

  for (guint i = 0; i < jobs->len; i++)
    if (jobs->pdata[i] != NULL)
      job_free (jobs->pdata[i]);
  g_ptr_array_unref (jobs);
}

/* Answers the jobs of a batch: one source on each asking thread's context
 * for all its jobs, rather than one wakeup of that thread per job. There
 * the tasks return at once (a later iteration than the one that made them),
 * in the order they were submitted. */
static void
complete_batch (GPtrArray *batch)
{
  g_autoptr(GPtrArray) contexts = g_ptr_array_new ();
  g_autoptr(GPtrArray) groups = g_ptr_array_new ();

  for (guint i = 0; i < batch->len; i++)
    {
      Job *job = batch->pdata[i];
      GMainContext *context;
      guint g;

      if (job->is_sync || job->task == NULL)
        {
          job_complete (job);
          continue;
        }
      context = g_task_get_context (job->task);
      for (g = 0; g < contexts->len && contexts->pdata[g] != context; g++)
        ;
      if (g == contexts->len)
        {
          g_ptr_array_add (contexts, context);
          g_ptr_array_add (groups, g_ptr_array_new ());
        }
      g_ptr_array_add (groups->pdata[g], job);
    }

  for (guint g = 0; g < groups->len; g++)
    {
      g_autoptr(GSource) source = g_idle_source_new ();

      g_source_set_priority (source, G_PRIORITY_DEFAULT);
      g_source_set_callback (source, return_jobs, groups->pdata[g], jobs_free);
      g_source_set_static_name (source, "[kd-writer] return jobs");
      g_source_attach (source, contexts->pdata[g]);
    }
}

static void
job_fail (Job          *job,
          const GError *error)
{
  if (job->result && job->result_destroy)
    job->result_destroy (job->result);
  job->result = NULL;
  g_clear_error (&job->error);
  job->error = g_error_copy (error);
}

static void
run_job (KdWriter  *self,
         Job       *job,
         KdChanges *changes)
{
  guint mark = changes->items->len;

  if (job->task && g_task_return_error_if_cancelled (job->task))
    {
      g_clear_object (&job->task);
      job->error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED, "cancelled");
      return;
    }

  if (!kd_db_run (self->db, "SAVEPOINT job", &job->error))
    return;

  job->result = job->func (self->db, job->data, changes, &job->error);

  if (job->error != NULL)
    {
      kd_db_run (self->db, "ROLLBACK TO job", NULL);
      kd_db_drop_cached (self->db);
      g_array_set_size (changes->items, mark);
    }
  kd_db_run (self->db, "RELEASE job", NULL);
}

static void
run_batch (KdWriter  *self,
           GPtrArray *batch)
{
  g_autoptr(GError) error = NULL;
  KdChanges changes = { changes_array_new () };

  if (!kd_db_run (self->db, "BEGIN IMMEDIATE", &error))
    {
      for (guint i = 0; i < batch->len; i++)
        job_fail (batch->pdata[i], error);
    }
  else
    {
      for (guint i = 0; i < batch->len; i++)
        run_job (self, batch->pdata[i], &changes);

      if (!kd_db_run (self->db, "COMMIT", &error))
        {
          kd_db_exec (self->db, "ROLLBACK", NULL);
          g_warning ("Commit failed, %u writes refused: %s", batch->len, error->message);
          for (guint i = 0; i < batch->len; i++)
            job_fail (batch->pdata[i], error);
          g_array_set_size (changes.items, 0);
        }
      else
        g_atomic_pointer_add (&self->commits, 1);
    }

  /* Durable now: answer everyone, then tell the UI what changed. */
  complete_batch (batch);

  if (changes.items->len > 0 && self->notify != NULL)
    {
      Notification *n = g_new0 (Notification, 1);

      n->notify = self->notify;
      g_weak_ref_init (&n->target, NULL);
      {
        g_autoptr(GObject) target = g_weak_ref_get (&self->notify_target);
        g_weak_ref_set (&n->target, target);
      }
      n->changes = g_steal_pointer (&changes.items);
      g_main_context_invoke_full (self->notify_context, G_PRIORITY_DEFAULT,
                                  deliver_notification, n, notification_free);
    }
  g_clear_pointer (&changes.items, g_array_unref);
}

/* One slice of the idle work, committed without waiting for the disk: it
 * only moves what is already durable (a crash puts the slice back), and the
 * next durable commit syncs it along. Writes that arrive meanwhile wait for
 * one slice at most. */
static void
run_idle (KdWriter *self)
{
  g_autoptr(GError) error = NULL;

  kd_db_run (self->db, "PRAGMA synchronous = NORMAL", NULL);
  if (kd_db_run (self->db, "BEGIN IMMEDIATE", &error))
    {
      self->idle_more = self->idle (self->db, self->idle_round++);
      if (!kd_db_run (self->db, "COMMIT", &error))
        {
          kd_db_exec (self->db, "ROLLBACK", NULL);
          self->idle_more = FALSE;
        }
    }
  else
    self->idle_more = FALSE;
  kd_db_run (self->db, "PRAGMA synchronous = FULL", NULL);

  if (error != NULL)
    g_warning ("Background work failed: %s", error->message);
}

/* The next job; while there is idle work, that work runs whenever no job
 * has come for IDLE_GRACE_USEC. */
static Job *
next_job (KdWriter *self)
{
  Job *job;

  if (g_atomic_int_compare_and_exchange (&self->background, 1, 2))
    kd_thread_set_background ();

  if (self->idle != NULL && self->idle_more && !g_atomic_int_get (&self->idle_paused) &&
      (job = g_async_queue_timeout_pop (self->queue, IDLE_GRACE_USEC)) != NULL)
    return job;

  while (self->idle != NULL && self->idle_more && !g_atomic_int_get (&self->idle_paused))
    {
      if ((job = g_async_queue_try_pop (self->queue)) != NULL)
        return job;
      run_idle (self);
    }

  return g_async_queue_pop (self->queue);
}

static gpointer
writer_thread (gpointer data)
{
  KdWriter *self = data;
  gboolean stop = FALSE;

  self->idle_more = TRUE;

  while (!stop)
    {
      g_autoptr(GPtrArray) batch = g_ptr_array_new ();
      Job *job = next_job (self);
      Job *stop_job = NULL;

      do
        {
          if (job->is_stop)
            {
              stop_job = job;
              stop = TRUE;
              break;
            }
          g_ptr_array_add (batch, job);
        }
      while (g_atomic_int_get (&self->batching) &&
             batch->len < MAX_BATCH &&
             (job = g_async_queue_try_pop (self->queue)) != NULL);

      if (batch->len > 0)
        {
          run_batch (self, batch);
          self->idle_more = TRUE;
          self->idle_round = 0;
        }

      if (stop_job != NULL)
        job_complete (stop_job);
    }

  return NULL;
}

/* Takes ownership of @db, the writing connection. @idle, if not NULL, is
 * run whenever no write waits, until it returns FALSE; again after each
 * commit. */
KdWriter *
kd_writer_new (KdDb             *db,
               GMainContext     *notify_context,
               KdChangesFunc     notify,
               GObject          *notify_target,
               KdWriterIdleFunc  idle)
{
  KdWriter *self = g_new0 (KdWriter, 1);

  self->db = db;
  self->queue = g_async_queue_new ();
  self->notify_context = notify_context ? g_main_context_ref (notify_context)
                                        : g_main_context_ref_thread_default ();
  self->notify = notify;
  g_weak_ref_init (&self->notify_target, notify_target);
  self->batching = TRUE;
  self->idle = idle;
  self->thread = g_thread_new ("kd-writer", writer_thread, self);

  return self;
}

static Job *
job_new (KdWriteFunc    func,
         gpointer       data,
         GDestroyNotify data_destroy,
         GDestroyNotify result_destroy)
{
  Job *job = g_new0 (Job, 1);

  job->func = func;
  job->data = data;
  job->data_destroy = data_destroy;
  job->result_destroy = result_destroy;
  g_mutex_init (&job->mutex);
  g_cond_init (&job->cond);

  return job;
}

static void
job_wait (Job *job)
{
  g_mutex_lock (&job->mutex);
  while (!job->done)
    g_cond_wait (&job->cond, &job->mutex);
  g_mutex_unlock (&job->mutex);
}

/* Finishes every queued job, then stops the thread and closes the connection. */
void
kd_writer_free (KdWriter *self)
{
  Job *stop;

  if (self == NULL)
    return;

  stop = job_new (NULL, NULL, NULL, NULL);
  stop->is_stop = TRUE;
  stop->is_sync = TRUE;
  g_async_queue_push (self->queue, stop);
  job_wait (stop);
  job_free (stop);
  g_thread_join (self->thread);

  g_async_queue_unref (self->queue);
  g_main_context_unref (self->notify_context);
  g_weak_ref_clear (&self->notify_target);
  /* Everything into the database file, so a copy of it alone is whole. */
  if (sqlite3_wal_checkpoint_v2 (kd_db_get_handle (self->db), NULL, SQLITE_CHECKPOINT_TRUNCATE, NULL, NULL) != SQLITE_OK)
    g_debug ("No checkpoint on closing: %s", sqlite3_errmsg (kd_db_get_handle (self->db)));
  kd_db_close (self->db);
  g_free (self);
}

void
kd_writer_submit (KdWriter            *self,
                  KdWriteFunc          func,
                  gpointer             data,
                  GDestroyNotify       data_destroy,
                  GDestroyNotify       result_destroy,
                  GCancellable        *cancellable,
                  GAsyncReadyCallback  callback,
                  gpointer             user_data)
{
  Job *job;

  g_return_if_fail (self != NULL);
  g_return_if_fail (func != NULL);

  job = job_new (func, data, data_destroy, result_destroy);
  job->task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (job->task, kd_writer_submit);
  g_async_queue_push (self->queue, job);
}

gpointer
kd_writer_submit_finish (GAsyncResult *result,
                         GError      **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Blocks the calling thread until the job is committed. Not for the UI thread:
 * for the command line (--demo, tests) only. */
gpointer
kd_writer_run_sync (KdWriter      *self,
                    KdWriteFunc    func,
                    gpointer       data,
                    GDestroyNotify result_destroy,
                    GError       **error)
{
  Job *job;
  gpointer result;

  g_return_val_if_fail (self != NULL, NULL);

  job = job_new (func, data, NULL, result_destroy);
  job->is_sync = TRUE;
  g_async_queue_push (self->queue, job);
  job_wait (job);

  if (job->error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&job->error));
      result = NULL;
    }
  else
    result = g_steal_pointer (&job->result);
  job_free (job);

  return result;
}

/* With batching off every job commits alone: the baseline of the ingest benchmark. */
void
kd_writer_set_batching (KdWriter *self,
                        gboolean  batching)
{
  g_atomic_int_set (&self->batching, !!batching);
}

/* Lets the writer's thread give way to the UI thread (from its next job on). */
void
kd_writer_set_background (KdWriter *self)
{
  g_atomic_int_compare_and_exchange (&self->background, 0, 1);
}

/* Pauses the idle work (from the next job on); for tests that look at it. */
void
kd_writer_set_idle_paused (KdWriter *self,
                           gboolean  paused)
{
  g_atomic_int_set (&self->idle_paused, !!paused);
}

guint64
kd_writer_get_commits (KdWriter *self)
{
  return (guint64) g_atomic_pointer_get (&self->commits);
}
