/* kd-writer.h: the one writer. A thread that owns the writing connection and
 * batches concurrent write jobs into one transaction (group commit); each job
 * is answered only after its commit is durable (synchronous=FULL). */
#pragma once

#include <gio/gio.h>

#include "kd-db.h"

G_BEGIN_DECLS

/* Runs on the writer thread, inside a transaction (and a savepoint of its own:
 * a job that fails is rolled back alone). Record what changed in @changes.
 * Returns the job's result, or NULL with @error set. */
typedef gpointer (*KdWriteFunc) (KdDb       *db,
                                 gpointer    data,
                                 KdChanges  *changes,
                                 GError    **error);

/* Background work the writer does when no write is waiting (indexing):
 * runs inside a transaction of its own; returns TRUE while there is more to
 * do, FALSE when done (or on error, which it logs). @round counts the slices
 * run since the last write (0 right after one): the longer the quiet, the
 * bigger a slice may be. */
typedef gboolean (*KdWriterIdleFunc) (KdDb  *db,
                                      guint  round);

/* Called on the notify context after each commit. */
typedef void (*KdChangesFunc) (GObject    *target,
                               const char *table,
                               gint64      row_id);

KdWriter *kd_writer_new           (KdDb                *db,
                                   GMainContext        *notify_context,
                                   KdChangesFunc        notify,
                                   GObject             *notify_target,
                                   KdWriterIdleFunc     idle);
void      kd_writer_free          (KdWriter            *self);
void      kd_writer_submit        (KdWriter            *self,
                                   KdWriteFunc          func,
                                   gpointer             data,
                                   GDestroyNotify       data_destroy,
                                   GDestroyNotify       result_destroy,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data);
gpointer  kd_writer_submit_finish (GAsyncResult        *result,
                                   GError             **error);
gpointer  kd_writer_run_sync      (KdWriter            *self,
                                   KdWriteFunc          func,
                                   gpointer             data,
                                   GDestroyNotify       result_destroy,
                                   GError             **error);
void      kd_writer_set_batching  (KdWriter            *self,
                                   gboolean             batching);

void      kd_writer_set_background  (KdWriter          *self);
void      kd_writer_set_idle_paused (KdWriter          *self,
                                     gboolean           paused);
guint64   kd_writer_get_commits   (KdWriter            *self);

void      kd_changes_add          (KdChanges           *changes,
                                   const char          *table,
                                   gint64               row_id);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KdWriter, kd_writer_free)

G_END_DECLS
