/* test-display-new-cases.c: new cases arriving while the queue is on show,
 * in the real window under Xvfb. They wait behind the "new cases" button
 * and the rows on show stay, at the top of the queue or further down; the
 * button shows them on top; a refresh that is not new cases (a filter)
 * shows them too, and so does going to one of them. */
#include "config.h"

#include <adwaita.h>

#include "kd-cases-page.h"
#include "kd-demo.h"
#include "kd-store.h"
#include "kd-test-display.h"
#include "kd-refresh-model.h"
#include "kd-test-util.h"
#include "kd-window.h"
#include "kd-workflow.h"

#define N_DEMO 300

typedef struct
{
  char     *dir;
  KdStore  *store;
  KdWindow *window;
  guint     changes;   /* items-changed of the list */
} Fixture;

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

/* What the table shows: the rows model of the column view. */
static GListModel *
shown (Fixture *f)
{
  return G_LIST_MODEL (gtk_column_view_get_model (find_table (GTK_WIDGET (page (f)))));
}

static GtkAdjustment *
vadjustment (Fixture *f)
{
  return gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (find_table (GTK_WIDGET (page (f)))));
}

static gint64
shown_id (Fixture *f,
          guint    pos)
{
  g_autoptr(GObject) item = g_list_model_get_item (shown (f), pos);

  g_assert_nonnull (item);
  return kd_case_get_id (KD_CASE (item));
}

static gint64
newest_id (Fixture *f)
{
  return kd_db_query_int (kd_store_get_reader (f->store), "SELECT max (id) FROM cases", NULL);
}

static gboolean
is_new_cases_button (GtkWidget *widget,
                     gpointer   data)
{
  return GTK_IS_BUTTON (widget) && gtk_widget_has_css_class (widget, "accent") &&
         GTK_IS_REVEALER (gtk_widget_get_parent (widget));
}

static GtkWidget *
new_cases_button (Fixture *f)
{
  GtkWidget *button = find_widget (GTK_WIDGET (page (f)), is_new_cases_button, NULL);

  g_assert_nonnull (button);
  return button;
}

static gboolean
button_revealed (GtkWidget *button)
{
  return gtk_revealer_get_reveal_child (GTK_REVEALER (gtk_widget_get_parent (button)));
}

static void
changed_cb (GListModel *model,
            guint       position,
            guint       removed,
            guint       added,
            Fixture    *f)
{
  f->changes++;
}

/* New cases in one commit, and the list's refresh for them. */
static void
insert_and_wait (Fixture *f,
                 guint    n)
{
  guint before = f->changes;

  kd_test_insert_cases (f->store, n, 0);
  while (f->changes == before)
    g_main_context_iteration (NULL, TRUE);
}

static gboolean
at_top (gpointer data)
{
  GtkAdjustment *adj = data;

  return gtk_adjustment_get_value (adj) <= gtk_adjustment_get_lower (adj);
}

static gboolean
scrolled_down (gpointer data)
{
  return !at_top (data);
}

/* Runs the main loop for a few frames. */
static void
settle (void)
{
  gint64 until = g_get_monotonic_time () + 300 * 1000;

  while (g_get_monotonic_time () < until)
    g_main_context_iteration (NULL, FALSE);
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->store = kd_test_store_new ("kd-display-new-cases-XXXXXX", &f->dir);
  g_assert_true (kd_demo_populate (f->store, data != NULL ? GPOINTER_TO_UINT (data) - 1 : N_DEMO, &error));
  g_assert_no_error (error);
  f->window = g_object_ref_sink (kd_window_new (NULL, f->store, NULL));
  gtk_window_set_default_size (GTK_WINDOW (f->window), 1280, 800);
  gtk_window_present (GTK_WINDOW (f->window));
  g_assert_true (wait_for (is_mapped, f->window, WAIT_MS));
  kd_window_show_page (f->window, "cases");
  g_assert_true (wait_for (is_mapped, page (f), WAIT_MS));
  g_signal_connect (list (f), "items-changed", G_CALLBACK (changed_cb), f);
  settle ();
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_signal_handlers_disconnect_by_data (list (f), f);
  kd_test_close_window (g_steal_pointer (&f->window));
  g_clear_object (&f->store);
  kd_test_remove_tree (f->dir);
  g_free (f->dir);
}

