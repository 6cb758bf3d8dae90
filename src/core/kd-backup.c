#define G_LOG_DOMAIN "kd-backup"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "kd-backup.h"

#define BACKUP_STEP_PAGES   256
#define BACKUP_RETRY_USEC   (20 * 1000)
#define BACKUP_MAX_RETRIES  500          /* about 10 s of a source locked in a row */
#define BUSY_TIMEOUT_MS     100
#define MAX_PROBLEMS        3

#define NAME_TIME_FORMAT    "%Y%m%d-%H%M%S"

/* A database file and the files SQLite keeps next to it; the file itself first. */
static const char * const db_file_suffixes[] = { "", "-wal", "-shm", "-journal" };

G_DEFINE_AUTOPTR_CLEANUP_FUNC (sqlite3, sqlite3_close_v2)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (sqlite3_stmt, sqlite3_finalize)

static KdDbError
error_code_for (int rc)
{
  switch (rc & 0xff)
    {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:  return KD_DB_ERROR_BUSY;
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:  return KD_DB_ERROR_CORRUPT;
    default:             return KD_DB_ERROR_FAILED;
    }
}

/* @message is a translated format taking the file, then SQLite's reason. */
static gboolean
set_sqlite_error (GError    **error,
                  sqlite3    *handle,
                  int         rc,
                  const char *message,
                  const char *path)
{
  const char *reason = handle != NULL && sqlite3_errcode (handle) != SQLITE_OK
                       ? sqlite3_errmsg (handle) : sqlite3_errstr (rc);

  g_set_error (error, KD_DB_ERROR, error_code_for (rc), message, path, reason);
  return FALSE;
}

static gboolean
set_errno_error (GError    **error,
                 int         errsv,
                 const char *message,
                 const char *path)
{
  g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errsv), message, path, g_strerror (errsv));
  return FALSE;
}

static sqlite3 *
open_file (const char *path,
           int         flags,
           GError    **error)
{
  sqlite3 *handle = NULL;
  int rc;

  kd_db_init_library ();
  rc = sqlite3_open_v2 (path, &handle, flags | SQLITE_OPEN_NOMUTEX, NULL);

  if (rc != SQLITE_OK)
    {
      set_sqlite_error (error, handle, rc, _("Could not open the database “%s”: %s"), path);
      sqlite3_close_v2 (handle);
      return NULL;
    }

  sqlite3_extended_result_codes (handle, TRUE);
  sqlite3_busy_timeout (handle, BUSY_TIMEOUT_MS);
  return handle;
}

static int
query_text (sqlite3     *handle,
            const char  *sql,
            char       **value)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc = sqlite3_prepare_v2 (handle, sql, -1, &stmt, NULL);

  if (rc != SQLITE_OK)
    return rc;

  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    return rc == SQLITE_DONE ? SQLITE_ERROR : rc;

  *value = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  return SQLITE_OK;
}

/* Runs an integrity pragma. Returns SQLite's code; with SQLITE_OK, *problem
 * is NULL when the file is sound, or else its first complaints. */
static int
run_check (sqlite3     *handle,
           const char  *sql,
           char       **problem)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GString) found = g_string_new (NULL);
  int rc;

  *problem = NULL;
  rc = sqlite3_prepare_v2 (handle, sql, -1, &stmt, NULL);
  if (rc != SQLITE_OK)
    return rc;

  for (guint n = 0; n < MAX_PROBLEMS && (rc = sqlite3_step (stmt)) == SQLITE_ROW; n++)
    {
      const char *line = (const char *) sqlite3_column_text (stmt, 0);

      if (n == 0 && g_strcmp0 (line, "ok") == 0)
        return SQLITE_OK;
      g_string_append_printf (found, "%s%s", n > 0 ? "; " : "", line ? line : "?");
    }

  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return rc;

  if (found->len > 0)
    *problem = g_string_free (g_steal_pointer (&found), FALSE);
  return SQLITE_OK;
}

static gboolean
make_parent_dir (const char  *path,
                 GError     **error)
{
  g_autofree char *dir = g_path_get_dirname (path);

  if (g_mkdir_with_parents (dir, 0700) != 0)
    return set_errno_error (error, errno, _("Could not create the folder “%s”: %s"), dir);

  return TRUE;
}

