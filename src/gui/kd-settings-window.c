/* kd-settings-window.c: Township Settings — the window, its shared save
 * plumbing, and the working time page (days, hours, holidays). Deadlines and
 * categories are in kd-settings-window-rules.c. */
#define G_LOG_DOMAIN "kd-settings-window"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "kd-settings-window-private.h"
#include "kd-ui-resources.h"

G_DEFINE_FINAL_TYPE (KdSettingsWindow, kd_settings_window, ADW_TYPE_PREFERENCES_WINDOW)

/* Shared plumbing. */

/* Who saves: the window's cadre. */
void
kd_settings_window_actor (KdSettingsWindow *self,
                          KdActor          *out)
{
  out->cadre_id = self->cadre ? kd_cadre_get_id (self->cadre) : 0;
  out->name = self->cadre ? kd_cadre_get_display_name (self->cadre) : _("Town office");
}

/* @message NULL hides the label. */
void
kd_settings_window_show_error (GtkLabel   *label,
                               const char *message)
{
  gtk_label_set_text (label, message ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (label), message != NULL);
}

typedef struct
{
  KdSettingsWindow   *self;
  GtkLabel           *error_label;
  KdSettingsDoneFunc  done;
} Pending;

gpointer
kd_settings_window_pending (KdSettingsWindow   *self,
                            GtkLabel           *error_label,
                            KdSettingsDoneFunc  done)
{
  Pending *pending = g_new0 (Pending, 1);

  /* A new save clears the last refusal; only a refusal shows again. */
  kd_settings_window_show_error (error_label, NULL);
  pending->self = g_object_ref (self);
  pending->error_label = error_label;
  pending->done = done;
  return pending;
}

void
kd_settings_window_done_cb (GObject      *source,
                            GAsyncResult *result,
                            gpointer      data)
{
  Pending *pending = data;
  g_autoptr(GError) error = NULL;
  gint64 value = kd_store_settings_finish (KD_STORE (source), result, &error);

  if (value == 0)
    kd_settings_window_show_error (pending->error_label, error ? error->message : _("The change was not saved."));
  if (pending->done != NULL)
    pending->done (pending->self, value);

  g_object_unref (pending->self);
  g_free (pending);
}

void
kd_settings_window_clear_list (GtkListBox *list)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (list))) != NULL)
    gtk_list_box_remove (list, child);
}

/* Working days and hours. */

static void
load_work_time (KdSettingsWindow *self)
{
  KdDb *db = kd_store_get_reader (self->store);
  g_autofree char *days = kd_settings_dup (db, "work_days", NULL);
  g_autofree char *hours = kd_settings_dup (db, "work_hours", NULL);

  for (int d = 0; d < 7; d++)
    gtk_toggle_button_set_active (self->day_buttons[d], days != NULL && strchr (days, '1' + d) != NULL);
  gtk_editable_set_text (GTK_EDITABLE (self->hours_row), hours ? hours : "");
  gtk_widget_remove_css_class (GTK_WIDGET (self->hours_row), "error");
}

static void
build_days (KdSettingsWindow *self)
{
  const char *names[7] = {
    C_("weekday", "Mon"), C_("weekday", "Tue"), C_("weekday", "Wed"), C_("weekday", "Thu"),
    C_("weekday", "Fri"), C_("weekday", "Sat"), C_("weekday", "Sun"),
  };

  for (int d = 0; d < 7; d++)
    {
      self->day_buttons[d] = GTK_TOGGLE_BUTTON (gtk_toggle_button_new_with_label (names[d]));
      gtk_box_append (self->days_box, GTK_WIDGET (self->day_buttons[d]));
    }
}

static void
work_saved (KdSettingsWindow *self,
            gint64            result)
{
  gtk_widget_set_sensitive (GTK_WIDGET (self->work_save_button), TRUE);
  if (result == 0)
    gtk_widget_add_css_class (GTK_WIDGET (self->hours_row), "error");
  else
    load_work_time (self);
}

static void
hours_changed_cb (KdSettingsWindow *self)
{
  gtk_widget_remove_css_class (GTK_WIDGET (self->hours_row), "error");
}

