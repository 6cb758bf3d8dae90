/* kd-assign-dialog.c: a village dropdown and, below it, the cadres of that
 * village (secretaries) and the town staff; "anyone" leaves the village to
 * choose. */
#define G_LOG_DOMAIN "kd-assign-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "kd-assign-dialog.h"
#include "kd-cadre.h"
#include "kd-catalog-item.h"

struct _KdAssignDialog
{
  AdwMessageDialog  parent_instance;

  GListModel       *villages;     /* KdCatalogItem */
  GListModel       *cadres;       /* KdCadre, active */
  GArray           *cadre_ids;    /* what the cadre dropdown shows; 0 first: anyone */
  GtkDropDown      *village_drop;
  GtkDropDown      *cadre_drop;
};

G_DEFINE_FINAL_TYPE (KdAssignDialog, kd_assign_dialog, ADW_TYPE_MESSAGE_DIALOG)

/* Who can work a case of @village_id. */
static gboolean
can_work (KdCadre *cadre,
          gint64   village_id)
{
  switch (kd_cadre_get_role (cadre))
    {
    case KD_ROLE_TOWN_STAFF:        return TRUE;
    case KD_ROLE_VILLAGE_SECRETARY: return kd_cadre_get_village_id (cadre) == village_id;
    case KD_ROLE_TOWN_ADMIN:
    case KD_ROLE_DISCIPLINE:
    default:                        return FALSE;
    }
}

static void
fill_cadres (KdAssignDialog *self)
{
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  gint64 village_id = kd_assign_dialog_get_village_id (self);
  guint n = self->cadres ? g_list_model_get_n_items (self->cadres) : 0;
  gint64 none = 0;

  g_array_set_size (self->cadre_ids, 0);
  g_array_append_val (self->cadre_ids, none);
  gtk_string_list_append (names, _("Anyone in the village"));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(KdCadre) cadre = g_list_model_get_item (self->cadres, i);
      g_autofree char *label = NULL;
      gint64 id = kd_cadre_get_id (cadre);

      if (!can_work (cadre, village_id))
        continue;
      label = g_strdup_printf ("%s · %s", kd_cadre_get_display_name (cadre),
                               kd_role_label (kd_cadre_get_role (cadre)));
      gtk_string_list_append (names, label);
      g_array_append_val (self->cadre_ids, id);
    }
  gtk_drop_down_set_model (self->cadre_drop, G_LIST_MODEL (names));
  gtk_drop_down_set_selected (self->cadre_drop, 0);
}

static GtkWidget *
labelled (const char *text,
          GtkWidget  *widget)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *label = gtk_label_new_with_mnemonic (text);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_mnemonic_widget (GTK_LABEL (label), widget);
  gtk_widget_add_css_class (label, "heading");
  gtk_box_append (GTK_BOX (box), label);
  gtk_box_append (GTK_BOX (box), widget);

  return box;
}

static void
kd_assign_dialog_dispose (GObject *object)
{
  KdAssignDialog *self = KD_ASSIGN_DIALOG (object);

  g_clear_object (&self->villages);
  g_clear_object (&self->cadres);
  g_clear_pointer (&self->cadre_ids, g_array_unref);

  G_OBJECT_CLASS (kd_assign_dialog_parent_class)->dispose (object);
}

static void
kd_assign_dialog_class_init (KdAssignDialogClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = kd_assign_dialog_dispose;
}

static void
kd_assign_dialog_init (KdAssignDialog *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);

  self->cadre_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->village_drop = GTK_DROP_DOWN (gtk_drop_down_new (NULL, NULL));
  self->cadre_drop = GTK_DROP_DOWN (gtk_drop_down_new (NULL, NULL));
  gtk_box_append (GTK_BOX (box), labelled (_("_Village"), GTK_WIDGET (self->village_drop)));
  gtk_box_append (GTK_BOX (box), labelled (_("C_adre (optional)"), GTK_WIDGET (self->cadre_drop)));
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (self), box);

  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (self),
                                    "cancel", _("_Cancel"),
                                    KD_ASSIGN_DIALOG_ASSIGN, _("_Assign"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (self), KD_ASSIGN_DIALOG_ASSIGN,
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (self), KD_ASSIGN_DIALOG_ASSIGN);
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (self), "cancel");
  g_signal_connect_object (self->village_drop, "notify::selected", G_CALLBACK (fill_cadres), self,
                           G_CONNECT_SWAPPED);
}

