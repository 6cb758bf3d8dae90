/* kd-test-disclosures.c: the disclosures' display test's fixture — the demo
 * town's villages and accounts over a real store, a running phone endpoint,
 * the workbench window — and its helpers: writing through the core as
 * another desk would, and finding and working the editor's widgets. */
#include "config.h"

#include <string.h>
#include <adwaita.h>

#include "kd-demo.h"
#include "kd-disclosures-page.h"
#include "kd-test-disclosures.h"
#include "kd-test-display.h"
#include "kd-test-util.h"

/* Fixture: the demo town's villages and accounts, a running endpoint. */


static KdCadre *
load_cadre (Fixture    *f,
            const char *username)
{
  g_autofree char *sql = g_strdup_printf ("SELECT id FROM cadres WHERE username = '%s'", username);
  gint64 id = kd_db_query_int (kd_store_get_reader (f->store), sql, NULL);
  KdCadre *cadre = kd_cadre_load (kd_store_get_reader (f->store), id, NULL);

  g_assert_nonnull (cadre);
  return cadre;
}

gint64
query_int (Fixture    *f,
           const char *sql)
{
  g_autoptr(GError) error = NULL;
  gint64 n = kd_db_query_int (kd_store_get_reader (f->store), sql, &error);

  g_assert_no_error (error);
  return n;
}

void
kd_test_disclosures_setup (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->store = kd_test_store_new ("kd-display-disclosures-XXXXXX", &f->dir);
  g_assert_true (kd_demo_populate (f->store, 0, &error));
  g_assert_true (kd_demo_add_accounts (f->store, &error));
  g_assert_no_error (error);
  f->admin = load_cadre (f, "admin");
  f->staff = load_cadre (f, "staff");
  f->secretary = load_cadre (f, "secretary");
  f->discipline = load_cadre (f, "discipline");
  f->kuiduo = kd_cadre_get_village_id (f->secretary);
  g_assert_cmpint (f->kuiduo, >, 0);
  f->other = query_int (f, "SELECT min(id) FROM villages WHERE code != 'kuiduo'");

  f->server = kd_server_new (f->store);
  kd_server_set_rate_limit (f->server, FALSE);
  g_assert_true (kd_server_start (f->server, 0, TRUE, &error));
  g_assert_no_error (error);
  f->base = g_strdup_printf ("http://127.0.0.1:%u/", kd_server_get_port (f->server));
}

void
kd_test_disclosures_teardown (Fixture       *f,
                              gconstpointer  data)
{
  kd_test_close_all_windows ();
  g_clear_object (&f->window);

  kd_server_stop (f->server);
  g_clear_object (&f->server);
  g_clear_object (&f->admin);
  g_clear_object (&f->staff);
  g_clear_object (&f->secretary);
  g_clear_object (&f->discipline);
  g_clear_object (&f->store);
  kd_test_remove_tree (f->dir);
  g_free (f->dir);
  g_free (f->base);
}

/* Writing through the core, as another desk would. */

typedef struct
{
  KdDisclosure       *draft;
  gint64              id;
  KdDisclosureAction  action;
  KdCadre            *cadre;
} Job;

static gpointer
run_job (KdDb       *db,
         gpointer    data,
         KdChanges  *changes,
         GError    **error)
{
  Job *job = data;
  KdActor actor = { kd_cadre_get_id (job->cadre), kd_cadre_get_display_name (job->cadre) };
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  gint64 id = job->draft ? kd_disclosure_save (db, job->draft, &actor, now, changes, error)
                         : kd_disclosure_act (db, job->id, job->action, &actor, now, changes, error);

  return id != 0 ? g_memdup2 (&id, sizeof id) : NULL;
}

static gint64
run (Fixture *f,
     Job     *job)
{
  g_autoptr(GError) error = NULL;
  g_autofree gint64 *id = kd_writer_run_sync (kd_store_get_writer (f->store), run_job, job, NULL, &error);

  g_assert_no_error (error);
  return *id;
}

gint64
seed (Fixture          *f,
      KdCadre          *by,
      KdDisclosureKind  kind,
      gint64            village_id,
      const char       *period,
      const char       *title,
      guint             n_lines)
{
  g_autoptr(KdDisclosure) d = kd_disclosure_new (kind);
  Job job = { d, 0, 0, by };

  d->village_id = village_id;
  d->period = g_strdup (period);
  d->title = g_strdup (title);
  d->body = g_strdup ("根据村务公开制度，现将有关情况公布如下，接受村民监督。");
  for (guint i = 0; i < n_lines; i++)
    {
      g_autofree char *day = g_strdup_printf ("2026-10-%02u", 1 + i % 28);
      g_autofree char *item = g_strdup_printf ("第%u笔 道路硬化工程款", i + 1);

      g_ptr_array_add (d->lines, kd_ledger_line_new (day, item, i % 2 ? 0 : 150000 + i, i % 2 ? 2050 * i : 0));
    }
  return run (f, &job);
}

