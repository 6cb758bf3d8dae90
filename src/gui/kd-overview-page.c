/* kd-overview-page.c: counts of the case queue, live, and the state and
 * addresses of the phone endpoint with a QR code of the first address.
 *
 * The counts are read on a worker thread (count(*) walks an index: long in
 * a big town) and only while the page is on screen: hidden, a change only
 * marks them stale, and they are read when the page is shown again. */
#define G_LOG_DOMAIN "kd-overview-page"

#include "config.h"

#include <glib/gi18n.h>
#include <adwaita.h>

#include "kd-hotline-rates.h"
#include "kd-overview-page.h"
#include "kd-qr-code.h"
#include "kd-ui-resources.h"

#define COUNT_DELAY_MS 200

struct _KdOverviewPage
{
  GtkWidget     parent_instance;

  KdStore      *store;
  KdServer     *server;
  guint         count_source;
  gboolean      syncing;
  GCancellable *cancellable;     /* the counting for this store */
  KdDb         *count_db;        /* the worker's connection, between counts */
  gboolean      counting;
  gboolean      count_again;     /* changed while counting */
  gboolean      counts_stale;    /* changed while not on screen */

  /* template */
  GtkLabel     *town_label;
  GtkLabel     *total_label;
  GtkLabel     *new_label;
  AdwActionRow *endpoint_row;
  GtkImage     *endpoint_icon;
  GtkSwitch    *endpoint_switch;
  GtkLabel     *error_label;
  GtkStack     *address_stack;
  GtkListBox   *address_list;
  KdQrCode     *qr_code;
  KdHotlineRates *rates;
};

G_DEFINE_FINAL_TYPE (KdOverviewPage, kd_overview_page, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_STORE,
  PROP_SERVER,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

typedef struct
{
  KdDb   *db;
  gint64  total;
  gint64  fresh;
} Counts;

static void
counts_free (gpointer data)
{
  Counts *c = data;

  g_clear_pointer (&c->db, kd_db_close);
  g_free (c);
}

static void
count_thread (GTask        *task,
              gpointer      source,
              gpointer      data,
              GCancellable *cancellable)
{
  Counts *c = data;
  GError *error = NULL;

  if (c->db == NULL && (c->db = kd_store_open_reader (KD_STORE (source), &error)) == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  c->total = kd_store_count_cases (c->db, -1);
  c->fresh = kd_store_count_cases (c->db, KD_CASE_STATUS_NEW);
  g_task_return_boolean (task, TRUE);
}

static void update_counts (KdOverviewPage *self);

static void
counted_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      data)
{
  g_autoptr(KdOverviewPage) self = data;
  g_autoptr(GError) error = NULL;
  Counts *c = g_task_get_task_data (G_TASK (result));

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;   /* another store, or none: its counting is another */
      g_warning ("Could not count the cases: %s", error->message);
    }
  else
    {
      g_autofree char *total = g_strdup_printf ("%" G_GINT64_FORMAT, c->total);
      g_autofree char *fresh = g_strdup_printf ("%" G_GINT64_FORMAT, c->fresh);

      gtk_label_set_text (self->total_label, total);
      gtk_label_set_text (self->new_label, fresh);
      if (self->count_db == NULL)
        self->count_db = g_steal_pointer (&c->db);
    }
  self->counting = FALSE;
  if (self->count_again)
    update_counts (self);
}

/* One count at a time, on the worker's connection kept between counts. */
static void
update_counts (KdOverviewPage *self)
{
  g_autoptr(GTask) task = NULL;
  Counts *c;

  if (self->store == NULL)
    return;
  if (!gtk_widget_get_mapped (GTK_WIDGET (self)))
    {
      self->counts_stale = TRUE;
      return;
    }
  if (self->counting)
    {
      self->count_again = TRUE;
      return;
    }
  self->counting = TRUE;
  self->count_again = FALSE;
  self->counts_stale = FALSE;
  c = g_new0 (Counts, 1);
  c->db = g_steal_pointer (&self->count_db);
  task = g_task_new (self->store, self->cancellable, counted_cb, g_object_ref (self));
  g_task_set_task_data (task, c, counts_free);
  g_task_run_in_thread (task, count_thread);
}

static gboolean
count_timeout_cb (gpointer data)
{
  KdOverviewPage *self = data;

  self->count_source = 0;
  update_counts (self);

  return G_SOURCE_REMOVE;
}

/* A burst of reports recounts once; off screen, when shown. */
static void
store_changed_cb (KdOverviewPage *self,
                  const char     *table,
                  gint64          row_id,
                  KdStore        *store)
{
  if (!gtk_widget_get_mapped (GTK_WIDGET (self)))
    self->counts_stale = TRUE;
  else if (self->count_source == 0)
    self->count_source = g_timeout_add (COUNT_DELAY_MS, count_timeout_cb, self);
}

