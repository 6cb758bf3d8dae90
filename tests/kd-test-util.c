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
