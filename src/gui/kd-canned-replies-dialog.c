/* kd-canned-replies-dialog.c: lists the canned replies (general and per
 * category), and adds, edits and deletes them through the writer. The list
 * follows KdStore::changed::canned_replies, whoever made the change. */
#define G_LOG_DOMAIN "kd-canned-replies"

#include "config.h"

#include <glib/gi18n.h>

#include "kd-canned-replies-dialog.h"
#include "kd-canned-reply.h"
#include "kd-catalog-item.h"
#include "kd-ui-resources.h"

struct _KdCannedRepliesDialog
{
  AdwWindow        parent_instance;

  KdStore         *store;
  GPtrArray       *replies;     /* KdCannedReply, as listed */
  GListModel      *categories;  /* KdCatalogItem */

  /* template */
  AdwToastOverlay *toast_overlay;
  GtkListBox      *list;
};

G_DEFINE_FINAL_TYPE (KdCannedRepliesDialog, kd_canned_replies_dialog, ADW_TYPE_WINDOW)

static void
show_error (KdCannedRepliesDialog *self,
            const char            *message)
{
  g_autofree char *escaped = g_markup_escape_text (message, -1);

  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (escaped));
}

static KdCannedReply *
reply_at (KdCannedRepliesDialog *self,
          GtkWidget             *button)
{
  guint index = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (button), "kd-index"));

  return self->replies != NULL && index < self->replies->len ? g_ptr_array_index (self->replies, index) : NULL;
}

static void
saved_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(KdCannedRepliesDialog) self = user_data;
  g_autoptr(GError) error = NULL;

  if (kd_store_canned_reply_finish (KD_STORE (source), result, &error) == 0)
    show_error (self, error->message);
}

/* The edit dialog: category, title, text. */

typedef struct
{
  KdCannedRepliesDialog *self;
  gint64                 id;
  GtkDropDown           *category;
  GtkEntry              *title;
  GtkTextView           *body;
} Editor;

static void
editor_free (gpointer  data,
             GClosure *closure)
{
  Editor *editor = data;

  g_object_unref (editor->self);
  g_free (editor);
}

static gint64
editor_category_id (Editor *editor)
{
  guint selected = gtk_drop_down_get_selected (editor->category);
  g_autoptr(KdCatalogItem) item = NULL;

  if (selected == 0 || selected == GTK_INVALID_LIST_POSITION || editor->self->categories == NULL)
    return 0;
  item = g_list_model_get_item (editor->self->categories, selected - 1);

  return item ? kd_catalog_item_get_id (item) : 0;
}

static void
editor_response_cb (AdwMessageDialog *dialog,
                    const char       *response,
                    Editor           *editor)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (editor->body);
  g_autofree char *body = NULL;
  GtkTextIter start, end;

  if (g_strcmp0 (response, "save") != 0)
    return;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  body = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
  kd_store_save_canned_reply_async (editor->self->store, editor->id, editor_category_id (editor),
                                    gtk_editable_get_text (GTK_EDITABLE (editor->title)), body,
                                    NULL, saved_cb, g_object_ref (editor->self));
}

static GtkDropDown *
category_drop_new (KdCannedRepliesDialog *self,
                   gint64                 category_id)
{
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  guint n = self->categories ? g_list_model_get_n_items (self->categories) : 0;
  guint selected = 0;
  GtkWidget *drop;

  gtk_string_list_append (names, _("Every category"));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(KdCatalogItem) item = g_list_model_get_item (self->categories, i);

      gtk_string_list_append (names, kd_catalog_item_get_name (item));
      if (kd_catalog_item_get_id (item) == category_id)
        selected = i + 1;
    }
  drop = gtk_drop_down_new (G_LIST_MODEL (g_steal_pointer (&names)), NULL);
  gtk_drop_down_set_selected (GTK_DROP_DOWN (drop), selected);

  return GTK_DROP_DOWN (drop);
}

