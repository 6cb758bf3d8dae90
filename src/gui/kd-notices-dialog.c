/* kd-notices-dialog.c: the township's notices — a list, and an editor in
 * the same window (title, the whole town or one village, the text). Every
 * write goes through the writer; the list follows the store's changes. */
#define G_LOG_DOMAIN "kd-notices"

#include "config.h"

#include <glib/gi18n.h>

#include "kd-notices-dialog.h"
#include "kd-case.h"
#include "kd-catalog-item.h"
#include "kd-current-actor.h"
#include "kd-notice.h"

struct _KdNoticesDialog
{
  AdwWindow        parent_instance;

  KdStore         *store;
  GCancellable    *cancellable;
  GPtrArray       *notices;       /* of KdNotice, as listed */
  GArray          *village_ids;   /* gint64, parallel to village_row's model; [0] = 0: the whole town */
  gint64           editing;       /* the notice in the editor; 0: a new one */
  gboolean         busy;

  /* template */
  AdwWindowTitle  *window_title;
  GtkButton       *add_button;
  GtkButton       *back_button;
  GtkButton       *save_button;
  AdwToastOverlay *toast_overlay;
  GtkStack        *stack;
  GtkListBox      *notice_list;
  AdwPreferencesPage *edit_page;
  AdwEntryRow     *title_row;
  AdwComboRow     *village_row;
  GtkTextView     *body_view;
  GtkLabel        *error_label;
};

G_DEFINE_FINAL_TYPE (KdNoticesDialog, kd_notices_dialog, ADW_TYPE_WINDOW)

static void
toast (KdNoticesDialog *self,
       const char      *message)
{
  g_autofree char *escaped = g_markup_escape_text (message, -1);   /* a toast's title is markup */

  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (escaped));
}

static const KdNotice *
find_notice (KdNoticesDialog *self,
             gint64           id)
{
  for (guint i = 0; self->notices != NULL && i < self->notices->len; i++)
    {
      const KdNotice *n = g_ptr_array_index (self->notices, i);

      if (n->id == id)
        return n;
    }
  return NULL;
}

/* Pages. */

static void
show_list (KdNoticesDialog *self)
{
  gtk_stack_set_visible_child_name (self->stack, "list");
  adw_window_title_set_title (self->window_title, _("Notices"));
  gtk_widget_set_visible (GTK_WIDGET (self->add_button), TRUE);
  gtk_widget_set_visible (GTK_WIDGET (self->back_button), FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->save_button), FALSE);
}

static void
show_editor (KdNoticesDialog *self,
             const KdNotice  *notice)
{
  guint village = 0;

  self->editing = notice ? notice->id : 0;
  for (guint i = 0; notice != NULL && i < self->village_ids->len; i++)
    if (g_array_index (self->village_ids, gint64, i) == notice->village_id)
      village = i;

  gtk_editable_set_text (GTK_EDITABLE (self->title_row), notice ? notice->title : "");
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->body_view), notice ? notice->body : "", -1);
  adw_combo_row_set_selected (self->village_row, village);
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), FALSE);

  gtk_stack_set_visible_child_name (self->stack, "edit");
  adw_window_title_set_title (self->window_title, notice ? _("Edit Notice") : _("New Notice"));
  gtk_button_set_label (self->save_button, notice ? _("_Save") : _("_Publish"));
  gtk_widget_set_visible (GTK_WIDGET (self->add_button), FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->back_button), TRUE);
  gtk_widget_set_visible (GTK_WIDGET (self->save_button), TRUE);
  gtk_widget_grab_focus (GTK_WIDGET (self->title_row));
}

static void
set_busy (KdNoticesDialog *self,
          gboolean         busy)
{
  self->busy = busy;
  gtk_widget_set_sensitive (GTK_WIDGET (self->stack), !busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->save_button), !busy);
}

/* Deleting. */

static void
delete_done_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      data)
{
  g_autoptr(KdNoticesDialog) self = data;
  g_autoptr(GError) error = NULL;

  set_busy (self, FALSE);
  if (kd_notice_delete_finish (KD_STORE (source), result, &error))
    toast (self, _("The notice is deleted"));
  else if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    toast (self, error->message);
}

static void
delete_response_cb (AdwMessageDialog *dialog,
                    const char       *response,
                    KdNoticesDialog  *self)
{
  gint64 id = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (dialog), "kd-notice-id"));
  KdActor actor;

  if (g_strcmp0 (response, "delete") != 0)
    return;

  kd_current_actor (GTK_WIDGET (self), &actor);
  set_busy (self, TRUE);
  kd_notice_delete_async (self->store, id, &actor, self->cancellable, delete_done_cb, g_object_ref (self));
}

