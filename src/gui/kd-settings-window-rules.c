/* kd-settings-window-rules.c: Township Settings — the deadlines of each kind
 * of case (ordinary and urgent: hours to respond and to resolve, in working
 * time or of the clock) and the categories with the kinds they are offered
 * for. Part of KdSettingsWindow (kd-settings-window.c). */
#define G_LOG_DOMAIN "kd-settings-window"

#include "config.h"

#include <math.h>

#include <glib/gi18n.h>

#include "kd-settings-window-private.h"
#include "kd-catalog-item.h"

/* Deadlines. */

static GtkSpinButton *
hours_spin_new (const char *tooltip)
{
  GtkWidget *spin = gtk_spin_button_new_with_range (0.5, KD_SETTINGS_MINUTES_MAX / 60.0, 0.5);

  gtk_spin_button_set_digits (GTK_SPIN_BUTTON (spin), 1);
  gtk_widget_set_valign (spin, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (spin, tooltip);
  return GTK_SPIN_BUTTON (spin);
}

static GtkWidget *
rule_row_new (KdRuleRow *rr,
              gboolean   urgent)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), urgent ? _("Urgent") : _("Ordinary"));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), _("Hours to respond · hours to resolve · working time only"));
  rr->response = hours_spin_new (_("Hours to give a first response"));
  rr->resolution = hours_spin_new (_("Hours to resolve the case"));
  rr->working_time = GTK_SWITCH (gtk_switch_new ());
  gtk_widget_set_valign (GTK_WIDGET (rr->working_time), GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (GTK_WIDGET (rr->working_time),
                               _("On: only working hours count. Off: every hour of the clock counts."));

  adw_action_row_add_suffix (ADW_ACTION_ROW (row), GTK_WIDGET (rr->response));
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), GTK_WIDGET (rr->resolution));
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), GTK_WIDGET (rr->working_time));
  return row;
}

static void
rules_saved (KdSettingsWindow *self,
             gint64            result)
{
  if (result != 0)
    kd_settings_window_load_rules (self);
}

static void
rule_save_clicked_cb (GtkButton        *button,
                      KdSettingsWindow *self)
{
  KdCaseKind kind = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (button), "kind"));
  KdRuleGroup *group = &self->rule_groups[kind];
  KdActor actor;

  kd_settings_window_actor (self, &actor);
  for (int urgent = 0; urgent < 2; urgent++)
    {
      KdRuleRow *rr = &group->rows[urgent];
      KdSlaRule rule = {
        (int) lround (gtk_spin_button_get_value (rr->response) * 60),
        (int) lround (gtk_spin_button_get_value (rr->resolution) * 60),
        gtk_switch_get_active (rr->working_time),
      };

      kd_store_save_sla_rule_async (self->store, kind, urgent, &rule, &actor, NULL, kd_settings_window_done_cb,
                                    kd_settings_window_pending (self, group->error_label,
                                                                urgent ? rules_saved : NULL));
    }
}

void
kd_settings_window_build_rules (KdSettingsWindow *self)
{
  for (int kind = 0; kind < KD_CASE_N_KINDS; kind++)
    {
      KdRuleGroup *group = &self->rule_groups[kind];
      GtkWidget *prefs = adw_preferences_group_new ();
      GtkWidget *save = gtk_button_new_with_mnemonic (_("_Save"));
      GtkWidget *error = gtk_label_new (NULL);

      adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (prefs), kd_case_kind_label (kind));
      if (kind == 0)
        adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (prefs),
                                               _("Hours to respond and to resolve. In working time, only working hours count (7 a working day by default); otherwise nights, weekends and holidays count too. A change applies to new cases."));
      gtk_widget_set_valign (save, GTK_ALIGN_CENTER);
      g_object_set_data (G_OBJECT (save), "kind", GINT_TO_POINTER (kind));
      g_signal_connect_object (save, "clicked", G_CALLBACK (rule_save_clicked_cb), self, 0);
      adw_preferences_group_set_header_suffix (ADW_PREFERENCES_GROUP (prefs), save);

      for (int urgent = 0; urgent < 2; urgent++)
        adw_preferences_group_add (ADW_PREFERENCES_GROUP (prefs), rule_row_new (&group->rows[urgent], urgent));

      gtk_label_set_wrap (GTK_LABEL (error), TRUE);
      gtk_label_set_xalign (GTK_LABEL (error), 0);
      gtk_widget_set_margin_top (error, 6);
      gtk_widget_add_css_class (error, "error");
      gtk_widget_set_visible (error, FALSE);
      group->error_label = GTK_LABEL (error);
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (prefs), error);

      adw_preferences_page_add (self->deadlines_page, ADW_PREFERENCES_GROUP (prefs));
    }
}

