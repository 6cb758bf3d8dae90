/* kd-window.c: an AdwLeaflet with the areas of the workbench in a sidebar
 * and the chosen area beside it (folding to one pane on a narrow screen). */
#define G_LOG_DOMAIN "kd-window"

#include "config.h"

#include <glib/gi18n.h>

#include "kd-window.h"
#include "kd-access.h"
#include "kd-accounts-page.h"
#include "kd-audit-page.h"
#include "kd-disclosures-page.h"
#include "kd-password-dialog.h"
#include "kd-settings-window.h"
#include "kd-ui-resources.h"

struct _KdWindow
{
  AdwApplicationWindow parent_instance;

  KdStore        *store;
  KdServer       *server;
  KdCadre        *cadre;

  /* template */
  AdwLeaflet     *leaflet;
  AdwWindowTitle *sidebar_title;
  AdwWindowTitle *content_title;
  GtkListBox     *sidebar_list;
  GtkListBoxRow  *overview_row;
  GtkListBoxRow  *cases_row;
  GtkListBoxRow  *accounts_row;
  GtkListBoxRow  *audit_row;
  GtkStack       *stack;
  GtkStackPage   *accounts_stack_page;
  GtkStackPage   *audit_stack_page;
  KdOverviewPage *overview_page;
  KdCasesPage    *cases_page;
  KdAccountsPage *accounts_page;
  KdAuditPage    *audit_page;
  KdDisclosuresPage *disclosures_page;
  GtkMenuButton  *cadre_button;
  AdwAvatar      *cadre_avatar;
  GtkLabel       *cadre_name_label;
  GtkLabel       *cadre_role_label;
};

G_DEFINE_FINAL_TYPE (KdWindow, kd_window, ADW_TYPE_APPLICATION_WINDOW)

enum {
  PROP_0,
  PROP_STORE,
  PROP_SERVER,
  PROP_CADRE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
sidebar_row_activated_cb (KdWindow      *self,
                          GtkListBoxRow *row,
                          GtkListBox    *list)
{
  kd_window_show_page (self, gtk_widget_get_name (GTK_WIDGET (row)));
}

static void
back_clicked_cb (KdWindow  *self,
                 GtkButton *button)
{
  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_BACK);
}

static void
stack_page_changed_cb (KdWindow   *self,
                       GParamSpec *pspec,
                       GtkStack   *stack)
{
  GtkWidget *child = gtk_stack_get_visible_child (stack);
  const char *name = gtk_stack_get_visible_child_name (stack);
  GtkStackPage *page;

  if (child == NULL)
    return;

  page = gtk_stack_get_page (stack, child);
  adw_window_title_set_title (self->content_title, gtk_stack_page_get_title (page));

  /* The sidebar's rows are named after the pages. */
  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (self->sidebar_list));
       row != NULL;
       row = gtk_widget_get_next_sibling (row))
    if (GTK_IS_LIST_BOX_ROW (row) && g_strcmp0 (gtk_widget_get_name (row), name) == 0)
      gtk_list_box_select_row (self->sidebar_list, GTK_LIST_BOX_ROW (row));
}

static void
show_page_activated (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *param)
{
  kd_window_show_page (KD_WINDOW (widget), g_variant_get_string (param, NULL));
}

static void
find_activated (GtkWidget  *widget,
                const char *action_name,
                GVariant   *param)
{
  KdWindow *self = KD_WINDOW (widget);

  kd_window_show_page (self, "cases");
  kd_cases_page_focus_search (self->cases_page);
}

static void
change_password_activated (GtkWidget  *widget,
                           const char *action_name,
                           GVariant   *param)
{
  KdWindow *self = KD_WINDOW (widget);

  if (self->cadre == NULL || self->store == NULL)
    return;

  gtk_window_present (GTK_WINDOW (kd_password_dialog_new (GTK_WINDOW (self), self->store, self->cadre, self->cadre)));
}