static gint64
button_notice_id (GtkWidget *button)
{
  return GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (button), "kd-notice-id"));
}

static void
delete_clicked_cb (GtkButton       *button,
                   KdNoticesDialog *self)
{
  const KdNotice *notice = find_notice (self, button_notice_id (GTK_WIDGET (button)));
  GtkWidget *dialog;

  if (notice == NULL)
    return;

  dialog = adw_message_dialog_new (GTK_WINDOW (self), NULL,
                                   _("The phones will no longer show it. This cannot be undone."));
  /* Translators: %s is a notice's title */
  adw_message_dialog_format_heading (ADW_MESSAGE_DIALOG (dialog), _("Delete “%s”?"), notice->title);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "delete", _("_Delete"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "delete", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data (G_OBJECT (dialog), "kd-notice-id", GSIZE_TO_POINTER (notice->id));
  g_signal_connect_object (dialog, "response", G_CALLBACK (delete_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
edit_clicked_cb (GtkButton       *button,
                 KdNoticesDialog *self)
{
  const KdNotice *notice = find_notice (self, button_notice_id (GTK_WIDGET (button)));

  if (notice != NULL)
    show_editor (self, notice);
}

/* The list. */

static GtkWidget *
row_button (KdNoticesDialog *self,
            const KdNotice  *notice,
            const char      *name,
            const char      *icon,
            const char      *tooltip,
            GCallback        clicked)
{
  GtkWidget *button = gtk_button_new_from_icon_name (icon);

  gtk_widget_set_name (button, name);
  gtk_widget_set_tooltip_text (button, tooltip);
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "flat");
  g_object_set_data (G_OBJECT (button), "kd-notice-id", GSIZE_TO_POINTER (notice->id));
  g_signal_connect_object (button, "clicked", clicked, self, 0);

  return button;
}

static GtkWidget *
create_row (KdNoticesDialog *self,
            const KdNotice  *notice)
{
  g_autofree char *when = kd_format_local_time (notice->published_at);
  g_autofree char *subtitle = NULL;
  GtkWidget *row = adw_action_row_new ();

  /* Translators: a notice's date, and the village it is for (or "Whole town") */
  subtitle = g_strdup_printf (_("%s · %s"), when, notice->village_name ? notice->village_name : _("Whole town"));
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), notice->title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                             row_button (self, notice, "edit", "document-edit-symbolic", _("Edit"), G_CALLBACK (edit_clicked_cb)));
  adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                             row_button (self, notice, "delete", "user-trash-symbolic", _("Delete"), G_CALLBACK (delete_clicked_cb)));

  return row;
}

static void
reload (KdNoticesDialog *self)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *notices = kd_notice_list_all (kd_store_get_reader (self->store), &error);
  GtkWidget *child;

  if (notices == NULL)
    {
      toast (self, error->message);
      return;
    }

  g_clear_pointer (&self->notices, g_ptr_array_unref);
  self->notices = notices;

  /* GTK 4.8 has no gtk_list_box_remove_all(). */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->notice_list))) != NULL &&
         GTK_IS_LIST_BOX_ROW (child))
    gtk_list_box_remove (self->notice_list, child);
  for (guint i = 0; i < notices->len; i++)
    gtk_list_box_append (self->notice_list, create_row (self, g_ptr_array_index (notices, i)));
}

static void
store_changed_cb (KdNoticesDialog *self,
                  const char      *table,
                  gint64           row_id,
                  KdStore         *store)
{
  reload (self);
}

/* Saving. */

static void
save_done_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      data)
{
  g_autoptr(KdNoticesDialog) self = data;
  g_autoptr(GError) error = NULL;
  gboolean ok = self->editing != 0 ? kd_notice_update_finish (KD_STORE (source), result, &error)
                                   : kd_notice_add_finish (KD_STORE (source), result, &error) != 0;

  set_busy (self, FALSE);
  if (!ok)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      gtk_label_set_text (self->error_label, error->message);
      gtk_widget_set_visible (GTK_WIDGET (self->error_label), TRUE);
      return;
    }

  toast (self, self->editing != 0 ? _("The notice is saved") : _("The notice is published"));
  show_list (self);
}