static GtkWidget *
editor_child_new (Editor        *editor,
                  KdCannedReply *reply)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 8);
  GtkWidget *scroller = gtk_scrolled_window_new ();

  editor->category = category_drop_new (editor->self, reply ? reply->category_id : 0);
  editor->title = GTK_ENTRY (gtk_entry_new ());
  gtk_entry_set_placeholder_text (editor->title, _("Short title, shown in the menu"));
  gtk_entry_set_max_length (editor->title, KD_CANNED_REPLY_TITLE_MAX);
  editor->body = GTK_TEXT_VIEW (gtk_text_view_new ());
  gtk_text_view_set_wrap_mode (editor->body, GTK_WRAP_WORD_CHAR);
  gtk_text_view_set_accepts_tab (editor->body, FALSE);
  gtk_text_view_set_top_margin (editor->body, 8);
  gtk_text_view_set_bottom_margin (editor->body, 8);
  gtk_text_view_set_left_margin (editor->body, 10);
  gtk_text_view_set_right_margin (editor->body, 10);
  gtk_widget_add_css_class (GTK_WIDGET (editor->body), "reply-view");
  if (reply != NULL)
    {
      gtk_editable_set_text (GTK_EDITABLE (editor->title), reply->title);
      gtk_text_buffer_set_text (gtk_text_view_get_buffer (editor->body), reply->body, -1);
    }
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), GTK_WIDGET (editor->body));
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroller), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_min_content_height (GTK_SCROLLED_WINDOW (scroller), 120);
  gtk_widget_add_css_class (scroller, "card");

  gtk_box_append (GTK_BOX (box), GTK_WIDGET (editor->category));
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (editor->title));
  gtk_box_append (GTK_BOX (box), scroller);

  return box;
}

static void
open_editor (KdCannedRepliesDialog *self,
             KdCannedReply         *reply)
{
  Editor *editor = g_new0 (Editor, 1);
  GtkWidget *dialog;

  editor->self = g_object_ref (self);
  editor->id = reply ? reply->id : 0;
  dialog = adw_message_dialog_new (GTK_WINDOW (self), reply ? _("Edit Canned Reply") : _("New Canned Reply"),
                                   _("The text is public once sent: write it as the villager should read it."));
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), editor_child_new (editor, reply));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"), "save", _("_Save"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "save", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_data (dialog, "response", G_CALLBACK (editor_response_cb), editor, editor_free, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* Deleting, after asking. */

static void
delete_response_cb (AdwMessageDialog      *dialog,
                    const char            *response,
                    KdCannedRepliesDialog *self)
{
  gint64 *id = g_object_get_data (G_OBJECT (dialog), "kd-id");

  if (g_strcmp0 (response, "delete") == 0 && id != NULL)
    kd_store_delete_canned_reply_async (self->store, *id, NULL, saved_cb, g_object_ref (self));
}

static void
delete_clicked_cb (GtkButton             *button,
                   KdCannedRepliesDialog *self)
{
  KdCannedReply *reply = reply_at (self, GTK_WIDGET (button));
  GtkWidget *dialog;

  if (reply == NULL)
    return;

  dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Delete Canned Reply?"), NULL);
  adw_message_dialog_format_body (ADW_MESSAGE_DIALOG (dialog), _("“%s” will no longer be offered."), reply->title);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"), "delete", _("_Delete"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "delete", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "kd-id", g_memdup2 (&reply->id, sizeof reply->id), g_free);
  g_signal_connect_object (dialog, "response", G_CALLBACK (delete_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
edit_clicked_cb (GtkButton             *button,
                 KdCannedRepliesDialog *self)
{
  KdCannedReply *reply = reply_at (self, GTK_WIDGET (button));

  if (reply != NULL)
    open_editor (self, reply);
}

/* The list. */

static GtkWidget *
row_button_new (KdCannedRepliesDialog *self,
                const char            *icon,
                const char            *tooltip,
                guint                  index,
                GCallback              callback)
{
  GtkWidget *button = gtk_button_new_from_icon_name (icon);

  gtk_widget_set_tooltip_text (button, tooltip);
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "flat");
  g_object_set_data (G_OBJECT (button), "kd-index", GUINT_TO_POINTER (index));
  g_signal_connect_object (button, "clicked", callback, self, 0);

  return button;
}

static GtkWidget *
reply_row_new (KdCannedRepliesDialog *self,
               KdCannedReply         *reply,
               guint                  index)
{
  GtkWidget *row = adw_action_row_new ();
  g_autofree char *title = g_markup_escape_text (reply->title, -1);
  g_autofree char *subtitle_text = g_strdup_printf ("%s · %s", reply->category_name ? reply->category_name
                                                                                    : _("Every category"),
                                                    reply->body);
  g_autofree char *subtitle = g_markup_escape_text (subtitle_text, -1);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 2);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                             row_button_new (self, "document-edit-symbolic", _("Edit"), index,
                                             G_CALLBACK (edit_clicked_cb)));
  adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                             row_button_new (self, "user-trash-symbolic", _("Delete"), index,
                                             G_CALLBACK (delete_clicked_cb)));

  return row;
}

