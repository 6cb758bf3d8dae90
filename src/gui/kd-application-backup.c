/* kd-application-backup.c: the database's health and backups on the desktop:
 * the check at start (with a way out when the file is damaged) and
 * "Back Up Database…" from the main menu. */
#define G_LOG_DOMAIN "kd-application"

#include "config.h"

#include <glib/gi18n.h>

#include "kd-application-private.h"
#include "kd-backup.h"

typedef struct
{
  KdApplication *self;
  KdCheckedFunc  then;
  char          *backup;   /* the newest backup, or NULL */
} Check;

static void
check_free (Check *c)
{
  g_object_unref (c->self);
  g_free (c->backup);
  g_free (c);
}

static AdwMessageDialog *
message_new (GtkWindow  *parent,
             const char *heading,
             const char *body)
{
  /* Plain text body (body-use-markup stays off): messages quote paths. */
  AdwMessageDialog *dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (parent, heading, body));

  adw_message_dialog_add_response (dialog, "close", _("_Close"));
  adw_message_dialog_set_default_response (dialog, "close");
  adw_message_dialog_set_close_response (dialog, "close");

  return dialog;
}

static void
damaged_response_cb (AdwMessageDialog *dialog,
                     const char       *response,
                     Check            *c)
{
  g_autoptr(GError) error = NULL;
  AdwMessageDialog *failed;

  gtk_window_destroy (GTK_WINDOW (dialog));

  if (g_strcmp0 (response, "restore") != 0)
    {
      g_application_quit (G_APPLICATION (c->self));
      check_free (c);
      return;
    }

  if (kd_backup_restore (c->backup, kd_application_get_db_path (c->self), &error))
    {
      c->then (c->self);
      check_free (c);
      return;
    }

  failed = message_new (NULL, _("The Backup Could Not Be Restored"), error->message);
  gtk_window_set_application (GTK_WINDOW (failed), GTK_APPLICATION (c->self));
  g_signal_connect_swapped (failed, "response", G_CALLBACK (g_application_quit), c->self);
  gtk_window_present (GTK_WINDOW (failed));
  check_free (c);
}

static char *
newest_backup (void)
{
  g_autofree char *dir = kd_backup_default_dir ();
  g_autoptr(GPtrArray) list = kd_backup_list (dir, NULL);

  return list != NULL && list->len > 0 ? g_strdup (list->pdata[0]) : NULL;
}

/* PRAGMA quick_check before the store opens the file. A damaged database is
 * said so plainly, with the way out: restore the newest backup (the damaged
 * file is kept aside) or quit. Calls @then when the database is fine. */
void
kd_application_check_database (KdApplication *self,
                               KdCheckedFunc  then)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) body = NULL;
  AdwMessageDialog *dialog;
  Check *c;

  if (kd_db_file_quick_check (kd_application_get_db_path (self), &error))
    {
      then (self);
      return;
    }

  g_warning ("%s", error->message);
  c = g_new0 (Check, 1);
  c->self = g_object_ref (self);
  c->then = then;
  c->backup = newest_backup ();

  body = g_string_new (error->message);
  if (c->backup != NULL)
    g_string_append_printf (body, "\n\n%s\n%s", _("The newest backup is:"), c->backup);
  else
    g_string_append_printf (body, "\n\n%s", _("There is no backup to restore. Keep a copy of the damaged file and ask for help before going on."));

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (NULL, _("The Database Is Damaged"), body->str));
  adw_message_dialog_add_response (dialog, "quit", _("_Quit"));
  if (c->backup != NULL)
    {
      adw_message_dialog_add_response (dialog, "restore", _("_Restore the Newest Backup"));
      adw_message_dialog_set_response_appearance (dialog, "restore", ADW_RESPONSE_SUGGESTED);
      adw_message_dialog_set_default_response (dialog, "restore");
    }
  adw_message_dialog_set_close_response (dialog, "quit");
  g_signal_connect (dialog, "response", G_CALLBACK (damaged_response_cb), c);
  gtk_window_set_application (GTK_WINDOW (dialog), GTK_APPLICATION (self));
  gtk_window_present (GTK_WINDOW (dialog));
}

typedef struct
{
  GtkWindow *parent;
  char      *dest;
} BackupRun;

static void
backup_done_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      data)
{
  BackupRun *run = data;
  g_autoptr(GError) error = NULL;
  g_autofree char *body = NULL;
  AdwMessageDialog *dialog;

  if (kd_backup_create_finish (result, &error))
    {
      body = g_strdup_printf (_("The backup was written to %s and checked."), run->dest);
      dialog = message_new (run->parent, _("Backup Complete"), body);
    }
  else
    dialog = message_new (run->parent, _("The Backup Failed"), error->message);

  g_signal_connect (dialog, "response", G_CALLBACK (gtk_window_destroy), NULL);
  gtk_window_present (GTK_WINDOW (dialog));

  g_clear_object (&run->parent);
  g_free (run->dest);
  g_free (run);
}

static void
chooser_response_cb (GtkNativeDialog *chooser,
                     int              response,
                     KdApplication   *self)
{
  g_autoptr(GFile) file = NULL;
  BackupRun *run;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));

  if (file != NULL && g_file_peek_path (file) != NULL)
    {
      run = g_new0 (BackupRun, 1);
      run->parent = g_object_ref (gtk_native_dialog_get_transient_for (chooser));
      run->dest = g_file_get_path (file);
      /* Online and in a worker thread: the phones keep reporting meanwhile. */
      kd_backup_create_async (kd_application_get_db_path (self), run->dest, NULL, backup_done_cb, run);
    }

  gtk_native_dialog_destroy (chooser);
  g_object_unref (chooser);
}

/* app.backup: a checked copy of the database, to a file the cadre picks
 * (a USB stick, say), while Kuiduo goes on working. */
void
kd_application_backup_activated (GSimpleAction *action,
                                  GVariant      *param,
                                  gpointer       data)
{
  KdApplication *self = data;
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (self));
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *name = g_date_time_format (now, "kuiduo-%Y%m%d-%H%M%S.db");
  GtkFileChooserNative *chooser;

  chooser = gtk_file_chooser_native_new (_("Back Up Database"), parent, GTK_FILE_CHOOSER_ACTION_SAVE,
                                         _("_Save"), _("_Cancel"));
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_signal_connect (chooser, "response", G_CALLBACK (chooser_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}
