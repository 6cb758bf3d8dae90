/* kd-backup-daily.c: the folder of daily backups — listing, the daily run
 * and the rotation. */
#define G_LOG_DOMAIN "kd-backup"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "kd-backup.h"

#define DAY_SECONDS         (24 * 60 * 60)
#define NAME_PREFIX         "kuiduo-"
#define NAME_STAMP          "YYYYMMDD-HHMMSS"
#define NAME_SUFFIX         ".db"
#define NAME_TIME_FORMAT    "%Y%m%d-%H%M%S"

/* kuiduo-YYYYMMDD-HHMMSS.db, in local time; FALSE for any other name. */
static gboolean
parse_backup_name (const char *name,
                   gint64     *unix_time)
{
  g_autoptr(GDateTime) when = NULL;
  const char *stamp = name + strlen (NAME_PREFIX);
  int y, mo, d, h, mi, s;

  if (strlen (name) != strlen (NAME_PREFIX NAME_STAMP NAME_SUFFIX) ||
      !g_str_has_prefix (name, NAME_PREFIX) || !g_str_has_suffix (name, NAME_SUFFIX))
    return FALSE;

  for (guint i = 0; i < strlen (NAME_STAMP); i++)
    if (i == 8 ? stamp[i] != '-' : !g_ascii_isdigit (stamp[i]))
      return FALSE;

  if (sscanf (stamp, "%4d%2d%2d-%2d%2d%2d", &y, &mo, &d, &h, &mi, &s) != 6 ||
      (when = g_date_time_new_local (y, mo, d, h, mi, s)) == NULL)
    return FALSE;

  if (unix_time != NULL)
    *unix_time = g_date_time_to_unix (when);
  return TRUE;
}

static int
compare_newest_first (gconstpointer a,
                      gconstpointer b)
{
  g_autofree char *name_a = g_path_get_basename (*(char * const *) a);
  g_autofree char *name_b = g_path_get_basename (*(char * const *) b);

  /* Fixed-width stamps: the order of the names is the order in time. */
  return -strcmp (name_a, name_b);
}

/* The backups in @dir (none if it does not exist), newest first. */
GPtrArray *
kd_backup_list (const char  *dir,
                GError     **error)
{
  g_autoptr(GPtrArray) backups = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GDir) d = NULL;
  const char *name;

  g_return_val_if_fail (dir != NULL, NULL);

  d = g_dir_open (dir, 0, &local_error);
  if (d == NULL && g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
    return g_steal_pointer (&backups);
  if (d == NULL)
    {
      g_set_error (error, local_error->domain, local_error->code,
                   _("Could not list the backups in “%s”: %s"), dir, local_error->message);
      return NULL;
    }

  while ((name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);

      if (parse_backup_name (name, NULL) && g_file_test (path, G_FILE_TEST_IS_REGULAR))
        g_ptr_array_add (backups, g_steal_pointer (&path));
    }

  g_ptr_array_sort (backups, compare_newest_first);
  return g_steal_pointer (&backups);
}

static gboolean
backup_due (GPtrArray *backups,
            gint64     now_unix)
{
  for (guint i = 0; i < backups->len; i++)
    {
      g_autofree char *name = g_path_get_basename (backups->pdata[i]);
      gint64 at;

      /* One dated after now (made while the clock was wrong) does not count. */
      if (parse_backup_name (name, &at) && at <= now_unix)
        return now_unix - at >= DAY_SECONDS;
    }

  return TRUE;
}

/* Deletes the oldest backups beyond @keep (0 keeps them all), never @just_made. */
static void
prune_backups (const char *dir,
               guint       keep,
               const char *just_made)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) backups = NULL;
  guint kept = 0;

  if (keep == 0)
    return;

  backups = kd_backup_list (dir, &error);
  if (backups == NULL)
    {
      g_warning ("Old backups not pruned: %s", error->message);
      return;
    }

  for (guint i = 0; i < backups->len; i++)
    {
      const char *path = backups->pdata[i];

      if (kept < keep || g_strcmp0 (path, just_made) == 0)
        kept++;
      else if (g_unlink (path) != 0)
        g_warning ("Could not remove the old backup %s: %s", path, g_strerror (errno));
      else
        g_debug ("Removed the old backup %s", path);
    }
}

