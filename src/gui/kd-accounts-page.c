/* kd-accounts-page.c: a boxed list of every account, active or not, read
 * again whenever the store says the cadres changed. Each row's menu edits
 * that account; the core decides what is allowed and its refusals are shown
 * in a toast. */
#define G_LOG_DOMAIN "kd-accounts-page"

#include "config.h"

#include <glib/gi18n.h>

#include "kd-accounts-page.h"
#include "kd-account-dialog.h"
#include "kd-password-dialog.h"
#include "kd-ui-resources.h"

struct _KdAccountsPage
{
  AdwBin           parent_instance;

  KdStore         *store;
  KdCadre         *cadre;
  GListStore      *model;
  GCancellable    *cancellable;

  /* template (its child, the toast overlay, is not bound: AdwBin owns it) */
  GtkListBox      *list;
};

G_DEFINE_FINAL_TYPE (KdAccountsPage, kd_accounts_page, ADW_TYPE_BIN)

static void
show_toast (KdAccountsPage *self,
            const char     *text)
{
  /* Toast titles are markup in libadwaita 1.2. */
  g_autofree char *escaped = g_markup_escape_text (text, -1);

  adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (adw_bin_get_child (ADW_BIN (self))), adw_toast_new (escaped));
}

static void
reload (KdAccountsPage *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) cadres = NULL;
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);
  guint n;

  if (self->store == NULL)
    {
      g_list_store_remove_all (self->model);
      return;
    }

  cadres = kd_cadre_list (kd_store_get_reader (self->store), TRUE, &error);
  if (cadres == NULL)
    {
      g_warning ("Could not read the accounts: %s", error->message);
      show_toast (self, error->message);
      return;
    }

  n = g_list_model_get_n_items (cadres);
  for (guint i = 0; i < n; i++)
    g_ptr_array_add (items, g_list_model_get_item (cadres, i));
  g_list_store_splice (self->model, 0, g_list_model_get_n_items (G_LIST_MODEL (self->model)),
                       items->pdata, items->len);
}

static void
store_changed_cb (KdAccountsPage *self,
                  const char     *table,
                  gint64          row_id,
                  KdStore        *store)
{
  reload (self);
}

static char *
dup_row_subtitle (KdCadre *cadre)
{
  const char *village = kd_cadre_get_village_name (cadre);

  if (village != NULL && *village != '\0')
    return g_strdup_printf ("%s · %s · %s", kd_cadre_get_username (cadre),
                            kd_role_label (kd_cadre_get_role (cadre)), village);

  return g_strdup_printf ("%s · %s", kd_cadre_get_username (cadre), kd_role_label (kd_cadre_get_role (cadre)));
}

static GMenuModel *
row_menu (KdCadre *cadre)
{
  GMenu *menu = g_menu_new ();
  g_autoptr(GMenuItem) role = g_menu_item_new (_("Change _Role…"), NULL);
  g_autoptr(GMenuItem) password = g_menu_item_new (_("Reset _Password…"), NULL);
  g_autoptr(GMenuItem) active = NULL;
  GVariant *id = g_variant_new_int64 (kd_cadre_get_id (cadre));

  g_variant_ref_sink (id);
  g_menu_item_set_action_and_target_value (role, "accounts.edit", id);
  g_menu_item_set_action_and_target_value (password, "accounts.reset-password", id);
  if (kd_cadre_get_active (cadre))
    {
      active = g_menu_item_new (_("_Deactivate"), NULL);
      g_menu_item_set_action_and_target_value (active, "accounts.deactivate", id);
    }
  else
    {
      active = g_menu_item_new (_("Re_activate"), NULL);
      g_menu_item_set_action_and_target_value (active, "accounts.reactivate", id);
    }
  g_variant_unref (id);

  g_menu_append_item (menu, role);
  g_menu_append_item (menu, password);
  g_menu_append_item (menu, active);
  return G_MENU_MODEL (menu);
}

/* A pill after the name: deactivated, or locked after wrong passwords. */
static GtkWidget *
state_pill (KdCadre *cadre)
{
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  GtkWidget *label;

  if (!kd_cadre_get_active (cadre))
    label = gtk_label_new (_("Deactivated"));
  else if (kd_cadre_get_locked_until (cadre) > now)
    label = gtk_label_new (_("Locked"));
  else
    return NULL;

  gtk_widget_set_valign (label, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (label, "state-pill");
  gtk_widget_add_css_class (label, kd_cadre_get_active (cadre) ? "warning" : "dim-label");
  return label;
}

static GtkWidget *
create_row (gpointer item,
            gpointer user_data)
{
  KdCadre *cadre = item;
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *pill = state_pill (cadre);
  GtkWidget *button = gtk_menu_button_new ();
  g_autoptr(GMenuModel) menu = row_menu (cadre);
  g_autofree char *subtitle = dup_row_subtitle (cadre);

  /* Names are plain text. */
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), kd_cadre_get_display_name (cadre));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  gtk_widget_set_name (row, kd_cadre_get_username (cadre));
  if (!kd_cadre_get_active (cadre))
    gtk_widget_add_css_class (row, "dim-label");

  if (pill != NULL)
    adw_action_row_add_suffix (ADW_ACTION_ROW (row), pill);

  gtk_menu_button_set_icon_name (GTK_MENU_BUTTON (button), "view-more-symbolic");
  gtk_menu_button_set_menu_model (GTK_MENU_BUTTON (button), menu);
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (button, _("Change This Account"));
  gtk_widget_add_css_class (button, "flat");
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);

  return row;
}