static void
settings_activated (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *param)
{
  KdWindow *self = KD_WINDOW (widget);

  if (self->cadre == NULL || self->store == NULL || !kd_access_can_edit_settings (kd_cadre_get_role (self->cadre)))
    return;

  gtk_window_present (GTK_WINDOW (kd_settings_window_new (GTK_WINDOW (self), self->store, self->cadre)));
}

/* What the signed-in cadre may see: the header names them, the pages for
 * the town administrator (accounts) and the auditors (the log) show only
 * to those roles, and only then do they read anything. */
static void
update_cadre (KdWindow *self)
{
  KdCadre *cadre = self->cadre;
  KdRole role = cadre ? kd_cadre_get_role (cadre) : KD_ROLE_TOWN_STAFF;
  gboolean accounts = cadre != NULL && kd_access_can_manage_cadres (role);
  gboolean audit = cadre != NULL && kd_access_can_view_audit (role);
  const char *page = gtk_stack_get_visible_child_name (self->stack);

  gtk_widget_set_visible (GTK_WIDGET (self->cadre_button), cadre != NULL);
  adw_avatar_set_text (self->cadre_avatar, cadre ? kd_cadre_get_display_name (cadre) : NULL);
  gtk_label_set_text (self->cadre_name_label, cadre ? kd_cadre_get_display_name (cadre) : "");
  gtk_label_set_text (self->cadre_role_label, cadre ? kd_role_label (role) : "");
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.change-password", cadre != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.settings",
                                 cadre != NULL && kd_access_can_edit_settings (role));

  kd_cases_page_set_viewer (self->cases_page, cadre);

  gtk_widget_set_visible (GTK_WIDGET (self->accounts_row), accounts);
  gtk_stack_page_set_visible (self->accounts_stack_page, accounts);
  kd_accounts_page_set_cadre (self->accounts_page, accounts ? cadre : NULL);
  kd_accounts_page_set_store (self->accounts_page, accounts ? self->store : NULL);

  gtk_widget_set_visible (GTK_WIDGET (self->audit_row), audit);
  gtk_stack_page_set_visible (self->audit_stack_page, audit);
  kd_audit_page_set_store (self->audit_page, audit ? self->store : NULL);

  if ((!accounts && g_strcmp0 (page, "accounts") == 0) || (!audit && g_strcmp0 (page, "audit") == 0))
    kd_window_show_page (self, "overview");
}

static void
kd_window_constructed (GObject *object)
{
  KdWindow *self = (KdWindow *)object;
  const char *start_page = g_getenv ("KUIDUO_START_PAGE");
  g_autofree char *town = NULL;

  G_OBJECT_CLASS (kd_window_parent_class)->constructed (object);

  if (self->store != NULL)
    town = kd_store_dup_town_name (kd_store_get_reader (self->store));
  adw_window_title_set_subtitle (self->sidebar_title, town);

  kd_overview_page_set_store (self->overview_page, self->store);
  kd_overview_page_set_server (self->overview_page, self->server);
  kd_cases_page_set_store (self->cases_page, self->store);
  kd_disclosures_page_set_store (self->disclosures_page, self->store);
  kd_disclosures_page_set_server (self->disclosures_page, self->server);
  update_cadre (self);

  /* For screenshots and demos: KUIDUO_START_PAGE=cases */
  kd_window_show_page (self, start_page && *start_page ? start_page : "overview");
  stack_page_changed_cb (self, NULL, self->stack);
}

static void
kd_window_dispose (GObject *object)
{
  KdWindow *self = (KdWindow *)object;

  gtk_widget_dispose_template (GTK_WIDGET (self), KD_TYPE_WINDOW);
  g_clear_object (&self->server);
  g_clear_object (&self->store);
  g_clear_object (&self->cadre);

  G_OBJECT_CLASS (kd_window_parent_class)->dispose (object);
}

