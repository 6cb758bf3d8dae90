/* test-canned.c: the township's canned replies — listed for a category
 * (its own first, then the general ones), added, edited and deleted through
 * the writer, bad input refused without a change, and the demo's seed. */
#include "config.h"

#include "kd-canned-reply.h"
#include "kd-store.h"
#include "kd-test-util.h"

typedef struct
{
  char    *dir;
  KdStore *store;
  KdDb    *db;      /* the store's reader */
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  f->store = kd_test_store_new ("kd-canned-XXXXXX", &f->dir);
  f->db = kd_store_get_reader (f->store);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_clear_object (&f->store);
  kd_test_remove_tree (f->dir);
  g_free (f->dir);
}

static gint64
category_id (Fixture    *f,
             const char *code)
{
  g_autofree char *sql = g_strdup_printf ("SELECT id FROM categories WHERE code = '%s'", code);
  g_autoptr(GError) error = NULL;
  gint64 id = kd_db_query_int (f->db, sql, &error);

  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  return id;
}

/* The async API, waited for. */

static void
done_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      data)
{
  *(GAsyncResult **) data = g_object_ref (result);
}

static gint64
wait_result (Fixture       *f,
             GAsyncResult **slot,
             GError       **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  while (*slot == NULL)
    g_main_context_iteration (NULL, TRUE);
  result = g_steal_pointer (slot);

  return kd_store_canned_reply_finish (f->store, result, error);
}

static gint64
save (Fixture    *f,
      gint64      id,
      gint64      category,
      const char *title,
      const char *body,
      GError    **error)
{
  GAsyncResult *result = NULL;

  kd_store_save_canned_reply_async (f->store, id, category, title, body, NULL, done_cb, &result);
  return wait_result (f, &result, error);
}

static gint64
delete (Fixture *f,
        gint64   id,
        GError **error)
{
  GAsyncResult *result = NULL;

  kd_store_delete_canned_reply_async (f->store, id, NULL, done_cb, &result);
  return wait_result (f, &result, error);
}

static GPtrArray *
list (Fixture *f,
      gint64   category)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *replies = kd_canned_reply_list (f->db, category, &error);

  g_assert_no_error (error);
  g_assert_nonnull (replies);
  return replies;
}

static const char *
title_at (GPtrArray *replies,
          guint      i)
{
  g_assert_cmpuint (i, <, replies->len);
  return ((KdCannedReply *) g_ptr_array_index (replies, i))->title;
}

static void
test_list_order (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  gint64 roads = category_id (f, "roads");
  gint64 water = category_id (f, "water-power");
  g_autoptr(GPtrArray) for_roads = NULL;
  g_autoptr(GPtrArray) general = NULL;
  g_autoptr(GPtrArray) all = NULL;

  g_assert_cmpint (save (f, 0, 0, "已收到", "您好，已收到。", &error), >, 0);
  g_assert_no_error (error);
  g_assert_cmpint (save (f, 0, roads, "道路已修", "路已经修好了。", &error), >, 0);
  g_assert_cmpint (save (f, 0, water, "已通水", "已经恢复供水。", &error), >, 0);
  g_assert_cmpint (save (f, 0, roads, "道路封闭", "施工期间请绕行。", &error), >, 0);
  g_assert_no_error (error);

  /* The category's own first, in the order added; then the general; never another category's. */
  for_roads = list (f, roads);
  g_assert_cmpuint (for_roads->len, ==, 3);
  g_assert_cmpstr (title_at (for_roads, 0), ==, "道路已修");
  g_assert_cmpstr (title_at (for_roads, 1), ==, "道路封闭");
  g_assert_cmpstr (title_at (for_roads, 2), ==, "已收到");
  g_assert_cmpstr (((KdCannedReply *) g_ptr_array_index (for_roads, 0))->category_name, ==, "道路交通");
  g_assert_cmpint (((KdCannedReply *) g_ptr_array_index (for_roads, 2))->category_id, ==, 0);

  general = list (f, 0);
  g_assert_cmpuint (general->len, ==, 1);
  g_assert_cmpstr (title_at (general, 0), ==, "已收到");

  all = list (f, -1);
  g_assert_cmpuint (all->len, ==, 4);
}

static void
test_edit_delete (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) after_edit = NULL;
  g_autoptr(GPtrArray) after_delete = NULL;
  gint64 roads = category_id (f, "roads");
  KdCannedReply *reply;
  gint64 id;

  id = save (f, 0, 0, "已收到", "您好，已收到。", &error);
  g_assert_no_error (error);

  g_assert_cmpint (save (f, id, roads, "  已派人  ", "已派人查看。\n请稍候。", &error), ==, id);
  g_assert_no_error (error);
  after_edit = list (f, roads);
  g_assert_cmpuint (after_edit->len, ==, 1);
  reply = g_ptr_array_index (after_edit, 0);
  g_assert_cmpstr (reply->title, ==, "已派人");
  g_assert_cmpstr (reply->body, ==, "已派人查看。\n请稍候。");
  g_assert_cmpint (reply->category_id, ==, roads);

  g_assert_cmpint (delete (f, id, &error), ==, 1);
  g_assert_no_error (error);
  after_delete = list (f, -1);
  g_assert_cmpuint (after_delete->len, ==, 0);

  /* What is gone cannot be edited or deleted again. */
  g_assert_cmpint (delete (f, id, &error), ==, 0);
  g_assert_error (error, KD_CANNED_REPLY_ERROR, KD_CANNED_REPLY_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_cmpint (save (f, id, 0, "标题", "内容", &error), ==, 0);
  g_assert_error (error, KD_CANNED_REPLY_ERROR, KD_CANNED_REPLY_ERROR_NOT_FOUND);
}