static void
save_clicked_cb (KdNoticesDialog *self,
                 GtkButton       *button)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->body_view);
  g_autofree char *body = NULL;
  GtkTextIter start, end;
  guint village = adw_combo_row_get_selected (self->village_row);
  gint64 village_id = village < self->village_ids->len ? g_array_index (self->village_ids, gint64, village) : 0;
  const char *title = gtk_editable_get_text (GTK_EDITABLE (self->title_row));
  KdActor actor;

  if (self->busy)
    return;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  body = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
  kd_current_actor (GTK_WIDGET (self), &actor);
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), FALSE);
  set_busy (self, TRUE);

  if (self->editing != 0)
    kd_notice_update_async (self->store, self->editing, title, body, village_id, &actor,
                            self->cancellable, save_done_cb, g_object_ref (self));
  else
    kd_notice_add_async (self->store, title, body, village_id, &actor,
                         self->cancellable, save_done_cb, g_object_ref (self));
}

static void
add_clicked_cb (KdNoticesDialog *self,
                GtkButton       *button)
{
  show_editor (self, NULL);
}

static void
back_clicked_cb (KdNoticesDialog *self,
                 GtkButton       *button)
{
  show_list (self);
}

static void
load_villages (KdNoticesDialog *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) villages = kd_catalog_item_list (kd_store_get_reader (self->store),
                                                         KD_CATALOG_VILLAGES, &error);
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  gint64 town = 0;

  gtk_string_list_append (names, _("Whole town"));
  g_array_append_val (self->village_ids, town);
  for (guint i = 0; villages != NULL && i < g_list_model_get_n_items (villages); i++)
    {
      g_autoptr(KdCatalogItem) item = g_list_model_get_item (villages, i);
      gint64 id = kd_catalog_item_get_id (item);

      gtk_string_list_append (names, kd_catalog_item_get_name (item));
      g_array_append_val (self->village_ids, id);
    }
  if (villages == NULL)
    toast (self, error->message);

  adw_combo_row_set_model (self->village_row, G_LIST_MODEL (names));
}

static void
kd_notices_dialog_dispose (GObject *object)
{
  KdNoticesDialog *self = (KdNoticesDialog *)object;

  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), KD_TYPE_NOTICES_DIALOG);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->store);
  g_clear_pointer (&self->notices, g_ptr_array_unref);
  g_clear_pointer (&self->village_ids, g_array_unref);

  G_OBJECT_CLASS (kd_notices_dialog_parent_class)->dispose (object);
}

static void
kd_notices_dialog_class_init (KdNoticesDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kd_notices_dialog_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/org/kuiduo/Kuiduo/ui/kd-notices-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, KdNoticesDialog, window_title);
  gtk_widget_class_bind_template_child (widget_class, KdNoticesDialog, add_button);
  gtk_widget_class_bind_template_child (widget_class, KdNoticesDialog, back_button);
  gtk_widget_class_bind_template_child (widget_class, KdNoticesDialog, save_button);
  gtk_widget_class_bind_template_child (widget_class, KdNoticesDialog, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, KdNoticesDialog, stack);
  gtk_widget_class_bind_template_child (widget_class, KdNoticesDialog, notice_list);
  gtk_widget_class_bind_template_child (widget_class, KdNoticesDialog, edit_page);
  gtk_widget_class_bind_template_child (widget_class, KdNoticesDialog, title_row);
  gtk_widget_class_bind_template_child (widget_class, KdNoticesDialog, village_row);
  gtk_widget_class_bind_template_child (widget_class, KdNoticesDialog, body_view);
  gtk_widget_class_bind_template_child (widget_class, KdNoticesDialog, error_label);
  gtk_widget_class_bind_template_callback (widget_class, add_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, back_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, save_clicked_cb);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
kd_notices_dialog_init (KdNoticesDialog *self)
{
  self->cancellable = g_cancellable_new ();
  self->village_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
kd_notices_dialog_new (GtkWindow *parent,
                       KdStore   *store)
{
  KdNoticesDialog *self;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (KD_IS_STORE (store), NULL);

  self = g_object_new (KD_TYPE_NOTICES_DIALOG, "transient-for", parent, NULL);
  self->store = g_object_ref (store);
  load_villages (self);
  g_signal_connect_object (store, "changed::notices", G_CALLBACK (store_changed_cb), self, G_CONNECT_SWAPPED);
  reload (self);

  return GTK_WIDGET (self);
}

gboolean
kd_notices_dialog_get_busy (KdNoticesDialog *self)
{
  g_return_val_if_fail (KD_IS_NOTICES_DIALOG (self), FALSE);

  return self->busy;
}
