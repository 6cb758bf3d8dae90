/* test-notices.c: the township's notices, added, edited and deleted through
 * the writer; and the cadre recorded on a report entered for a villager. */
#include "config.h"

#include "kd-audit.h"
#include "kd-notice.h"
#include "kd-test-cadres.h"

static KdActor
admin_actor (Fixture *f)
{
  KdActor actor = { kd_cadre_get_id (f->admin), "镇管理员" };

  return actor;
}

static gint64
add_notice (Fixture     *f,
            const char  *title,
            const char  *body,
            gint64       village_id,
            GError     **error)
{
  g_autoptr(GAsyncResult) result = NULL;
  KdActor actor = admin_actor (f);

  kd_notice_add_async (f->store, title, body, village_id, &actor, NULL, got_result, &result);
  return kd_notice_add_finish (f->store, wait_for (&result), error);
}

static GPtrArray *
list_all (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *notices = kd_notice_list_all (kd_store_get_reader (f->store), &error);

  g_assert_no_error (error);
  g_assert_nonnull (notices);
  return notices;
}

static void
test_add (Fixture       *f,
          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) newest = NULL;
  g_autoptr(GPtrArray) all = NULL;
  gint64 town, village;
  KdNotice *n;

  town = add_notice (f, "  秋收农机补贴开始申领  ", "请带身份证到镇政府一楼。\n截止十月底。", 0, &error);
  g_assert_no_error (error);
  g_assert_cmpint (town, >, 0);
  village = add_notice (f, "停水通知", "周三上午检修水管。", f->village_id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (village, >, town);

  newest = kd_notice_list_newest (kd_store_get_reader (f->store), 1, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (newest->len, ==, 1);
  n = g_ptr_array_index (newest, 0);
  g_assert_cmpint (n->id, ==, village);
  g_assert_cmpint (n->village_id, ==, f->village_id);
  g_assert_cmpstr (n->village_name, ==, "魁多村");

  all = list_all (f);
  g_assert_cmpuint (all->len, ==, 2);
  n = g_ptr_array_index (all, 1);
  g_assert_cmpstr (n->title, ==, "秋收农机补贴开始申领");   /* trimmed */
  g_assert_cmpstr (n->body, ==, "请带身份证到镇政府一楼。\n截止十月底。");
  g_assert_cmpint (n->village_id, ==, 0);
  g_assert_null (n->village_name);

  g_assert_cmpint (query_int (f, "SELECT count(*) FROM audit_log WHERE action = 'notice.add'"
                                 " AND target = 'notice' AND cadre_id IS NOT NULL"), ==, 2);
}

static void
test_refused (Fixture       *f,
              gconstpointer  data)
{
  struct { const char *title; const char *body; gint64 village; int code; } bad[] = {
    { "", "正文", 0, KD_NOTICE_ERROR_TITLE },
    { "   ", "正文", 0, KD_NOTICE_ERROR_TITLE },
    { "两行\n标题", "正文", 0, KD_NOTICE_ERROR_TITLE },
    { "标题", "", 0, KD_NOTICE_ERROR_BODY },
    { "标题", "bell\a", 0, KD_NOTICE_ERROR_BODY },
    { "标题", "正文", 999999, KD_NOTICE_ERROR_VILLAGE },
  };
  g_autofree char *long_title = NULL;
  GString *s = g_string_new (NULL);

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;

      g_assert_cmpint (add_notice (f, bad[i].title, bad[i].body, bad[i].village, &error), ==, 0);
      g_assert_error (error, KD_NOTICE_ERROR, bad[i].code);
    }

  for (int i = 0; i <= KD_NOTICE_MAX_TITLE; i++)
    g_string_append (s, "字");
  long_title = g_string_free (s, FALSE);
  {
    g_autoptr(GError) error = NULL;

    g_assert_cmpint (add_notice (f, long_title, "正文", 0, &error), ==, 0);
    g_assert_error (error, KD_NOTICE_ERROR, KD_NOTICE_ERROR_TITLE);
  }

  g_assert_cmpint (query_int (f, "SELECT count(*) FROM notices"), ==, 0);
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM audit_log WHERE target = 'notice'"), ==, 0);
}

