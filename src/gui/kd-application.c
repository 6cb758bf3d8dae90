/* kd-application.c: opens the town's database, starts the phone endpoint as
 * the settings say, asks who is working (kd-application-cadre.c) and shows
 * the window; stops the endpoint on the way out. */
#define G_LOG_DOMAIN "kd-application"

#include "config.h"

#include <glib/gi18n.h>
#include <glib-unix.h>

#include "kd-application-private.h"
#include "kd-backup.h"
#include "kd-cadre.h"
#include "kd-demo.h"
#include "kd-server.h"
#include "kd-store.h"
#include "kd-window.h"

#define DEFAULT_PORT 8080

struct _KdApplication
{
  AdwApplication  parent_instance;

  char           *db_path;
  int             port;          /* < 0: from the settings */
  gboolean        demo;

  KdStore        *store;
  KdServer       *server;
  KdCadre        *cadre;         /* who is working; NULL: nobody signed in */
  char           *endpoint_error;
  KdWindow       *window;        /* weak */
  guint           daily_backup;
  guint           sigint_source;
  guint           sigterm_source;
};

G_DEFINE_FINAL_TYPE (KdApplication, kd_application, ADW_TYPE_APPLICATION)

enum {
  PROP_0,
  PROP_DB_PATH,
  PROP_PORT,
  PROP_DEMO,
  PROP_CADRE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* The settings, when their schema is installed (or GSETTINGS_SCHEMA_DIR
 * points at it); without one the defaults apply rather than an abort. */
static GSettings *
dup_settings (void)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;

  if (source != NULL)
    schema = g_settings_schema_source_lookup (source, APP_ID, TRUE);
  if (schema == NULL)
    {
      g_warning ("The settings schema %s is not installed; using the defaults", APP_ID);
      return NULL;
    }

  return g_settings_new_full (schema, NULL, NULL);
}

static guint
endpoint_port (KdApplication *self)
{
  g_autoptr(GSettings) settings = NULL;
  guint16 port = DEFAULT_PORT;

  if (self->port >= 0)
    return self->port;

  /* The key is a 'q' (uint16): g_settings_get_uint() would refuse it. */
  settings = dup_settings ();
  if (settings != NULL)
    g_settings_get (settings, "port", "q", &port);
  return port;
}

/* An explicit --port asks for the endpoint; otherwise the setting decides. */
static gboolean
endpoint_wanted (KdApplication *self)
{
  g_autoptr(GSettings) settings = NULL;

  if (self->port >= 0)
    return TRUE;

  settings = dup_settings ();
  return settings ? g_settings_get_boolean (settings, "start-server") : TRUE;
}

static void
show_endpoint_error (KdApplication *self,
                     const char    *message)
{
  g_free (self->endpoint_error);
  self->endpoint_error = g_strdup (message);
  if (self->window != NULL)
    kd_overview_page_set_endpoint_error (kd_window_get_overview_page (self->window), message);
}

static void
start_endpoint (KdApplication *self)
{
  g_autoptr(GError) error = NULL;
  guint port = endpoint_port (self);

  if (kd_server_start (self->server, port, FALSE, &error))
    {
      show_endpoint_error (self, NULL);
      return;
    }

  g_warning ("%s", error->message);
  show_endpoint_error (self, error->message);
}

static void
fatal_response_cb (AdwMessageDialog *dialog,
                   const char       *response,
                   KdApplication    *self)
{
  gtk_window_destroy (GTK_WINDOW (dialog));
}

static void
show_fatal_error (KdApplication *self,
                  const char    *heading,
                  const char    *message)
{
  GtkWidget *dialog = adw_message_dialog_new (NULL, heading, NULL);

  /* The body is plain text (body-use-markup is off): the message may quote a path. */
  adw_message_dialog_set_body (ADW_MESSAGE_DIALOG (dialog), message);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "quit", _("_Quit"));
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "quit");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "quit");
  g_signal_connect (dialog, "response", G_CALLBACK (fatal_response_cb), self);
  gtk_window_set_application (GTK_WINDOW (dialog), GTK_APPLICATION (self));
  gtk_window_present (GTK_WINDOW (dialog));
}

static gboolean
open_store (KdApplication *self)
{
  g_autoptr(GError) error = NULL;

  self->store = kd_store_open (self->db_path, &error);
  if (self->store == NULL)
    {
      g_warning ("Could not open %s: %s", self->db_path, error->message);
      show_fatal_error (self, _("Could Not Open the Database"), error->message);
      return FALSE;
    }

  if (self->demo && (!kd_demo_populate (self->store, KD_DEMO_CASES, &error) ||
                     !kd_demo_add_accounts (self->store, &error) ||
                     !kd_demo_add_disclosures (self->store, &error)))
    {
      g_warning ("Could not add the demo town: %s", error->message);
      show_fatal_error (self, _("Could Not Add the Demo Town"), error->message);
      g_clear_object (&self->store);
      return FALSE;
    }

  return TRUE;
}

