/* kd-sign-in-dialog.c: asks who is working. Signing in (and creating the
 * first account) hashes or verifies a password, about 0.1 s on purpose: the
 * store does it on a worker thread, and the window waits for the answer
 * without blocking. The core's refusals (a wrong password, a locked account)
 * are shown as they are. */
#define G_LOG_DOMAIN "kd-sign-in-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "kd-sign-in-dialog.h"
#include "kd-account-form.h"
#include "kd-ui-resources.h"

struct _KdSignInDialog
{
  AdwWindow        parent_instance;

  KdStore         *store;
  GCancellable    *cancellable;
  gboolean         first_run;
  gboolean         busy;

  /* template */
  GtkLabel        *heading_label;
  GtkLabel        *body_label;
  AdwEntryRow     *username_row;
  AdwEntryRow     *name_row;
  AdwEntryRow     *password_row;
  AdwEntryRow     *confirm_row;
  GtkLabel        *error_label;
  GtkButton       *submit_button;
  GtkSpinner      *spinner;
};

G_DEFINE_FINAL_TYPE (KdSignInDialog, kd_sign_in_dialog, ADW_TYPE_WINDOW)

enum {
  PROP_0,
  PROP_STORE,
  PROP_BUSY,
  N_PROPS
};

enum {
  SIGNED_IN,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

/* The fields shown: a name and the password again only for the first account. */
static KdAccountForm
form_of (KdSignInDialog *self)
{
  KdAccountForm form = { self->username_row, NULL, self->password_row, NULL, self->error_label };

  if (self->first_run)
    {
      form.name = self->name_row;
      form.confirm = self->confirm_row;
    }
  return form;
}

static void
show_error (KdSignInDialog *self,
            const GError   *error)
{
  KdAccountForm form = form_of (self);

  if (error != NULL)
    kd_account_form_show_error (&form, error);
  else
    kd_account_form_clear_error (&form);
}

static void
update_actions (KdSignInDialog *self)
{
  KdAccountForm form = form_of (self);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "sign-in.submit",
                                 !self->busy && kd_account_form_is_filled (&form));
}