static void
remove_db_files (const char *path)
{
  for (guint i = 0; i < G_N_ELEMENTS (db_file_suffixes); i++)
    {
      g_autofree char *file = g_strconcat (path, db_file_suffixes[i], NULL);

      if (g_unlink (file) != 0 && errno != ENOENT)
        g_warning ("Could not remove %s: %s", file, g_strerror (errno));
    }
}

/* @flags: O_RDONLY for a file, with O_DIRECTORY for a folder. */
static gboolean
sync_path (const char  *path,
           int          flags,
           GError     **error)
{
  int fd = g_open (path, flags | O_CLOEXEC, 0);

  if (fd < 0 || fsync (fd) != 0)
    {
      int errsv = errno;

      if (fd >= 0)
        g_close (fd, NULL);
      return set_errno_error (error, errsv, _("Could not write “%s” to disk: %s"), path);
    }

  return g_close (fd, error);
}

/* Atomic on one file system; the folder is synced so the new name lasts. */
static gboolean
rename_into_place (const char  *from,
                   const char  *to,
                   GError     **error)
{
  g_autofree char *dir = g_path_get_dirname (to);
  g_autoptr(GError) local_error = NULL;

  if (g_rename (from, to) != 0)
    {
      int errsv = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errsv),
                   _("Could not move “%s” to “%s”: %s"), from, to, g_strerror (errsv));
      return FALSE;
    }

  if (!sync_path (dir, O_RDONLY | O_DIRECTORY, &local_error))
    g_warning ("After renaming to %s: %s", to, local_error->message);

  return TRUE;
}

/* Copies in chunks; waits briefly whenever the source is locked. */
static gboolean
copy_pages (sqlite3       *src,
            sqlite3       *dst,
            const char    *db_path,
            GCancellable  *cancellable,
            GError       **error)
{
  sqlite3_backup *backup = sqlite3_backup_init (dst, "main", src, "main");
  guint waits = 0;
  int rc, finish_rc;

  if (backup == NULL)
    return set_sqlite_error (error, dst, sqlite3_errcode (dst),
                             _("Could not start the backup of “%s”: %s"), db_path);

  do
    {
      if (g_cancellable_is_cancelled (cancellable))
        break;

      rc = sqlite3_backup_step (backup, BACKUP_STEP_PAGES);
      if ((rc & 0xff) == SQLITE_BUSY || (rc & 0xff) == SQLITE_LOCKED)
        {
          if (++waits > BACKUP_MAX_RETRIES)
            break;
          g_usleep (BACKUP_RETRY_USEC);
          rc = SQLITE_OK;
        }
      else
        waits = 0;
    }
  while (rc == SQLITE_OK);

  finish_rc = sqlite3_backup_finish (backup);
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;
  if (rc == SQLITE_DONE && finish_rc == SQLITE_OK)
    return TRUE;

  return set_sqlite_error (error, dst, rc == SQLITE_DONE ? finish_rc : rc,
                           _("Could not copy the database “%s”: %s"), db_path);
}

/* Copies @db_path into the new file @part through a connection of its own. */
static gboolean
copy_to_part (const char    *db_path,
              const char    *part,
              GCancellable  *cancellable,
              GError       **error)
{
  g_autoptr(sqlite3) src = NULL;
  g_autoptr(sqlite3) dst = NULL;
  g_autofree char *mode = NULL;
  gboolean snapshot = FALSE;
  int rc;

  src = open_file (db_path, SQLITE_OPEN_READWRITE, error);
  if (src == NULL)
    return FALSE;

  rc = sqlite3_exec (src, "PRAGMA query_only = ON", NULL, NULL, NULL);
  if (rc == SQLITE_OK)
    rc = query_text (src, "PRAGMA journal_mode", &mode);
  /* In WAL mode, one read transaction for the whole copy: a consistent
   * snapshot that never restarts, while the writer goes on unblocked. */
  if (rc == SQLITE_OK && g_strcmp0 (mode, "wal") == 0)
    {
      snapshot = TRUE;
      rc = sqlite3_exec (src, "BEGIN; SELECT count(*) FROM sqlite_schema;", NULL, NULL, NULL);
    }
  if (rc != SQLITE_OK)
    return set_sqlite_error (error, src, rc, _("Could not read the database “%s”: %s"), db_path);

  dst = open_file (part, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, error);
  if (dst == NULL || !copy_pages (src, dst, db_path, cancellable, error))
    return FALSE;

  if (snapshot)
    sqlite3_exec (src, "COMMIT", NULL, NULL, NULL);

  return TRUE;
}

