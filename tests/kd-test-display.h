/* kd-test-display.h: what the display test programs share: iterating the
 * main loop until something holds, and finding what is on screen. */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define WAIT_MS 5000

typedef gboolean (*Condition)  (gpointer   data);
typedef gboolean (*WidgetTest) (GtkWidget *widget,
                                gpointer   data);

typedef struct
{
  GtkWidget  *root;
  const char *text;
} TextSearch;

void       kd_test_display_init (int     *argc,
                                 char  ***argv);
gboolean   wait_for       (Condition   cond,
                           gpointer    data,
                           guint       timeout_ms);
gboolean   is_mapped      (gpointer    data);
GtkWidget *find_widget    (GtkWidget  *root,
                           WidgetTest  test,
                           gpointer    data);
gboolean   shows_text     (GtkWidget  *widget,
                           gpointer    data);
gboolean   is_type        (GtkWidget  *widget,
                           gpointer    data);
gboolean   text_on_screen (gpointer    data);
void       kd_test_close_window (gpointer window);
void       kd_test_close_all_windows (void);
GtkColumnView *find_table (GtkWidget  *root);

G_END_DECLS
