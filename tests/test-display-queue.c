/* test-display-queue.c: the queue's filters, views, bulk actions and the
 * overdue pill, and the Overview's counts and hotline rates, in the real
 * window under Xvfb; every figure is checked against SQL of its own. */
#include "config.h"

#include <glib/gstdio.h>
#include <adwaita.h>

#include "kd-cases-page.h"
#include "kd-demo.h"
#include "kd-hotline-rates.h"
#include "kd-saved-view.h"
#include "kd-stats.h"
#include "kd-store.h"
#include "kd-test-display.h"
#include "kd-test-util.h"
#include "kd-window.h"

#define N_DEMO   300

typedef struct
{
  char     *dir;
  KdStore  *store;
  KdWindow *window;
} Fixture;

/* Every widget under @root that passes @test (kd-test-display.h finds the first). */
static void
collect (GtkWidget  *root,
         WidgetTest  test,
         gpointer    data,
         GPtrArray  *found)
{
  if (test (root, data))
    g_ptr_array_add (found, root);
  for (GtkWidget *child = gtk_widget_get_first_child (root); child; child = gtk_widget_get_next_sibling (child))
    collect (child, test, data, found);
}

static gboolean
is_toggle_labelled (GtkWidget     *widget,
                    gpointer       data)
{
  return GTK_IS_TOGGLE_BUTTON (widget) && g_strcmp0 (gtk_button_get_label (GTK_BUTTON (widget)), data) == 0;
}

static KdCasesPage *
page (Fixture *f)
{
  return kd_window_get_cases_page (f->window);
}

static KdCaseList *
list (Fixture *f)
{
  return kd_cases_page_get_list (page (f));
}

static guint
n_rows (Fixture *f)
{
  return g_list_model_get_n_items (G_LIST_MODEL (list (f)));
}

static gint64
sql_count (Fixture    *f,
           const char *where)
{
  g_autofree char *sql = g_strconcat ("SELECT count(*) FROM cases WHERE ", where, NULL);
  g_autoptr(GError) error = NULL;
  gint64 n = kd_db_query_int (kd_store_get_reader (f->store), sql, &error);

  g_assert_no_error (error);
  return n;
}

/* What kd_case_is_overdue() means, written out on its own. */
static char *
overdue_sql (void)
{
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;

  return g_strdup_printf ("status IN (0, 1, 2, 3, 8) AND paused_at IS NULL AND"
                          " ((responded_at IS NULL AND response_due_at < %" G_GINT64_FORMAT ")"
                          " OR resolution_due_at < %" G_GINT64_FORMAT ")", now, now);
}

/* The drop-downs of the queue's bar and Filters popover, in order: view,
 * status, kind, village, category. */
static GtkDropDown *
dropdown (Fixture *f,
          guint    i)
{
  g_autoptr(GPtrArray) found = g_ptr_array_new ();

  collect (GTK_WIDGET (page (f)), is_type, GSIZE_TO_POINTER (GTK_TYPE_DROP_DOWN), found);
  g_assert_cmpuint (found->len, >, i);
  return found->pdata[i];
}

enum { DD_VIEW, DD_STATUS, DD_KIND, DD_VILLAGE, DD_CATEGORY };

static GtkToggleButton *
toggle (Fixture    *f,
        const char *label)
{
  GtkWidget *w = find_widget (GTK_WIDGET (page (f)), is_toggle_labelled, (gpointer) label);

  g_assert_nonnull (w);
  return GTK_TOGGLE_BUTTON (w);
}