/* Makes the copy one self-contained file (no -wal) and checks it whole. */
static gboolean
seal_copy (const char  *part,
           const char  *db_path,
           GError     **error)
{
  g_autoptr(sqlite3) copy = open_file (part, SQLITE_OPEN_READWRITE, error);
  g_autofree char *mode = NULL;
  g_autofree char *problem = NULL;
  int rc;

  if (copy == NULL)
    return FALSE;

  rc = query_text (copy, "PRAGMA journal_mode = DELETE", &mode);
  if (rc == SQLITE_OK && g_strcmp0 (mode, "delete") != 0)
    rc = SQLITE_ERROR;
  if (rc != SQLITE_OK)
    return set_sqlite_error (error, copy, rc,
                             _("Could not make the copy of “%s” a single file: %s"), db_path);

  rc = run_check (copy, "PRAGMA integrity_check", &problem);
  if (rc != SQLITE_OK)
    return set_sqlite_error (error, copy, rc, _("Could not check the copy of “%s”: %s"), db_path);
  if (problem != NULL)
    {
      g_set_error (error, KD_DB_ERROR, KD_DB_ERROR_CORRUPT,
                   _("The database “%s” looks damaged: its copy failed the integrity check (%s)."),
                   db_path, problem);
      return FALSE;
    }

  return TRUE;
}

static gboolean
check_paths (const char  *db_path,
             const char  *dest_path,
             GError     **error)
{
  g_autofree char *from = g_canonicalize_filename (db_path, NULL);
  g_autofree char *to = g_canonicalize_filename (dest_path, NULL);

  if (!g_file_test (db_path, G_FILE_TEST_IS_REGULAR))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                   _("There is no database at “%s” to back up."), db_path);
      return FALSE;
    }

  if (g_strcmp0 (from, to) == 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("A backup cannot be written over the database “%s” itself."), db_path);
      return FALSE;
    }

  return TRUE;
}

static gboolean
backup_create (const char    *db_path,
               const char    *dest_path,
               GCancellable  *cancellable,
               GError       **error)
{
  g_autofree char *part = g_strconcat (dest_path, ".part", NULL);

  if (!check_paths (db_path, dest_path, error) || !make_parent_dir (dest_path, error))
    return FALSE;

  remove_db_files (part);
  if (copy_to_part (db_path, part, cancellable, error) &&
      seal_copy (part, db_path, error) &&
      sync_path (part, O_RDONLY, error) &&
      rename_into_place (part, dest_path, error))
    {
      g_debug ("Backed up %s to %s", db_path, dest_path);
      return TRUE;
    }

  remove_db_files (part);
  return FALSE;
}

char *
kd_backup_default_dir (void)
{
  return g_build_filename (g_get_user_data_dir (), "kuiduo", "backups", NULL);
}

/* Copies the live database @db_path (other connections may be writing) to
 * @dest_path: checked, self-contained, and in place only once complete.
 * Blocks: from the desktop, use kd_backup_create_async(). */
