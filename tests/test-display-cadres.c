/* test-display-cadres.c: who is working, on the real windows under Xvfb:
 * the first town administrator, signing in (and being refused), the cadre
 * in the header, the accounts page for the town administrator only, and
 * the audit log. */
#include "config.h"

#include <string.h>
#include <adwaita.h>

#include "kd-account-dialog.h"
#include "kd-audit.h"
#include "kd-cadre.h"
#include "kd-case-event.h"
#include "kd-demo.h"
#include "kd-sign-in-dialog.h"
#include "kd-store.h"
#include "kd-test-display.h"
#include "kd-test-util.h"
#include "kd-window.h"

#define DEMO_CASES 10

typedef struct
{
  char      *dir;
  KdStore   *store;
  KdWindow  *window;
  GtkWindow *dialog;
  KdCadre   *signed_in;
} Fixture;

/* Fixture: a demo town; its accounts only when @data says so. */

static gpointer
seed_cadres (KdDb       *db,
             gpointer    data,
             KdChanges  *changes,
             GError    **error)
{
  return kd_cadre_demo_seed (db, changes, error) ? GINT_TO_POINTER (TRUE) : NULL;
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;

  f->dir = g_dir_make_tmp ("kd-display-cadres-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (f->dir, "town.db", NULL);
  f->store = kd_store_open (path, &error);
  g_assert_no_error (error);
  g_assert_true (kd_demo_populate (f->store, DEMO_CASES, &error));
  g_assert_no_error (error);

  if (data != NULL)
    {
      g_assert_nonnull (kd_writer_run_sync (kd_store_get_writer (f->store), seed_cadres, NULL, NULL, &error));
      g_assert_no_error (error);
    }
}

static gboolean
is_finalized (gpointer data)
{
  return *(gpointer *) data == NULL;
}

static void
destroy_and_wait (GtkWindow **window)
{
  gpointer weak = *window;

  if (weak == NULL)
    return;

  g_object_add_weak_pointer (weak, &weak);
  gtk_window_destroy (*window);
  g_clear_object (window);
  g_assert_true (wait_for (is_finalized, &weak, WAIT_MS));
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  destroy_and_wait (&f->dialog);
  destroy_and_wait ((GtkWindow **) &f->window);
  g_clear_object (&f->signed_in);
  g_clear_object (&f->store);
  kd_test_remove_tree (f->dir);
  g_free (f->dir);
}

/* Helpers */

static gboolean
has_title (GtkWidget *widget,
           gpointer   data)
{
  return ADW_IS_ENTRY_ROW (widget) &&
         g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget)), data) == 0;
}

static void
type_into (GtkWidget  *root,
           const char *title,
           const char *text)
{
  GtkWidget *row = find_widget (root, has_title, (gpointer) title);

  g_assert_nonnull (row);
  g_assert_true (gtk_widget_get_visible (row));
  gtk_editable_set_text (GTK_EDITABLE (row), text);
}

/* Enter in a field, as a cadre would press it. The default button takes
 * it, and clicks itself a moment later (GtkButton's activation). */
static void
press_enter_in (GtkWidget  *root,
                const char *title)
{
  GtkWidget *row = find_widget (root, has_title, (gpointer) title);
  GtkWidget *text = find_widget (row, is_type, GSIZE_TO_POINTER (GTK_TYPE_TEXT));

  g_assert_nonnull (text);
  g_assert_true (gtk_widget_grab_focus (text));
  g_signal_emit_by_name (text, "activate");
}

static gboolean
dialog_is_idle (gpointer data)
{
  return !kd_sign_in_dialog_get_busy (data);
}

static gboolean
dialog_refused (gpointer data)
{
  return !kd_sign_in_dialog_get_busy (data) && kd_sign_in_dialog_get_error (data) != NULL;
}

static void
signed_in_cb (KdSignInDialog *dialog,
              KdCadre        *cadre,
              Fixture        *f)
{
  g_set_object (&f->signed_in, cadre);
}

static gboolean
has_signed_in (gpointer data)
{
  return ((Fixture *) data)->signed_in != NULL;
}

static KdSignInDialog *
open_sign_in (Fixture *f)
{
  f->dialog = g_object_ref_sink (GTK_WINDOW (kd_sign_in_dialog_new (NULL, f->store)));
  g_signal_connect (f->dialog, "signed-in", G_CALLBACK (signed_in_cb), f);
  gtk_window_present (f->dialog);
  g_assert_true (wait_for (is_mapped, f->dialog, WAIT_MS));

  return KD_SIGN_IN_DIALOG (f->dialog);
}