static const char *
filters_label (Fixture *f)
{
  GtkWidget *button = find_widget (GTK_WIDGET (page (f)), is_type, GSIZE_TO_POINTER (GTK_TYPE_MENU_BUTTON));
  g_autoptr(GPtrArray) found = g_ptr_array_new ();

  g_assert_nonnull (button);
  collect (GTK_WIDGET (page (f)), is_type, GSIZE_TO_POINTER (GTK_TYPE_MENU_BUTTON), found);
  /* The view menu first, then Filters. */
  return gtk_menu_button_get_label (found->pdata[1]);
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->store = kd_test_store_new ("kd-display-queue-XXXXXX", &f->dir);
  g_assert_true (kd_demo_populate (f->store, N_DEMO, &error));
  g_assert_no_error (error);
  f->window = g_object_ref_sink (kd_window_new (NULL, f->store, NULL));
  gtk_window_present (GTK_WINDOW (f->window));
  g_assert_true (wait_for (is_mapped, f->window, WAIT_MS));
  kd_window_show_page (f->window, "cases");
  g_assert_true (wait_for (is_mapped, page (f), WAIT_MS));
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  kd_test_close_window (g_steal_pointer (&f->window));
  g_clear_object (&f->store);
  kd_test_remove_tree (f->dir);
  g_free (f->dir);
}

/* Each filter narrows the list to what SQL counts; the Filters button
 * counts the filters it holds. */
static void
test_filters (Fixture       *f,
              gconstpointer  data)
{
  g_autofree char *overdue = overdue_sql ();
  gint64 village = kd_db_query_int (kd_store_get_reader (f->store),
                                    "SELECT id FROM villages ORDER BY position, id LIMIT 1", NULL);
  gint64 category = kd_db_query_int (kd_store_get_reader (f->store),
                                     "SELECT id FROM categories ORDER BY position, id LIMIT 1", NULL);
  g_autofree char *by_village = g_strdup_printf ("village_id = %" G_GINT64_FORMAT, village);
  g_autofree char *by_category = g_strdup_printf ("category_id = %" G_GINT64_FORMAT, category);
  guint all = n_rows (f);

  g_assert_cmpuint (all, ==, sql_count (f, "1"));
  g_assert_cmpstr (filters_label (f), ==, "Filters");

  gtk_drop_down_set_selected (dropdown (f, DD_KIND), 1 + KD_CASE_KIND_EMERGENCY);
  g_assert_cmpuint (n_rows (f), ==, sql_count (f, "kind = 1"));
  g_assert_cmpuint (n_rows (f), >, 0);
  g_assert_cmpstr (filters_label (f), ==, "Filters (1)");
  gtk_drop_down_set_selected (dropdown (f, DD_KIND), 0);

  gtk_drop_down_set_selected (dropdown (f, DD_STATUS), 1 + KD_CASE_STATUS_RESOLVED);
  g_assert_cmpuint (n_rows (f), ==, sql_count (f, "status = 4"));
  g_assert_cmpstr (filters_label (f), ==, "Filters");   /* the status shows on the bar */
  gtk_drop_down_set_selected (dropdown (f, DD_STATUS), 0);

  gtk_drop_down_set_selected (dropdown (f, DD_VILLAGE), 1);
  g_assert_cmpuint (n_rows (f), ==, sql_count (f, by_village));
  gtk_drop_down_set_selected (dropdown (f, DD_CATEGORY), 1);
  {
    g_autofree char *both = g_strconcat (by_village, " AND ", by_category, NULL);
    g_assert_cmpuint (n_rows (f), ==, sql_count (f, both));
  }
  g_assert_cmpstr (filters_label (f), ==, "Filters (2)");
  gtk_drop_down_set_selected (dropdown (f, DD_VILLAGE), 0);
  gtk_drop_down_set_selected (dropdown (f, DD_CATEGORY), 0);

  gtk_toggle_button_set_active (toggle (f, "_Urgent Only"), TRUE);
  g_assert_cmpuint (n_rows (f), ==, sql_count (f, "urgent = 1"));
  gtk_toggle_button_set_active (toggle (f, "_Urgent Only"), FALSE);

  gtk_toggle_button_set_active (toggle (f, "_Overdue"), TRUE);
  g_assert_cmpuint (n_rows (f), ==, sql_count (f, overdue));
  g_assert_cmpuint (n_rows (f), >, 0);
  gtk_toggle_button_set_active (toggle (f, "_Overdue"), FALSE);

  gtk_toggle_button_set_active (toggle (f, "U_nassigned"), TRUE);
  g_assert_cmpuint (n_rows (f), ==, sql_count (f, "assignee_id IS NULL AND assigned_village_id IS NULL"));
  gtk_toggle_button_set_active (toggle (f, "U_nassigned"), FALSE);

  /* Nobody is signed in yet: nothing is "mine". */
  gtk_toggle_button_set_active (toggle (f, "Assigned to _Me"), TRUE);
  g_assert_cmpuint (n_rows (f), ==, 0);
  gtk_toggle_button_set_active (toggle (f, "Assigned to _Me"), FALSE);

  g_assert_cmpuint (n_rows (f), ==, all);
  g_assert_cmpstr (filters_label (f), ==, "Filters");
}

