/* kd-disclosure-demo.c: the demo town's disclosures, written, reviewed and
 * published by its demo accounts the way a township would: a village's
 * quarterly finances (with a correction, so there are two versions), a
 * village-affairs notice, the town's party affairs, and a draft. */
#define G_LOG_DOMAIN "kd-disclosure"

#include "config.h"

#include "kd-disclosure.h"

/* Lines of a quarter: the month within it (0-2), the day, the item, income, expense. */
static const struct { int month; int day; const char *item; gint64 income; gint64 expense; } demo_ledger[] = {
  { 0,  5, "上级转移支付（村级运转经费）", 6000000, 0 },
  { 0, 18, "村集体牦牛养殖合作社分红", 1850000, 0 },
  { 1,  2, "村道边沟清淤（人工 12 个工日）", 0, 216000 },
  { 1, 21, "村委会办公用品", 0, 36000 },
  { 2, 10, "饮水管网维修（材料、人工）", 0, 1280050 },
  { 2, 28, "困难群众慰问（米、油）", 0, 480000 },
};

static gint64
cadre_id (KdDb       *db,
          const char *username)
{
  g_autofree char *sql = g_strdup_printf ("SELECT ifnull (max (id), 0) FROM cadres WHERE username = '%s'", username);

  return kd_db_query_int (db, sql, NULL);
}

static KdDisclosure *
draft (KdDisclosureKind  kind,
       gint64            village_id,
       const char       *period,
       const char       *title,
       const char       *body)
{
  KdDisclosure *d = kd_disclosure_new (kind);

  d->village_id = village_id;
  d->period = g_strdup (period);
  d->title = g_strdup (title);
  d->body = g_strdup (body);
  return d;
}

/* Saved by @writer, reviewed by @reviewer, published by @publisher (0: left a draft). */
static gint64
bring_through (KdDb          *db,
               KdDisclosure  *d,
               KdActor       *writer,
               KdActor       *reviewer,
               KdActor       *publisher,
               gint64         now,
               KdChanges     *changes,
               GError       **error)
{
  gint64 id = kd_disclosure_save (db, d, writer, now, changes, error);

  if (id == 0 || publisher->cadre_id == 0)
    return id;
  if (kd_disclosure_act (db, id, KD_DISCLOSURE_REVIEW, reviewer, now, changes, error) == 0 ||
      kd_disclosure_act (db, id, KD_DISCLOSURE_PUBLISH, publisher, now, changes, error) == 0)
    return 0;
  return id;
}

