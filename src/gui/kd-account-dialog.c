/* kd-account-dialog.c: one account's form. The village is asked only of a
 * village secretary. The fields are checked with the core's rules before
 * the password is hashed (off the UI thread); what the core refuses is
 * shown beside the field it is about. */
#define G_LOG_DOMAIN "kd-account-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "kd-account-dialog.h"
#include "kd-access.h"
#include "kd-account-form.h"
#include "kd-catalog-item.h"
#include "kd-ui-resources.h"

struct _KdAccountDialog
{
  AdwWindow            parent_instance;

  KdStore             *store;
  KdCadre             *by;
  KdCadre             *cadre;          /* NULL: a new account */
  GArray              *village_ids;
  GCancellable        *cancellable;
  gboolean             busy;

  /* template */
  AdwWindowTitle      *window_title;
  GtkButton           *save_button;
  AdwPreferencesGroup *name_group;
  AdwPreferencesGroup *password_group;
  AdwEntryRow         *username_row;
  AdwEntryRow         *name_row;
  AdwComboRow         *role_row;
  AdwComboRow         *village_row;
  AdwEntryRow         *password_row;
  AdwEntryRow         *confirm_row;
  GtkLabel            *error_label;
};

G_DEFINE_FINAL_TYPE (KdAccountDialog, kd_account_dialog, ADW_TYPE_WINDOW)

enum {
  SAVED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static KdAccountForm
form_of (KdAccountDialog *self)
{
  KdAccountForm form = { NULL, NULL, NULL, NULL, self->error_label };

  if (self->cadre == NULL)
    {
      form.username = self->username_row;
      form.name = self->name_row;
      form.password = self->password_row;
      form.confirm = self->confirm_row;
    }
  return form;
}

static KdRole
selected_role (KdAccountDialog *self)
{
  return (KdRole) adw_combo_row_get_selected (self->role_row);
}

static gint64
selected_village (KdAccountDialog *self)
{
  guint i = adw_combo_row_get_selected (self->village_row);

  if (!kd_access_role_needs_village (selected_role (self)) || i >= self->village_ids->len)
    return 0;
  return g_array_index (self->village_ids, gint64, i);
}

static void
update_actions (KdAccountDialog *self)
{
  KdAccountForm form = form_of (self);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "account.save",
                                 !self->busy && kd_account_form_is_filled (&form));
}

static void
entry_changed_cb (KdAccountDialog *self,
                  GtkEditable     *editable)
{
  update_actions (self);
}

static void
role_changed_cb (KdAccountDialog *self,
                 GParamSpec      *pspec,
                 AdwComboRow     *row)
{
  gtk_widget_set_visible (GTK_WIDGET (self->village_row), kd_access_role_needs_village (selected_role (self)));
}

static void
set_busy (KdAccountDialog *self,
          gboolean         busy)
{
  KdAccountForm form = form_of (self);

  self->busy = busy;
  /* The focus leaves first: an insensitive field would not hear it go. */
  if (busy)
    gtk_window_set_focus (GTK_WINDOW (self), NULL);
  kd_account_form_set_sensitive (&form, !busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->role_row), !busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->village_row), !busy);
  update_actions (self);
}

static void
finish_save (KdAccountDialog *self,
             gboolean         saved,
             GError          *error,
             const char      *message)
{
  KdAccountForm form = form_of (self);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  set_busy (self, FALSE);
  if (!saved)
    {
      g_message ("Account not saved: %s", error->message);
      kd_account_form_show_error (&form, error);
      return;
    }

  g_signal_emit (self, signals[SAVED], 0, message);
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
create_done_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(KdAccountDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(KdCadre) cadre = kd_store_create_cadre_finish (KD_STORE (source), result, &error);

  finish_save (self, cadre != NULL, error, _("Account added"));
}

static void
role_done_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(KdAccountDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  gboolean saved = kd_store_set_cadre_role_finish (KD_STORE (source), result, &error);

  finish_save (self, saved, error, _("Role changed"));
}

static void
save_activated (GtkWidget  *widget,
                const char *action_name,
                GVariant   *param)
{
  KdAccountDialog *self = KD_ACCOUNT_DIALOG (widget);
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
  if (self->cadre != NULL)
    kd_store_set_cadre_role_async (self->store, self->by, kd_cadre_get_id (self->cadre),
                                   selected_role (self), selected_village (self),
                                   self->cancellable, role_done_cb, g_object_ref (self));
  else
    kd_store_create_cadre_async (self->store, self->by, kd_account_form_get_text (self->username_row),
                                 kd_account_form_get_text (self->name_row), selected_role (self),
                                 selected_village (self), kd_account_form_get_text (self->password_row),
                                 self->cancellable, create_done_cb, g_object_ref (self));
}

static void
fill_roles (KdAccountDialog *self)
{
  g_autoptr(GtkStringList) roles = gtk_string_list_new (NULL);

  for (int role = 0; role < KD_N_ROLES; role++)
    gtk_string_list_append (roles, kd_role_label (role));
  adw_combo_row_set_model (self->role_row, G_LIST_MODEL (roles));
  adw_combo_row_set_selected (self->role_row, KD_ROLE_TOWN_STAFF);
}

static void
fill_villages (KdAccountDialog *self)
{
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  g_autoptr(GListModel) villages = NULL;
  g_autoptr(GError) error = NULL;
  guint n;

  villages = kd_catalog_item_list (kd_store_get_reader (self->store), KD_CATALOG_VILLAGES, &error);
  if (villages == NULL)
    {
      g_warning ("Could not read the villages: %s", error->message);
      return;
    }

  n = g_list_model_get_n_items (villages);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(KdCatalogItem) village = g_list_model_get_item (villages, i);
      gint64 id = kd_catalog_item_get_id (village);

      gtk_string_list_append (names, kd_catalog_item_get_name (village));
      g_array_append_val (self->village_ids, id);
    }
  adw_combo_row_set_model (self->village_row, G_LIST_MODEL (names));
}