/* The built-in views set the filters (and the widgets) as Ctrl+1..5 do. */
static void
test_views (Fixture       *f,
            gconstpointer  data)
{
  g_autofree char *overdue = overdue_sql ();

  gtk_widget_activate_action (GTK_WIDGET (page (f)), "queue.view", "i", KD_QUEUE_VIEW_OVERDUE);
  g_assert_cmpuint (n_rows (f), ==, sql_count (f, overdue));
  g_assert_true (gtk_toggle_button_get_active (toggle (f, "_Overdue")));
  g_assert_cmpuint (gtk_drop_down_get_selected (dropdown (f, DD_VIEW)), ==, KD_QUEUE_VIEW_OVERDUE);

  gtk_widget_activate_action (GTK_WIDGET (page (f)), "queue.view", "i", KD_QUEUE_VIEW_EMERGENCIES);
  g_assert_cmpuint (n_rows (f), ==, sql_count (f, "kind = 1"));
  g_assert_false (gtk_toggle_button_get_active (toggle (f, "_Overdue")));

  /* Picking a view in the drop-down does the same. */
  gtk_drop_down_set_selected (dropdown (f, DD_VIEW), KD_QUEUE_VIEW_UNASSIGNED);
  g_assert_cmpuint (n_rows (f), ==, sql_count (f, "assignee_id IS NULL AND assigned_village_id IS NULL"));

  /* Filters that match no view say "Custom" (the row after the views). */
  gtk_toggle_button_set_active (toggle (f, "_Urgent Only"), TRUE);
  g_assert_cmpuint (gtk_drop_down_get_selected (dropdown (f, DD_VIEW)), ==, KD_QUEUE_N_VIEWS);

  kd_cases_page_show_view (page (f), KD_QUEUE_VIEW_ALL);
  g_assert_cmpuint (n_rows (f), ==, sql_count (f, "1"));
  g_assert_cmpuint (gtk_drop_down_get_selected (dropdown (f, DD_VIEW)), ==, KD_QUEUE_VIEW_ALL);
}

static AdwMessageDialog *
message_dialog (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) w = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (w) && gtk_widget_get_visible (GTK_WIDGET (w)))
        return ADW_MESSAGE_DIALOG (w);
    }
  return NULL;
}

/* The view drop-down offers the view named "新的民生" (or not), and the
 * table has that many views. */
static gboolean
has_saved_views (gpointer data)
{
  Fixture *f = ((gpointer *) data)[0];
  guint want = GPOINTER_TO_UINT (((gpointer *) data)[1]);
  GListModel *names = gtk_drop_down_get_model (dropdown (f, DD_VIEW));
  guint offered = 0;

  for (guint i = 0; i < g_list_model_get_n_items (names); i++)
    offered += g_strcmp0 (gtk_string_list_get_string (GTK_STRING_LIST (names), i), "新的民生") == 0;
  return offered == want &&
         kd_db_query_int (kd_store_get_reader (f->store), "SELECT count(*) FROM saved_views", NULL) == want;
}

/* "Save current view…" keeps the filters as JSON; the view applies them
 * when picked again; "Delete view" removes it. */