static void
work_save_clicked_cb (KdSettingsWindow *self)
{
  g_autoptr(GString) days = g_string_new (NULL);
  const char *hours = gtk_editable_get_text (GTK_EDITABLE (self->hours_row));
  g_autoptr(GError) error = NULL;
  g_autoptr(KdCalendar) check = NULL;
  KdActor actor;

  for (int d = 0; d < 7; d++)
    if (gtk_toggle_button_get_active (self->day_buttons[d]))
      g_string_append_c (days, '1' + d);

  /* Checked here first, to show the refusal at once; the core checks again. */
  check = kd_calendar_new (days->str, hours, "UTC", &error);
  if (check == NULL)
    {
      gtk_widget_add_css_class (GTK_WIDGET (self->hours_row), "error");
      kd_settings_window_show_error (self->work_error_label, error->message);
      return;
    }

  gtk_widget_set_sensitive (GTK_WIDGET (self->work_save_button), FALSE);
  kd_settings_window_actor (self, &actor);
  kd_store_save_work_time_async (self->store, days->str, hours, &actor, NULL, kd_settings_window_done_cb,
                                 kd_settings_window_pending (self, self->work_error_label, work_saved));
}

/* Holidays. */

static void load_holidays (KdSettingsWindow *self);

static void
holiday_removed (KdSettingsWindow *self,
                 gint64            result)
{
  load_holidays (self);
}

static void
holiday_remove_clicked_cb (KdSettingsWindow *self,
                           GtkButton        *button)
{
  KdActor actor;

  kd_settings_window_actor (self, &actor);
  gtk_widget_set_sensitive (GTK_WIDGET (button), FALSE);
  kd_store_delete_holiday_async (self->store, g_object_get_data (G_OBJECT (button), "day"), &actor, NULL,
                                 kd_settings_window_done_cb,
                                 kd_settings_window_pending (self, self->holiday_error_label, holiday_removed));
}

static GtkWidget *
holiday_row_new (KdSettingsWindow *self,
                 const KdHoliday  *holiday)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *button = gtk_button_new_from_icon_name ("user-trash-symbolic");
  g_autofree char *subtitle = g_strdup_printf ("%s · %s", holiday->day,
                                               holiday->is_workday ? _("Worked day (调休)") : _("Day off"));

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), holiday->name);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);

  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (button, _("Remove Holiday"));
  gtk_widget_add_css_class (button, "flat");
  g_object_set_data_full (G_OBJECT (button), "day", g_strdup (holiday->day), g_free);
  g_signal_connect_object (button, "clicked", G_CALLBACK (holiday_remove_clicked_cb), self, G_CONNECT_SWAPPED);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);

  return row;
}

static void
load_holidays (KdSettingsWindow *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) holidays = kd_holiday_list (kd_store_get_reader (self->store), &error);

  kd_settings_window_clear_list (self->holiday_list);
  if (holidays == NULL)
    {
      kd_settings_window_show_error (self->holiday_error_label, error->message);
      return;
    }
  for (guint i = 0; i < holidays->len; i++)
    gtk_list_box_append (self->holiday_list, holiday_row_new (self, holidays->pdata[i]));
  if (holidays->len == 0)
    {
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("No holidays are set."));
      gtk_widget_add_css_class (row, "dim-label");
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
      gtk_widget_set_focusable (row, FALSE);
      gtk_list_box_append (self->holiday_list, row);
    }
}

static void
holiday_changed_cb (KdSettingsWindow *self)
{
  const char *day = gtk_editable_get_text (GTK_EDITABLE (self->holiday_day_row));
  const char *name = gtk_editable_get_text (GTK_EDITABLE (self->holiday_name_row));

  gtk_widget_set_sensitive (GTK_WIDGET (self->holiday_add_button), *day != '\0' && *name != '\0');
}

static void
holiday_added (KdSettingsWindow *self,
               gint64            result)
{
  holiday_changed_cb (self);
  if (result == 0)
    return;

  gtk_editable_set_text (GTK_EDITABLE (self->holiday_day_row), "");
  gtk_editable_set_text (GTK_EDITABLE (self->holiday_name_row), "");
  gtk_switch_set_active (self->holiday_workday_switch, FALSE);
  load_holidays (self);
}