/* At the top of the queue, a new case waits too: the first row stays the
 * one the cadre may be about to click. The button shows it, on top. */
static void
test_one_at_top (Fixture       *f,
                 gconstpointer  data)
{
  guint n = g_list_model_get_n_items (shown (f));
  g_autoptr(GObject) first = g_list_model_get_item (shown (f), 0);
  g_autoptr(GObject) now = NULL;
  GtkWidget *button = new_cases_button (f);
  TextSearch wait = { GTK_WIDGET (page (f)), "1 new case" };

  g_assert_true (at_top (vadjustment (f)));
  g_assert_false (button_revealed (button));
  insert_and_wait (f, 1);
  settle ();
  g_assert_cmpuint (g_list_model_get_n_items (shown (f)), ==, n);
  now = g_list_model_get_item (shown (f), 0);
  g_assert_true (now == first);
  g_assert_true (at_top (vadjustment (f)));
  g_assert_true (wait_for (text_on_screen, &wait, WAIT_MS));

  g_signal_emit_by_name (button, "clicked");
  settle ();
  g_assert_cmpuint (g_list_model_get_n_items (shown (f)), ==, n + 1);
  g_assert_cmpint (shown_id (f, 0), ==, newest_id (f));
  g_assert_true (at_top (vadjustment (f)));
  g_assert_false (button_revealed (button));
}

/* Many at once, then a few more: all wait, the rows on show stay the same
 * items; the button shows them all on top, above the rows that were. */
static void
test_many_held_back (Fixture       *f,
                     gconstpointer  data)
{
  guint n = g_list_model_get_n_items (shown (f));
  g_autoptr(GObject) first = g_list_model_get_item (shown (f), 0);
  g_autoptr(GObject) now = NULL;
  GtkWidget *button = new_cases_button (f);
  TextSearch wait = { GTK_WIDGET (page (f)), "28 new cases" };

  insert_and_wait (f, 25);
  g_assert_cmpuint (g_list_model_get_n_items (shown (f)), ==, n);
  now = g_list_model_get_item (shown (f), 0);
  g_assert_true (now == first);
  g_assert_true (button_revealed (button));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list (f))), ==, n + 25);

  insert_and_wait (f, 3);
  g_assert_cmpuint (g_list_model_get_n_items (shown (f)), ==, n);
  g_assert_true (wait_for (text_on_screen, &wait, WAIT_MS));

  g_signal_emit_by_name (button, "clicked");
  settle ();
  g_assert_cmpuint (g_list_model_get_n_items (shown (f)), ==, n + 28);
  g_assert_cmpint (shown_id (f, 0), ==, newest_id (f));
  g_assert_true (at_top (vadjustment (f)));
  g_assert_false (button_revealed (button));
  /* The rows that were on show are the same items, below the new ones. */
  g_clear_object (&now);
  now = g_list_model_get_item (shown (f), 28);
  g_assert_true (now == first);
}

/* Scrolled down, the same; the shortcut shows them on top and goes there.
 * A change that is not new cases (a filter) shows them with it. */