static void
test_save_view (Fixture       *f,
                gconstpointer  data)
{
  gpointer one[2] = { f, GUINT_TO_POINTER (1) }, none[2] = { f, GUINT_TO_POINTER (0) };
  AdwMessageDialog *dialog;
  GtkWidget *entry;
  guint want;

  gtk_drop_down_set_selected (dropdown (f, DD_KIND), 1 + KD_CASE_KIND_LIVELIHOOD);
  gtk_drop_down_set_selected (dropdown (f, DD_STATUS), 1 + KD_CASE_STATUS_NEW);
  want = n_rows (f);
  g_assert_cmpuint (want, ==, sql_count (f, "kind = 0 AND status = 0"));

  gtk_widget_activate_action (GTK_WIDGET (page (f)), "queue.save-view", NULL);
  dialog = message_dialog ();
  g_assert_nonnull (dialog);
  entry = adw_message_dialog_get_extra_child (dialog);
  g_assert_false (adw_message_dialog_get_response_enabled (dialog, "save"));
  gtk_editable_set_text (GTK_EDITABLE (entry), "  新的民生  ");
  g_assert_true (adw_message_dialog_get_response_enabled (dialog, "save"));
  adw_message_dialog_response (dialog, "save");
  g_assert_true (wait_for (has_saved_views, one, WAIT_MS));

  g_assert_cmpint (kd_db_query_int (kd_store_get_reader (f->store),
                                    "SELECT json_extract (filter, '$.kind') * 10 + json_extract (filter, '$.status')"
                                    " FROM saved_views WHERE name = '新的民生' AND cadre_id IS NULL", NULL), ==, 0);
  g_assert_cmpint (kd_db_query_int (kd_store_get_reader (f->store),
                                    "SELECT json_extract (filter, '$.urgent') FROM saved_views", NULL), ==, 0);
  /* The filters are that view now. */
  g_assert_cmpuint (gtk_drop_down_get_selected (dropdown (f, DD_VIEW)), ==, KD_QUEUE_N_VIEWS);

  kd_cases_page_show_view (page (f), KD_QUEUE_VIEW_ALL);
  g_assert_cmpuint (n_rows (f), ==, sql_count (f, "1"));
  gtk_drop_down_set_selected (dropdown (f, DD_VIEW), KD_QUEUE_N_VIEWS);
  g_assert_cmpuint (n_rows (f), ==, want);
  g_assert_cmpuint (gtk_drop_down_get_selected (dropdown (f, DD_KIND)), ==, 1 + KD_CASE_KIND_LIVELIHOOD);

  gtk_widget_activate_action (GTK_WIDGET (page (f)), "queue.delete-view", NULL);
  g_assert_true (wait_for (has_saved_views, none, WAIT_MS));
}

static gboolean
n_closed_is (gpointer data)
{
  Fixture *f = ((gpointer *) data)[0];
  const char *where = ((gpointer *) data)[1];
  gint64 want = GPOINTER_TO_INT (((gpointer *) data)[2]);

  return sql_count (f, where) == want;
}

static GtkSelectionModel *
selection (Fixture *f)
{
  return gtk_column_view_get_model (find_table (GTK_WIDGET (page (f))));
}

static gboolean
revealed (GtkWidget     *widget,
          gpointer       data)
{
  return GTK_IS_REVEALER (widget) && gtk_revealer_get_reveal_child (GTK_REVEALER (widget)) &&
         GTK_IS_ACTION_BAR (gtk_revealer_get_child (GTK_REVEALER (widget)));
}

static gboolean
is_close_button (GtkWidget     *widget,
                 gpointer       data)
{
  return GTK_IS_BUTTON (widget) &&
         g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (widget)), "queue.close") == 0;
}

/* The bulk actions are ready again (they wait for the last one to finish). */
static gboolean
bulk_ready (gpointer data)
{
  return gtk_widget_is_sensitive (find_widget (data, is_close_button, NULL));
}

/* Closing three resolved cases at once closes them; a case core refuses to
 * close is left as it was. The selection stays on the cases. */