gint64
act (Fixture            *f,
     KdCadre            *by,
     gint64              id,
     KdDisclosureAction  action)
{
  Job job = { NULL, id, action, by };

  return run (f, &job);
}

gint64
seed_published (Fixture    *f,
                const char *title,
                guint       n_lines)
{
  gint64 id = seed (f, f->secretary, KD_DISCLOSURE_FINANCE, f->kuiduo, "2026-Q4", title, n_lines);

  act (f, f->staff, id, KD_DISCLOSURE_REVIEW);
  act (f, f->admin, id, KD_DISCLOSURE_PUBLISH);
  return id;
}

/* The window, the page, the editor. */

void
open_window (Fixture *f,
             KdCadre *cadre)
{
  f->window = g_object_ref_sink (g_object_new (KD_TYPE_WINDOW, "store", f->store, "server", f->server,
                                               "cadre", cadre, NULL));
  gtk_window_present (GTK_WINDOW (f->window));
  g_assert_true (wait_for (is_mapped, f->window, WAIT_MS));
  kd_window_show_page (f->window, "disclosures");
  f->page = KD_DISCLOSURES_PAGE (find_widget (GTK_WIDGET (f->window), is_type,
                                              GSIZE_TO_POINTER (KD_TYPE_DISCLOSURES_PAGE)));
  g_assert_nonnull (f->page);
  g_assert_true (wait_for (is_mapped, f->page, WAIT_MS));
}

static gboolean
has_name (GtkWidget *widget,
          gpointer   data)
{
  return g_strcmp0 (gtk_widget_get_name (widget), data) == 0;
}

GtkWidget *
named (gpointer    root,
       const char *name)
{
  GtkWidget *widget = find_widget (GTK_WIDGET (root), has_name, (gpointer) name);

  g_assert_nonnull (widget);
  return widget;
}

gboolean
shown (gpointer    root,
       const char *name)
{
  return gtk_widget_get_visible (named (root, name));
}

KdDisclosureDialog *
open_dialog (Fixture *f,
             gint64   id)
{
  GtkWindow *dialog = kd_disclosures_page_open (f->page, id);

  g_assert_true (KD_IS_DISCLOSURE_DIALOG (dialog));
  g_assert_true (wait_for (is_mapped, dialog, WAIT_MS));
  return KD_DISCLOSURE_DIALOG (dialog);
}

void
close_dialog (KdDisclosureDialog *dialog)
{
  gtk_window_destroy (GTK_WINDOW (dialog));
}

void
click (GtkWidget *button)
{
  g_assert_true (gtk_widget_get_visible (button));
  g_assert_true (gtk_widget_is_sensitive (button));
  g_signal_emit_by_name (button, "clicked");
}

gboolean
is_idle (gpointer data)
{
  return !kd_disclosure_dialog_get_busy (data);
}

KdDisclosureState
state_after (KdDisclosureDialog *dialog)
{
  g_assert_true (wait_for (is_idle, dialog, WAIT_MS));
  g_assert_nonnull (kd_disclosure_dialog_get_disclosure (dialog));
  return kd_disclosure_dialog_get_disclosure (dialog)->state;
}

static gboolean
is_message_dialog (GtkWidget *widget,
                   gpointer   data)
{
  return ADW_IS_MESSAGE_DIALOG (widget) && gtk_widget_get_mapped (widget);
}

static gboolean
message_dialog_shown (gpointer data)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWidget) window = g_list_model_get_item (toplevels, i);

      if (is_message_dialog (window, NULL))
        {
          *(GtkWidget **) data = window;
          return TRUE;
        }
    }
  return FALSE;
}

/* Answers the confirmation that is up, after checking it says @says. */
void
confirm (const char *says,
         const char *response)
{
  GtkWidget *dialog = NULL;

  g_assert_true (wait_for (message_dialog_shown, &dialog, WAIT_MS));
  g_assert_nonnull (strstr (adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (dialog)), says));
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), response);
  gtk_window_destroy (GTK_WINDOW (dialog));
}

gboolean
dialog_shown (gpointer data)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWidget) window = g_list_model_get_item (toplevels, i);

      if (KD_IS_DISCLOSURE_DIALOG (window) && gtk_widget_get_mapped (window))
        {
          *(KdDisclosureDialog **) data = KD_DISCLOSURE_DIALOG (window);
          return TRUE;
        }
    }
  return FALSE;
}

gboolean
no_dialog (gpointer data)
{
  KdDisclosureDialog *dialog = NULL;

  return !dialog_shown (&dialog);
}

gboolean
text_in (gpointer    root,
         const char *text)
{
  TextSearch search = { GTK_WIDGET (root), text };

  return wait_for (text_on_screen, &search, WAIT_MS);
}