static void
test_scrolled_down (Fixture       *f,
                    gconstpointer  data)
{
  GtkAdjustment *adj = vadjustment (f);
  TextSearch wait = { GTK_WIDGET (page (f)), "1 new case" };
  guint n = g_list_model_get_n_items (shown (f));

  gtk_adjustment_set_value (adj, (gtk_adjustment_get_upper (adj) - gtk_adjustment_get_page_size (adj)) / 2);
  g_assert_true (wait_for (scrolled_down, adj, WAIT_MS));
  insert_and_wait (f, 1);
  g_assert_cmpuint (g_list_model_get_n_items (shown (f)), ==, n);
  g_assert_true (wait_for (text_on_screen, &wait, WAIT_MS));

  /* Ctrl+R, as the shortcuts window says, shows it on top. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page (f)), "queue.show-new", NULL));
  settle ();
  g_assert_cmpuint (g_list_model_get_n_items (shown (f)), ==, n + 1);
  g_assert_cmpint (shown_id (f, 0), ==, newest_id (f));
  g_assert_true (at_top (vadjustment (f)));
  insert_and_wait (f, 1);
  gtk_adjustment_set_value (adj, (gtk_adjustment_get_upper (adj) - gtk_adjustment_get_page_size (adj)) / 2);
  g_assert_true (wait_for (scrolled_down, adj, WAIT_MS));
  g_assert_cmpuint (g_list_model_get_n_items (shown (f)), ==, n + 1);

  kd_case_list_set_village (list (f), kd_db_query_int (kd_store_get_reader (f->store),
                                                      "SELECT id FROM villages WHERE code = 'kuiduo'", NULL));
  settle ();
  g_assert_false (button_revealed (new_cases_button (f)));
  g_assert_cmpuint (g_list_model_get_n_items (shown (f)), ==,
                    g_list_model_get_n_items (G_LIST_MODEL (list (f))));
  g_assert_cmpint (shown_id (f, 0), ==, newest_id (f));   /* the new case is in Kuiduo */
}

/* Going to a case held back (a link, a notification) shows them first. */
static void
test_select_held_back (Fixture       *f,
                       gconstpointer  data)
{
  guint n = g_list_model_get_n_items (shown (f));

  insert_and_wait (f, 15);
  g_assert_cmpuint (g_list_model_get_n_items (shown (f)), ==, n);
  kd_cases_page_select_case (page (f), newest_id (f) - 3);
  settle ();
  g_assert_cmpuint (g_list_model_get_n_items (shown (f)), ==, n + 15);
  g_assert_cmpint (kd_cases_page_get_selected_id (page (f)), ==, newest_id (f) - 3);
  g_assert_true (gtk_selection_model_is_selected (GTK_SELECTION_MODEL (shown (f)), 3));
  g_assert_false (button_revealed (new_cases_button (f)));
}

/* An empty queue has no row to keep in place: a new case shows at once. */
static void
test_empty_queue (Fixture       *f,
                  gconstpointer  data)
{
  g_assert_cmpuint (g_list_model_get_n_items (shown (f)), ==, 0);
  insert_and_wait (f, 2);
  settle ();
  g_assert_cmpuint (g_list_model_get_n_items (shown (f)), ==, 2);
  g_assert_cmpint (shown_id (f, 0), ==, newest_id (f));
  g_assert_false (button_revealed (new_cases_button (f)));

  insert_and_wait (f, 1);   /* now there is a row on show */
  g_assert_cmpuint (g_list_model_get_n_items (shown (f)), ==, 2);
  g_assert_true (button_revealed (new_cases_button (f)));
}

/* The model under the table, alone: rows held back, then a change to a
 * case on show (not new cases): the held rows are shown with it on top, the
 * rows on show are the same items three rows lower, and the changed one
 * reads its new status. */
