/* kd-api-keys-dialog.c: the town's Open311 keys. Only a fingerprint of each
 * key is stored: the key itself is shown once, in the dialog that issues it,
 * with a button to copy it. */
#define G_LOG_DOMAIN "kd-api-keys"

#include "config.h"

#include <glib/gi18n.h>

#include "kd-api-keys-dialog.h"
#include "kd-api-key.h"
#include "kd-case.h"
#include "kd-current-actor.h"

struct _KdApiKeysDialog
{
  AdwWindow        parent_instance;

  KdStore         *store;
  GCancellable    *cancellable;

  /* template */
  AdwToastOverlay *toast_overlay;
  GtkListBox      *key_list;
};

G_DEFINE_FINAL_TYPE (KdApiKeysDialog, kd_api_keys_dialog, ADW_TYPE_WINDOW)

static void
toast (KdApiKeysDialog *self,
       const char      *message)
{
  g_autofree char *escaped = g_markup_escape_text (message, -1);   /* a toast's title is markup */

  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (escaped));
}

static void
show_error (KdApiKeysDialog *self,
            const GError    *error)
{
  toast (self, error->message);
}

/* Revoking. */

static void
revoke_done_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      data)
{
  g_autoptr(KdApiKeysDialog) self = data;
  g_autoptr(GError) error = NULL;

  if (!kd_api_key_revoke_finish (KD_STORE (source), result, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        show_error (self, error);
      return;
    }
  toast (self, _("The key is revoked"));
}

static void
revoke_response_cb (AdwMessageDialog *dialog,
                    const char       *response,
                    KdApiKeysDialog  *self)
{
  KdApiKey *key = g_object_get_data (G_OBJECT (dialog), "kd-key");
  KdActor actor;

  if (g_strcmp0 (response, "revoke") != 0)
    return;

  kd_current_actor (GTK_WIDGET (self), &actor);
  kd_api_key_revoke_async (self->store, kd_api_key_get_id (key), actor.name, self->cancellable,
                           revoke_done_cb, g_object_ref (self));
}

static void
revoke_clicked_cb (GtkButton *button,
                   KdApiKey  *key)
{
  KdApiKeysDialog *self = KD_API_KEYS_DIALOG (gtk_widget_get_root (GTK_WIDGET (button)));
  GtkWidget *dialog;

  /* Translators: %s is the name given to an API key */
  dialog = adw_message_dialog_new (GTK_WINDOW (self), NULL, NULL);
  adw_message_dialog_format_heading (ADW_MESSAGE_DIALOG (dialog), _("Revoke “%s”?"), kd_api_key_get_label (key));
  adw_message_dialog_set_body (ADW_MESSAGE_DIALOG (dialog),
                               _("The app using this key can no longer submit reports. This cannot be undone."));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "revoke", _("_Revoke"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "revoke", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "kd-key", g_object_ref (key), g_object_unref);
  g_signal_connect_object (dialog, "response", G_CALLBACK (revoke_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* The list. */

static GtkWidget *
create_row (gpointer item,
            gpointer data)
{
  KdApiKey *key = item;
  g_autofree char *issued = kd_format_local_time (kd_api_key_get_created_at (key));
  g_autofree char *subtitle = NULL;
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), kd_api_key_get_label (key));

  if (kd_api_key_get_revoked_at (key) != 0)
    {
      g_autofree char *revoked = kd_format_local_time (kd_api_key_get_revoked_at (key));
      GtkWidget *label = gtk_label_new (_("Revoked"));

      /* Translators: both %s are dates and times */
      subtitle = g_strdup_printf (_("Issued %s, revoked %s"), issued, revoked);
      gtk_widget_add_css_class (label, "dim-label");
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), label);
    }
  else
    {
      GtkWidget *button = gtk_button_new_with_mnemonic (_("_Revoke…"));

      /* Translators: %s is a date and time */
      subtitle = g_strdup_printf (_("Issued %s, in use"), issued);
      gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
      gtk_widget_add_css_class (button, "destructive-action");
      gtk_widget_set_name (button, "revoke");
      g_signal_connect_data (button, "clicked", G_CALLBACK (revoke_clicked_cb),
                             g_object_ref (key), (GClosureNotify) g_object_unref, 0);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
    }
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);

  return row;
}

static void
reload (KdApiKeysDialog *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) keys = kd_api_key_list (kd_store_get_reader (self->store), &error);

  if (keys == NULL)
    {
      show_error (self, error);
      return;
    }
  gtk_list_box_bind_model (self->key_list, keys, create_row, NULL, NULL);
}

static void
store_changed_cb (KdApiKeysDialog *self,
                  const char      *table,
                  gint64           row_id,
                  KdStore         *store)
{
  reload (self);
}

/* Issuing: the key, once. */