static void
kd_window_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  KdWindow *self = KD_WINDOW (object);

  switch (prop_id)
    {
    case PROP_STORE:  g_value_set_object (value, self->store); break;
    case PROP_SERVER: g_value_set_object (value, self->server); break;
    case PROP_CADRE:  g_value_set_object (value, self->cadre); break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kd_window_set_property (GObject      *object,
                        guint         prop_id,
                        const GValue *value,
                        GParamSpec   *pspec)
{
  KdWindow *self = KD_WINDOW (object);

  switch (prop_id)
    {
    case PROP_STORE:  self->store = g_value_dup_object (value); break;
    case PROP_SERVER: self->server = g_value_dup_object (value); break;
    case PROP_CADRE:  kd_window_set_cadre (self, g_value_get_object (value)); break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kd_window_class_init (KdWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = kd_window_constructed;
  object_class->dispose = kd_window_dispose;
  object_class->get_property = kd_window_get_property;
  object_class->set_property = kd_window_set_property;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, KD_TYPE_STORE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SERVER] =
    g_param_spec_object ("server", NULL, NULL, KD_TYPE_SERVER,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /* Set while constructing too, so KUIDUO_START_PAGE may name a page only some see. */
  properties[PROP_CADRE] =
    g_param_spec_object ("cadre", NULL, NULL, KD_TYPE_CADRE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  (void) kd_ui_get_resource ();  /* links the bundle and its registering constructor */
  gtk_widget_class_set_template_from_resource (widget_class, "/org/kuiduo/Kuiduo/ui/kd-window.ui");
  gtk_widget_class_bind_template_child (widget_class, KdWindow, leaflet);
  gtk_widget_class_bind_template_child (widget_class, KdWindow, sidebar_title);
  gtk_widget_class_bind_template_child (widget_class, KdWindow, content_title);
  gtk_widget_class_bind_template_child (widget_class, KdWindow, sidebar_list);
  gtk_widget_class_bind_template_child (widget_class, KdWindow, overview_row);
  gtk_widget_class_bind_template_child (widget_class, KdWindow, cases_row);
  gtk_widget_class_bind_template_child (widget_class, KdWindow, accounts_row);
  gtk_widget_class_bind_template_child (widget_class, KdWindow, audit_row);
  gtk_widget_class_bind_template_child (widget_class, KdWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, KdWindow, accounts_stack_page);
  gtk_widget_class_bind_template_child (widget_class, KdWindow, audit_stack_page);
  gtk_widget_class_bind_template_child (widget_class, KdWindow, overview_page);
  gtk_widget_class_bind_template_child (widget_class, KdWindow, cases_page);
  gtk_widget_class_bind_template_child (widget_class, KdWindow, accounts_page);
  gtk_widget_class_bind_template_child (widget_class, KdWindow, audit_page);
  gtk_widget_class_bind_template_child (widget_class, KdWindow, disclosures_page);
  gtk_widget_class_bind_template_child (widget_class, KdWindow, cadre_button);
  gtk_widget_class_bind_template_child (widget_class, KdWindow, cadre_avatar);
  gtk_widget_class_bind_template_child (widget_class, KdWindow, cadre_name_label);
  gtk_widget_class_bind_template_child (widget_class, KdWindow, cadre_role_label);
  gtk_widget_class_bind_template_callback (widget_class, sidebar_row_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, back_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, stack_page_changed_cb);

  gtk_widget_class_install_action (widget_class, "win.show-page", "s", show_page_activated);
  gtk_widget_class_install_action (widget_class, "win.find", NULL, find_activated);
  gtk_widget_class_install_action (widget_class, "win.change-password", NULL, change_password_activated);
  gtk_widget_class_install_action (widget_class, "win.settings", NULL, settings_activated);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_1, GDK_ALT_MASK, "win.show-page", "s", "overview");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_2, GDK_ALT_MASK, "win.show-page", "s", "cases");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_3, GDK_ALT_MASK, "win.show-page", "s", "accounts");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_4, GDK_ALT_MASK, "win.show-page", "s", "audit");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK, "win.find", NULL);

  g_type_ensure (KD_TYPE_OVERVIEW_PAGE);
  g_type_ensure (KD_TYPE_CASES_PAGE);
  g_type_ensure (KD_TYPE_ACCOUNTS_PAGE);
  g_type_ensure (KD_TYPE_AUDIT_PAGE);
  g_type_ensure (KD_TYPE_DISCLOSURES_PAGE);
}