static KdCadre *
sign_in (Fixture    *f,
         const char *username)
{
  g_autofree char *password = g_strconcat ("kuiduo-", username, NULL);
  g_autoptr(GError) error = NULL;
  KdCadre *cadre = kd_cadre_sign_in (f->store, NULL, username, password, NULL,
                                     g_get_real_time () / G_USEC_PER_SEC, &error);

  g_assert_no_error (error);
  g_assert_nonnull (cadre);
  return cadre;
}

static void
open_window (Fixture *f,
             KdCadre *cadre)
{
  f->window = g_object_ref_sink (g_object_new (KD_TYPE_WINDOW, "store", f->store, "cadre", cadre, NULL));
  gtk_window_present (GTK_WINDOW (f->window));
  g_assert_true (wait_for (is_mapped, f->window, WAIT_MS));
}

static guint
count_audit (Fixture    *f,
             const char *action)
{
  KdAuditFilter filter = { .action = action };
  g_autoptr(GListModel) entries = kd_audit_query (kd_store_get_reader (f->store), &filter, NULL);

  return g_list_model_get_n_items (entries);
}

/* Tests */

static void
test_first_run (Fixture       *f,
                gconstpointer  data)
{
  KdSignInDialog *dialog = open_sign_in (f);
  GtkWidget *root = GTK_WIDGET (dialog);
  TextSearch mismatch = { root, "not the same" };
  TextSearch short_password = { root, "password must be" };

  g_assert_true (kd_sign_in_dialog_get_first_run (dialog));
  g_assert_null (kd_sign_in_dialog_get_error (dialog));

  /* The core's own rule, shown before any hashing: nothing is created. */
  type_into (root, "Username", "Admin");
  type_into (root, "Full Name", "王镇长");
  type_into (root, "Password", "short");
  type_into (root, "Password Again", "short");
  gtk_widget_activate_action (root, "sign-in.submit", NULL);
  g_assert_true (wait_for (text_on_screen, &short_password, WAIT_MS));
  g_assert_false (kd_sign_in_dialog_get_busy (dialog));

  type_into (root, "Password", "town-hall-2024");
  type_into (root, "Password Again", "town-hall-2042");
  gtk_widget_activate_action (root, "sign-in.submit", NULL);
  g_assert_true (wait_for (text_on_screen, &mismatch, WAIT_MS));
  g_assert_cmpint (kd_cadre_count (kd_store_get_reader (f->store), NULL), ==, 0);

  /* Right: the account is made, then signed in like any other. */
  type_into (root, "Password Again", "town-hall-2024");
  press_enter_in (root, "Password Again");
  g_assert_true (wait_for (has_signed_in, f, WAIT_MS * 4));
  g_assert_cmpstr (kd_cadre_get_username (f->signed_in), ==, "admin");
  g_assert_cmpstr (kd_cadre_get_display_name (f->signed_in), ==, "王镇长");
  g_assert_cmpint (kd_cadre_get_role (f->signed_in), ==, KD_ROLE_TOWN_ADMIN);
  g_assert_cmpint (kd_cadre_count (kd_store_get_reader (f->store), NULL), ==, 1);
  g_assert_cmpuint (count_audit (f, "cadre.create"), ==, 1);
  g_assert_cmpuint (count_audit (f, "sign-in"), >=, 1);
}

static void
test_sign_in (Fixture       *f,
              gconstpointer  data)
{
  KdSignInDialog *dialog = open_sign_in (f);
  GtkWidget *root = GTK_WIDGET (dialog);
  g_autofree char *refusal = NULL;

  g_assert_false (kd_sign_in_dialog_get_first_run (dialog));
  g_assert_false (gtk_widget_get_visible (find_widget (root, has_title, "Full Name")));

  /* A wrong password: the core's refusal, and the password is cleared. */
  type_into (root, "Username", "staff");
  type_into (root, "Password", "wrong-password");
  press_enter_in (root, "Password");
  g_assert_true (wait_for (dialog_refused, dialog, WAIT_MS * 4));
  g_assert_null (f->signed_in);
  refusal = g_strdup (kd_sign_in_dialog_get_error (dialog));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (find_widget (root, has_title, "Password"))), ==, "");
  g_assert_cmpuint (count_audit (f, "sign-in.failed"), ==, 1);

  /* The right one, with Enter. */
  type_into (root, "Password", "kuiduo-staff");
  press_enter_in (root, "Password");
  g_assert_true (wait_for (has_signed_in, f, WAIT_MS * 4));
  g_assert_cmpstr (kd_cadre_get_username (f->signed_in), ==, "staff");
  g_assert_cmpint (kd_cadre_get_role (f->signed_in), ==, KD_ROLE_TOWN_STAFF);
  g_assert_null (kd_sign_in_dialog_get_error (dialog));
}

