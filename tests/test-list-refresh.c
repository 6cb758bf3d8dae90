/* test-list-refresh.c: KdCaseList after the store changed. New cases on
 * top of the default order move the rows a view read instead of reading
 * them again; anything else (a change to an older case, another order, the
 * overdue filter, a case created "before" the newest) reads the list anew.
 * Every case: the list reads as a new list over the same store does. */
#include "config.h"

#include "kd-case-list.h"
#include "kd-demo.h"
#include "kd-store.h"
#include "kd-test-util.h"
#include "kd-workflow.h"

#define N_DEMO  300
#define N_VIEW  250    /* the rows a view reads at each change */
#define WAIT_MS 5000

typedef struct
{
  char       *dir;
  KdStore    *store;
  KdCaseList *list;
  GPtrArray  *seen;      /* the rows read at the last change, from view_from */
  guint       view_from;
  gboolean    follow;    /* the view keeps its rows, as GTK's does: view_from moves with them */
  guint       changes;
} Fixture;

/* What a view does at items-changed: it reads the rows it shows. */
static void
items_changed_cb (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  Fixture    *f)
{
  guint n_items = g_list_model_get_n_items (model);

  if (f->follow)
    f->view_from = MIN ((guint) MAX (0, (gint64) f->view_from + added - removed), n_items);
  g_ptr_array_set_size (f->seen, 0);
  for (guint i = f->view_from; i < MIN (f->view_from + N_VIEW, n_items); i++)
    g_ptr_array_add (f->seen, g_list_model_get_item (model, i));
  f->changes++;
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->store = kd_test_store_new ("kd-list-refresh-XXXXXX", &f->dir);
  g_assert_true (kd_demo_populate (f->store, N_DEMO, &error));
  g_assert_no_error (error);
  f->seen = g_ptr_array_new_with_free_func (g_object_unref);
  f->list = kd_case_list_new (f->store);
  g_signal_connect (f->list, "items-changed", G_CALLBACK (items_changed_cb), f);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_clear_object (&f->list);
  g_clear_pointer (&f->seen, g_ptr_array_unref);
  g_clear_object (&f->store);
  kd_test_remove_tree (f->dir);
  g_free (f->dir);
}

/* @n new cases created at @created_at (0: now), in one commit. */
static void
insert_cases (Fixture *f,
              guint    n,
              gint64   created_at)
{
  kd_test_insert_cases (f->store, n, created_at);
}

static gboolean
timed_out (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

/* Runs the main loop until the list announced a refresh. */
static void
wait_refresh (Fixture *f)
{
  guint before = f->changes;
  gboolean late = FALSE;
  guint id = g_timeout_add (WAIT_MS, timed_out, &late);

  while (f->changes == before && !late)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (late);
  g_source_remove (id);
}

/* New cases, and the refresh they cause. */
static void
insert_and_wait (Fixture *f,
                 guint    n,
                 gint64   created_at)
{
  insert_cases (f, n, created_at);
  wait_refresh (f);
}

/* The list reads as a new one with the same order and filters does. */
static void
assert_reads_anew (Fixture    *f,
                   KdCaseList *fresh)
{
  GListModel *a = G_LIST_MODEL (f->list), *b = G_LIST_MODEL (fresh);

  g_assert_cmpuint (g_list_model_get_n_items (a), ==, g_list_model_get_n_items (b));
  for (guint i = 0; i < g_list_model_get_n_items (b); i++)
    {
      g_autoptr(KdCase) x = g_list_model_get_item (a, i);
      g_autoptr(KdCase) y = g_list_model_get_item (b, i);

      g_assert_cmpint (kd_case_get_id (x), ==, kd_case_get_id (y));
      g_assert_cmpint (kd_case_get_status (x), ==, kd_case_get_status (y));
      g_assert_cmpint (kd_case_get_created_at (x), ==, kd_case_get_created_at (y));
    }
}


/* A new list over the store with these settings reads as f->list does. */
static void
assert_reads_as_new (Fixture    *f,
                     int         status,
                     gboolean    overdue,
                     KdCaseSort  sort)
{
  g_autoptr(KdCaseList) fresh = kd_case_list_new (f->store);

  kd_case_list_set_status (fresh, status);
  kd_case_list_set_overdue (fresh, overdue);
  kd_case_list_set_sort (fresh, sort, TRUE);
  assert_reads_anew (f, fresh);
}

/* How many of the rows read before are the same objects @shift rows lower. */
static guint
count_moved (Fixture   *f,
             GPtrArray *before,
             guint      shift)
{
  guint same = 0;

  for (guint i = 0; i < before->len && i + shift < f->seen->len; i++)
    same += before->pdata[i] == f->seen->pdata[i + shift];
  return same;
}

/* New cases on top: the rows read before are the same objects, moved, but
 * for those that share a page with new cases (read again with them). */
static void
test_new_on_top (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GPtrArray) before = NULL;

  insert_cases (f, 1, 0);   /* the first refresh after opening reads anew */
  wait_refresh (f);
  for (guint round = 0; round < 3; round++)
    {
      guint loaded = kd_case_list_get_pages_loaded (f->list);

      g_clear_pointer (&before, g_ptr_array_unref);
      before = g_ptr_array_copy (f->seen, (GCopyFunc) g_object_ref, NULL);
      g_ptr_array_set_free_func (before, g_object_unref);
      insert_and_wait (f, 30 + 40 * round, 0);
      /* Only the pages holding the new cases were read (30–110 of them: two
       * pages at most). */
      g_assert_cmpuint (kd_case_list_get_pages_loaded (f->list) - loaded, <=, 2);
      g_assert_cmpuint (count_moved (f, before, 30 + 40 * round), >=,
                        N_VIEW - 30 - 40 * round - (KD_CASE_LIST_PAGE_SIZE - 1));
      assert_reads_as_new (f, -1, FALSE, KD_CASE_SORT_CREATED);
    }
}