static void
test_bulk_close (Fixture       *f,
                 gconstpointer  data)
{
  g_autofree char *ids = NULL;
  g_autofree char *closed = NULL;
  gpointer wait[3];
  gint64 id[3], new_id;

  gtk_drop_down_set_selected (dropdown (f, DD_STATUS), 1 + KD_CASE_STATUS_RESOLVED);
  g_assert_cmpuint (n_rows (f), >=, 3);
  g_assert_null (find_widget (GTK_WIDGET (page (f)), revealed, NULL));
  gtk_selection_model_select_range (selection (f), 0, 3, TRUE);
  g_assert_nonnull (find_widget (GTK_WIDGET (page (f)), revealed, NULL));
  for (guint i = 0; i < 3; i++)
    {
      g_autoptr(KdCase) kase = g_list_model_get_item (G_LIST_MODEL (selection (f)), i);

      id[i] = kd_case_get_id (kase);
    }
  ids = g_strdup_printf ("id IN (%" G_GINT64_FORMAT ", %" G_GINT64_FORMAT ", %" G_GINT64_FORMAT ")",
                         id[0], id[1], id[2]);
  closed = g_strconcat (ids, " AND status = 5", NULL);
  g_assert_cmpint (sql_count (f, closed), ==, 0);

  gtk_widget_activate_action (GTK_WIDGET (page (f)), "queue.close", NULL);
  wait[0] = f; wait[1] = closed; wait[2] = GINT_TO_POINTER (3);
  g_assert_true (wait_for (n_closed_is, wait, WAIT_MS));
  g_assert_true (wait_for (bulk_ready, page (f), WAIT_MS));

  /* A new case and a resolved one: only the resolved one closes. */
  kd_cases_page_show_view (page (f), KD_QUEUE_VIEW_ALL);
  new_id = kd_db_query_int (kd_store_get_reader (f->store), "SELECT min (id) FROM cases WHERE status = 0", NULL);
  id[0] = kd_db_query_int (kd_store_get_reader (f->store), "SELECT min (id) FROM cases WHERE status = 4", NULL);
  gtk_selection_model_unselect_all (selection (f));
  gtk_selection_model_select_item (selection (f), kd_case_list_find (list (f), new_id), FALSE);
  gtk_selection_model_select_item (selection (f), kd_case_list_find (list (f), id[0]), FALSE);
  g_free (closed);
  closed = g_strdup_printf ("(id = %" G_GINT64_FORMAT " AND status = 0) OR (id = %" G_GINT64_FORMAT " AND status = 5)",
                            new_id, id[0]);
  gtk_widget_activate_action (GTK_WIDGET (page (f)), "queue.close", NULL);
  wait[1] = closed; wait[2] = GINT_TO_POINTER (2);
  g_assert_true (wait_for (n_closed_is, wait, WAIT_MS));
  /* Both stay selected through the refreshes the change caused. */
  {
    g_autoptr(GtkBitset) set = gtk_selection_model_get_selection (selection (f));
    g_assert_cmpuint (gtk_bitset_get_size (set), ==, 2);
    g_assert_true (gtk_bitset_contains (set, kd_case_list_find (list (f), new_id)));
    g_assert_true (gtk_bitset_contains (set, kd_case_list_find (list (f), id[0])));
  }
}

/* The row widgets of the table, with the widget of their Due cell. */
static GtkWidget *
due_cell_of_first_row (Fixture *f)
{
  GtkWidget *table = find_widget (GTK_WIDGET (page (f)), is_type, GSIZE_TO_POINTER (GTK_TYPE_COLUMN_VIEW));
  GtkWidget *view = find_widget (table, is_type, GSIZE_TO_POINTER (GTK_TYPE_LIST_VIEW));
  for (GtkWidget *row = gtk_widget_get_first_child (view); row; row = gtk_widget_get_next_sibling (row))
    {
      GtkWidget *cell = gtk_widget_get_first_child (row);

      if (g_strcmp0 (gtk_widget_get_css_name (row), "row") != 0 || !gtk_widget_get_visible (row))
        continue;
      for (guint i = 0; cell != NULL && i < 7; i++)   /* No., Summary, Kind, Village, Category, Urgency, Status */
        cell = gtk_widget_get_next_sibling (cell);
      g_assert_nonnull (cell);
      return gtk_widget_get_first_child (cell);
    }
  return NULL;
}