static void
test_model_reveals_with_change (Fixture       *f,
                                gconstpointer  data)
{
  g_autoptr(KdCaseList) cases = kd_case_list_new (f->store);
  g_autoptr(KdRefreshModel) rows = NULL;
  g_autoptr(GPtrArray) held = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(KdCase) now = NULL;
  GListModel *model;
  KdCase *target = NULL;
  guint n, target_pos = 0;
  int status = -1;

  g_signal_handlers_disconnect_by_data (list (f), f);   /* count this list's changes only */
  g_signal_connect (cases, "items-changed", G_CALLBACK (changed_cb), f);
  rows = kd_refresh_model_new (G_LIST_MODEL (cases));
  kd_refresh_model_set_holding (rows, TRUE);   /* new cases are coming (as kd-cases-page.c says) */
  model = G_LIST_MODEL (rows);
  n = g_list_model_get_n_items (model);
  for (guint i = 0; i < 20; i++)
    g_ptr_array_add (held, g_list_model_get_item (model, i));

  insert_and_wait (f, 3);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, n);
  g_assert_cmpuint (kd_refresh_model_get_n_hidden (rows), ==, 3);
  for (guint i = 0; i < held->len; i++)
    {
      g_autoptr(KdCase) row = g_list_model_get_item (model, i);
      g_assert_true (row == held->pdata[i]);
    }

  for (guint i = 1; i < held->len && target == NULL; i++)
    for (int s = 0; s < KD_CASE_N_STATUSES && target == NULL; s++)
      if (kd_case_status_can_change (kd_case_get_status (held->pdata[i]), s) &&
          kd_workflow_status_input (s) == KD_STATUS_INPUT_NONE)
        {
          target = held->pdata[i];
          target_pos = i;
          status = s;
        }
  g_assert_nonnull (target);
  kd_refresh_model_set_holding (rows, FALSE);   /* a change to a case, not new ones */
  {
    guint before = f->changes;

    kd_test_change_status (f->store, kd_case_get_id (target), status);
    while (f->changes == before)
      g_main_context_iteration (NULL, TRUE);
  }

  g_assert_cmpuint (kd_refresh_model_get_n_hidden (rows), ==, 0);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, n + 3);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, g_list_model_get_n_items (G_LIST_MODEL (cases)));
  now = g_list_model_get_item (model, 0);
  g_assert_cmpint (kd_case_get_id (now), ==, newest_id (f));
  for (guint i = 0; i < held->len; i++)
    {
      g_autoptr(KdCase) row = g_list_model_get_item (model, i + 3);

      if (i == target_pos)
        {
          g_assert_cmpint (kd_case_get_id (row), ==, kd_case_get_id (target));
          g_assert_cmpint (kd_case_get_status (row), ==, status);
        }
      else
        g_assert_true (row == held->pdata[i]);
    }
  g_signal_handlers_disconnect_by_data (cases, f);
}

typedef struct
{
  guint pos, removed, added;
} Change;

static void
record_cb (GListModel *model,
           guint       pos,
           guint       removed,
           guint       added,
           GArray     *changes)
{
  Change c = { pos, removed, added };

  g_array_append_val (changes, c);
}

static void
assert_rows (GListModel *model,
             KdCase    **expected,
             guint       n)
{
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, n);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(KdCase) row = g_list_model_get_item (model, i);

      g_assert_true (row == expected[i]);
    }
}

static void
assert_change (GArray *changes,
               guint   pos,
               guint   removed,
               guint   added)
{
  Change *c;

  g_assert_cmpuint (changes->len, ==, 1);
  c = &g_array_index (changes, Change, 0);
  g_assert_cmpuint (c->pos, ==, pos);
  g_assert_cmpuint (c->removed, ==, removed);
  g_assert_cmpuint (c->added, ==, added);
  g_array_set_size (changes, 0);
}

/* The model's edits, one by one, over a plain list of cases: rows on top
 * held back; the first rows shown read again (replaced by as many of the
 * edit's last rows); an edit below the rows held back; a change that is not
 * new rows, which shows them all. */
