/* kd-test-util.c: what the test programs share. */
#include "config.h"

#include <glib/gstdio.h>

#include "kd-test-util.h"

/* Removes @dir and everything below it (a test's temporary folder). */
void
kd_test_remove_tree (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  while (d && (name = g_dir_read_name (d)))
    {
      g_autofree char *p = g_build_filename (dir, name, NULL);

      if (g_file_test (p, G_FILE_TEST_IS_DIR) && !g_file_test (p, G_FILE_TEST_IS_SYMLINK))
        kd_test_remove_tree (p);
      else
        g_unlink (p);
    }
  g_rmdir (dir);
}

/* A new town in a new temporary folder made from @tmpl ("kd-x-XXXXXX"),
 * whose path is returned in *@dir for kd_test_remove_tree(). */
KdStore *
kd_test_store_new (const char  *tmpl,
                   char       **dir)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  KdStore *store;

  *dir = g_dir_make_tmp (tmpl, &error);
  g_assert_no_error (error);
  path = g_build_filename (*dir, "town.db", NULL);
  store = kd_store_open (path, &error);
  g_assert_no_error (error);
  return store;
}

typedef struct
{
  gint64 created_at;
  guint  n;
} InsertJob;

static gpointer
insert_job (KdDb      *db,
            gpointer   data,
            KdChanges *changes,
            GError   **error)
{
  InsertJob *job = data;

  for (guint i = 0; i < job->n; i++)
    {
      g_autoptr(KdReport) r = kd_report_new ();
      g_autoptr(KdCase) kase = NULL;

      r->village = g_strdup ("kuiduo");
      r->category = g_strdup ("roads");
      r->description = g_strdup_printf ("第 %u 段路塌了", i);
      if ((kase = kd_case_insert (db, r, job->created_at, changes, error)) == NULL)
        return NULL;
    }
  return GINT_TO_POINTER (TRUE);
}

/* @n new cases in Kuiduo village created at @created_at (0: now), in one
 * commit: the store announces them together. */
void
kd_test_insert_cases (KdStore *store,
                      guint    n,
                      gint64   created_at)
{
  InsertJob job = { created_at ? created_at : g_get_real_time () / G_USEC_PER_SEC, n };
  g_autoptr(GError) error = NULL;

  g_assert_nonnull (kd_writer_run_sync (kd_store_get_writer (store), insert_job, &job, NULL, &error));
  g_assert_no_error (error);
}

static void
status_done_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      data)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (kd_store_change_status_finish (KD_STORE (source), result, &error));
  g_assert_no_error (error);
  *(gboolean *) data = TRUE;
}

/* Changes case @id's status as a cadre would, running the main loop until
 * it is committed (its notifications are still to come). */
void
kd_test_change_status (KdStore *store,
                       gint64   id,
                       int      status)
{
  gboolean done = FALSE;

  kd_store_change_status_async (store, id, status, "测试", "已处理", NULL, status_done_cb, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
}