static void
kd_overview_page_map (GtkWidget *widget)
{
  KdOverviewPage *self = KD_OVERVIEW_PAGE (widget);

  GTK_WIDGET_CLASS (kd_overview_page_parent_class)->map (widget);
  if (self->counts_stale)
    update_counts (self);
}

static void
copy_clicked_cb (GtkButton *button,
                 gpointer   data)
{
  const char *url = g_object_get_data (G_OBJECT (button), "kd-url");

  gdk_clipboard_set_text (gtk_widget_get_clipboard (GTK_WIDGET (button)), url);
}

static GtkWidget *
address_row_new (const char *url)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *copy = gtk_button_new_from_icon_name ("edit-copy-symbolic");

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), url);
  adw_preferences_row_set_title_selectable (ADW_PREFERENCES_ROW (row), TRUE);
  gtk_widget_add_css_class (row, "address-row");

  gtk_widget_set_valign (copy, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (copy, _("Copy Address"));
  gtk_widget_add_css_class (copy, "flat");
  g_object_set_data_full (G_OBJECT (copy), "kd-url", g_strdup (url), g_free);
  g_signal_connect (copy, "clicked", G_CALLBACK (copy_clicked_cb), NULL);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), copy);

  return row;
}

static void
show_addresses (KdOverviewPage *self,
                GStrv           urls)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->address_list))))
    gtk_list_box_remove (self->address_list, child);

  for (guint i = 0; urls[i]; i++)
    gtk_list_box_append (self->address_list, address_row_new (urls[i]));

  kd_qr_code_set_text (self->qr_code, urls[0]);
  gtk_stack_set_visible_child_name (self->address_stack, urls[0] ? "addresses" : "no-address");
}

static void
update_endpoint (KdOverviewPage *self)
{
  gboolean running = self->server != NULL && kd_server_get_running (self->server);
  g_auto(GStrv) urls = running ? kd_server_dup_urls (self->server) : NULL;
  g_autofree char *subtitle = NULL;

  self->syncing = TRUE;
  gtk_switch_set_active (self->endpoint_switch, running);
  gtk_switch_set_state (self->endpoint_switch, running);
  self->syncing = FALSE;

  if (running)
    /* Translators: %u is a TCP port number */
    subtitle = g_strdup_printf (_("Running on port %u"), kd_server_get_port (self->server));
  else
    subtitle = g_strdup (_("Stopped"));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (self->endpoint_row), subtitle);
  gtk_image_set_from_icon_name (self->endpoint_icon,
                                running ? "network-wireless-symbolic" : "network-offline-symbolic");

  if (running)
    {
      gtk_widget_set_visible (GTK_WIDGET (self->error_label), FALSE);
      show_addresses (self, urls);
    }
  else
    {
      kd_qr_code_set_text (self->qr_code, NULL);
      gtk_stack_set_visible_child_name (self->address_stack, "stopped");
    }
}

/* The application decides how to start the endpoint (port, settings); the
 * switch then follows the server's real state. */
static gboolean
endpoint_switch_state_set_cb (KdOverviewPage *self,
                              gboolean        state,
                              GtkSwitch      *sw)
{
  if (self->syncing)
    return FALSE;

  if (!gtk_widget_activate_action (GTK_WIDGET (self), "app.endpoint", "b", state))
    g_debug ("No app.endpoint action: the switch only shows the state");
  update_endpoint (self);

  return TRUE;
}

static void
kd_overview_page_dispose (GObject *object)
{
  KdOverviewPage *self = (KdOverviewPage *)object;
  GtkWidget *child;

  g_clear_handle_id (&self->count_source, g_source_remove);
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->count_db, kd_db_close);
  g_clear_object (&self->store);
  g_clear_object (&self->server);
  gtk_widget_dispose_template (GTK_WIDGET (self), KD_TYPE_OVERVIEW_PAGE);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (kd_overview_page_parent_class)->dispose (object);
}