/* If the newest backup in @dir is a day old or more (or there is none),
 * makes dir/kuiduo-YYYYMMDD-HHMMSS.db (@now_unix in local time) and keeps
 * the newest @keep. Returns its path; NULL with no error when none was due. */
char *
kd_backup_run_daily (const char  *db_path,
                     const char  *dir,
                     guint        keep,
                     gint64       now_unix,
                     GError     **error)
{
  g_autoptr(GPtrArray) backups = NULL;
  g_autoptr(GDateTime) now = NULL;
  g_autofree char *stamp = NULL;
  g_autofree char *name = NULL;
  g_autofree char *path = NULL;

  g_return_val_if_fail (db_path != NULL, NULL);
  g_return_val_if_fail (dir != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  backups = kd_backup_list (dir, error);
  if (backups == NULL || !backup_due (backups, now_unix))
    return NULL;

  now = g_date_time_new_from_unix_local (now_unix);
  if (now == NULL)
    {
      g_autofree char *when = g_strdup_printf ("%" G_GINT64_FORMAT, now_unix);
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("The time %s is out of range."), when);
      return NULL;
    }

  stamp = g_date_time_format (now, NAME_TIME_FORMAT);
  name = g_strconcat (NAME_PREFIX, stamp, NAME_SUFFIX, NULL);
  path = g_build_filename (dir, name, NULL);
  if (!kd_backup_create (db_path, path, error))
    return NULL;

  prune_backups (dir, keep, path);
  return g_steal_pointer (&path);
}

/* Shared by the two timers and the run in progress (an rc box). */
typedef struct
{
  char     *db_path;
  char     *dir;
  guint     keep;
  gboolean  running;
} Schedule;

static void
schedule_clear (gpointer data)
{
  Schedule *s = data;

  g_free (s->db_path);
  g_free (s->dir);
}

static void
schedule_release (gpointer data)
{
  g_rc_box_release_full (data, schedule_clear);
}

static void
daily_thread (GTask        *task,
              gpointer      source,
              gpointer      data,
              GCancellable *cancellable)
{
  Schedule *s = data;
  g_autoptr(GError) error = NULL;
  g_autofree char *made = kd_backup_run_daily (s->db_path, s->dir, s->keep,
                                               g_get_real_time () / G_USEC_PER_SEC, &error);

  if (made != NULL)
    g_message ("Daily backup written to %s", made);
  else if (error != NULL)
    g_warning ("The daily backup of %s failed: %s", s->db_path, error->message);
  g_task_return_boolean (task, made != NULL);
}

static void
daily_done (GObject      *source,
            GAsyncResult *result,
            gpointer      data)
{
  Schedule *s = g_task_get_task_data (G_TASK (result));

  s->running = FALSE;
}

static gboolean
daily_tick (gpointer data)
{
  Schedule *s = data;
  g_autoptr(GTask) task = NULL;

  if (!s->running)
    {
      s->running = TRUE;
      task = g_task_new (NULL, NULL, daily_done, NULL);
      g_task_set_task_data (task, g_rc_box_acquire (s), schedule_release);
      g_task_run_in_thread (task, daily_thread);
    }

  return G_SOURCE_CONTINUE;
}

static gboolean
first_tick (gpointer data)
{
  daily_tick (data);
  return G_SOURCE_REMOVE;
}

/* Looks every hour (the first time a minute after start, so start-up stays
 * quick) whether a daily backup of @db_path into @dir is due, and makes it in
 * a worker thread, keeping the newest @keep. Call on the main thread; remove
 * the returned source on shutdown (a run in progress finishes on its own). */
guint
kd_backup_schedule_daily (const char *db_path,
                          const char *dir,
                          guint       keep)
{
  Schedule *s = g_rc_box_new0 (Schedule);
  guint id;

  s->db_path = g_strdup (db_path);
  s->dir = g_strdup (dir);
  s->keep = keep;

  g_timeout_add_seconds_full (G_PRIORITY_LOW, 60, first_tick, g_rc_box_acquire (s), schedule_release);
  id = g_timeout_add_seconds_full (G_PRIORITY_LOW, 3600, daily_tick, s, schedule_release);
  g_source_set_name_by_id (id, "kd-backup-daily");

  return id;
}
