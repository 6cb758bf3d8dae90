/* kd-settings-window-private.h: what the parts of KdSettingsWindow share —
 * kd-settings-window.c (the window, working time and holidays) and
 * kd-settings-window-rules.c (deadlines and categories). */
#pragma once

#include "kd-settings-window.h"
#include "kd-settings.h"

G_BEGIN_DECLS

typedef struct
{
  GtkSpinButton *response;     /* hours */
  GtkSpinButton *resolution;   /* hours */
  GtkSwitch     *working_time;
} KdRuleRow;

typedef struct
{
  KdRuleRow  rows[2];          /* ordinary, urgent */
  GtkLabel  *error_label;
} KdRuleGroup;

struct _KdSettingsWindow
{
  AdwPreferencesWindow parent_instance;

  KdStore            *store;
  KdCadre            *cadre;

  GtkToggleButton    *day_buttons[7];
  GtkCheckButton     *new_kinds[KD_CASE_N_KINDS];
  KdRuleGroup         rule_groups[KD_CASE_N_KINDS];

  /* template */
  GtkButton          *work_save_button;
  GtkBox             *days_box;
  AdwEntryRow        *hours_row;
  GtkLabel           *work_error_label;
  GtkListBox         *holiday_list;
  GtkButton          *holiday_add_button;
  AdwEntryRow        *holiday_day_row;
  AdwEntryRow        *holiday_name_row;
  GtkSwitch          *holiday_workday_switch;
  GtkLabel           *holiday_error_label;
  AdwPreferencesPage *deadlines_page;
  GtkListBox         *category_list;
  GtkLabel           *category_error_label;
  GtkButton          *category_add_button;
  AdwEntryRow        *new_category_row;
  AdwActionRow       *new_kinds_row;
  GtkLabel           *new_category_error_label;
};

/* What a save does when it is done: the window (kept alive until then), the
 * label that shows a refusal, and what to reload on success. */
typedef void (*KdSettingsDoneFunc) (KdSettingsWindow *self,
                                    gint64            result);

void  kd_settings_window_actor       (KdSettingsWindow   *self,
                                      KdActor            *out);
void  kd_settings_window_show_error  (GtkLabel           *label,
                                      const char         *message);
void  kd_settings_window_done_cb     (GObject            *source,
                                      GAsyncResult       *result,
                                      gpointer            data);
gpointer kd_settings_window_pending  (KdSettingsWindow   *self,
                                      GtkLabel           *error_label,
                                      KdSettingsDoneFunc  done);
void  kd_settings_window_clear_list  (GtkListBox         *list);

void  kd_settings_window_build_rules      (KdSettingsWindow *self);
void  kd_settings_window_load_rules       (KdSettingsWindow *self);
void  kd_settings_window_build_new_kinds  (KdSettingsWindow *self);
void  kd_settings_window_load_categories  (KdSettingsWindow *self);
void  kd_settings_window_new_category_changed_cb  (KdSettingsWindow *self);
void  kd_settings_window_category_add_clicked_cb  (KdSettingsWindow *self);

G_END_DECLS