static void
kd_overview_page_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  KdOverviewPage *self = KD_OVERVIEW_PAGE (object);

  switch (prop_id)
    {
    case PROP_STORE:  g_value_set_object (value, self->store); break;
    case PROP_SERVER: g_value_set_object (value, self->server); break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kd_overview_page_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  KdOverviewPage *self = KD_OVERVIEW_PAGE (object);

  switch (prop_id)
    {
    case PROP_STORE:  kd_overview_page_set_store (self, g_value_get_object (value)); break;
    case PROP_SERVER: kd_overview_page_set_server (self, g_value_get_object (value)); break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kd_overview_page_class_init (KdOverviewPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kd_overview_page_dispose;
  object_class->get_property = kd_overview_page_get_property;
  object_class->set_property = kd_overview_page_set_property;
  widget_class->map = kd_overview_page_map;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, KD_TYPE_STORE,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SERVER] =
    g_param_spec_object ("server", NULL, NULL, KD_TYPE_SERVER,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  (void) kd_ui_get_resource ();  /* links the bundle and its registering constructor */
  gtk_widget_class_set_template_from_resource (widget_class, "/org/kuiduo/Kuiduo/ui/kd-overview-page.ui");
  gtk_widget_class_bind_template_child (widget_class, KdOverviewPage, town_label);
  gtk_widget_class_bind_template_child (widget_class, KdOverviewPage, total_label);
  gtk_widget_class_bind_template_child (widget_class, KdOverviewPage, new_label);
  gtk_widget_class_bind_template_child (widget_class, KdOverviewPage, endpoint_row);
  gtk_widget_class_bind_template_child (widget_class, KdOverviewPage, endpoint_icon);
  gtk_widget_class_bind_template_child (widget_class, KdOverviewPage, endpoint_switch);
  gtk_widget_class_bind_template_child (widget_class, KdOverviewPage, error_label);
  gtk_widget_class_bind_template_child (widget_class, KdOverviewPage, address_stack);
  gtk_widget_class_bind_template_child (widget_class, KdOverviewPage, address_list);
  gtk_widget_class_bind_template_child (widget_class, KdOverviewPage, qr_code);
  gtk_widget_class_bind_template_child (widget_class, KdOverviewPage, rates);
  gtk_widget_class_bind_template_callback (widget_class, endpoint_switch_state_set_cb);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "overviewpage");

  g_type_ensure (KD_TYPE_QR_CODE);
  g_type_ensure (KD_TYPE_HOTLINE_RATES);
}

static void
kd_overview_page_init (KdOverviewPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  /* The office Wi-Fi may come up after the workbench: show its address then. */
  g_signal_connect_object (g_network_monitor_get_default (), "network-changed",
                           G_CALLBACK (update_endpoint), self, G_CONNECT_SWAPPED);
  update_endpoint (self);
}

KdStore *
kd_overview_page_get_store (KdOverviewPage *self)
{
  g_return_val_if_fail (KD_IS_OVERVIEW_PAGE (self), NULL);

  return self->store;
}

void
kd_overview_page_set_store (KdOverviewPage *self,
                            KdStore        *store)
{
  g_autofree char *town = NULL;

  g_return_if_fail (KD_IS_OVERVIEW_PAGE (self));
  g_return_if_fail (store == NULL || KD_IS_STORE (store));

  if (self->store == store)
    return;

  if (self->store != NULL)
    g_signal_handlers_disconnect_by_data (self->store, self);
  g_set_object (&self->store, store);
  g_clear_handle_id (&self->count_source, g_source_remove);
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->count_db, kd_db_close);
  self->cancellable = g_cancellable_new ();
  self->counting = FALSE;
  self->count_again = FALSE;
  /* Until the first count of this store is in. */
  gtk_label_set_text (self->total_label, "—");
  gtk_label_set_text (self->new_label, "—");

  if (store != NULL)
    {
      g_signal_connect_object (store, "changed::cases", G_CALLBACK (store_changed_cb),
                               self, G_CONNECT_SWAPPED);
      town = kd_store_dup_town_name (kd_store_get_reader (store));
    }
  gtk_label_set_text (self->town_label, town ? town : "");
  update_counts (self);
  kd_hotline_rates_set_store (self->rates, store);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STORE]);
}

KdServer *
kd_overview_page_get_server (KdOverviewPage *self)
{
  g_return_val_if_fail (KD_IS_OVERVIEW_PAGE (self), NULL);

  return self->server;
}

void
kd_overview_page_set_server (KdOverviewPage *self,
                             KdServer       *server)
{
  g_return_if_fail (KD_IS_OVERVIEW_PAGE (self));
  g_return_if_fail (server == NULL || KD_IS_SERVER (server));

  if (self->server == server)
    return;

  if (self->server != NULL)
    g_signal_handlers_disconnect_by_data (self->server, self);
  g_set_object (&self->server, server);

  if (server != NULL)
    {
      g_signal_connect_object (server, "notify::running", G_CALLBACK (update_endpoint),
                               self, G_CONNECT_SWAPPED);
      g_signal_connect_object (server, "notify::port", G_CALLBACK (update_endpoint),
                               self, G_CONNECT_SWAPPED);
    }
  update_endpoint (self);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SERVER]);
}

/* Why the endpoint is not running, for the cadre to read (NULL: clear). */
void
kd_overview_page_set_endpoint_error (KdOverviewPage *self,
                                     const char     *message)
{
  g_return_if_fail (KD_IS_OVERVIEW_PAGE (self));

  gtk_label_set_text (self->error_label, message ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL && *message != '\0');
}