/* A view further down keeps its rows while cases keep arriving on top:
 * no page is read again, and the rows are the same objects. */
static void
test_rows_below_stay (Fixture       *f,
                      gconstpointer  data)
{
  insert_and_wait (f, 1, 0);
  f->view_from = 120;
  f->follow = TRUE;
  insert_and_wait (f, 1, 0);
  for (guint round = 0; round < 6; round++)
    {
      g_autoptr(GPtrArray) before = g_ptr_array_copy (f->seen, (GCopyFunc) g_object_ref, NULL);
      guint loaded = kd_case_list_get_pages_loaded (f->list);
      guint from = f->view_from;

      g_ptr_array_set_free_func (before, g_object_unref);
      insert_and_wait (f, 137 + 161 * round, 0);
      g_assert_cmpuint (f->view_from, ==, from + 137 + 161 * round);
      g_assert_cmpuint (kd_case_list_get_pages_loaded (f->list), ==, loaded);
      g_assert_cmpuint (before->len, ==, f->seen->len);
      for (guint i = 0; i < before->len; i++)
        g_assert_true (before->pdata[i] == f->seen->pdata[i]);
    }
  f->follow = FALSE;
  assert_reads_as_new (f, -1, FALSE, KD_CASE_SORT_CREATED);
}

/* Many new cases at once (an import). */
static void
test_many_new (Fixture       *f,
               gconstpointer  data)
{
  insert_and_wait (f, 1, 0);
  insert_and_wait (f, 1500, 0);
  assert_reads_as_new (f, -1, FALSE, KD_CASE_SORT_CREATED);
  insert_and_wait (f, 10, 0);
  assert_reads_as_new (f, -1, FALSE, KD_CASE_SORT_CREATED);
}

/* A change to a case the list had read: read anew, the change on show. */
static void
test_older_case_changed (Fixture       *f,
                         gconstpointer  data)
{
  gint64 id = kd_db_query_int (kd_store_get_reader (f->store),
                               "SELECT id FROM cases WHERE status = 0 ORDER BY created_at DESC LIMIT 1 OFFSET 5", NULL);
  guint pos;

  insert_and_wait (f, 1, 0);
  insert_cases (f, 20, 0);
  kd_test_change_status (f->store, id, KD_CASE_STATUS_ACCEPTED);
  wait_refresh (f);
  assert_reads_as_new (f, -1, FALSE, KD_CASE_SORT_CREATED);
  pos = kd_case_list_find (f->list, id);
  g_assert_cmpuint (pos, <, f->seen->len);
  g_assert_cmpint (kd_case_get_status (f->seen->pdata[pos]), ==, KD_CASE_STATUS_ACCEPTED);
}

/* A case created before the newest (the clock went back) goes where the
 * order puts it, not on top. */
static void
test_clock_back (Fixture       *f,
                 gconstpointer  data)
{
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;

  insert_and_wait (f, 1, 0);
  insert_and_wait (f, 3, now - 86400);
  assert_reads_as_new (f, -1, FALSE, KD_CASE_SORT_CREATED);
  insert_and_wait (f, 5, 0);
  assert_reads_as_new (f, -1, FALSE, KD_CASE_SORT_CREATED);
}

/* Filters and other orders: as a new list with the same. */
static void
test_filters_and_sorts (Fixture       *f,
                        gconstpointer  data)
{
  kd_case_list_set_status (f->list, KD_CASE_STATUS_NEW);
  insert_and_wait (f, 1, 0);
  insert_and_wait (f, 12, 0);
  assert_reads_as_new (f, KD_CASE_STATUS_NEW, FALSE, KD_CASE_SORT_CREATED);

  kd_case_list_set_status (f->list, -1);
  kd_case_list_set_overdue (f->list, TRUE);
  insert_and_wait (f, 4, 0);
  assert_reads_as_new (f, -1, TRUE, KD_CASE_SORT_CREATED);

  kd_case_list_set_overdue (f->list, FALSE);
  kd_case_list_set_sort (f->list, KD_CASE_SORT_VILLAGE, TRUE);
  insert_and_wait (f, 7, 0);
  assert_reads_as_new (f, -1, FALSE, KD_CASE_SORT_VILLAGE);

  kd_case_list_set_sort (f->list, KD_CASE_SORT_ID, TRUE);
  insert_and_wait (f, 2, 0);
  insert_and_wait (f, 9, 0);
  assert_reads_as_new (f, -1, FALSE, KD_CASE_SORT_ID);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/kd/list/refresh/new-on-top", Fixture, NULL, fixture_setup, test_new_on_top, fixture_teardown);
  g_test_add ("/kd/list/refresh/rows-below-stay", Fixture, NULL, fixture_setup, test_rows_below_stay, fixture_teardown);
  g_test_add ("/kd/list/refresh/many-new", Fixture, NULL, fixture_setup, test_many_new, fixture_teardown);
  g_test_add ("/kd/list/refresh/older-case-changed", Fixture, NULL, fixture_setup, test_older_case_changed, fixture_teardown);
  g_test_add ("/kd/list/refresh/clock-back", Fixture, NULL, fixture_setup, test_clock_back, fixture_teardown);
  g_test_add ("/kd/list/refresh/filters-and-sorts", Fixture, NULL, fixture_setup, test_filters_and_sorts, fixture_teardown);

  return g_test_run ();
}