void
kd_settings_window_load_rules (KdSettingsWindow *self)
{
  KdDb *db = kd_store_get_reader (self->store);

  for (int kind = 0; kind < KD_CASE_N_KINDS; kind++)
    for (int urgent = 0; urgent < 2; urgent++)
      {
        KdRuleRow *rr = &self->rule_groups[kind].rows[urgent];
        g_autoptr(GError) error = NULL;
        KdSlaRule rule;

        if (!kd_sla_rule_load (db, kind, urgent, &rule, &error))
          {
            kd_settings_window_show_error (self->rule_groups[kind].error_label, error->message);
            continue;
          }
        gtk_spin_button_set_value (rr->response, rule.response_minutes / 60.0);
        gtk_spin_button_set_value (rr->resolution, rule.resolution_minutes / 60.0);
        gtk_switch_set_active (rr->working_time, rule.working_time);
      }
}

/* Categories. */

static GtkWidget *
kinds_box_new (GtkCheckButton **checks,
               guint            kinds)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);

  gtk_widget_set_valign (box, GTK_ALIGN_CENTER);
  for (int k = 0; k < KD_CASE_N_KINDS; k++)
    {
      checks[k] = GTK_CHECK_BUTTON (gtk_check_button_new_with_label (kd_case_kind_label (k)));
      gtk_check_button_set_active (checks[k], (kinds & (1u << k)) != 0);
      gtk_box_append (GTK_BOX (box), GTK_WIDGET (checks[k]));
    }
  return box;
}

static guint
kinds_of (GtkWidget *box)
{
  guint kinds = 0;
  int k = 0;

  for (GtkWidget *c = gtk_widget_get_first_child (box); c != NULL; c = gtk_widget_get_next_sibling (c), k++)
    if (gtk_check_button_get_active (GTK_CHECK_BUTTON (c)))
      kinds |= 1u << k;
  return kinds;
}

static void
category_saved (KdSettingsWindow *self,
                gint64            result)
{
  /* A refusal puts back what is saved; a success keeps the rows (and focus). */
  if (result == 0)
    kd_settings_window_load_categories (self);
}

/* Saves a row's name (@name, or the saved one) and its ticked kinds. */
static void
save_category_row (KdSettingsWindow *self,
                   AdwEntryRow      *row,
                   const char       *name)
{
  GtkWidget *box = g_object_get_data (G_OBJECT (row), "kinds-box");
  guint kinds = kinds_of (box);
  KdActor actor;

  if (kinds == 0)
    {
      kd_settings_window_show_error (self->category_error_label,
                                     _("A category must be offered for at least one kind of case."));
      kd_settings_window_load_categories (self);
      return;
    }
  if (name == NULL)
    name = g_object_get_data (G_OBJECT (row), "saved-name");
  else
    g_object_set_data_full (G_OBJECT (row), "saved-name", g_strstrip (g_strdup (name)), g_free);

  kd_settings_window_actor (self, &actor);
  kd_store_save_category_async (self->store, GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (row), "id")),
                                name, kinds, &actor, NULL, kd_settings_window_done_cb,
                                kd_settings_window_pending (self, self->category_error_label, category_saved));
}

static void
category_apply_cb (AdwEntryRow      *row,
                   KdSettingsWindow *self)
{
  save_category_row (self, row, gtk_editable_get_text (GTK_EDITABLE (row)));
}

static void
category_kind_toggled_cb (GtkCheckButton   *check,
                          KdSettingsWindow *self)
{
  GtkWidget *row = gtk_widget_get_ancestor (GTK_WIDGET (check), ADW_TYPE_ENTRY_ROW);

  save_category_row (self, ADW_ENTRY_ROW (row), NULL);
}