static void
test_lockout (Fixture       *f,
              gconstpointer  data)
{
  KdSignInDialog *dialog = open_sign_in (f);
  g_autofree char *wrong = NULL;

  for (guint i = 0; i < KD_CADRE_MAX_FAILURES; i++)
    {
      kd_sign_in_dialog_sign_in (dialog, "secretary", "not-the-password");
      g_assert_true (wait_for (dialog_is_idle, dialog, WAIT_MS * 4));
      if (i == 0)
        wrong = g_strdup (kd_sign_in_dialog_get_error (dialog));
    }

  /* Locked: even the right password is refused, and the dialog says why. */
  kd_sign_in_dialog_sign_in (dialog, "secretary", "kuiduo-secretary");
  g_assert_true (wait_for (dialog_is_idle, dialog, WAIT_MS * 4));
  g_assert_null (f->signed_in);
  g_assert_nonnull (kd_sign_in_dialog_get_error (dialog));
  g_assert_cmpstr (kd_sign_in_dialog_get_error (dialog), !=, wrong);
  g_assert_nonnull (strstr (kd_sign_in_dialog_get_error (dialog), "locked"));
}

static gboolean
is_cadre_button (GtkWidget *widget,
                 gpointer   data)
{
  return GTK_IS_MENU_BUTTON (widget) && g_strcmp0 (gtk_widget_get_tooltip_text (widget), "Who Is Working") == 0;
}

static gboolean
is_sidebar_row (GtkWidget *widget,
                gpointer   data)
{
  return GTK_IS_LIST_BOX_ROW (widget) && g_strcmp0 (gtk_widget_get_name (widget), data) == 0;
}

static void
test_header_and_roles (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(KdCadre) admin = sign_in (f, "admin");
  g_autoptr(KdCadre) staff = sign_in (f, "staff");
  GtkWidget *root;
  GtkWidget *button;
  TextSearch name = { NULL, "镇管理员" };
  TextSearch role = { NULL, "Town administrator" };

  open_window (f, admin);
  root = GTK_WIDGET (f->window);
  name.root = role.root = root;

  /* The header names who is working. */
  button = find_widget (root, is_cadre_button, NULL);
  g_assert_nonnull (button);
  g_assert_true (wait_for (text_on_screen, &name, WAIT_MS));
  g_assert_true (text_on_screen (&role));

  /* The town administrator has the accounts and the log. */
  g_assert_true (gtk_widget_get_visible (find_widget (root, is_sidebar_row, "accounts")));
  g_assert_true (gtk_widget_get_visible (find_widget (root, is_sidebar_row, "audit")));
  kd_window_show_page (f->window, "accounts");
  g_assert_cmpstr (kd_window_get_page (f->window), ==, "accounts");

  /* Town staff have neither: the page open is left, and cannot be shown. */
  kd_window_set_cadre (f->window, staff);
  name.text = "李干事";
  g_assert_true (wait_for (text_on_screen, &name, WAIT_MS));
  g_assert_false (gtk_widget_get_visible (find_widget (root, is_sidebar_row, "accounts")));
  g_assert_false (gtk_widget_get_visible (find_widget (root, is_sidebar_row, "audit")));
  g_assert_cmpstr (kd_window_get_page (f->window), ==, "overview");
  kd_window_show_page (f->window, "accounts");
  g_assert_cmpstr (kd_window_get_page (f->window), ==, "overview");
  g_assert_cmpuint (g_list_model_get_n_items (kd_accounts_page_get_model (kd_window_get_accounts_page (f->window))), ==, 0);

  /* Nobody: no name in the header. */
  kd_window_set_cadre (f->window, NULL);
  g_assert_false (gtk_widget_get_visible (button));
}

static gboolean
is_account_dialog (gpointer data)
{
  Fixture *f = data;
  g_autoptr(GListModel) toplevels = g_object_ref (gtk_window_get_toplevels ());
  guint n = g_list_model_get_n_items (toplevels);

  for (guint i = 0; i < n && f->dialog == NULL; i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (KD_IS_ACCOUNT_DIALOG (window) && gtk_widget_get_mapped (GTK_WIDGET (window)))
        f->dialog = g_object_ref (window);
    }

  return f->dialog != NULL;
}