gboolean
kd_disclosure_demo_seed (KdDb       *db,
                         gint64      now,
                         KdChanges  *changes,
                         GError    **error)
{
  KdActor admin = { cadre_id (db, "admin"), "镇管理员" };
  KdActor staff = { cadre_id (db, "staff"), "李干事" };
  KdActor secretary = { cadre_id (db, "secretary"), "张书记" };
  KdActor nobody = { 0, NULL };
  gint64 village = kd_db_query_int (db, "SELECT ifnull (max (village_id), 0) FROM cadres WHERE username = 'secretary'", NULL);
  g_autoptr(GDateTime) today = g_date_time_new_now_local ();
  /* The last quarter that is over, and the one under way. */
  int quarter = (g_date_time_get_month (today) - 1) / 3 + 1;
  int year = g_date_time_get_year (today) - (quarter == 1 ? 1 : 0);
  int past = quarter == 1 ? 4 : quarter - 1;
  g_autofree char *past_period = g_strdup_printf ("%d-Q%d", year, past);
  g_autofree char *this_period = g_strdup_printf ("%d-Q%d", g_date_time_get_year (today), quarter);
  g_autofree char *y = g_strdup_printf ("%d", year);
  static const char * const numerals[] = { "", "一", "二", "三", "四" };
  g_autofree char *past_title = g_strdup_printf ("%d年第%s季度村级财务收支公开", year, numerals[past]);
  g_autofree char *this_title = g_strdup_printf ("%d年第%s季度村级财务收支公开", g_date_time_get_year (today),
                                                 numerals[quarter]);
  g_autofree char *party_title = g_strdup_printf ("%d年党费收缴、使用和管理情况", year);
  g_autofree char *first_day = g_strdup_printf ("%d-%02d-09", g_date_time_get_year (today), (quarter - 1) * 3 + 1);
  g_autoptr(KdDisclosure) finance = NULL;
  g_autoptr(KdDisclosure) fix = NULL;
  g_autoptr(KdDisclosure) affairs = NULL;
  g_autoptr(KdDisclosure) party = NULL;
  g_autoptr(KdDisclosure) next = NULL;
  gint64 id, fix_id;

  if (kd_db_query_int (db, "SELECT count(*) FROM disclosures", NULL) != 0 ||
      admin.cadre_id == 0 || staff.cadre_id == 0 || secretary.cadre_id == 0 || village == 0)
    return TRUE;

  finance = draft (KD_DISCLOSURE_FINANCE, village, past_period, past_title,
                   "以下为本村本季度财务收支明细，经村务监督委员会审核。\n"
                   "村民对公开内容有疑问的，可在公开之日起十日内向村务监督委员会或镇纪委反映。");
  for (guint i = 0; i < G_N_ELEMENTS (demo_ledger); i++)
    {
      g_autofree char *day = g_strdup_printf ("%d-%02d-%02d", year, (past - 1) * 3 + 1 + demo_ledger[i].month,
                                              demo_ledger[i].day);

      g_ptr_array_add (finance->lines, kd_ledger_line_new (day, demo_ledger[i].item,
                                                           demo_ledger[i].income, demo_ledger[i].expense));
    }
  /* Published with a mistake (3,600.00 for 360.00 of office supplies), then corrected. */
  ((KdLedgerLine *) finance->lines->pdata[3])->expense_fen = 360000;
  id = bring_through (db, finance, &secretary, &staff, &admin, now - 20 * 86400, changes, error);
  if (id == 0 || (fix_id = kd_disclosure_act (db, id, KD_DISCLOSURE_CORRECT, &secretary, now - 15 * 86400,
                                                changes, error)) == 0 ||
      (fix = kd_disclosure_load (db, fix_id, error)) == NULL)
    return FALSE;
  ((KdLedgerLine *) fix->lines->pdata[3])->expense_fen = 36000;
  if (kd_disclosure_save (db, fix, &secretary, now - 15 * 86400, changes, error) == 0 ||
      kd_disclosure_act (db, fix_id, KD_DISCLOSURE_REVIEW, &staff, now - 14 * 86400, changes, error) == 0 ||
      kd_disclosure_act (db, fix_id, KD_DISCLOSURE_PUBLISH, &admin, now - 14 * 86400, changes, error) == 0)
    return FALSE;

  affairs = draft (KD_DISCLOSURE_VILLAGE_AFFAIRS, village, past_period, "农村低保评议结果公示",
                   "经村民代表会议评议，拟将以下 3 户纳入农村最低生活保障：\n"
                   "一组 扎西家（因病）；二组 卓玛家（因残）；四组 格桑家（因灾）。\n"
                   "公示期七天。对评议结果有异议的，请向村委会或镇民政办反映。");
  party = draft (KD_DISCLOSURE_PARTY_AFFAIRS, 0, y, party_title,
                 "全镇各党支部按月足额收缴党费，全部上缴县委组织部。\n"
                 "下拨党费用于慰问老党员、困难党员和开展主题党日活动，使用情况已报县委组织部审核。");
  next = draft (KD_DISCLOSURE_FINANCE, village, this_period, this_title,
                "本季度收支明细，待村务监督委员会审核。");
  g_ptr_array_add (next->lines, kd_ledger_line_new (first_day, "上级转移支付（村级运转经费）", 6000000, 0));

  return bring_through (db, affairs, &secretary, &staff, &admin, now - 10 * 86400, changes, error) != 0 &&
         bring_through (db, party, &staff, &admin, &admin, now - 5 * 86400, changes, error) != 0 &&
         bring_through (db, next, &secretary, &nobody, &nobody, now - 86400, changes, error) != 0;
}