/* Changing an account: only its role and village. */
static void
show_account (KdAccountDialog *self,
              KdCadre         *cadre)
{
  g_autofree char *subtitle = g_strdup_printf ("%s (%s)", kd_cadre_get_display_name (cadre),
                                               kd_cadre_get_username (cadre));

  gtk_window_set_title (GTK_WINDOW (self), _("Change Role"));
  adw_window_title_set_title (self->window_title, _("Change Role"));
  adw_window_title_set_subtitle (self->window_title, subtitle);
  gtk_button_set_label (self->save_button, _("_Save"));
  gtk_widget_set_visible (GTK_WIDGET (self->name_group), FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->password_group), FALSE);
  gtk_window_set_default_size (GTK_WINDOW (self), 480, 360);

  adw_combo_row_set_selected (self->role_row, kd_cadre_get_role (cadre));
  for (guint i = 0; i < self->village_ids->len; i++)
    if (g_array_index (self->village_ids, gint64, i) == kd_cadre_get_village_id (cadre))
      adw_combo_row_set_selected (self->village_row, i);
}

static void
kd_account_dialog_dispose (GObject *object)
{
  KdAccountDialog *self = (KdAccountDialog *)object;

  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), KD_TYPE_ACCOUNT_DIALOG);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->store);
  g_clear_object (&self->by);
  g_clear_object (&self->cadre);
  g_clear_pointer (&self->village_ids, g_array_unref);

  G_OBJECT_CLASS (kd_account_dialog_parent_class)->dispose (object);
}

static void
kd_account_dialog_class_init (KdAccountDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kd_account_dialog_dispose;

  /* KdAccountDialog::saved: the account was added or changed; @message says so. */
  signals[SAVED] =
    g_signal_new ("saved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  (void) kd_ui_get_resource ();
  gtk_widget_class_set_template_from_resource (widget_class, "/org/kuiduo/Kuiduo/ui/kd-account-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, KdAccountDialog, window_title);
  gtk_widget_class_bind_template_child (widget_class, KdAccountDialog, save_button);
  gtk_widget_class_bind_template_child (widget_class, KdAccountDialog, name_group);
  gtk_widget_class_bind_template_child (widget_class, KdAccountDialog, password_group);
  gtk_widget_class_bind_template_child (widget_class, KdAccountDialog, username_row);
  gtk_widget_class_bind_template_child (widget_class, KdAccountDialog, name_row);
  gtk_widget_class_bind_template_child (widget_class, KdAccountDialog, role_row);
  gtk_widget_class_bind_template_child (widget_class, KdAccountDialog, village_row);
  gtk_widget_class_bind_template_child (widget_class, KdAccountDialog, password_row);
  gtk_widget_class_bind_template_child (widget_class, KdAccountDialog, confirm_row);
  gtk_widget_class_bind_template_child (widget_class, KdAccountDialog, error_label);
  gtk_widget_class_bind_template_callback (widget_class, entry_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, role_changed_cb);

  gtk_widget_class_install_action (widget_class, "account.save", NULL, save_activated);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
kd_account_dialog_init (KdAccountDialog *self)
{
  self->village_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->cancellable = g_cancellable_new ();
  gtk_widget_init_template (GTK_WIDGET (self));
}

/* @by, a town administrator, adds an account (@cadre NULL) or changes the
 * role and village of @cadre. */
KdAccountDialog *
kd_account_dialog_new (GtkWindow *parent,
                       KdStore   *store,
                       KdCadre   *by,
                       KdCadre   *cadre)
{
  KdAccountDialog *self;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (KD_IS_STORE (store), NULL);
  g_return_val_if_fail (KD_IS_CADRE (by), NULL);
  g_return_val_if_fail (cadre == NULL || KD_IS_CADRE (cadre), NULL);

  self = g_object_new (KD_TYPE_ACCOUNT_DIALOG, "transient-for", parent, NULL);
  self->store = g_object_ref (store);
  self->by = g_object_ref (by);
  self->cadre = cadre ? g_object_ref (cadre) : NULL;

  fill_roles (self);
  fill_villages (self);
  if (cadre != NULL)
    show_account (self, cadre);
  role_changed_cb (self, NULL, self->role_row);
  update_actions (self);

  return self;
}