const char *
kd_application_get_db_path (KdApplication *self)
{
  return self->db_path;
}

KdStore *
kd_application_get_store (KdApplication *self)
{
  return self->store;
}

/* The workbench, for the cadre signed in. */
void
kd_application_open_window (KdApplication *self)
{
  if (self->window == NULL)
    {
      self->window = g_object_new (KD_TYPE_WINDOW,
                                   "application", self,
                                   "store", self->store,
                                   "server", self->server,
                                   "cadre", self->cadre,
                                   NULL);
      g_object_add_weak_pointer (G_OBJECT (self->window), (gpointer *) &self->window);
      kd_overview_page_set_endpoint_error (kd_window_get_overview_page (self->window), self->endpoint_error);
    }

  gtk_window_present (GTK_WINDOW (self->window));
}

void
kd_application_close_window (KdApplication *self)
{
  if (self->window != NULL)
    gtk_window_destroy (GTK_WINDOW (self->window));
}

/* Once the database is known to be sound. The endpoint starts at once; the
 * workbench waits for a cadre to sign in. KUIDUO_SIGN_IN=user:password signs
 * in as if typed, and only on a --demo database (its accounts' passwords are
 * public anyway): it is for demos and screenshots, never for a town's file. */
static void
open_workbench (KdApplication *self)
{
  g_autofree char *backups = kd_backup_default_dir ();

  if (self->store == NULL && !open_store (self))
    return;

  if (self->daily_backup == 0)
    self->daily_backup = kd_backup_schedule_daily (self->db_path, backups, KD_BACKUP_KEEP);

  /* The phones' work gives way to the UI thread. */
  self->server = kd_server_new (self->store);
  kd_server_set_background (self->server, TRUE);
  kd_writer_set_background (kd_store_get_writer (self->store));
  if (endpoint_wanted (self))
    start_endpoint (self);
  kd_application_watch_emergencies (self, self->store);
  kd_application_start_sla_clock (self, self->store);

  kd_application_watch_cadre (self);
  kd_application_show_sign_in (self, self->demo ? g_getenv ("KUIDUO_SIGN_IN") : NULL);
}

static void
kd_application_activate (GApplication *app)
{
  KdApplication *self = KD_APPLICATION (app);

  if (self->window != NULL)
    {
      gtk_window_present (GTK_WINDOW (self->window));
      return;
    }

  if (self->server != NULL)
    {
      /* Signed out: the sign-in window is there. */
      GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

      if (window != NULL)
        gtk_window_present (window);
      return;
    }

  if (self->store != NULL)
    open_workbench (self);
  else
    kd_application_check_database (self, open_workbench);
}

static void
quit_activated (GSimpleAction *action,
                GVariant      *param,
                gpointer       data)
{
  GtkApplication *app = data;
  GList *windows;

  /* Closing every window ends the application the ordinary way. */
  while ((windows = gtk_application_get_windows (app)) != NULL)
    gtk_window_destroy (windows->data);
  g_application_quit (G_APPLICATION (app));
}

static void
about_activated (GSimpleAction *action,
                 GVariant      *param,
                 gpointer       data)
{
  GtkApplication *app = data;
  const char *developers[] = { _("The Kuiduo contributors"), NULL };
  GtkWidget *about = adw_about_window_new ();

  adw_about_window_set_application_name (ADW_ABOUT_WINDOW (about), _("Kuiduo"));
  adw_about_window_set_application_icon (ADW_ABOUT_WINDOW (about), APP_ID);
  adw_about_window_set_version (ADW_ABOUT_WINDOW (about), PACKAGE_VERSION);
  adw_about_window_set_comments (ADW_ABOUT_WINDOW (about),
                                 _("A workbench for a township office, with a web endpoint for the phones on its Wi-Fi."));
  adw_about_window_set_developers (ADW_ABOUT_WINDOW (about), developers);
  adw_about_window_set_license_type (ADW_ABOUT_WINDOW (about), GTK_LICENSE_GPL_3_0);
  /* Translators: put your names here, one per line */
  adw_about_window_set_translator_credits (ADW_ABOUT_WINDOW (about), _("translator-credits"));
  gtk_window_set_transient_for (GTK_WINDOW (about), gtk_application_get_active_window (app));
  gtk_window_present (GTK_WINDOW (about));
}

/* The overview's switch: TRUE starts the endpoint, FALSE stops it. */
static void
endpoint_activated (GSimpleAction *action,
                    GVariant      *param,
                    gpointer       data)
{
  KdApplication *self = data;

  if (self->server == NULL)
    return;

  if (g_variant_get_boolean (param))
    start_endpoint (self);
  else
    kd_server_stop (self->server);
}

/* SIGINT/SIGTERM (Ctrl+C in a terminal, a shutdown) quit the way app.quit
 * does, so the endpoint stops and the store closes. */