static gboolean
first_row_is (gpointer data)
{
  Fixture *f = ((gpointer *) data)[0];
  gboolean overdue = GPOINTER_TO_INT (((gpointer *) data)[1]);
  GtkWidget *box = due_cell_of_first_row (f);
  GtkWidget *pill = box ? gtk_widget_get_first_child (box) : NULL;

  return pill != NULL && GTK_IS_LABEL (pill) && gtk_widget_has_css_class (pill, "overdue-pill") &&
         gtk_widget_get_visible (pill) == overdue && gtk_widget_is_drawable (box);
}

/* An overdue case shows the red pill in the Due column; a closed one not. */
static void
test_overdue_pill (Fixture       *f,
                   gconstpointer  data)
{
  gpointer wait[2] = { f, GINT_TO_POINTER (TRUE) };

  gtk_widget_activate_action (GTK_WIDGET (page (f)), "queue.view", "i", KD_QUEUE_VIEW_OVERDUE);
  g_assert_cmpuint (n_rows (f), >, 0);
  g_assert_true (wait_for (first_row_is, wait, WAIT_MS));
  {
    GtkWidget *pill = gtk_widget_get_first_child (due_cell_of_first_row (f));
    g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (pill)), ==, "Overdue");
  }

  kd_cases_page_show_view (page (f), KD_QUEUE_VIEW_ALL);
  gtk_drop_down_set_selected (dropdown (f, DD_STATUS), 1 + KD_CASE_STATUS_CLOSED);
  g_assert_cmpuint (n_rows (f), >, 0);
  wait[1] = GINT_TO_POINTER (FALSE);
  g_assert_true (wait_for (first_row_is, wait, WAIT_MS));
}

static gboolean
rates_ready (gpointer data)
{
  return !kd_hotline_rates_get_busy (data) && kd_hotline_rates_get_town (data) != NULL;
}

static void
assert_same_rows (GListModel *shown,
                  GListModel *expected)
{
  g_assert_cmpuint (g_list_model_get_n_items (shown), ==, g_list_model_get_n_items (expected));
  for (guint i = 0; i < g_list_model_get_n_items (shown); i++)
    {
      g_autoptr(KdStatsRow) a = g_list_model_get_item (shown, i);
      g_autoptr(KdStatsRow) b = g_list_model_get_item (expected, i);

      g_assert_cmpint (kd_stats_row_get_id (a), ==, kd_stats_row_get_id (b));
      g_assert_cmpuint (kd_stats_row_get_cases (a), ==, kd_stats_row_get_cases (b));
      g_assert_cmpfloat (kd_stats_row_get_response_rate (a), ==, kd_stats_row_get_response_rate (b));
      g_assert_cmpfloat (kd_stats_row_get_on_time_rate (a), ==, kd_stats_row_get_on_time_rate (b));
      g_assert_cmpfloat (kd_stats_row_get_resolution_rate (a), ==, kd_stats_row_get_resolution_rate (b));
      g_assert_cmpfloat (kd_stats_row_get_satisfaction_rate (a), ==, kd_stats_row_get_satisfaction_rate (b));
      g_assert_cmpuint (kd_stats_row_get_repeats (a), ==, kd_stats_row_get_repeats (b));
    }
}

static gboolean
shows_label (GtkWidget     *widget,
             gpointer       data)
{
  return GTK_IS_LABEL (widget) && g_strcmp0 (gtk_label_get_text (GTK_LABEL (widget)), data) == 0;
}

static gboolean
is_button_with_class (GtkWidget     *widget,
                      gpointer       data)
{
  return GTK_IS_BUTTON (widget) && gtk_widget_has_css_class (widget, data);
}

/* The Overview's rates are kd_stats_query's for the period; the overdue
 * count opens the queue's Overdue view. */
