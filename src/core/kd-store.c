#define G_LOG_DOMAIN "kd-store"

#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "kd-store.h"
#include "kd-fts.h"

struct _KdStore
{
  GObject   parent_instance;

  char     *path;
  KdDb     *reader;   /* for the thread that opened the store */
  KdWriter *writer;
};

G_DEFINE_FINAL_TYPE (KdStore, kd_store, G_TYPE_OBJECT)

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
kd_store_finalize (GObject *object)
{
  KdStore *self = (KdStore *)object;

  /* The reader first: the writer's connection, closing last, then moves
   * the WAL into the database file and removes it. */
  g_clear_pointer (&self->reader, kd_db_close);
  g_clear_pointer (&self->writer, kd_writer_free);
  g_clear_pointer (&self->path, g_free);

  G_OBJECT_CLASS (kd_store_parent_class)->finalize (object);
}

static void
kd_store_class_init (KdStoreClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = kd_store_finalize;

  /**
   * KdStore::changed:
   * @table: the table that changed ("cases", "case_events", …)
   * @row_id: the row
   *
   * Emitted on the main context of the thread that opened the store, after
   * the change is committed, whoever made it (desktop or phone).
   */
  signals[CHANGED] =
    g_signal_new ("changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST | G_SIGNAL_DETAILED,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_INT64);
}

static void
kd_store_init (KdStore *self)
{
}

char *
kd_store_default_path (void)
{
  return g_build_filename (g_get_user_data_dir (), "kuiduo", "kuiduo.db", NULL);
}

static void
kd_store_notify_changed (GObject    *target,
                         const char *table,
                         gint64      row_id)
{
  g_signal_emit (target, signals[CHANGED], g_quark_from_string (table), table, row_id);
}

/* Opens (creating and upgrading as needed) the database at @path. Change
 * notifications are delivered on the calling thread's default main context. */
/* How many queued cases the writer indexes at a time when it is idle: right
 * after a write, few enough that a report arriving meanwhile waits a
 * millisecond or two; doubling while no write comes, up to the most. */
#define INDEX_SLICE_FIRST 16
#define INDEX_SLICE_MOST  1024

static gboolean
index_search_slice (KdDb  *db,
                    guint  round)
{
  g_autoptr(GError) error = NULL;
  guint slice = MIN (INDEX_SLICE_FIRST << MIN (round, 6), INDEX_SLICE_MOST);
  gint64 n = kd_fts_index_pending (db, slice, &error);

  if (n < 0)
    g_warning ("Could not index new cases for search: %s", error->message);
  return n == slice;
}

static gpointer
index_search_all (KdDb       *db,
                  gpointer    data,
                  KdChanges  *changes,
                  GError    **error)
{
  gint64 n;

  while ((n = kd_fts_index_pending (db, 4096, error)) > 0)
    ;
  return n < 0 ? NULL : GINT_TO_POINTER (TRUE);
}

/* Indexes every case still queued for search, now; blocks until committed.
 * For the command line and the tests, not for the UI thread. */
gboolean
kd_store_index_search (KdStore  *self,
                       GError  **error)
{
  g_return_val_if_fail (KD_IS_STORE (self), FALSE);

  return kd_writer_run_sync (self->writer, index_search_all, NULL, NULL, error) != NULL;
}

KdStore *
kd_store_open (const char *path,
               GError    **error)
{
  g_autoptr(KdStore) self = NULL;
  g_autoptr(KdDb) wdb = NULL;
  g_autofree char *dir = NULL;

  g_return_val_if_fail (path != NULL, NULL);

  dir = g_path_get_dirname (path);
  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int errsv = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errsv),
                   _("Could not create the folder “%s”: %s"), dir, g_strerror (errsv));
      return NULL;
    }

  wdb = kd_db_open (path, KD_DB_WRITER, error);
  if (wdb == NULL || !kd_db_migrate (wdb, error))
    return NULL;

  self = g_object_new (KD_TYPE_STORE, NULL);
  self->path = g_strdup (path);
  self->reader = kd_db_open (path, KD_DB_READER, error);
  if (self->reader == NULL)
    return NULL;

  self->writer = kd_writer_new (g_steal_pointer (&wdb), g_main_context_get_thread_default (),
                                kd_store_notify_changed, G_OBJECT (self),
                                index_search_slice);

  return g_steal_pointer (&self);
}

const char *
kd_store_get_path (KdStore *self)
{
  g_return_val_if_fail (KD_IS_STORE (self), NULL);

  return self->path;
}

KdDb *
kd_store_get_reader (KdStore *self)
{
  g_return_val_if_fail (KD_IS_STORE (self), NULL);

  return self->reader;
}

/* A reading connection for another thread (the server's). The caller owns it. */
KdDb *
kd_store_open_reader (KdStore *self,
                      GError **error)
{
  g_return_val_if_fail (KD_IS_STORE (self), NULL);

  return kd_db_open (self->path, KD_DB_READER, error);
}

KdWriter *
kd_store_get_writer (KdStore *self)
{
  g_return_val_if_fail (KD_IS_STORE (self), NULL);

  return self->writer;
}

char *
kd_store_dup_town_name (KdDb *db)
{
  sqlite3_stmt *stmt = kd_db_prepare (db, "SELECT value FROM settings WHERE key = 'town_name'", NULL);
  char *name = NULL;

  if (stmt != NULL && sqlite3_step (stmt) == SQLITE_ROW)
    name = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  if (stmt != NULL)
    sqlite3_reset (stmt);

  return name ? name : g_strdup (_("Township"));
}

/* @status < 0 counts every case. */
gint64
kd_store_count_cases (KdDb *db,
                      int   status)
{
  sqlite3_stmt *stmt;
  gint64 n = 0;

  if (status < 0)
    return MAX (0, kd_db_query_int (db, "SELECT count(*) FROM cases", NULL));

  stmt = kd_db_prepare (db, "SELECT count(*) FROM cases WHERE status = ?1", NULL);
  if (stmt == NULL)
    return 0;
  sqlite3_bind_int (stmt, 1, status);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    n = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);

  return n;
}