static void
copy_clicked_cb (GtkButton *button,
                 GtkLabel  *label)
{
  gdk_clipboard_set_text (gtk_widget_get_clipboard (GTK_WIDGET (button)), gtk_label_get_text (label));
  gtk_button_set_label (button, _("Copied"));
}

static void
show_key (KdApiKeysDialog *self,
          const char      *key)
{
  GtkWidget *dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Copy the Key Now"), NULL);
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  GtkWidget *label = gtk_label_new (key);
  GtkWidget *copy = gtk_button_new_with_mnemonic (_("_Copy Key"));

  adw_message_dialog_set_body (ADW_MESSAGE_DIALOG (dialog),
                               _("This is the only time the key is shown: Kuiduo keeps only a fingerprint of it. "
                                 "Give it to whoever sets up the app; if it is lost, issue a new key."));
  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_CHAR);
  gtk_widget_set_name (label, "key");
  gtk_widget_add_css_class (label, "monospace");
  gtk_widget_set_halign (copy, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (copy, "pill");
  g_signal_connect (copy, "clicked", G_CALLBACK (copy_clicked_cb), label);
  gtk_box_append (GTK_BOX (box), label);
  gtk_box_append (GTK_BOX (box), copy);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), box);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "done", _("_Done"));
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "done");
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
issue_done_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      data)
{
  g_autoptr(KdApiKeysDialog) self = data;
  g_autoptr(GError) error = NULL;
  g_autofree char *key = kd_api_key_issue_finish (KD_STORE (source), result, &error);

  if (key == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        show_error (self, error);
      return;
    }
  show_key (self, key);
}

static void
issue_response_cb (AdwMessageDialog *dialog,
                   const char       *response,
                   KdApiKeysDialog  *self)
{
  GtkEditable *entry = GTK_EDITABLE (adw_message_dialog_get_extra_child (dialog));
  KdActor actor;

  if (g_strcmp0 (response, "issue") != 0)
    return;

  kd_current_actor (GTK_WIDGET (self), &actor);
  kd_api_key_issue_async (self->store, gtk_editable_get_text (entry), actor.name, self->cancellable,
                          issue_done_cb, g_object_ref (self));
}

static void
label_changed_cb (GtkEditable      *entry,
                  AdwMessageDialog *dialog)
{
  g_autofree char *label = g_strstrip (g_strdup (gtk_editable_get_text (entry)));

  adw_message_dialog_set_response_enabled (dialog, "issue", *label != '\0');
}

static void
issue_clicked_cb (KdApiKeysDialog *self,
                  GtkButton       *button)
{
  GtkWidget *dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Issue an API Key"), NULL);
  GtkWidget *entry = gtk_entry_new ();

  adw_message_dialog_set_body (ADW_MESSAGE_DIALOG (dialog),
                               _("Name the app or the organisation that will use the key, so you know which key to revoke later."));
  gtk_entry_set_placeholder_text (GTK_ENTRY (entry), _("For example: County 12345 hotline app"));
  gtk_entry_set_max_length (GTK_ENTRY (entry), KD_API_KEY_MAX_LABEL);
  gtk_entry_set_activates_default (GTK_ENTRY (entry), TRUE);
  gtk_widget_set_name (entry, "label");
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), entry);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "issue", _("_Issue Key"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "issue", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (dialog), "issue", FALSE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "issue");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect (entry, "changed", G_CALLBACK (label_changed_cb), dialog);
  g_signal_connect_object (dialog, "response", G_CALLBACK (issue_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
  gtk_widget_grab_focus (entry);
}

static void
kd_api_keys_dialog_dispose (GObject *object)
{
  KdApiKeysDialog *self = (KdApiKeysDialog *)object;

  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), KD_TYPE_API_KEYS_DIALOG);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (kd_api_keys_dialog_parent_class)->dispose (object);
}

static void
kd_api_keys_dialog_class_init (KdApiKeysDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kd_api_keys_dialog_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/org/kuiduo/Kuiduo/ui/kd-api-keys-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, KdApiKeysDialog, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, KdApiKeysDialog, key_list);
  gtk_widget_class_bind_template_callback (widget_class, issue_clicked_cb);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
kd_api_keys_dialog_init (KdApiKeysDialog *self)
{
  self->cancellable = g_cancellable_new ();
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
kd_api_keys_dialog_new (GtkWindow *parent,
                        KdStore   *store)
{
  KdApiKeysDialog *self;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (KD_IS_STORE (store), NULL);

  self = g_object_new (KD_TYPE_API_KEYS_DIALOG, "transient-for", parent, NULL);
  self->store = g_object_ref (store);
  g_signal_connect_object (store, "changed::api_keys", G_CALLBACK (store_changed_cb), self, G_CONNECT_SWAPPED);
  reload (self);

  return GTK_WIDGET (self);
}