static void
set_busy (KdSignInDialog *self,
          gboolean        busy)
{
  KdAccountForm form = form_of (self);

  if (self->busy == busy)
    return;

  self->busy = busy;
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), busy);
  gtk_spinner_set_spinning (self->spinner, busy);
  /* The focus leaves first: an insensitive field would not hear it go. */
  if (busy)
    gtk_window_set_focus (GTK_WINDOW (self), NULL);
  kd_account_form_set_sensitive (&form, !busy);
  update_actions (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

static void
entry_changed_cb (KdSignInDialog *self,
                  GtkEditable    *editable)
{
  update_actions (self);
}

static void
sign_in_done_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(KdSignInDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(KdCadre) cadre = kd_store_sign_in_finish (KD_STORE (source), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  set_busy (self, FALSE);
  if (cadre == NULL)
    {
      g_message ("Sign-in refused: %s", error->message);
      gtk_editable_set_text (GTK_EDITABLE (self->password_row), "");
      show_error (self, error);
      return;
    }

  show_error (self, NULL);
  g_signal_emit (self, signals[SIGNED_IN], 0, cadre);
}

static void
start_sign_in (KdSignInDialog *self)
{
  set_busy (self, TRUE);
  kd_store_sign_in_async (self->store, kd_account_form_get_text (self->username_row), kd_account_form_get_text (self->password_row),
                          NULL, self->cancellable, sign_in_done_cb, g_object_ref (self));
}

static void
set_first_run (KdSignInDialog *self,
               gboolean        first_run)
{
  self->first_run = first_run;
  gtk_widget_set_visible (GTK_WIDGET (self->name_row), first_run);
  gtk_widget_set_visible (GTK_WIDGET (self->confirm_row), first_run);

  if (first_run)
    {
      gtk_window_set_title (GTK_WINDOW (self), _("Welcome — Kuiduo"));
      gtk_label_set_text (self->heading_label, _("Create the First Town Administrator"));
      gtk_label_set_text (self->body_label,
                          _("There are no accounts yet. The town administrator signs in first and then adds the other cadres’ accounts."));
      gtk_button_set_label (self->submit_button, _("_Create Account"));
    }
  update_actions (self);
}

static void
create_done_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(KdSignInDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(KdCadre) cadre = kd_store_create_cadre_finish (KD_STORE (source), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (cadre == NULL)
    {
      set_busy (self, FALSE);
      g_message ("First account not created: %s", error->message);
      /* Someone else made the first account meanwhile: sign in instead. */
      if (g_error_matches (error, KD_CADRE_ERROR, KD_CADRE_ERROR_NOT_FIRST))
        set_first_run (self, FALSE);
      show_error (self, error);
      return;
    }

  /* Through the ordinary sign-in, so the log has it like any other. */
  set_busy (self, FALSE);
  set_first_run (self, FALSE);
  start_sign_in (self);
}

static void
submit_activated (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *param)
{
  KdSignInDialog *self = KD_SIGN_IN_DIALOG (widget);
  g_autoptr(GError) error = NULL;
  KdAccountForm form;

  if (self->busy || self->store == NULL)
    return;

  if (!self->first_run)
    {
      start_sign_in (self);
      return;
    }

  form = form_of (self);
  if (!kd_account_form_check (&form, &error))
    {
      show_error (self, error);
      return;
    }

  set_busy (self, TRUE);
  kd_store_create_cadre_async (self->store, NULL, kd_account_form_get_text (self->username_row), kd_account_form_get_text (self->name_row),
                               KD_ROLE_TOWN_ADMIN, 0, kd_account_form_get_text (self->password_row),
                               self->cancellable, create_done_cb, g_object_ref (self));
}

static void
quit_activated (GtkWidget  *widget,
                const char *action_name,
                GVariant   *param)
{
  gtk_window_close (GTK_WINDOW (widget));
}

static void
kd_sign_in_dialog_constructed (GObject *object)
{
  KdSignInDialog *self = (KdSignInDialog *)object;
  g_autoptr(GError) error = NULL;
  gint64 count;

  G_OBJECT_CLASS (kd_sign_in_dialog_parent_class)->constructed (object);

  count = kd_cadre_count (kd_store_get_reader (self->store), &error);
  if (count < 0)
    {
      g_warning ("Could not count the accounts: %s", error->message);
      show_error (self, error);
    }
  set_first_run (self, count == 0);
  gtk_window_set_focus (GTK_WINDOW (self), GTK_WIDGET (self->username_row));
}

static void
kd_sign_in_dialog_dispose (GObject *object)
{
  KdSignInDialog *self = (KdSignInDialog *)object;

  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), KD_TYPE_SIGN_IN_DIALOG);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (kd_sign_in_dialog_parent_class)->dispose (object);
}

static void
kd_sign_in_dialog_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  KdSignInDialog *self = KD_SIGN_IN_DIALOG (object);

  switch (prop_id)
    {
    case PROP_STORE: g_value_set_object (value, self->store); break;
    case PROP_BUSY:  g_value_set_boolean (value, self->busy); break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kd_sign_in_dialog_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  KdSignInDialog *self = KD_SIGN_IN_DIALOG (object);

  switch (prop_id)
    {
    case PROP_STORE: self->store = g_value_dup_object (value); break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kd_sign_in_dialog_class_init (KdSignInDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = kd_sign_in_dialog_constructed;
  object_class->dispose = kd_sign_in_dialog_dispose;
  object_class->get_property = kd_sign_in_dialog_get_property;
  object_class->set_property = kd_sign_in_dialog_set_property;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, KD_TYPE_STORE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_BUSY] =
    g_param_spec_boolean ("busy", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* KdSignInDialog::signed-in: @cadre has signed in (the log has it). */
  signals[SIGNED_IN] =
    g_signal_new ("signed-in", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, KD_TYPE_CADRE);

  (void) kd_ui_get_resource ();
  gtk_widget_class_set_template_from_resource (widget_class, "/org/kuiduo/Kuiduo/ui/kd-sign-in-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, KdSignInDialog, heading_label);
  gtk_widget_class_bind_template_child (widget_class, KdSignInDialog, body_label);
  gtk_widget_class_bind_template_child (widget_class, KdSignInDialog, username_row);
  gtk_widget_class_bind_template_child (widget_class, KdSignInDialog, name_row);
  gtk_widget_class_bind_template_child (widget_class, KdSignInDialog, password_row);
  gtk_widget_class_bind_template_child (widget_class, KdSignInDialog, confirm_row);
  gtk_widget_class_bind_template_child (widget_class, KdSignInDialog, error_label);
  gtk_widget_class_bind_template_child (widget_class, KdSignInDialog, submit_button);
  gtk_widget_class_bind_template_child (widget_class, KdSignInDialog, spinner);
  gtk_widget_class_bind_template_callback (widget_class, entry_changed_cb);

  gtk_widget_class_install_action (widget_class, "sign-in.submit", NULL, submit_activated);
  gtk_widget_class_install_action (widget_class, "sign-in.quit", NULL, quit_activated);
}

static void
kd_sign_in_dialog_init (KdSignInDialog *self)
{
  self->cancellable = g_cancellable_new ();
  gtk_widget_init_template (GTK_WIDGET (self));
}

/* @app may be NULL (the display tests). Closing the window without signing
 * in ends the application, as its only window. */
KdSignInDialog *
kd_sign_in_dialog_new (GtkApplication *app,
                       KdStore        *store)
{
  g_return_val_if_fail (app == NULL || GTK_IS_APPLICATION (app), NULL);
  g_return_val_if_fail (KD_IS_STORE (store), NULL);

  return g_object_new (KD_TYPE_SIGN_IN_DIALOG,
                       "application", app,
                       "store", store,
                       NULL);
}

gboolean
kd_sign_in_dialog_get_first_run (KdSignInDialog *self)
{
  g_return_val_if_fail (KD_IS_SIGN_IN_DIALOG (self), FALSE);

  return self->first_run;
}

gboolean
kd_sign_in_dialog_get_busy (KdSignInDialog *self)
{
  g_return_val_if_fail (KD_IS_SIGN_IN_DIALOG (self), FALSE);

  return self->busy;
}

/* The refusal shown, or NULL. */
const char *
kd_sign_in_dialog_get_error (KdSignInDialog *self)
{
  g_return_val_if_fail (KD_IS_SIGN_IN_DIALOG (self), NULL);

  if (!gtk_widget_get_visible (GTK_WIDGET (self->error_label)))
    return NULL;
  return gtk_label_get_text (self->error_label);
}

/* Fills in the form and signs in, as a cadre typing would. */
void
kd_sign_in_dialog_sign_in (KdSignInDialog *self,
                           const char     *username,
                           const char     *password)
{
  g_return_if_fail (KD_IS_SIGN_IN_DIALOG (self));
  g_return_if_fail (username != NULL && password != NULL);

  if (self->first_run || self->busy)
    return;

  gtk_editable_set_text (GTK_EDITABLE (self->username_row), username);
  gtk_editable_set_text (GTK_EDITABLE (self->password_row), password);
  gtk_widget_activate_action (GTK_WIDGET (self), "sign-in.submit", NULL);
}
