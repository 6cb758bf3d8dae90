/* kd-window.c: an AdwLeaflet with the areas of the workbench in a sidebar
 * and the chosen area beside it (folding to one pane on a narrow screen). */
#define G_LOG_DOMAIN "kd-window"

#include "config.h"

#include <glib/gi18n.h>

#include "kd-window.h"
#include "kd-ui-resources.h"

struct _KdWindow
{
  AdwApplicationWindow parent_instance;

  KdStore        *store;
  KdServer       *server;

  /* template */
  AdwLeaflet     *leaflet;
  AdwWindowTitle *sidebar_title;
  AdwWindowTitle *content_title;
  GtkListBox     *sidebar_list;
  GtkListBoxRow  *overview_row;
  GtkListBoxRow  *cases_row;
  GtkStack       *stack;
  KdOverviewPage *overview_page;
  KdCasesPage    *cases_page;
};

G_DEFINE_FINAL_TYPE (KdWindow, kd_window, ADW_TYPE_APPLICATION_WINDOW)

enum {
  PROP_0,
  PROP_STORE,
  PROP_SERVER,
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
  gtk_list_box_select_row (self->sidebar_list,
                           g_strcmp0 (name, "cases") == 0 ? self->cases_row : self->overview_row);
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
  g_object_class_install_properties (object_class, N_PROPS, properties);

  (void) kd_ui_get_resource ();  /* links the bundle and its registering constructor */
  gtk_widget_class_set_template_from_resource (widget_class, "/org/kuiduo/Kuiduo/ui/kd-window.ui");
  gtk_widget_class_bind_template_child (widget_class, KdWindow, leaflet);
  gtk_widget_class_bind_template_child (widget_class, KdWindow, sidebar_title);
  gtk_widget_class_bind_template_child (widget_class, KdWindow, content_title);
  gtk_widget_class_bind_template_child (widget_class, KdWindow, sidebar_list);
  gtk_widget_class_bind_template_child (widget_class, KdWindow, overview_row);
  gtk_widget_class_bind_template_child (widget_class, KdWindow, cases_row);
  gtk_widget_class_bind_template_child (widget_class, KdWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, KdWindow, overview_page);
  gtk_widget_class_bind_template_child (widget_class, KdWindow, cases_page);
  gtk_widget_class_bind_template_callback (widget_class, sidebar_row_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, back_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, stack_page_changed_cb);

  gtk_widget_class_install_action (widget_class, "win.show-page", "s", show_page_activated);
  gtk_widget_class_install_action (widget_class, "win.find", NULL, find_activated);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_1, GDK_ALT_MASK, "win.show-page", "s", "overview");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_2, GDK_ALT_MASK, "win.show-page", "s", "cases");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK, "win.find", NULL);

  g_type_ensure (KD_TYPE_OVERVIEW_PAGE);
  g_type_ensure (KD_TYPE_CASES_PAGE);
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

/* @name: "overview" or "cases". On a folded window this also leaves the sidebar. */
void
kd_window_show_page (KdWindow   *self,
                     const char *name)
{
  g_return_if_fail (KD_IS_WINDOW (self));
  g_return_if_fail (name != NULL);

  if (gtk_stack_get_child_by_name (self->stack, name) == NULL)
    {
      g_warning ("No page “%s” in the window", name);
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