static void
refill (KdCannedRepliesDialog *self)
{
  g_autoptr(GError) error = NULL;
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->list))) != NULL)
    gtk_list_box_remove (self->list, child);
  g_clear_pointer (&self->replies, g_ptr_array_unref);

  self->replies = kd_canned_reply_list (kd_store_get_reader (self->store), -1, &error);
  if (self->replies == NULL)
    {
      show_error (self, error->message);
      return;
    }
  for (guint i = 0; i < self->replies->len; i++)
    gtk_list_box_append (self->list, reply_row_new (self, g_ptr_array_index (self->replies, i), i));
}

static void
store_changed_cb (KdCannedRepliesDialog *self)
{
  refill (self);
}

static void
add_activated (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  open_editor (KD_CANNED_REPLIES_DIALOG (widget), NULL);
}

static void
kd_canned_replies_dialog_dispose (GObject *object)
{
  KdCannedRepliesDialog *self = KD_CANNED_REPLIES_DIALOG (object);

  g_clear_pointer (&self->replies, g_ptr_array_unref);
  g_clear_object (&self->categories);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (kd_canned_replies_dialog_parent_class)->dispose (object);
}

static void
kd_canned_replies_dialog_class_init (KdCannedRepliesDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kd_canned_replies_dialog_dispose;

  (void) kd_ui_get_resource ();
  gtk_widget_class_set_template_from_resource (widget_class, "/org/kuiduo/Kuiduo/ui/kd-canned-replies-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, KdCannedRepliesDialog, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, KdCannedRepliesDialog, list);

  gtk_widget_class_install_action (widget_class, "canned.add", NULL, add_activated);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
kd_canned_replies_dialog_init (KdCannedRepliesDialog *self)
{
  GtkWidget *empty;

  gtk_widget_init_template (GTK_WIDGET (self));

  empty = gtk_label_new (_("No canned replies yet. Add one with the + button."));
  gtk_widget_add_css_class (empty, "dim-label");
  gtk_widget_set_margin_top (empty, 18);
  gtk_widget_set_margin_bottom (empty, 18);
  gtk_list_box_set_placeholder (self->list, empty);
}

KdCannedRepliesDialog *
kd_canned_replies_dialog_new (GtkWindow *parent,
                              KdStore   *store)
{
  KdCannedRepliesDialog *self;
  g_autoptr(GError) error = NULL;

  g_return_val_if_fail (KD_IS_STORE (store), NULL);

  self = g_object_new (KD_TYPE_CANNED_REPLIES_DIALOG, "transient-for", parent, NULL);
  self->store = g_object_ref (store);
  self->categories = kd_catalog_item_list (kd_store_get_reader (store), KD_CATALOG_CATEGORIES, &error);
  if (self->categories == NULL)
    g_warning ("Could not list the categories: %s", error->message);
  g_signal_connect_object (store, "changed::canned_replies", G_CALLBACK (store_changed_cb), self,
                           G_CONNECT_SWAPPED);
  refill (self);

  return self;
}