static void
kd_window_init (KdWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/* @app may be NULL (the display tests run the window alone). */
KdWindow *
kd_window_new (AdwApplication *app,
               KdStore        *store,
               KdServer       *server)
{
  g_return_val_if_fail (app == NULL || ADW_IS_APPLICATION (app), NULL);
  g_return_val_if_fail (KD_IS_STORE (store), NULL);
  g_return_val_if_fail (server == NULL || KD_IS_SERVER (server), NULL);

  return g_object_new (KD_TYPE_WINDOW,
                       "application", app,
                       "store", store,
                       "server", server,
                       NULL);
}

KdStore *
kd_window_get_store (KdWindow *self)
{
  g_return_val_if_fail (KD_IS_WINDOW (self), NULL);

  return self->store;
}

KdServer *
kd_window_get_server (KdWindow *self)
{
  g_return_val_if_fail (KD_IS_WINDOW (self), NULL);

  return self->server;
}

KdOverviewPage *
kd_window_get_overview_page (KdWindow *self)
{
  g_return_val_if_fail (KD_IS_WINDOW (self), NULL);

  return self->overview_page;
}

KdCasesPage *
kd_window_get_cases_page (KdWindow *self)
{
  g_return_val_if_fail (KD_IS_WINDOW (self), NULL);

  return self->cases_page;
}

/* @name: "overview", "cases", "disclosures", "accounts" or "audit" (the last two only for
 * the roles that may see them). On a folded window this also leaves the sidebar. */
void
kd_window_show_page (KdWindow   *self,
                     const char *name)
{
  GtkWidget *child;

  g_return_if_fail (KD_IS_WINDOW (self));
  g_return_if_fail (name != NULL);

  child = gtk_stack_get_child_by_name (self->stack, name);
  if (child == NULL)
    {
      g_warning ("No page “%s” in the window", name);
      return;
    }
  if (!gtk_stack_page_get_visible (gtk_stack_get_page (self->stack, child)))
    {
      g_message ("The page “%s” is not for this account", name);
      return;
    }

  gtk_stack_set_visible_child_name (self->stack, name);
  adw_leaflet_set_visible_child_name (self->leaflet, "content");
}

const char *
kd_window_get_page (KdWindow *self)
{
  g_return_val_if_fail (KD_IS_WINDOW (self), NULL);

  return gtk_stack_get_visible_child_name (self->stack);
}

KdCadre *
kd_window_get_cadre (KdWindow *self)
{
  g_return_val_if_fail (KD_IS_WINDOW (self), NULL);

  return self->cadre;
}

/* @cadre: who is working, or NULL (nobody: no account pages). */
void
kd_window_set_cadre (KdWindow *self,
                     KdCadre  *cadre)
{
  g_return_if_fail (KD_IS_WINDOW (self));
  g_return_if_fail (cadre == NULL || KD_IS_CADRE (cadre));

  if (!g_set_object (&self->cadre, cadre))
    return;

  update_cadre (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CADRE]);
}

KdAccountsPage *
kd_window_get_accounts_page (KdWindow *self)
{
  g_return_val_if_fail (KD_IS_WINDOW (self), NULL);

  return self->accounts_page;
}

KdAuditPage *
kd_window_get_audit_page (KdWindow *self)
{
  g_return_val_if_fail (KD_IS_WINDOW (self), NULL);

  return self->audit_page;
}
