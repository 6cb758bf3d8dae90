/* kd-application-office.c: the office's own tools, from the main menu:
 * a report entered for a villager (Ctrl+N), the notices for the phones'
 * home page, and the keys of the phone apps. */
#define G_LOG_DOMAIN "kd-application"

#include "config.h"

#include <glib/gi18n.h>

#include "kd-application-private.h"
#include "kd-api-keys-dialog.h"
#include "kd-current-actor.h"
#include "kd-notices-dialog.h"
#include "kd-proxy-report-dialog.h"
#include "kd-window.h"

/* The cadre at the desk: the one signed in on @widget's window (or on the
 * workbench window a dialog belongs to), else on the application; NULL when
 * no one is (the tests). */
KdCadre *
kd_current_cadre (GtkWidget *widget)
{
  GtkRoot *root = widget ? gtk_widget_get_root (widget) : NULL;
  GApplication *app = g_application_get_default ();

  if (GTK_IS_WINDOW (root) && !KD_IS_WINDOW (root) &&
      KD_IS_WINDOW (gtk_window_get_transient_for (GTK_WINDOW (root))))
    root = GTK_ROOT (gtk_window_get_transient_for (GTK_WINDOW (root)));

  if (KD_IS_WINDOW (root))
    return kd_window_get_cadre (KD_WINDOW (root));
  if (KD_IS_APPLICATION (app))
    return kd_application_get_cadre (KD_APPLICATION (app));
  return NULL;
}

/* Who writes: that cadre, or the town office when no one is signed in. */
void
kd_current_actor (GtkWidget *widget,
                  KdActor   *out)
{
  KdCadre *cadre = kd_current_cadre (widget);

  out->cadre_id = cadre != NULL ? kd_cadre_get_id (cadre) : 0;
  out->name = cadre != NULL ? kd_cadre_get_display_name (cadre) : _("Town office");
}

static KdWindow *
workbench_window (GtkApplication *app)
{
  GtkWindow *active = gtk_application_get_active_window (app);

  if (KD_IS_WINDOW (active))
    return KD_WINDOW (active);
  for (GList *l = gtk_application_get_windows (app); l != NULL; l = l->next)
    if (KD_IS_WINDOW (l->data))
      return l->data;
  return NULL;
}

static void
new_report_activated (GSimpleAction *action,
                      GVariant      *param,
                      gpointer       data)
{
  KdWindow *window = workbench_window (data);

  if (window != NULL)
    gtk_window_present (GTK_WINDOW (kd_proxy_report_dialog_new (GTK_WINDOW (window),
                                                                kd_window_get_store (window),
                                                                kd_window_get_server (window))));
}

static void
notices_activated (GSimpleAction *action,
                   GVariant      *param,
                   gpointer       data)
{
  KdWindow *window = workbench_window (data);

  if (window != NULL)
    gtk_window_present (GTK_WINDOW (kd_notices_dialog_new (GTK_WINDOW (window), kd_window_get_store (window))));
}

static void
api_keys_activated (GSimpleAction *action,
                    GVariant      *param,
                    gpointer       data)
{
  KdWindow *window = workbench_window (data);

  if (window != NULL)
    gtk_window_present (GTK_WINDOW (kd_api_keys_dialog_new (GTK_WINDOW (window), kd_window_get_store (window))));
}

static const GActionEntry office_actions[] = {
  { "new-report", new_report_activated },
  { "notices", notices_activated },
  { "api-keys", api_keys_activated },
};

void
kd_application_add_office_actions (KdApplication *self)
{
  static const char *new_report_accels[] = { "<Control>n", NULL };

  g_action_map_add_action_entries (G_ACTION_MAP (self), office_actions, G_N_ELEMENTS (office_actions), self);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.new-report", new_report_accels);
}