static gboolean
is_combo_row (GtkWidget *widget,
              gpointer   data)
{
  return ADW_IS_COMBO_ROW (widget) &&
         g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget)), data) == 0;
}

static gboolean
dialog_closed (gpointer data)
{
  return !gtk_widget_get_visible (data);
}

static void
fill_account (Fixture    *f,
              const char *username)
{
  GtkWidget *root = GTK_WIDGET (f->dialog);
  AdwComboRow *role = ADW_COMBO_ROW (find_widget (root, is_combo_row, "Role"));
  GtkWidget *village = find_widget (root, is_combo_row, "Village");

  type_into (root, "Username", username);
  type_into (root, "Full Name", "刘书记");
  type_into (root, "Password", "kuiduo-village-2");
  type_into (root, "Password Again", "kuiduo-village-2");

  /* The village is asked of a village secretary only. */
  g_assert_false (gtk_widget_get_visible (village));
  adw_combo_row_set_selected (role, KD_ROLE_VILLAGE_SECRETARY);
  g_assert_true (gtk_widget_get_visible (village));
  adw_combo_row_set_selected (ADW_COMBO_ROW (village), 1);
}

static KdCadre *
find_account (GListModel *model,
              const char *username)
{
  guint n = g_list_model_get_n_items (model);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(KdCadre) cadre = g_list_model_get_item (model, i);

      if (g_strcmp0 (kd_cadre_get_username (cadre), username) == 0)
        return cadre;
    }

  return NULL;
}

static void
test_add_account (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(KdCadre) admin = sign_in (f, "admin");
  GtkWidget *page;
  GListModel *model;
  TextSearch taken = { NULL, "already taken" };
  TextSearch row = { NULL, "刘书记" };
  TextSearch deactivated = { NULL, "Deactivated" };
  KdCadre *added;

  open_window (f, admin);
  kd_window_show_page (f->window, "accounts");
  page = GTK_WIDGET (kd_window_get_accounts_page (f->window));
  model = kd_accounts_page_get_model (KD_ACCOUNTS_PAGE (page));
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 4);

  /* A username in use: the core's refusal, in the dialog, which stays. */
  gtk_widget_activate_action (page, "accounts.add", NULL);
  g_assert_true (wait_for (is_account_dialog, f, WAIT_MS));
  fill_account (f, "staff");
  gtk_widget_activate_action (GTK_WIDGET (f->dialog), "account.save", NULL);
  taken.root = GTK_WIDGET (f->dialog);
  g_assert_true (wait_for (text_on_screen, &taken, WAIT_MS * 4));
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 4);

  /* A new one: it shows in the list. */
  type_into (GTK_WIDGET (f->dialog), "Username", "liu");
  gtk_widget_activate_action (GTK_WIDGET (f->dialog), "account.save", NULL);
  g_assert_true (wait_for (dialog_closed, f->dialog, WAIT_MS * 4));
  g_clear_object (&f->dialog);
  row.root = deactivated.root = page;
  g_assert_true (wait_for (text_on_screen, &row, WAIT_MS));
  added = find_account (model, "liu");
  g_assert_nonnull (added);
  g_assert_cmpint (kd_cadre_get_role (added), ==, KD_ROLE_VILLAGE_SECRETARY);
  g_assert_cmpint (kd_cadre_get_village_id (added), >, 0);

  /* Deactivated from its menu: still listed, marked. */
  g_assert_false (text_on_screen (&deactivated));
  gtk_widget_activate_action (page, "accounts.deactivate", "x", kd_cadre_get_id (added));
  g_assert_true (wait_for (text_on_screen, &deactivated, WAIT_MS));
  g_assert_false (kd_cadre_get_active (find_account (model, "liu")));
}

static gboolean
audit_has (gpointer data)
{
  Fixture *f = data;
  GListModel *model = kd_audit_page_get_model (kd_window_get_audit_page (f->window));
  guint n = g_list_model_get_n_items (model);
  guint sign_ins = 0;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(KdAuditEntry) entry = g_list_model_get_item (model, i);

      if (g_strcmp0 (kd_audit_entry_get_action (entry), "sign-in") == 0)
        sign_ins++;
    }

  return sign_ins >= 2;
}

static gboolean
is_dropdown (GtkWidget *widget,
             gpointer   data)
{
  return GTK_IS_DROP_DOWN (widget) && g_strcmp0 (gtk_widget_get_tooltip_text (widget), data) == 0;
}