static void
test_overview_rates (Fixture       *f,
                     gconstpointer  data)
{
  GtkWidget *overview = GTK_WIDGET (kd_window_get_overview_page (f->window));
  KdHotlineRates *rates = KD_HOTLINE_RATES (find_widget (overview, is_type, GSIZE_TO_POINTER (KD_TYPE_HOTLINE_RATES)));
  g_autofree char *overdue = overdue_sql ();
  g_autofree char *town_overdue = NULL;
  g_autofree char *response = NULL;
  g_autofree char *count = NULL;
  const KdStatsGroup groups[3] = { KD_STATS_TOWN, KD_STATS_BY_VILLAGE, KD_STATS_BY_ASSIGNEE };

  kd_window_show_page (f->window, "overview");
  g_assert_nonnull (rates);
  for (KdRatesPeriod period = KD_RATES_THIS_MONTH; period <= KD_RATES_THIS_YEAR; period++)
    {
      GListModel *shown[3];
      gint64 from, to, now = g_get_real_time () / G_USEC_PER_SEC;

      kd_hotline_rates_set_period (rates, period);
      g_assert_true (wait_for (rates_ready, rates, WAIT_MS));
      shown[0] = kd_hotline_rates_get_town (rates);
      shown[1] = kd_hotline_rates_get_villages (rates);
      shown[2] = kd_hotline_rates_get_cadres (rates);
      kd_hotline_rates_get_range (period, now, &from, &to);
      for (guint g = 0; g < 3; g++)
        {
          g_autoptr(GError) error = NULL;
          g_autoptr(GListModel) expected = kd_stats_query (kd_store_get_reader (f->store), groups[g],
                                                           from, to, now, &error);

          g_assert_no_error (error);
          assert_same_rows (shown[g], expected);
        }
    }

  {
    g_autoptr(KdStatsRow) town = g_list_model_get_item (kd_hotline_rates_get_town (rates), 0);

    g_assert_cmpuint (kd_stats_row_get_cases (town), >, 0);
    response = g_strdup_printf ("%.0f%%", kd_stats_row_get_response_rate (town) * 100);
    g_assert_nonnull (find_widget (GTK_WIDGET (rates), shows_label, response));
  }
  /* The town's figure: never 清风 reports (as the rates). */
  town_overdue = g_strconcat (overdue, " AND kind != 4", NULL);
  g_assert_cmpint (kd_hotline_rates_get_overdue (rates), ==, sql_count (f, town_overdue));
  count = g_strdup_printf ("%" G_GINT64_FORMAT, kd_hotline_rates_get_overdue (rates));
  g_assert_nonnull (find_widget (GTK_WIDGET (rates), shows_label, count));

  g_signal_emit_by_name (find_widget (GTK_WIDGET (rates), is_button_with_class, "overdue-card"), "clicked");
  g_assert_cmpstr (kd_window_get_page (f->window), ==, "cases");
  g_assert_cmpuint (n_rows (f), ==, sql_count (f, overdue));
  g_assert_cmpuint (gtk_drop_down_get_selected (dropdown (f, DD_VIEW)), ==, KD_QUEUE_VIEW_OVERDUE);
}

typedef struct
{
  GtkLabel *label;
  char     *text;
} LabelWait;

static gboolean
label_shows (gpointer data)
{
  LabelWait *w = data;

  return g_strcmp0 (gtk_label_get_text (w->label), w->text) == 0;
}

static gboolean
is_stat_number (GtkWidget *widget,
                gpointer   data)
{
  return GTK_IS_LABEL (widget) && gtk_widget_has_css_class (widget, "stat-number") &&
         gtk_widget_has_css_class (widget, "accent") == GPOINTER_TO_INT (data);
}

static void
report_done_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KdCase) kase = kd_store_submit_report_finish (KD_STORE (source), result, &error);

  g_assert_no_error (error);
  *(gint64 *) data = kd_case_get_id (kase);
}

static gboolean
is_unmapped (gpointer data)
{
  return !gtk_widget_get_mapped (data);
}

static gboolean
queue_has_rows (gpointer data)
{
  Fixture *f = ((gpointer *) data)[0];

  return n_rows (f) == GPOINTER_TO_UINT (((gpointer *) data)[1]);
}

static gboolean
is_nonzero (gpointer data)
{
  return *(gint64 *) data != 0;
}

