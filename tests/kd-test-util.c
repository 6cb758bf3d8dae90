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