static GtkWidget *
category_row_new (KdSettingsWindow *self,
                  KdCatalogItem    *item)
{
  GtkWidget *row = adw_entry_row_new ();
  GtkCheckButton *checks[KD_CASE_N_KINDS];
  GtkWidget *box = kinds_box_new (checks, kd_catalog_item_get_kinds (item));

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("Name"));
  gtk_editable_set_text (GTK_EDITABLE (row), kd_catalog_item_get_name (item));
  adw_entry_row_set_show_apply_button (ADW_ENTRY_ROW (row), TRUE);
  adw_entry_row_add_suffix (ADW_ENTRY_ROW (row), box);

  g_object_set_data (G_OBJECT (row), "id", GSIZE_TO_POINTER ((gsize) kd_catalog_item_get_id (item)));
  g_object_set_data (G_OBJECT (row), "kinds-box", box);
  g_object_set_data_full (G_OBJECT (row), "saved-name", g_strdup (kd_catalog_item_get_name (item)), g_free);
  g_signal_connect_object (row, "apply", G_CALLBACK (category_apply_cb), self, 0);
  for (int k = 0; k < KD_CASE_N_KINDS; k++)
    g_signal_connect_object (checks[k], "toggled", G_CALLBACK (category_kind_toggled_cb), self, 0);

  return row;
}

void
kd_settings_window_load_categories (KdSettingsWindow *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) items = kd_catalog_item_list (kd_store_get_reader (self->store),
                                                      KD_CATALOG_CATEGORIES, &error);

  kd_settings_window_clear_list (self->category_list);
  if (items == NULL)
    {
      kd_settings_window_show_error (self->category_error_label, error->message);
      return;
    }
  for (guint i = 0; i < g_list_model_get_n_items (items); i++)
    {
      g_autoptr(KdCatalogItem) item = g_list_model_get_item (items, i);

      gtk_list_box_append (self->category_list, category_row_new (self, item));
    }
}

/* A new category: a name and at least one kind. */

void
kd_settings_window_new_category_changed_cb (KdSettingsWindow *self)
{
  const char *name = gtk_editable_get_text (GTK_EDITABLE (self->new_category_row));
  guint kinds = 0;

  for (int k = 0; k < KD_CASE_N_KINDS; k++)
    if (gtk_check_button_get_active (self->new_kinds[k]))
      kinds |= 1u << k;

  gtk_widget_set_sensitive (GTK_WIDGET (self->category_add_button), *name != '\0' && kinds != 0);
}

void
kd_settings_window_build_new_kinds (KdSettingsWindow *self)
{
  GtkWidget *box = kinds_box_new (self->new_kinds, 1u << KD_CASE_KIND_LIVELIHOOD);

  adw_action_row_add_suffix (self->new_kinds_row, box);
  for (int k = 0; k < KD_CASE_N_KINDS; k++)
    g_signal_connect_object (self->new_kinds[k], "toggled",
                             G_CALLBACK (kd_settings_window_new_category_changed_cb), self, G_CONNECT_SWAPPED);
}

static void
category_added (KdSettingsWindow *self,
                gint64            result)
{
  if (result != 0)
    {
      gtk_editable_set_text (GTK_EDITABLE (self->new_category_row), "");
      kd_settings_window_load_categories (self);
    }
  kd_settings_window_new_category_changed_cb (self);
}

void
kd_settings_window_category_add_clicked_cb (KdSettingsWindow *self)
{
  GtkWidget *box = gtk_widget_get_parent (GTK_WIDGET (self->new_kinds[0]));
  KdActor actor;

  kd_settings_window_actor (self, &actor);
  gtk_widget_set_sensitive (GTK_WIDGET (self->category_add_button), FALSE);
  kd_store_save_category_async (self->store, 0, gtk_editable_get_text (GTK_EDITABLE (self->new_category_row)),
                                kinds_of (box), &actor, NULL, kd_settings_window_done_cb,
                                kd_settings_window_pending (self, self->new_category_error_label, category_added));
}