static void
test_update_delete (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) updated = NULL;
  g_autoptr(GAsyncResult) refused = NULL;
  g_autoptr(GAsyncResult) deleted = NULL;
  g_autoptr(GAsyncResult) again = NULL;
  g_autoptr(GPtrArray) all = NULL;
  KdActor actor = admin_actor (f);
  gint64 published, id;
  KdNotice *n;

  id = add_notice (f, "旧标题", "旧正文", 0, &error);
  g_assert_no_error (error);
  published = query_int (f, "SELECT published_at FROM notices");

  kd_notice_update_async (f->store, id, "新标题", "新正文", f->village_id, &actor, NULL, got_result, &updated);
  g_assert_true (kd_notice_update_finish (f->store, wait_for (&updated), &error));
  g_assert_no_error (error);

  all = list_all (f);
  g_assert_cmpuint (all->len, ==, 1);
  n = g_ptr_array_index (all, 0);
  g_assert_cmpstr (n->title, ==, "新标题");
  g_assert_cmpstr (n->body, ==, "新正文");
  g_assert_cmpint (n->village_id, ==, f->village_id);
  g_assert_cmpint (n->published_at, ==, published);

  /* A bad edit changes nothing. */
  kd_notice_update_async (f->store, id, "", "x", 0, &actor, NULL, got_result, &refused);
  g_assert_false (kd_notice_update_finish (f->store, wait_for (&refused), &error));
  g_assert_error (error, KD_NOTICE_ERROR, KD_NOTICE_ERROR_TITLE);
  g_clear_error (&error);
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM notices WHERE title = '新标题'"), ==, 1);

  kd_notice_delete_async (f->store, id, &actor, NULL, got_result, &deleted);
  g_assert_true (kd_notice_delete_finish (f->store, wait_for (&deleted), &error));
  g_assert_no_error (error);
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM notices"), ==, 0);

  kd_notice_delete_async (f->store, id, &actor, NULL, got_result, &again);
  g_assert_false (kd_notice_delete_finish (f->store, wait_for (&again), &error));
  g_assert_error (error, KD_NOTICE_ERROR, KD_NOTICE_ERROR_NOT_FOUND);

  g_assert_cmpint (query_int (f, "SELECT count(*) FROM audit_log WHERE target = 'notice'"), ==, 3);
}

/* A report a cadre enters for a villager records the channel and the cadre. */
static void
test_proxy_report (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(KdReport) report = kd_report_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(KdCase) kase = NULL;
  g_autofree char *sql = NULL;

  report->village = g_strdup ("kuiduo");
  report->category = g_strdup ("service-certificate");
  report->kind = KD_CASE_KIND_SERVICE;
  report->description = g_strdup ("要开一张居住证明");
  report->channel = g_strdup ("office");
  report->created_by = kd_cadre_get_id (f->admin);

  kd_store_submit_report_async (f->store, kd_report_copy (report), NULL, got_result, &result);
  kase = kd_store_submit_report_finish (f->store, wait_for (&result), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (kd_case_get_channel (kase), ==, "office");
  g_assert_cmpint (kd_case_get_kind (kase), ==, KD_CASE_KIND_SERVICE);

  sql = g_strdup_printf ("SELECT created_by FROM cases WHERE id = %" G_GINT64_FORMAT, kd_case_get_id (kase));
  g_assert_cmpint (query_int (f, sql), ==, kd_cadre_get_id (f->admin));
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM cases WHERE created_by IS NULL"), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  add_test ("/kd/notices/add", test_add);
  add_test ("/kd/notices/refused", test_refused);
  add_test ("/kd/notices/update-delete", test_update_delete);
  add_test ("/kd/office/proxy-report", test_proxy_report);

  return g_test_run ();
}