/* The Overview counts what SQL counts; a report that arrives while the
 * queue is on show is counted when the Overview is shown again. */
static void
test_overview_counts (Fixture       *f,
                      gconstpointer  data)
{
  GtkWidget *overview = GTK_WIDGET (kd_window_get_overview_page (f->window));
  GtkLabel *total = GTK_LABEL (find_widget (overview, is_stat_number, GINT_TO_POINTER (FALSE)));
  GtkLabel *fresh = GTK_LABEL (find_widget (overview, is_stat_number, GINT_TO_POINTER (TRUE)));
  LabelWait wait_total = { total, NULL }, wait_fresh = { fresh, NULL };
  KdReport *report = kd_report_new ();   /* the store takes it */
  gint64 id = 0;
  guint rows;

  g_assert_nonnull (total);
  g_assert_nonnull (fresh);
  kd_window_show_page (f->window, "overview");
  wait_total.text = g_strdup_printf ("%" G_GINT64_FORMAT, sql_count (f, "1"));
  wait_fresh.text = g_strdup_printf ("%" G_GINT64_FORMAT, sql_count (f, "status = 0"));
  g_assert_true (wait_for (label_shows, &wait_total, WAIT_MS));
  g_assert_true (wait_for (label_shows, &wait_fresh, WAIT_MS));

  kd_window_show_page (f->window, "cases");
  g_assert_true (wait_for (is_unmapped, overview, WAIT_MS));   /* the cross-fade is over */
  rows = n_rows (f);
  report->village = g_strdup ("kuiduo");
  report->category = g_strdup ("roads");
  report->description = g_strdup ("桥被冲坏了");
  kd_store_submit_report_async (f->store, report, NULL, report_done_cb, &id);
  g_assert_true (wait_for (is_nonzero, &id, WAIT_MS));
  {
    gpointer wait[2] = { f, GUINT_TO_POINTER (rows + 1) };
    g_assert_true (wait_for (queue_has_rows, wait, WAIT_MS));
  }
  g_assert_true (label_shows (&wait_total));

  g_free (wait_total.text);
  g_free (wait_fresh.text);
  wait_total.text = g_strdup_printf ("%" G_GINT64_FORMAT, sql_count (f, "1"));
  wait_fresh.text = g_strdup_printf ("%" G_GINT64_FORMAT, sql_count (f, "status = 0"));
  /* Not on screen: not counted (well past the Overview's 200 ms delay). */
  g_assert_false (wait_for (label_shows, &wait_total, 1000));
  kd_window_show_page (f->window, "overview");
  g_assert_true (wait_for (label_shows, &wait_total, WAIT_MS));
  g_assert_true (wait_for (label_shows, &wait_fresh, WAIT_MS));
  g_free (wait_total.text);
  g_free (wait_fresh.text);
}

int
main (int   argc,
      char *argv[])
{
  if (g_getenv ("GDK_DEBUG") == NULL)
    g_setenv ("GDK_DEBUG", "gl-disable", TRUE);

  g_test_init (&argc, &argv, NULL);
  gtk_init ();
  adw_init ();

  g_test_add ("/kd/display/queue/filters-count", Fixture, NULL, fixture_setup, test_filters, fixture_teardown);
  g_test_add ("/kd/display/queue/views", Fixture, NULL, fixture_setup, test_views, fixture_teardown);
  g_test_add ("/kd/display/queue/save-view", Fixture, NULL, fixture_setup, test_save_view, fixture_teardown);
  g_test_add ("/kd/display/queue/bulk-close", Fixture, NULL, fixture_setup, test_bulk_close, fixture_teardown);
  g_test_add ("/kd/display/queue/overdue-pill", Fixture, NULL, fixture_setup, test_overdue_pill, fixture_teardown);
  g_test_add ("/kd/display/overview/rates", Fixture, NULL, fixture_setup, test_overview_rates, fixture_teardown);
  g_test_add ("/kd/display/overview/counts", Fixture, NULL, fixture_setup, test_overview_counts, fixture_teardown);

  return g_test_run ();
}
