/* kd-test-display.c: main-loop waits and widget searches for the display
 * tests. */
#include "config.h"

#include <string.h>

#include <adwaita.h>

#include "kd-test-display.h"

/* g_test_init, GTK and libadwaita for a display test. Software GL under
 * Xvfb is slow, and mesa unloads its driver before LeakSanitizer looks,
 * leaving leaks in an unknown module that no suppression can name. These
 * tests are about behaviour, not rendering. */
void
kd_test_display_init (int    *argc,
                      char ***argv)
{
  if (g_getenv ("GDK_DEBUG") == NULL)
    g_setenv ("GDK_DEBUG", "gl-disable", TRUE);

  g_test_init (argc, argv, NULL);
  gtk_init ();
  adw_init ();
}

/* Main-loop iteration with a deadline. */

static gboolean
wake_cb (gpointer data)
{
  return G_SOURCE_CONTINUE;
}

gboolean
wait_for (Condition cond,
          gpointer  data,
          guint     timeout_ms)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) timeout_ms * 1000;
  guint wake = g_timeout_add (10, wake_cb, NULL);
  gboolean ok;

  while (!(ok = cond (data)) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (wake);

  return ok;
}

gboolean
is_mapped (gpointer data)
{
  return gtk_widget_get_mapped (data);
}

/* Finding what is on screen. */

GtkWidget *
find_widget (GtkWidget  *root,
             WidgetTest  test,
             gpointer    data)
{
  if (test (root, data))
    return root;

  for (GtkWidget *child = gtk_widget_get_first_child (root); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_widget (child, test, data);
      if (found != NULL)
        return found;
    }

  return NULL;
}

gboolean
shows_text (GtkWidget *widget,
            gpointer   data)
{
  const char *text = NULL;

  if (GTK_IS_LABEL (widget))
    text = gtk_label_get_text (GTK_LABEL (widget));
  else if (GTK_IS_INSCRIPTION (widget))
    text = gtk_inscription_get_text (GTK_INSCRIPTION (widget));

  return text != NULL && strstr (text, data) != NULL && gtk_widget_is_drawable (widget);
}

gboolean
is_type (GtkWidget *widget,
         gpointer   data)
{
  return G_TYPE_CHECK_INSTANCE_TYPE (widget, GPOINTER_TO_SIZE (data));
}

gboolean
text_on_screen (gpointer data)
{
  TextSearch *search = data;

  return find_widget (search->root, shows_text, (gpointer) search->text) != NULL;
}

static gboolean
is_finalized (gpointer data)
{
  return *(gpointer *) data == NULL;
}

/* Destroys @window, whose reference the caller gives, and waits until it is
 * finalized: nothing of it outlives the test. */
void
kd_test_close_window (gpointer window)
{
  g_object_add_weak_pointer (window, &window);
  gtk_window_destroy (GTK_WINDOW (window));
  g_object_unref (window);
  g_assert_true (wait_for (is_finalized, &window, WAIT_MS));
}

/* The table (the one GtkColumnView) under @root. */
GtkColumnView *
find_table (GtkWidget *root)
{
  GtkWidget *view = find_widget (root, is_type, GSIZE_TO_POINTER (GTK_TYPE_COLUMN_VIEW));

  g_assert_nonnull (view);
  return GTK_COLUMN_VIEW (view);
}

static gboolean
no_windows (gpointer data)
{
  return g_list_model_get_n_items (gtk_window_get_toplevels ()) == 0;
}

/* Destroys every window (dialogs too) and waits until none is left. */
void
kd_test_close_all_windows (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  while (g_list_model_get_n_items (toplevels) > 0)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, 0);

      gtk_window_destroy (window);
    }
  g_assert_true (wait_for (no_windows, NULL, WAIT_MS));
}