static KdCadre *
find_cadre (KdAccountsPage *self,
            gint64          id)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->model));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(KdCadre) cadre = g_list_model_get_item (G_LIST_MODEL (self->model), i);

      if (kd_cadre_get_id (cadre) == id)
        return cadre;
    }

  return NULL;
}

static void
dialog_saved_cb (KdAccountsPage *self,
                 const char     *message,
                 GtkWindow      *dialog)
{
  reload (self);
  show_toast (self, message);
}

static void
present_dialog (KdAccountsPage *self,
                GtkWindow      *dialog)
{
  g_signal_connect_object (dialog, "saved", G_CALLBACK (dialog_saved_cb), self, G_CONNECT_SWAPPED);
  gtk_window_present (dialog);
}

static GtkWindow *
parent_window (KdAccountsPage *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  return GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL;
}

static void
add_activated (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  KdAccountsPage *self = KD_ACCOUNTS_PAGE (widget);

  if (self->store == NULL || self->cadre == NULL)
    return;

  present_dialog (self, GTK_WINDOW (kd_account_dialog_new (parent_window (self), self->store, self->cadre, NULL)));
}

/* accounts.edit and accounts.reset-password: a dialog for one account. */
static void
account_dialog_activated (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *param)
{
  KdAccountsPage *self = KD_ACCOUNTS_PAGE (widget);
  KdCadre *cadre = find_cadre (self, g_variant_get_int64 (param));
  GtkWindow *parent = parent_window (self);

  if (cadre == NULL || self->cadre == NULL)
    return;

  if (g_str_equal (action_name, "accounts.edit"))
    present_dialog (self, GTK_WINDOW (kd_account_dialog_new (parent, self->store, self->cadre, cadre)));
  else
    present_dialog (self, GTK_WINDOW (kd_password_dialog_new (parent, self->store, self->cadre, cadre)));
}

typedef struct
{
  KdAccountsPage *self;
  gboolean        active;
} ActiveData;

static void
set_active_done_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autofree ActiveData *data = user_data;
  g_autoptr(KdAccountsPage) self = data->self;
  g_autoptr(GError) error = NULL;

  if (!kd_store_set_cadre_active_finish (KD_STORE (source), result, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      g_message ("Account not changed: %s", error->message);
      show_toast (self, error->message);
      return;
    }

  show_toast (self, data->active ? _("Account reactivated") : _("Account deactivated"));
}

static void
set_active_activated (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *param)
{
  KdAccountsPage *self = KD_ACCOUNTS_PAGE (widget);
  ActiveData *data;

  if (self->store == NULL || self->cadre == NULL)
    return;

  data = g_new0 (ActiveData, 1);
  data->self = g_object_ref (self);
  data->active = g_str_equal (action_name, "accounts.reactivate");
  kd_store_set_cadre_active_async (self->store, self->cadre, g_variant_get_int64 (param), data->active,
                                   self->cancellable, set_active_done_cb, data);
}

static void
kd_accounts_page_dispose (GObject *object)
{
  KdAccountsPage *self = (KdAccountsPage *)object;

  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), KD_TYPE_ACCOUNTS_PAGE);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->model);
  g_clear_object (&self->cadre);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (kd_accounts_page_parent_class)->dispose (object);
}

static void
kd_accounts_page_class_init (KdAccountsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kd_accounts_page_dispose;

  (void) kd_ui_get_resource ();
  gtk_widget_class_set_template_from_resource (widget_class, "/org/kuiduo/Kuiduo/ui/kd-accounts-page.ui");
  gtk_widget_class_bind_template_child (widget_class, KdAccountsPage, list);

  gtk_widget_class_install_action (widget_class, "accounts.add", NULL, add_activated);
  gtk_widget_class_install_action (widget_class, "accounts.edit", "x", account_dialog_activated);
  gtk_widget_class_install_action (widget_class, "accounts.reset-password", "x", account_dialog_activated);
  gtk_widget_class_install_action (widget_class, "accounts.deactivate", "x", set_active_activated);
  gtk_widget_class_install_action (widget_class, "accounts.reactivate", "x", set_active_activated);
}

static void
kd_accounts_page_init (KdAccountsPage *self)
{
  self->model = g_list_store_new (KD_TYPE_CADRE);
  self->cancellable = g_cancellable_new ();
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_list_box_bind_model (self->list, G_LIST_MODEL (self->model), create_row, NULL, NULL);
}

void
kd_accounts_page_set_store (KdAccountsPage *self,
                            KdStore        *store)
{
  g_return_if_fail (KD_IS_ACCOUNTS_PAGE (self));
  g_return_if_fail (store == NULL || KD_IS_STORE (store));

  if (self->store == store)
    return;

  if (self->store != NULL)
    g_signal_handlers_disconnect_by_data (self->store, self);
  g_set_object (&self->store, store);
  if (store != NULL)
    g_signal_connect_object (store, "changed::cadres", G_CALLBACK (store_changed_cb), self, G_CONNECT_SWAPPED);
  reload (self);
}

/* @cadre: who is signed in, the one making the changes. */
void
kd_accounts_page_set_cadre (KdAccountsPage *self,
                            KdCadre        *cadre)
{
  g_return_if_fail (KD_IS_ACCOUNTS_PAGE (self));
  g_return_if_fail (cadre == NULL || KD_IS_CADRE (cadre));

  g_set_object (&self->cadre, cadre);
}

/* The accounts listed, KdCadre items. */
GListModel *
kd_accounts_page_get_model (KdAccountsPage *self)
{
  g_return_val_if_fail (KD_IS_ACCOUNTS_PAGE (self), NULL);

  return G_LIST_MODEL (self->model);
}