static void
test_audit_log (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(KdCadre) admin = sign_in (f, "admin");
  g_autoptr(KdCadre) again = NULL;
  GtkWidget *page;
  GListModel *model;
  TextSearch signed_in = { NULL, "Signed in" };
  TextSearch received = { NULL, "Public reply" };
  guint n;

  open_window (f, admin);
  kd_window_show_page (f->window, "audit");
  page = GTK_WIDGET (kd_window_get_audit_page (f->window));
  model = kd_audit_page_get_model (KD_AUDIT_PAGE (page));
  signed_in.root = received.root = page;

  /* The sign-in is listed, newest first, with the other changes. */
  g_assert_true (wait_for (text_on_screen, &signed_in, WAIT_MS));
  g_assert_true (text_on_screen (&received));
  n = g_list_model_get_n_items (model);
  g_assert_cmpuint (n, >, DEMO_CASES);

  /* A new sign-in comes on top by itself. */
  again = sign_in (f, "admin");
  g_assert_true (wait_for (audit_has, f, WAIT_MS));
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, n + 1);

  /* Only the sign-ins. */
  gtk_drop_down_set_selected (GTK_DROP_DOWN (find_widget (page, is_dropdown, "What was done")), 3);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 2);
  g_assert_false (text_on_screen (&received));

  /* Words that match nothing: the empty state. */
  gtk_editable_set_text (GTK_EDITABLE (find_widget (page, is_type, GSIZE_TO_POINTER (GTK_TYPE_SEARCH_ENTRY))),
                         "no-such-words-anywhere");
  g_signal_emit_by_name (find_widget (page, is_type, GSIZE_TO_POINTER (GTK_TYPE_SEARCH_ENTRY)), "search-changed");
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 0);
}

static gboolean
detail_is_idle (gpointer data)
{
  return !kd_case_detail_get_busy (data);
}

static gboolean
has_case (gpointer data)
{
  return kd_case_detail_get_case (data) != NULL;
}

/* A reply from the desktop is recorded under the signed-in cadre's name. */
static void
test_reply_actor (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(KdCadre) staff = sign_in (f, "staff");
  g_autoptr(GListModel) events = NULL;
  g_autoptr(KdCaseEvent) last = NULL;
  KdCasesPage *cases;
  KdCaseDetail *detail;
  gint64 id;

  open_window (f, staff);
  kd_window_show_page (f->window, "cases");
  cases = kd_window_get_cases_page (f->window);
  detail = kd_cases_page_get_detail (cases);
  id = kd_db_query_int (kd_store_get_reader (f->store), "SELECT MIN(id) FROM cases", NULL);
  kd_cases_page_select_case (cases, id);
  g_assert_true (wait_for (has_case, detail, WAIT_MS));

  kd_case_detail_send_reply (detail, "明天派人来看");
  g_assert_true (wait_for (detail_is_idle, detail, WAIT_MS));

  events = kd_case_event_list (kd_store_get_reader (f->store), id, FALSE, NULL);
  g_assert_cmpuint (g_list_model_get_n_items (events), >, 0);
  last = g_list_model_get_item (events, g_list_model_get_n_items (events) - 1);
  g_assert_cmpstr (kd_case_event_get_body (last), ==, "明天派人来看");
  g_assert_cmpstr (kd_case_event_get_actor (last), ==, "李干事");
}

int
main (int   argc,
      char *argv[])
{
  kd_test_display_init (&argc, &argv);

  g_test_add ("/kd/display/cadres/first-run", Fixture, NULL, fixture_setup, test_first_run, fixture_teardown);
  g_test_add ("/kd/display/cadres/sign-in", Fixture, "seed", fixture_setup, test_sign_in, fixture_teardown);
  g_test_add ("/kd/display/cadres/lockout", Fixture, "seed", fixture_setup, test_lockout, fixture_teardown);
  g_test_add ("/kd/display/cadres/header-and-roles", Fixture, "seed",
              fixture_setup, test_header_and_roles, fixture_teardown);
  g_test_add ("/kd/display/cadres/add-account", Fixture, "seed", fixture_setup, test_add_account, fixture_teardown);
  g_test_add ("/kd/display/cadres/audit-log", Fixture, "seed", fixture_setup, test_audit_log, fixture_teardown);
  g_test_add ("/kd/display/cadres/reply-actor", Fixture, "seed", fixture_setup, test_reply_actor, fixture_teardown);

  return g_test_run ();
}