static void
test_refused (Fixture       *f,
              gconstpointer  data)
{
  g_autofree char *long_title = NULL;
  g_autoptr(GString) long_body = g_string_new (NULL);
  g_autoptr(GPtrArray) replies = NULL;
  g_autoptr(GError) error = NULL;
  gint64 id;

  long_title = g_strnfill (KD_CANNED_REPLY_TITLE_MAX + 1, 'a');
  for (int i = 0; i <= KD_CANNED_REPLY_BODY_MAX; i++)
    g_string_append (long_body, "字");

  id = save (f, 0, 0, "原标题", "原内容", &error);
  g_assert_no_error (error);

  g_assert_cmpint (save (f, 0, 0, "   ", "内容", &error), ==, 0);
  g_assert_error (error, KD_CANNED_REPLY_ERROR, KD_CANNED_REPLY_ERROR_TITLE);
  g_clear_error (&error);
  g_assert_cmpint (save (f, 0, 0, long_title, "内容", &error), ==, 0);
  g_assert_error (error, KD_CANNED_REPLY_ERROR, KD_CANNED_REPLY_ERROR_TITLE);
  g_clear_error (&error);
  g_assert_cmpint (save (f, 0, 0, "两\n行", "内容", &error), ==, 0);
  g_assert_error (error, KD_CANNED_REPLY_ERROR, KD_CANNED_REPLY_ERROR_TITLE);
  g_clear_error (&error);
  g_assert_cmpint (save (f, 0, 0, "标题", "\n \t", &error), ==, 0);
  g_assert_error (error, KD_CANNED_REPLY_ERROR, KD_CANNED_REPLY_ERROR_BODY);
  g_clear_error (&error);
  g_assert_cmpint (save (f, 0, 0, "标题", long_body->str, &error), ==, 0);
  g_assert_error (error, KD_CANNED_REPLY_ERROR, KD_CANNED_REPLY_ERROR_BODY);
  g_clear_error (&error);
  g_assert_cmpint (save (f, 0, 0, "标题", "响\x07铃", &error), ==, 0);
  g_assert_error (error, KD_CANNED_REPLY_ERROR, KD_CANNED_REPLY_ERROR_BODY);
  g_clear_error (&error);
  g_assert_cmpint (save (f, 0, 99999, "标题", "内容", &error), ==, 0);
  g_assert_error (error, KD_CANNED_REPLY_ERROR, KD_CANNED_REPLY_ERROR_CATEGORY);
  g_clear_error (&error);
  /* A refused edit leaves the reply as it was. */
  g_assert_cmpint (save (f, id, 0, "新标题", "", &error), ==, 0);
  g_assert_error (error, KD_CANNED_REPLY_ERROR, KD_CANNED_REPLY_ERROR_BODY);

  replies = list (f, -1);
  g_assert_cmpuint (replies->len, ==, 1);
  g_assert_cmpstr (title_at (replies, 0), ==, "原标题");
  g_assert_cmpstr (((KdCannedReply *) g_ptr_array_index (replies, 0))->body, ==, "原内容");
}

static gpointer
seed_job (KdDb      *db,
          gpointer   data,
          KdChanges *changes,
          GError   **error)
{
  return kd_canned_reply_demo_seed (db, changes, error) ? GINT_TO_POINTER (TRUE) : NULL;
}

static void
test_demo_seed (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) first = NULL;
  g_autoptr(GPtrArray) second = NULL;

  g_assert_nonnull (kd_writer_run_sync (kd_store_get_writer (f->store), seed_job, NULL, NULL, &error));
  g_assert_no_error (error);
  first = list (f, category_id (f, "roads"));
  g_assert_cmpuint (first->len, >=, 3);
  for (guint i = 0; i < first->len; i++)
    g_assert_cmpint (((KdCannedReply *) g_ptr_array_index (first, i))->category_id, ==, 0);

  /* Seeding again adds nothing. */
  g_assert_nonnull (kd_writer_run_sync (kd_store_get_writer (f->store), seed_job, NULL, NULL, &error));
  g_assert_no_error (error);
  second = list (f, -1);
  g_assert_cmpuint (second->len, ==, first->len);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/kd/canned/list-order", Fixture, NULL, fixture_setup, test_list_order, fixture_teardown);
  g_test_add ("/kd/canned/edit-delete", Fixture, NULL, fixture_setup, test_edit_delete, fixture_teardown);
  g_test_add ("/kd/canned/refused", Fixture, NULL, fixture_setup, test_refused, fixture_teardown);
  g_test_add ("/kd/canned/demo-seed", Fixture, NULL, fixture_setup, test_demo_seed, fixture_teardown);

  return g_test_run ();
}
