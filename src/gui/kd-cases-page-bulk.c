/* kd-cases-page-bulk.c: assigning or closing the selected cases at once.
 * Each case goes to core on its own: core refuses what its state does not
 * allow (closing a case that is not resolved), and a toast says how many
 * were done and how many refused, and why. */
#define G_LOG_DOMAIN "kd-cases-page"

#include "config.h"

#include <glib/gi18n.h>

#include "kd-cadre.h"
#include "kd-case.h"
#include "kd-catalog-item.h"
#include "kd-cases-page-private.h"

typedef enum {
  BULK_ASSIGN,
  BULK_CLOSE,
} BulkOp;

static guint
n_selected (KdCasesPage *self)
{
  g_autoptr(GtkBitset) set = NULL;

  if (self->selection == NULL)
    return 0;
  set = gtk_selection_model_get_selection (GTK_SELECTION_MODEL (self->selection));
  return (guint) MIN (gtk_bitset_get_size (set), G_MAXUINT);
}

void
kd_cases_page_update_bulk (KdCasesPage *self)
{
  guint n = n_selected (self);
  gboolean busy = self->bulk_pending > 0;

  if (n >= 2)
    {
      g_autofree char *text = g_strdup_printf (ngettext ("%u selected", "%u selected", n), n);

      gtk_label_set_text (self->bulk_label, text);
    }
  gtk_revealer_set_reveal_child (self->bulk_revealer, n >= 2);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "queue.assign", n >= 2 && !busy);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "queue.close", n >= 2 && !busy);
}

static void
bulk_done_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      data)
{
  g_autoptr(KdCasesPage) self = data;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  if (kd_store_case_action_finish (KD_STORE (source), result, &error))
    self->bulk_done++;
  else
    {
      self->bulk_refused++;
      if (self->bulk_error == NULL)
        self->bulk_error = g_strdup (error->message);
    }
  if (--self->bulk_pending > 0)
    return;

  if (self->bulk_refused == 0)
    text = g_strdup_printf (ngettext ("%u case done", "%u cases done", self->bulk_done), self->bulk_done);
  else
    /* Translators: "3 cases done, 2 refused: <why the first was refused>" */
    text = g_strdup_printf (ngettext ("%u case done, %u refused: %s", "%u cases done, %u refused: %s",
                                      self->bulk_done),
                            self->bulk_done, self->bulk_refused, self->bulk_error);
  kd_cases_page_toast (self, text);
  g_clear_pointer (&self->bulk_error, g_free);
  kd_cases_page_update_bulk (self);
}

/* Runs @op on every selected case; @village_id and @cadre_id for assign. */
static void
run_bulk (KdCasesPage *self,
          BulkOp       op,
          gint64       village_id,
          gint64       cadre_id)
{
  GHashTableIter iter;
  gint64 *id;
  KdActor me;

  if (self->store == NULL || self->bulk_pending > 0)
    return;
  if (self->selected_ids == NULL)
    {
      g_autofree char *text = g_strdup_printf (_("Select at most %d cases for a bulk action."), KD_CASES_MAX_TRACKED);

      kd_cases_page_toast (self, text);
      return;
    }

  kd_cases_page_current_actor (self, &me);
  self->bulk_done = self->bulk_refused = 0;
  g_hash_table_iter_init (&iter, self->selected_ids);
  while (g_hash_table_iter_next (&iter, (gpointer *) &id, NULL))
    {
      self->bulk_pending++;
      if (op == BULK_ASSIGN)
        kd_store_assign_async (self->store, *id, village_id, cadre_id, &me, NULL, NULL,
                               bulk_done_cb, g_object_ref (self));
      else
        kd_store_close_async (self->store, *id, &me, NULL, NULL, bulk_done_cb, g_object_ref (self));
    }
  kd_cases_page_update_bulk (self);
}

static void
close_activated (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *param)
{
  run_bulk (KD_CASES_PAGE (widget), BULK_CLOSE, 0, 0);
}

/* Assigning: a village, a cadre, or both. */

typedef struct
{
  GtkDropDown *villages;
  GtkDropDown *cadres;
  GArray      *village_ids;   /* gint64, parallel to the rows; row 0: none */
  GArray      *cadre_ids;
} AssignForm;

static void
assign_form_free (gpointer data)
{
  AssignForm *form = data;

  g_array_unref (form->village_ids);
  g_array_unref (form->cadre_ids);
  g_free (form);
}

static gint64
picked (GtkDropDown *dropdown,
        GArray      *ids)
{
  guint i = gtk_drop_down_get_selected (dropdown);

  return i < ids->len ? g_array_index (ids, gint64, i) : 0;
}