static gboolean
quit_signal_cb (gpointer data)
{
  g_action_group_activate_action (G_ACTION_GROUP (data), "quit", NULL);

  return G_SOURCE_CONTINUE;
}

static const GActionEntry app_actions[] = {
  { "quit", quit_activated },
  { "about", about_activated },
  { "endpoint", endpoint_activated, "b" },
  { "backup", kd_application_backup_activated },
  { "show-case", kd_application_show_case_activated, "x" },
  { "sign-out", kd_application_sign_out_activated },
  { "switch-user", kd_application_sign_out_activated },
};

static void
kd_application_startup (GApplication *app)
{
  KdApplication *self = KD_APPLICATION (app);
  static const char *quit_accels[] = { "<Control>q", NULL };

  G_APPLICATION_CLASS (kd_application_parent_class)->startup (app);

  g_action_map_add_action_entries (G_ACTION_MAP (app), app_actions, G_N_ELEMENTS (app_actions), app);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "app.quit", quit_accels);
  kd_application_add_office_actions (self);
  gtk_window_set_default_icon_name (APP_ID);

  self->sigint_source = g_unix_signal_add (SIGINT, quit_signal_cb, app);
  self->sigterm_source = g_unix_signal_add (SIGTERM, quit_signal_cb, app);
}

static void
kd_application_shutdown (GApplication *app)
{
  KdApplication *self = KD_APPLICATION (app);

  g_clear_handle_id (&self->daily_backup, g_source_remove);
  g_clear_handle_id (&self->sigint_source, g_source_remove);
  g_clear_handle_id (&self->sigterm_source, g_source_remove);
  if (self->server != NULL)
    kd_server_stop (self->server);
  g_clear_object (&self->server);
  g_clear_object (&self->cadre);
  g_clear_object (&self->store);

  G_APPLICATION_CLASS (kd_application_parent_class)->shutdown (app);
}

static void
kd_application_finalize (GObject *object)
{
  KdApplication *self = (KdApplication *)object;

  g_clear_pointer (&self->db_path, g_free);
  g_clear_pointer (&self->endpoint_error, g_free);

  G_OBJECT_CLASS (kd_application_parent_class)->finalize (object);
}

static void
kd_application_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  KdApplication *self = KD_APPLICATION (object);

  switch (prop_id)
    {
    case PROP_DB_PATH: self->db_path = g_value_dup_string (value); break;
    case PROP_PORT:    self->port = g_value_get_int (value); break;
    case PROP_DEMO:    self->demo = g_value_get_boolean (value); break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kd_application_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  KdApplication *self = KD_APPLICATION (object);

  switch (prop_id)
    {
    case PROP_DB_PATH: g_value_set_string (value, self->db_path); break;
    case PROP_PORT:    g_value_set_int (value, self->port); break;
    case PROP_DEMO:    g_value_set_boolean (value, self->demo); break;
    case PROP_CADRE:   g_value_set_object (value, self->cadre); break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kd_application_class_init (KdApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);
  GParamFlags flags = G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = kd_application_finalize;
  object_class->get_property = kd_application_get_property;
  object_class->set_property = kd_application_set_property;

  app_class->startup = kd_application_startup;
  app_class->activate = kd_application_activate;
  app_class->shutdown = kd_application_shutdown;

  properties[PROP_DB_PATH] = g_param_spec_string ("db-path", NULL, NULL, NULL, flags);
  properties[PROP_PORT] = g_param_spec_int ("port", NULL, NULL, -1, G_MAXUINT16, -1, flags);
  properties[PROP_DEMO] = g_param_spec_boolean ("demo", NULL, NULL, FALSE, flags);
  properties[PROP_CADRE] =
    g_param_spec_object ("cadre", NULL, NULL, KD_TYPE_CADRE,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
kd_application_init (KdApplication *self)
{
  self->port = -1;
}

/* @port < 0 takes the port from the settings. */
GApplication *
kd_application_new (const char *db_path,
                    int         port,
                    gboolean    demo)
{
  g_return_val_if_fail (db_path != NULL, NULL);

  return g_object_new (KD_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "flags", G_APPLICATION_DEFAULT_FLAGS,
                       "resource-base-path", "/org/kuiduo/Kuiduo",
                       "db-path", db_path,
                       "port", port,
                       "demo", demo,
                       NULL);
}

/* Who is working on this desktop; NULL while nobody is signed in. */
KdCadre *
kd_application_get_cadre (KdApplication *self)
{
  g_return_val_if_fail (KD_IS_APPLICATION (self), NULL);

  return self->cadre;
}

void
kd_application_set_cadre (KdApplication *self,
                          KdCadre       *cadre)
{
  g_return_if_fail (KD_IS_APPLICATION (self));
  g_return_if_fail (cadre == NULL || KD_IS_CADRE (cadre));

  if (!g_set_object (&self->cadre, cadre))
    return;

  if (self->window != NULL)
    kd_window_set_cadre (self->window, cadre);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CADRE]);
}