gboolean
kd_backup_create (const char  *db_path,
                  const char  *dest_path,
                  GError     **error)
{
  g_return_val_if_fail (db_path != NULL, FALSE);
  g_return_val_if_fail (dest_path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return backup_create (db_path, dest_path, NULL, error);
}

typedef struct
{
  char *db_path;
  char *dest_path;
} CreateData;

static void
create_data_free (gpointer data)
{
  CreateData *d = data;

  g_free (d->db_path);
  g_free (d->dest_path);
  g_free (d);
}

static void
create_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  CreateData *d = task_data;
  GError *error = NULL;

  if (backup_create (d->db_path, d->dest_path, cancellable, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

void
kd_backup_create_async (const char          *db_path,
                        const char          *dest_path,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  CreateData *d;

  g_return_if_fail (db_path != NULL);
  g_return_if_fail (dest_path != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  d = g_new0 (CreateData, 1);
  d->db_path = g_strdup (db_path);
  d->dest_path = g_strdup (dest_path);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, kd_backup_create_async);
  g_task_set_name (task, "[kuiduo] backup");
  g_task_set_task_data (task, d, create_data_free);
  /* The thread reports what happened: a backup that completed is in place. */
  g_task_set_check_cancellable (task, FALSE);
  g_task_run_in_thread (task, create_thread);
}

gboolean
kd_backup_create_finish (GAsyncResult  *result,
                         GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == kd_backup_create_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* Whether @path is a sound Kuiduo database that this version can open:
 * KD_DB_ERROR_CORRUPT or KD_DB_ERROR_TOO_NEW when not. Changes nothing. */
gboolean
kd_backup_check (const char  *path,
                 GError     **error)
{
  g_autoptr(sqlite3) handle = NULL;
  g_autofree char *problem = NULL;
  g_autofree char *version_text = NULL;
  gint64 version;
  int rc;

  g_return_val_if_fail (path != NULL, FALSE);

  if (!g_file_test (path, G_FILE_TEST_IS_REGULAR))
    return set_errno_error (error, ENOENT, _("Could not open the backup “%s”: %s"), path);

  handle = open_file (path, SQLITE_OPEN_READONLY, error);
  if (handle == NULL)
    return FALSE;

  rc = run_check (handle, "PRAGMA integrity_check", &problem);
  if (rc == SQLITE_OK && problem == NULL)
    rc = query_text (handle, "PRAGMA user_version", &version_text);
  if (rc != SQLITE_OK && error_code_for (rc) != KD_DB_ERROR_CORRUPT)
    return set_sqlite_error (error, handle, rc, _("Could not check the backup “%s”: %s"), path);
  if (rc != SQLITE_OK || problem != NULL)
    {
      g_set_error (error, KD_DB_ERROR, KD_DB_ERROR_CORRUPT,
                   _("The file “%s” is damaged or is not a Kuiduo database (%s)."),
                   path, problem ? problem : sqlite3_errmsg (handle));
      return FALSE;
    }

  version = g_ascii_strtoll (version_text, NULL, 10);
  if (version < 1)
    {
      g_set_error (error, KD_DB_ERROR, KD_DB_ERROR_CORRUPT,
                   _("The file “%s” is not a Kuiduo database."), path);
      return FALSE;
    }
  if (version > KD_DB_SCHEMA_VERSION)
    {
      g_set_error (error, KD_DB_ERROR, KD_DB_ERROR_TOO_NEW,
                   _("The file “%s” was made by a newer Kuiduo (schema %d; this version knows %d)."),
                   path, (int) version, KD_DB_SCHEMA_VERSION);
      return FALSE;
    }

  return TRUE;
}

/* For start-up, before the store opens the file. A missing file is fine. */
gboolean
kd_db_file_quick_check (const char  *db_path,
                        GError     **error)
{
  g_autoptr(sqlite3) handle = NULL;
  g_autofree char *problem = NULL;
  int rc;

  g_return_val_if_fail (db_path != NULL, FALSE);

  if (!g_file_test (db_path, G_FILE_TEST_EXISTS))
    return TRUE;

  handle = open_file (db_path, SQLITE_OPEN_READONLY, error);
  if (handle == NULL)
    return FALSE;

  rc = run_check (handle, "PRAGMA quick_check", &problem);
  if (rc == SQLITE_OK && problem == NULL)
    return TRUE;
  if (rc != SQLITE_OK && error_code_for (rc) != KD_DB_ERROR_CORRUPT)
    return set_sqlite_error (error, handle, rc, _("Could not check the database “%s”: %s"), db_path);

  g_set_error (error, KD_DB_ERROR, KD_DB_ERROR_CORRUPT,
               _("The database “%s” is damaged (%s). Kuiduo cannot use it safely. "
                 "Restore the latest backup to go on working: the damaged file will be "
                 "kept next to it, nothing is deleted."),
               db_path, problem ? problem : sqlite3_errmsg (handle));
  return FALSE;
}

static gboolean
db_files_exist (const char *base)
{
  for (guint i = 0; i < G_N_ELEMENTS (db_file_suffixes); i++)
    {
      g_autofree char *file = g_strconcat (base, db_file_suffixes[i], NULL);

      if (g_file_test (file, G_FILE_TEST_EXISTS))
        return TRUE;
    }

  return FALSE;
}

/* db_path.before-restore-YYYYMMDD-HHMMSS, a name nothing uses yet. */
static char *
aside_name (const char *db_path)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *stamp = g_date_time_format (now, NAME_TIME_FORMAT);
  char *name = g_strdup_printf ("%s.before-restore-%s", db_path, stamp);

  for (guint n = 2; db_files_exist (name); n++)
    {
      g_free (name);
      name = g_strdup_printf ("%s.before-restore-%s-%u", db_path, stamp, n);
    }

  return name;
}

/* Renames @from and its -wal, -shm and -journal (those that exist) to @to
 * with the same suffixes. On failure, puts back what it had moved. */
static gboolean
move_db_files (const char  *from,
               const char  *to,
               guint       *n_moved,
               GError     **error)
{
  gboolean moved[G_N_ELEMENTS (db_file_suffixes)] = { FALSE, };

  *n_moved = 0;
  for (guint i = 0; i < G_N_ELEMENTS (db_file_suffixes); i++)
    {
      g_autofree char *a = g_strconcat (from, db_file_suffixes[i], NULL);
      g_autofree char *b = g_strconcat (to, db_file_suffixes[i], NULL);
      int errsv;

      if (!g_file_test (a, G_FILE_TEST_EXISTS))
        continue;
      if (g_rename (a, b) == 0)
        {
          moved[i] = TRUE;
          (*n_moved)++;
          continue;
        }

      errsv = errno;
      for (guint j = 0; j < i; j++)
        {
          g_autofree char *back = g_strconcat (from, db_file_suffixes[j], NULL);
          g_autofree char *now = g_strconcat (to, db_file_suffixes[j], NULL);

          if (moved[j] && g_rename (now, back) != 0)
            g_warning ("Could not put %s back to %s: %s", now, back, g_strerror (errno));
        }
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errsv),
                   _("Could not move “%s” aside to “%s”: %s"), a, b, g_strerror (errsv));
      return FALSE;
    }

  return TRUE;
}

/* Moves the current database (if any) aside, then puts @part in its place. */
static gboolean
install_restored (const char  *part,
                  const char  *db_path,
                  GError     **error)
{
  g_autofree char *aside = aside_name (db_path);
  guint n_moved, n_back;

  if (!move_db_files (db_path, aside, &n_moved, error))
    return FALSE;

  if (!rename_into_place (part, db_path, error))
    {
      g_autoptr(GError) local_error = NULL;

      if (!move_db_files (aside, db_path, &n_back, &local_error))
        g_warning ("The previous database stays at %s: %s", aside, local_error->message);
      return FALSE;
    }

  if (n_moved > 0)
    g_message ("Restored %s; the database it replaced is kept as %s", db_path, aside);
  return TRUE;
}

/* For when nothing has @db_path open (start-up, the command line). A damaged
 * backup is refused with nothing changed; the current database is never
 * deleted, only moved aside to db_path.before-restore-YYYYMMDD-HHMMSS. */
gboolean
kd_backup_restore (const char  *backup_path,
                   const char  *db_path,
                   GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *part = NULL;

  g_return_val_if_fail (backup_path != NULL, FALSE);
  g_return_val_if_fail (db_path != NULL, FALSE);

  if (!kd_backup_check (backup_path, &local_error))
    {
      g_set_error (error, local_error->domain, local_error->code,
                   _("The backup was not restored and nothing was changed. %s"),
                   local_error->message);
      return FALSE;
    }

  if (!make_parent_dir (db_path, error))
    return FALSE;

  part = g_strconcat (db_path, ".restore.part", NULL);
  remove_db_files (part);
  if (copy_to_part (backup_path, part, NULL, error) &&
      seal_copy (part, backup_path, error) &&
      sync_path (part, O_RDONLY, error) &&
      install_restored (part, db_path, error))
    return TRUE;

  remove_db_files (part);
  return FALSE;
}