static void
assign_choice_cb (AdwMessageDialog *dialog)
{
  AssignForm *form = g_object_get_data (G_OBJECT (dialog), "form");

  adw_message_dialog_set_response_enabled (dialog, "assign",
                                           picked (form->villages, form->village_ids) > 0 ||
                                           picked (form->cadres, form->cadre_ids) > 0);
}

static void
assign_response_cb (AdwMessageDialog *dialog,
                    const char       *response,
                    KdCasesPage      *self)
{
  AssignForm *form = g_object_get_data (G_OBJECT (dialog), "form");

  if (g_strcmp0 (response, "assign") == 0)
    run_bulk (self, BULK_ASSIGN, picked (form->villages, form->village_ids),
              picked (form->cadres, form->cadre_ids));
}

static GtkDropDown *
choice_dropdown (GListModel  *items,
                 gboolean     cadres,
                 const char  *none,
                 GArray     **ids)
{
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  GtkWidget *dropdown;

  *ids = g_array_new (FALSE, TRUE, sizeof (gint64));
  g_array_set_size (*ids, 1);
  gtk_string_list_append (names, none);
  for (guint i = 0; items != NULL && i < g_list_model_get_n_items (items); i++)
    {
      g_autoptr(GObject) item = g_list_model_get_item (items, i);
      gint64 id = cadres ? kd_cadre_get_id (KD_CADRE (item)) : kd_catalog_item_get_id (KD_CATALOG_ITEM (item));

      gtk_string_list_append (names, cadres ? kd_cadre_get_display_name (KD_CADRE (item))
                                            : kd_catalog_item_get_name (KD_CATALOG_ITEM (item)));
      g_array_append_val (*ids, id);
    }
  dropdown = gtk_drop_down_new (G_LIST_MODEL (g_steal_pointer (&names)), NULL);
  gtk_drop_down_set_enable_search (GTK_DROP_DOWN (dropdown), TRUE);
  return GTK_DROP_DOWN (dropdown);
}

static GtkWidget *
labelled (const char *mnemonic,
          GtkWidget  *widget)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
  GtkWidget *label = gtk_label_new_with_mnemonic (mnemonic);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_mnemonic_widget (GTK_LABEL (label), widget);
  gtk_box_append (GTK_BOX (box), label);
  gtk_box_append (GTK_BOX (box), widget);
  return box;
}

static void
assign_activated (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *param)
{
  KdCasesPage *self = KD_CASES_PAGE (widget);
  KdDb *db = self->store ? kd_store_get_reader (self->store) : NULL;
  g_autoptr(GListModel) villages = NULL;
  g_autoptr(GListModel) cadres = NULL;
  g_autofree char *heading = NULL;
  AssignForm *form = g_new0 (AssignForm, 1);
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  AdwMessageDialog *dialog;
  guint n = n_selected (self);

  if (db != NULL)
    {
      villages = kd_catalog_item_list (db, KD_CATALOG_VILLAGES, NULL);
      cadres = kd_cadre_list (db, FALSE, NULL);
    }
  form->villages = choice_dropdown (villages, FALSE, _("No village"), &form->village_ids);
  form->cadres = choice_dropdown (cadres, TRUE, _("No cadre"), &form->cadre_ids);
  gtk_box_append (GTK_BOX (box), labelled (_("_Village"), GTK_WIDGET (form->villages)));
  gtk_box_append (GTK_BOX (box), labelled (_("C_adre"), GTK_WIDGET (form->cadres)));

  heading = g_strdup_printf (ngettext ("Assign %u Case", "Assign %u Cases", n), n);
  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (widget)), heading,
                                                       _("Each case goes to the village or cadre chosen. "
                                                         "Cases that cannot be assigned now are left as they are.")));
  adw_message_dialog_set_extra_child (dialog, box);
  adw_message_dialog_add_responses (dialog, "cancel", _("_Cancel"), "assign", _("_Assign"), NULL);
  adw_message_dialog_set_response_appearance (dialog, "assign", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (dialog, "assign");
  adw_message_dialog_set_close_response (dialog, "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "form", form, assign_form_free);
  assign_choice_cb (dialog);
  g_signal_connect_swapped (form->villages, "notify::selected", G_CALLBACK (assign_choice_cb), dialog);
  g_signal_connect_swapped (form->cadres, "notify::selected", G_CALLBACK (assign_choice_cb), dialog);
  g_signal_connect_object (dialog, "response", G_CALLBACK (assign_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

void
kd_cases_page_class_init_bulk (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "queue.assign", NULL, assign_activated);
  gtk_widget_class_install_action (widget_class, "queue.close", NULL, close_activated);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_A, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "queue.assign", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_C, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "queue.close", NULL);
}
