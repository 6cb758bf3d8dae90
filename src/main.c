/* main.c: `kuiduo` starts the desktop workbench with its phone endpoint;
 * `kuiduo --headless` runs the store and the endpoint without a display. */
#define G_LOG_DOMAIN "kuiduo"

#include "config.h"

#include <locale.h>
#include <glib/gi18n.h>
#include <glib-unix.h>

#include "kd-application.h"
#include "kd-demo.h"
#include "kd-server.h"
#include "kd-store.h"

typedef struct
{
  gboolean  headless;
  gboolean  demo;
  gboolean  version;
  gboolean  no_rate_limit;
  gboolean  no_group_commit;
  int       port;
  char     *db_path;
} Options;

static gboolean
quit_cb (gpointer data)
{
  g_main_loop_quit (data);
  return G_SOURCE_REMOVE;
}

static int
run_headless (const Options *opt)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KdStore) store = NULL;
  g_autoptr(KdServer) server = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  g_auto(GStrv) urls = NULL;

  store = kd_store_open (opt->db_path, &error);
  if (store == NULL)
    {
      g_printerr (_("Could not open the database: %s\n"), error->message);
      return 1;
    }

  if (opt->demo && !kd_demo_populate (store, KD_DEMO_CASES, &error))
    {
      g_printerr (_("Could not add the demo town: %s\n"), error->message);
      return 1;
    }

  server = kd_server_new (store);
  kd_server_set_rate_limit (server, !opt->no_rate_limit);
  kd_server_set_group_commit (server, !opt->no_group_commit);
  if (!kd_server_start (server, opt->port < 0 ? 8080 : (guint) opt->port, FALSE, &error))
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }

  g_print (_("Kuiduo is serving %s on port %u.\n"), opt->db_path, kd_server_get_port (server));
  urls = kd_server_dup_urls (server);
  for (guint i = 0; urls[i]; i++)
    g_print ("  %s\n", urls[i]);

  loop = g_main_loop_new (NULL, FALSE);
  g_unix_signal_add (SIGINT, quit_cb, loop);
  g_unix_signal_add (SIGTERM, quit_cb, loop);
  g_main_loop_run (loop);

  kd_server_stop (server);
  return 0;
}

static gboolean
parse_options (Options  *opt,
               int      *argc,
               char   ***argv,
               GError  **error)
{
  const GOptionEntry entries[] = {
    { "headless", 0, 0, G_OPTION_ARG_NONE, &opt->headless, N_("Run the store and the phone endpoint without a window"), NULL },
    { "port", 'p', 0, G_OPTION_ARG_INT, &opt->port, N_("Port of the phone endpoint"), N_("PORT") },
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &opt->db_path, N_("Database file to use"), N_("PATH") },
    { "demo", 0, 0, G_OPTION_ARG_NONE, &opt->demo, N_("Fill the database with a demo town"), NULL },
    { "version", 0, 0, G_OPTION_ARG_NONE, &opt->version, N_("Print the version"), NULL },
    { "no-rate-limit", 0, 0, G_OPTION_ARG_NONE, &opt->no_rate_limit,
      N_("Turn off the per-phone limits on reports (for benchmarks and tests only)"), NULL },
    { "no-group-commit", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_NONE, &opt->no_group_commit,
      N_("Commit every report alone (the ingest benchmark's baseline)"), NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) ctx = g_option_context_new (NULL);

  g_option_context_set_summary (ctx, _("Kuiduo — township workbench with a phone endpoint"));
  g_option_context_add_main_entries (ctx, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (ctx, argc, argv, error))
    return FALSE;

  if (opt->port > G_MAXUINT16 || opt->port < -1)
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE, _("The port must be between 0 and 65535."));
      return FALSE;
    }

  return TRUE;
}

int
main (int   argc,
      char *argv[])
{
  Options opt = { .port = -1 };
  g_autoptr(GError) error = NULL;
  g_autofree char *db_path = NULL;
  const char *localedir = g_getenv ("KUIDUO_LOCALEDIR");
  int status;

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, localedir ? localedir : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  if (!parse_options (&opt, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return 2;
    }

  if (opt.version)
    {
      g_print ("%s %s\n", PACKAGE_NAME, PACKAGE_VERSION);
      return 0;
    }

  db_path = opt.db_path ? g_steal_pointer (&opt.db_path) : kd_store_default_path ();
  opt.db_path = db_path;

  if (opt.headless)
    return run_headless (&opt);

  {
    g_autoptr(GApplication) app = kd_application_new (db_path, opt.port, opt.demo);
    char *app_argv[] = { argv[0], NULL };

    status = g_application_run (app, 1, app_argv);
  }

  return status;
}