static void
test_model_edits (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GListStore) list = g_list_store_new (KD_TYPE_CASE);
  g_autoptr(KdRefreshModel) rows = NULL;
  g_autoptr(GArray) changes = g_array_new (FALSE, FALSE, sizeof (Change));
  g_autoptr(GPtrArray) c = g_ptr_array_new_with_free_func (g_object_unref);
  GListModel *model;

  for (gint64 id = 1; id <= 12; id++)
    g_ptr_array_add (c, kd_case_load (kd_store_get_reader (f->store), id, NULL));
  g_list_store_splice (list, 0, 0, c->pdata, 6);                     /* c0 … c5 */
  rows = kd_refresh_model_new (G_LIST_MODEL (list));
  model = G_LIST_MODEL (rows);
  g_signal_connect (rows, "items-changed", G_CALLBACK (record_cb), changes);
  kd_refresh_model_set_holding (rows, TRUE);

  g_list_store_splice (list, 0, 0, &c->pdata[6], 2);                 /* c6 c7 on top: held back */
  g_assert_cmpuint (changes->len, ==, 0);
  g_assert_cmpuint (kd_refresh_model_get_n_hidden (rows), ==, 2);
  assert_rows (model, (KdCase **) c->pdata, 6);
  g_assert_cmpuint (kd_refresh_model_from_list (rows, 1), ==, G_MAXUINT);
  g_assert_cmpuint (kd_refresh_model_from_list (rows, 2), ==, 0);

  g_list_store_splice (list, 0, 3, &c->pdata[8], 2);                 /* c6 c7 c0 → c8 c9: c0 read again */
  assert_change (changes, 0, 1, 1);
  g_assert_cmpuint (kd_refresh_model_get_n_hidden (rows), ==, 1);
  {
    KdCase *shown[] = { c->pdata[9], c->pdata[1], c->pdata[2], c->pdata[3], c->pdata[4], c->pdata[5] };
    assert_rows (model, shown, 6);
  }

  g_list_store_remove (list, 4);                                     /* c3, below: as it is */
  assert_change (changes, 3, 1, 0);
  g_assert_cmpuint (kd_refresh_model_get_n_hidden (rows), ==, 1);

  kd_refresh_model_set_holding (rows, FALSE);
  g_list_store_remove (list, 2);                                     /* c1: not new rows */
  assert_change (changes, 0, 2, 2);                                   /* c9 c1 → c8 c9 */
  g_assert_cmpuint (kd_refresh_model_get_n_hidden (rows), ==, 0);
  {
    KdCase *shown[] = { c->pdata[8], c->pdata[9], c->pdata[2], c->pdata[4], c->pdata[5] };
    assert_rows (model, shown, 5);
  }

  kd_refresh_model_set_holding (rows, TRUE);
  g_list_store_splice (list, 0, 0, &c->pdata[10], 2);                /* held again, then shown */
  g_assert_cmpuint (changes->len, ==, 0);
  kd_refresh_model_reveal (rows);
  assert_change (changes, 0, 0, 2);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 7);
}

int
main (int   argc,
      char *argv[])
{
  kd_test_display_init (&argc, &argv);

  g_test_add ("/kd/display/new-cases/one-at-top", Fixture, NULL, fixture_setup, test_one_at_top, fixture_teardown);
  g_test_add ("/kd/display/new-cases/many-held-back", Fixture, NULL, fixture_setup, test_many_held_back, fixture_teardown);
  g_test_add ("/kd/display/new-cases/scrolled-down", Fixture, NULL, fixture_setup, test_scrolled_down, fixture_teardown);
  g_test_add ("/kd/display/new-cases/empty-queue", Fixture, GUINT_TO_POINTER (1), fixture_setup, test_empty_queue,
              fixture_teardown);
  g_test_add ("/kd/display/new-cases/model-reveals-with-change", Fixture, NULL, fixture_setup,
              test_model_reveals_with_change, fixture_teardown);
  g_test_add ("/kd/display/new-cases/model-edits", Fixture, NULL, fixture_setup, test_model_edits, fixture_teardown);
  g_test_add ("/kd/display/new-cases/select-held-back", Fixture, NULL, fixture_setup, test_select_held_back,
              fixture_teardown);

  return g_test_run ();
}
