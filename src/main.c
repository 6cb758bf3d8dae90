/* main.c: `kuiduo` starts the desktop workbench with its phone endpoint;
 * `kuiduo --headless` runs the store and the endpoint without a display. */
#define G_LOG_DOMAIN "kuiduo"

#include "config.h"

#include <locale.h>
#include <glib/gi18n.h>
#include <glib-unix.h>

#include "kd-application.h"
#include "kd-backup.h"
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
  char     *backup_path;
  char     *restore_path;
  int       port;
  char     *db_path;
} Options;

static void
options_clear (Options *opt)
{
  g_clear_pointer (&opt->db_path, g_free);
  g_clear_pointer (&opt->backup_path, g_free);
  g_clear_pointer (&opt->restore_path, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Options, options_clear)

static gboolean
quit_cb (gpointer data)
{
  g_main_loop_quit (data);
  return G_SOURCE_REMOVE;
}

/* Before anything opens the file: a damaged database is said so, with the
 * way out, rather than half-working. */
static gboolean
check_database (const char *db_path)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autoptr(GPtrArray) backups = NULL;

  if (kd_db_file_quick_check (db_path, &error))
    return TRUE;

  g_printerr ("%s\n", error->message);
  dir = kd_backup_default_dir ();
  backups = kd_backup_list (dir, NULL);
  if (backups != NULL && backups->len > 0)
    g_printerr (_("The newest backup is %s. Restore it with:\n  kuiduo --db %s --restore %s\n"),
                (char *) backups->pdata[0], db_path, (char *) backups->pdata[0]);
  else
    g_printerr (_("There is no backup in %s. Keep a copy of the damaged file before trying anything else.\n"), dir);

  return FALSE;
}

static int
run_backup_command (const Options *opt)
{
  g_autoptr(GError) error = NULL;

  if (opt->backup_path != NULL)
    {
      if (!kd_backup_create (opt->db_path, opt->backup_path, &error))
        {
          g_printerr (_("The backup failed: %s\n"), error->message);
          return 1;
        }
      g_print (_("Backup written to %s and checked.\n"), opt->backup_path);
      return 0;
    }

  if (!kd_backup_restore (opt->restore_path, opt->db_path, &error))
    {
      g_printerr (_("Nothing was restored: %s\n"), error->message);
      return 1;
    }
  g_print (_("%s restored from %s.\n"), opt->db_path, opt->restore_path);
  return 0;
}

static int
run_headless (const Options *opt)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KdStore) store = NULL;
  g_autoptr(KdServer) server = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  g_auto(GStrv) urls = NULL;
  g_autofree char *backup_dir = kd_backup_default_dir ();
  guint backups;

  if (!check_database (opt->db_path))
    return 1;

  store = kd_store_open (opt->db_path, &error);
  if (store == NULL)
    {
      g_printerr (_("Could not open the database: %s\n"), error->message);
      return 1;
    }

  if (opt->demo && (!kd_demo_populate (store, KD_DEMO_CASES, &error) ||
                    !kd_demo_add_accounts (store, &error) ||
                    !kd_demo_add_disclosures (store, &error)))
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

  backups = kd_backup_schedule_daily (opt->db_path, backup_dir, KD_BACKUP_KEEP);
  loop = g_main_loop_new (NULL, FALSE);
  g_unix_signal_add (SIGINT, quit_cb, loop);
  g_unix_signal_add (SIGTERM, quit_cb, loop);
  g_main_loop_run (loop);

  g_source_remove (backups);
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
    { "backup", 0, 0, G_OPTION_ARG_FILENAME, &opt->backup_path,
      N_("Write a checked backup of the database to PATH (while Kuiduo runs, too) and exit"), N_("PATH") },
    { "restore", 0, 0, G_OPTION_ARG_FILENAME, &opt->restore_path,
      N_("Replace the database with the backup at PATH after checking it, keeping the old file aside; Kuiduo must not be running"), N_("PATH") },
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

  if (opt->backup_path != NULL && opt->restore_path != NULL)
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE, _("Give either --backup or --restore, not both."));
      return FALSE;
    }

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
  g_auto(Options) opt = { .port = -1 };
  g_autoptr(GError) error = NULL;
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

  if (opt.db_path == NULL)
    opt.db_path = kd_store_default_path ();

  if (opt.backup_path != NULL || opt.restore_path != NULL)
    return run_backup_command (&opt);

  if (opt.headless)
    return run_headless (&opt);

  {
    g_autoptr(GApplication) app = kd_application_new (opt.db_path, opt.port, opt.demo);
    char *app_argv[] = { argv[0], NULL };

    status = g_application_run (app, 1, app_argv);
  }

  return status;
}