static void
load_villages (KdAssignDialog *self,
               KdDb           *reader)
{
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  g_autoptr(GError) error = NULL;
  guint n;

  self->villages = kd_catalog_item_list (reader, KD_CATALOG_VILLAGES, &error);
  if (self->villages == NULL)
    {
      g_warning ("Could not list the villages: %s", error->message);
      self->villages = G_LIST_MODEL (g_list_store_new (KD_TYPE_CATALOG_ITEM));
      g_clear_error (&error);
    }
  n = g_list_model_get_n_items (self->villages);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(KdCatalogItem) village = g_list_model_get_item (self->villages, i);

      gtk_string_list_append (names, kd_catalog_item_get_name (village));
    }

  self->cadres = kd_cadre_list (reader, FALSE, &error);
  if (self->cadres == NULL)
    g_warning ("Could not list the cadres: %s", error->message);

  gtk_drop_down_set_model (self->village_drop, G_LIST_MODEL (names));
}

/* Starts on the village (and cadre) the case has, or the village it is from. */
KdAssignDialog *
kd_assign_dialog_new (GtkWindow *parent,
                      KdDb      *reader,
                      KdCase    *kase)
{
  KdAssignDialog *self;
  gboolean reassign;
  gint64 village_id;

  g_return_val_if_fail (reader != NULL, NULL);
  g_return_val_if_fail (KD_IS_CASE (kase), NULL);

  reassign = kd_case_get_assigned_village_id (kase) != 0 || kd_case_get_assignee_id (kase) != 0;
  self = g_object_new (KD_TYPE_ASSIGN_DIALOG,
                       "transient-for", parent,
                       "modal", TRUE,
                       "destroy-with-parent", TRUE,
                       "heading", reassign ? _("Reassign the Case") : _("Assign the Case"),
                       "body", _("The village (and the cadre, if you choose one) will see the case in "
                                 "their queue and start the work. The villager sees that the case is assigned."),
                       NULL);
  load_villages (self, reader);

  village_id = kd_case_get_assigned_village_id (kase);
  if (village_id == 0 || !kd_assign_dialog_select_village (self, village_id))
    kd_assign_dialog_select_village (self, kd_case_get_village_id (kase));
  fill_cadres (self);
  if (kd_case_get_assignee_id (kase) != 0)
    kd_assign_dialog_select_cadre (self, kd_case_get_assignee_id (kase));

  return self;
}

gint64
kd_assign_dialog_get_village_id (KdAssignDialog *self)
{
  g_autoptr(KdCatalogItem) village = NULL;
  guint selected;

  g_return_val_if_fail (KD_IS_ASSIGN_DIALOG (self), 0);

  selected = gtk_drop_down_get_selected (self->village_drop);
  if (self->villages == NULL || selected == GTK_INVALID_LIST_POSITION)
    return 0;
  village = g_list_model_get_item (self->villages, selected);

  return village ? kd_catalog_item_get_id (village) : 0;
}

/* 0: anyone in the village. */
gint64
kd_assign_dialog_get_cadre_id (KdAssignDialog *self)
{
  guint selected;

  g_return_val_if_fail (KD_IS_ASSIGN_DIALOG (self), 0);

  selected = gtk_drop_down_get_selected (self->cadre_drop);
  if (selected == GTK_INVALID_LIST_POSITION || selected >= self->cadre_ids->len)
    return 0;

  return g_array_index (self->cadre_ids, gint64, selected);
}

gboolean
kd_assign_dialog_select_village (KdAssignDialog *self,
                                 gint64          village_id)
{
  guint n;

  g_return_val_if_fail (KD_IS_ASSIGN_DIALOG (self), FALSE);

  n = g_list_model_get_n_items (self->villages);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(KdCatalogItem) village = g_list_model_get_item (self->villages, i);

      if (kd_catalog_item_get_id (village) == village_id)
        {
          gtk_drop_down_set_selected (self->village_drop, i);
          return TRUE;
        }
    }

  return FALSE;
}

/* FALSE when the cadre cannot work a case of the chosen village. */
gboolean
kd_assign_dialog_select_cadre (KdAssignDialog *self,
                               gint64          cadre_id)
{
  g_return_val_if_fail (KD_IS_ASSIGN_DIALOG (self), FALSE);

  for (guint i = 0; i < self->cadre_ids->len; i++)
    if (g_array_index (self->cadre_ids, gint64, i) == cadre_id)
      {
        gtk_drop_down_set_selected (self->cadre_drop, i);
        return TRUE;
      }

  return FALSE;
}