static void
holiday_add_clicked_cb (KdSettingsWindow *self)
{
  KdActor actor;

  if (!gtk_widget_get_sensitive (GTK_WIDGET (self->holiday_add_button)))
    return;

  kd_settings_window_actor (self, &actor);
  gtk_widget_set_sensitive (GTK_WIDGET (self->holiday_add_button), FALSE);
  kd_store_add_holiday_async (self->store,
                              gtk_editable_get_text (GTK_EDITABLE (self->holiday_day_row)),
                              gtk_editable_get_text (GTK_EDITABLE (self->holiday_name_row)),
                              gtk_switch_get_active (self->holiday_workday_switch), &actor, NULL,
                              kd_settings_window_done_cb,
                              kd_settings_window_pending (self, self->holiday_error_label, holiday_added));
}

/* The window. */

static void
kd_settings_window_dispose (GObject *object)
{
  KdSettingsWindow *self = KD_SETTINGS_WINDOW (object);

  g_clear_object (&self->store);
  g_clear_object (&self->cadre);

  G_OBJECT_CLASS (kd_settings_window_parent_class)->dispose (object);
}

static void
kd_settings_window_class_init (KdSettingsWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kd_settings_window_dispose;

  (void) kd_ui_get_resource ();
  gtk_widget_class_set_template_from_resource (widget_class, "/org/kuiduo/Kuiduo/ui/kd-settings-window.ui");
  gtk_widget_class_bind_template_child (widget_class, KdSettingsWindow, work_save_button);
  gtk_widget_class_bind_template_child (widget_class, KdSettingsWindow, days_box);
  gtk_widget_class_bind_template_child (widget_class, KdSettingsWindow, hours_row);
  gtk_widget_class_bind_template_child (widget_class, KdSettingsWindow, work_error_label);
  gtk_widget_class_bind_template_child (widget_class, KdSettingsWindow, holiday_list);
  gtk_widget_class_bind_template_child (widget_class, KdSettingsWindow, holiday_add_button);
  gtk_widget_class_bind_template_child (widget_class, KdSettingsWindow, holiday_day_row);
  gtk_widget_class_bind_template_child (widget_class, KdSettingsWindow, holiday_name_row);
  gtk_widget_class_bind_template_child (widget_class, KdSettingsWindow, holiday_workday_switch);
  gtk_widget_class_bind_template_child (widget_class, KdSettingsWindow, holiday_error_label);
  gtk_widget_class_bind_template_child (widget_class, KdSettingsWindow, deadlines_page);
  gtk_widget_class_bind_template_child (widget_class, KdSettingsWindow, category_list);
  gtk_widget_class_bind_template_child (widget_class, KdSettingsWindow, category_error_label);
  gtk_widget_class_bind_template_child (widget_class, KdSettingsWindow, category_add_button);
  gtk_widget_class_bind_template_child (widget_class, KdSettingsWindow, new_category_row);
  gtk_widget_class_bind_template_child (widget_class, KdSettingsWindow, new_kinds_row);
  gtk_widget_class_bind_template_child (widget_class, KdSettingsWindow, new_category_error_label);
  gtk_widget_class_bind_template_callback (widget_class, work_save_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, hours_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, holiday_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, holiday_add_clicked_cb);
  gtk_widget_class_bind_template_callback_full (widget_class, "new_category_changed_cb",
                                                G_CALLBACK (kd_settings_window_new_category_changed_cb));
  gtk_widget_class_bind_template_callback_full (widget_class, "category_add_clicked_cb",
                                                G_CALLBACK (kd_settings_window_category_add_clicked_cb));
}

static void
kd_settings_window_init (KdSettingsWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  build_days (self);
  kd_settings_window_build_rules (self);
  kd_settings_window_build_new_kinds (self);
}

/* @cadre: who saves (shown in the log); the caller checked that they may
 * edit the settings (kd_access_can_edit_settings()). */
KdSettingsWindow *
kd_settings_window_new (GtkWindow *parent,
                        KdStore   *store,
                        KdCadre   *cadre)
{
  KdSettingsWindow *self;

  g_return_val_if_fail (KD_IS_STORE (store), NULL);

  self = g_object_new (KD_TYPE_SETTINGS_WINDOW, "transient-for", parent, NULL);
  self->store = g_object_ref (store);
  self->cadre = cadre ? g_object_ref (cadre) : NULL;

  load_work_time (self);
  load_holidays (self);
  kd_settings_window_load_rules (self);
  kd_settings_window_load_categories (self);

  return self;
}
