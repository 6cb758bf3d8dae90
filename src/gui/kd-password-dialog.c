/* kd-password-dialog.c: a new password, typed twice, checked with the
 * core's rules before the (slow, off-thread) hashing; the core's refusal,
 * such as a wrong current password, is shown beside the field. */
#define G_LOG_DOMAIN "kd-password-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "kd-password-dialog.h"
#include "kd-account-form.h"
#include "kd-ui-resources.h"

struct _KdPasswordDialog
{
  AdwWindow       parent_instance;

  KdStore        *store;
  KdCadre        *by;
  KdCadre        *cadre;
  GCancellable   *cancellable;
  gboolean        busy;

  /* template */
  AdwWindowTitle *window_title;
  AdwEntryRow    *current_row;
  AdwEntryRow    *password_row;
  AdwEntryRow    *confirm_row;
  GtkLabel       *error_label;
};

G_DEFINE_FINAL_TYPE (KdPasswordDialog, kd_password_dialog, ADW_TYPE_WINDOW)

enum {
  SAVED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* Their own password: the current one is asked for. */
static gboolean
is_own (KdPasswordDialog *self)
{
  return kd_cadre_get_id (self->by) == kd_cadre_get_id (self->cadre);
}

static KdAccountForm
form_of (KdPasswordDialog *self)
{
  KdAccountForm form = { NULL, NULL, self->password_row, self->confirm_row, self->error_label };

  return form;
}

static void
update_actions (KdPasswordDialog *self)
{
  KdAccountForm form = form_of (self);
  gboolean ready = !self->busy && kd_account_form_is_filled (&form);

  if (is_own (self))
    ready = ready && *kd_account_form_get_text (self->current_row) != '\0';

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "password.save", ready);
}

static void
entry_changed_cb (KdPasswordDialog *self,
                  GtkEditable      *editable)
{
  update_actions (self);
}

static void
set_busy (KdPasswordDialog *self,
          gboolean          busy)
{
  KdAccountForm form = form_of (self);

  self->busy = busy;
  /* The focus leaves first: an insensitive field would not hear it go. */
  if (busy)
    gtk_window_set_focus (GTK_WINDOW (self), NULL);
  kd_account_form_set_sensitive (&form, !busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->current_row), !busy);
  update_actions (self);
}

static void
save_done_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(KdPasswordDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  /* A refusal of a well-formed new password is about the current one. */
  KdAccountForm shown = { NULL, NULL, is_own (self) ? self->current_row : self->password_row,
                          NULL, self->error_label };

  if (!kd_store_change_password_finish (KD_STORE (source), result, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      set_busy (self, FALSE);
      g_message ("Password not changed: %s", error->message);
      kd_account_form_show_error (&shown, error);
      return;
    }

  set_busy (self, FALSE);
  g_signal_emit (self, signals[SAVED], 0, _("Password changed"));
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
save_activated (GtkWidget  *widget,
                const char *action_name,
                GVariant   *param)
{
  KdPasswordDialog *self = KD_PASSWORD_DIALOG (widget);
  KdAccountForm form = form_of (self);
  g_autoptr(GError) error = NULL;

  if (self->busy)
    return;

  if (!kd_account_form_check (&form, &error))
    {
      kd_account_form_show_error (&form, error);
      return;
    }

  kd_account_form_clear_error (&form);
  set_busy (self, TRUE);
  kd_store_change_password_async (self->store, self->by, kd_cadre_get_id (self->cadre),
                                  is_own (self) ? kd_account_form_get_text (self->current_row) : NULL,
                                  kd_account_form_get_text (self->password_row),
                                  self->cancellable, save_done_cb, g_object_ref (self));
}

static void
kd_password_dialog_dispose (GObject *object)
{
  KdPasswordDialog *self = (KdPasswordDialog *)object;

  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), KD_TYPE_PASSWORD_DIALOG);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->store);
  g_clear_object (&self->by);
  g_clear_object (&self->cadre);

  G_OBJECT_CLASS (kd_password_dialog_parent_class)->dispose (object);
}

static void
kd_password_dialog_class_init (KdPasswordDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kd_password_dialog_dispose;

  /* KdPasswordDialog::saved: the password changed; @message says so. */
  signals[SAVED] =
    g_signal_new ("saved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  (void) kd_ui_get_resource ();
  gtk_widget_class_set_template_from_resource (widget_class, "/org/kuiduo/Kuiduo/ui/kd-password-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, KdPasswordDialog, window_title);
  gtk_widget_class_bind_template_child (widget_class, KdPasswordDialog, current_row);
  gtk_widget_class_bind_template_child (widget_class, KdPasswordDialog, password_row);
  gtk_widget_class_bind_template_child (widget_class, KdPasswordDialog, confirm_row);
  gtk_widget_class_bind_template_child (widget_class, KdPasswordDialog, error_label);
  gtk_widget_class_bind_template_callback (widget_class, entry_changed_cb);

  gtk_widget_class_install_action (widget_class, "password.save", NULL, save_activated);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
kd_password_dialog_init (KdPasswordDialog *self)
{
  self->cancellable = g_cancellable_new ();
  gtk_widget_init_template (GTK_WIDGET (self));
}

/* @by changes the password of @cadre: their own, or (a town administrator)
 * anyone's. */
KdPasswordDialog *
kd_password_dialog_new (GtkWindow *parent,
                        KdStore   *store,
                        KdCadre   *by,
                        KdCadre   *cadre)
{
  KdPasswordDialog *self;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (KD_IS_STORE (store), NULL);
  g_return_val_if_fail (KD_IS_CADRE (by), NULL);
  g_return_val_if_fail (KD_IS_CADRE (cadre), NULL);

  self = g_object_new (KD_TYPE_PASSWORD_DIALOG, "transient-for", parent, NULL);
  self->store = g_object_ref (store);
  self->by = g_object_ref (by);
  self->cadre = g_object_ref (cadre);

  gtk_widget_set_visible (GTK_WIDGET (self->current_row), is_own (self));
  if (!is_own (self))
    {
      gtk_window_set_title (GTK_WINDOW (self), _("Reset Password"));
      adw_window_title_set_title (self->window_title, _("Reset Password"));
      adw_window_title_set_subtitle (self->window_title, kd_cadre_get_display_name (cadre));
    }
  update_actions (self);

  return self;
}
