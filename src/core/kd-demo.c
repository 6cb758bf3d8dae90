#define G_LOG_DOMAIN "kd-demo"

#include "config.h"

#include "kd-canned-reply.h"
#include "kd-disclosure.h"
#include "kd-cadre.h"
#include "kd-demo.h"
#include "kd-workflow.h"

/* 魁多村 is real; the other five are marked as demo names wherever they show. */
static const struct { const char *code, *name; } demo_villages[] = {
  { "demo-xueping",  "雪坪村（演示）" },
  { "demo-heba",     "河坝村（演示）" },
  { "demo-songlin",  "松林村（演示）" },
  { "demo-dujuan",   "杜鹃村（演示）" },
  { "demo-muchang",  "牧场村（演示）" },
};

static const struct { const char *category, *text; gboolean urgent; } demo_problems[] = {
  { "roads",       "村道塌方，摩托车过不去，请尽快派人清理。", TRUE },
  { "roads",       "通组公路有一段坑洼积水，下雨天孩子上学不方便。", FALSE },
  { "water-power", "家里停电两天了，变压器好像坏了。", TRUE },
  { "water-power", "自来水管漏水，水压很小，做饭都不够用。", FALSE },
  { "environment", "垃圾收集点好几天没有清运，气味很大。", FALSE },
  { "housing",     "老房子墙体开裂，担心雨季垮塌，请来看看。", TRUE },
  { "welfare",     "想咨询一下高龄补贴怎么申请，需要带什么材料？", FALSE },
  { "health",      "村卫生室的常用药缺货，老人看病要跑镇上。", FALSE },
  { "education",   "孩子转学需要开什么证明？", FALSE },
  { "farming",     "花椒树出现病虫害，希望农技员来指导。", FALSE },
  { "farming",     "牦牛走失到邻村草场，需要协调。", FALSE },
  { "disputes",    "和邻居因为宅基地边界有争议，请村里调解。", FALSE },
  { "other",       "希望村里组织一次技能培训，外出务工用得上。", FALSE },
  { "policy-farming",      "今年的耕地地力保护补贴标准是多少？什么时候发放？", FALSE },
  { "policy-insurance",    "城乡居民医保在外地住院怎么报销？", FALSE },
  { "service-certificate", "需要开具家庭经济困难证明，给孩子申请助学金。", FALSE },
  { "service-subsidy",     "想申请危房改造补助，请问需要哪些材料？", FALSE },
  { "integrity-funds",     "反映村里修路资金使用不公开，请上级核查。", FALSE },
};

static const KdActor office = { 0, "镇便民服务中心" };

static const char * const demo_replies[] = {
  "已收到，镇上已安排工作人员今天到现场查看。",
  "已联系相关站所，预计三个工作日内处理完毕。",
  "已转交村两委跟进，请保持电话畅通。",
  "问题已处理，请您查看结果并评价。",
};

typedef struct
{
  guint n_cases;
  GRand *rand;
} DemoJob;

static gboolean
insert_villages (KdDb    *db,
                 GError **error)
{
  sqlite3_stmt *stmt = kd_db_prepare (db,
                                      "INSERT OR IGNORE INTO villages (code, name, position, demo)"
                                      " VALUES (?1, ?2, ?3, 1)",
                                      error);
  if (stmt == NULL)
    return FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (demo_villages); i++)
    {
      kd_db_bind_text (stmt, 1, demo_villages[i].code);
      kd_db_bind_text (stmt, 2, demo_villages[i].name);
      sqlite3_bind_int (stmt, 3, i + 1);
      if (!kd_db_step_done (db, stmt, error))
        return FALSE;
    }

  return TRUE;
}

static gint64
step (GRand  *rand,
      gint64 *at)
{
  return *at += g_rand_int_range (rand, 600, 36000);
}

/* The villager rates the result: well, or badly enough to reopen it. */
static gboolean
rate (KdDb       *db,
      GRand      *rand,
      KdCase     *kase,
      gint64      at,
      gboolean    satisfied,
      KdChanges  *changes,
      GError    **error)
{
  g_autoptr(KdCase) after = NULL;
  int score = satisfied ? g_rand_int_range (rand, 4, 6) : g_rand_int_range (rand, 1, 3);

  after = kd_workflow_rate (db, kd_case_get_tracking_code (kase), score, score,
                            satisfied ? "处理及时，谢谢。" : "问题还没有解决，请再来看看。",
                            at, changes, error);
  return after != NULL;
}

/* Walks a case along the queue as far as @target, as cadres would have:
 * accepted, assigned to its village, in progress, resolved with a reply,
 * and rated by the villager (closed, or reopened). */
static gboolean
advance (KdDb         *db,
         GRand        *rand,
         KdCase       *kase,
         gint64        at,
         KdCaseStatus  target,
         KdChanges    *changes,
         GError      **error)
{
  gint64 id = kd_case_get_id (kase);
  const char *reply = demo_replies[g_rand_int_range (rand, 0, G_N_ELEMENTS (demo_replies))];

  if (target == KD_CASE_STATUS_NEW)
    return TRUE;
  if (target == KD_CASE_STATUS_REJECTED)
    return kd_workflow_reject (db, id, &office, "该事项不属于本镇受理范围，请向县有关部门反映。",
                               step (rand, &at), changes, error);

  if (!kd_workflow_accept (db, id, &office, NULL, step (rand, &at), changes, error))
    return FALSE;
  if (target == KD_CASE_STATUS_ACCEPTED)
    return TRUE;
  if (!kd_workflow_assign (db, id, kd_case_get_village_id (kase), 0, &office, NULL,
                           step (rand, &at), changes, error))
    return FALSE;
  if (target == KD_CASE_STATUS_ASSIGNED)
    return TRUE;
  if (!kd_workflow_start (db, id, &office, NULL, step (rand, &at), changes, error))
    return FALSE;
  if (target == KD_CASE_STATUS_IN_PROGRESS)
    return g_rand_int_range (rand, 0, 4) != 0 ||
           kd_workflow_pause (db, id, &office, "请提供相关照片和户口本复印件。", step (rand, &at), changes, error);

  if (!kd_case_add_event (db, id, step (rand, &at), "reply", office.name, -1, reply, TRUE, changes, error) ||
      !kd_workflow_resolve (db, id, &office, NULL, step (rand, &at), changes, error))
    return FALSE;
  if (target == KD_CASE_STATUS_CLOSED)
    return rate (db, rand, kase, step (rand, &at), TRUE, changes, error);
  if (target == KD_CASE_STATUS_REOPENED)
    return rate (db, rand, kase, step (rand, &at), FALSE, changes, error);

  return TRUE;
}

static KdCaseStatus
pick_status (GRand *rand)
{
  int r = g_rand_int_range (rand, 0, 100);

  if (r < 20) return KD_CASE_STATUS_NEW;
  if (r < 30) return KD_CASE_STATUS_ACCEPTED;
  if (r < 38) return KD_CASE_STATUS_ASSIGNED;
  if (r < 48) return KD_CASE_STATUS_IN_PROGRESS;
  if (r < 63) return KD_CASE_STATUS_RESOLVED;
  if (r < 87) return KD_CASE_STATUS_CLOSED;
  if (r < 91) return KD_CASE_STATUS_REOPENED;
  if (r < 95) return KD_CASE_STATUS_REJECTED;
  return KD_CASE_STATUS_DUPLICATE;
}

/* A duplicate is merged into the case before it, when that one can keep it. */
static gboolean
merge_into_previous (KdDb       *db,
                     KdCase     *kase,
                     gint64      at,
                     KdChanges  *changes,
                     GError    **error)
{
  g_autoptr(GError) local = NULL;
  gint64 id = kd_case_get_id (kase);

  if (kd_workflow_merge (db, id, id - 1, &office, "同一问题已有村民反映，合并办理。", at, changes, &local))
    return TRUE;
  if (!g_error_matches (local, KD_WORKFLOW_ERROR, KD_WORKFLOW_ERROR_INVALID))
    {
      g_propagate_error (error, g_steal_pointer (&local));
      return FALSE;
    }
  return TRUE;   /* the case before is a duplicate or rejected itself: stays new */
}

static gpointer
demo_job (KdDb      *db,
          gpointer   data,
          KdChanges *changes,
          GError   **error)
{
  DemoJob *job = data;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;

  if (kd_db_query_int (db, "SELECT count(*) FROM villages WHERE demo", NULL) > 0)
    return GINT_TO_POINTER (TRUE);   /* already a demo town */

  if (!insert_villages (db, error) || !kd_canned_reply_demo_seed (db, changes, error))
    return NULL;

  for (guint i = 0; i < job->n_cases; i++)
    {
      guint p = g_rand_int_range (job->rand, 0, G_N_ELEMENTS (demo_problems));
      guint v = g_rand_int_range (job->rand, 0, G_N_ELEMENTS (demo_villages) + 1);
      g_autoptr(KdReport) report = kd_report_new ();
      g_autoptr(KdCase) kase = NULL;
      gint64 at = now - g_rand_int_range (job->rand, 60, 60 * 86400);
      KdCaseStatus status;

      report->village = g_strdup (v == 0 ? "kuiduo" : demo_villages[v - 1].code);
      report->category = g_strdup (demo_problems[p].category);
      report->description = g_strdup (demo_problems[p].text);
      report->urgent = demo_problems[p].urgent && g_rand_boolean (job->rand);
      report->reporter_name = g_strdup_printf ("演示村民%u", i + 1);
      report->reporter_phone = g_strdup_printf ("1380000%04u", i % 10000);
      report->channel = g_strdup (g_rand_int_range (job->rand, 0, 5) == 0 ? "office" : "phone");

      kase = kd_case_insert (db, report, at, changes, error);
      if (kase == NULL)
        return NULL;

      /* Recent cases are still open; old ones are mostly done. */
      status = at > now - 2 * 86400 ? KD_CASE_STATUS_NEW : pick_status (job->rand);
      if (status == KD_CASE_STATUS_DUPLICATE && i > 0
          ? !merge_into_previous (db, kase, at + 600, changes, error)
          : !advance (db, job->rand, kase, at, status, changes, error))
        return NULL;
    }

  return GINT_TO_POINTER (TRUE);
}

/* Adds the five demo villages and @n_cases cases across every state. Does
 * nothing when the database is already a demo town. Blocks until committed:
 * for start-up only. */
gboolean
kd_demo_populate (KdStore *store,
                  guint    n_cases,
                  GError **error)
{
  DemoJob job = { n_cases, g_rand_new_with_seed (20230716) };
  gboolean ok;

  ok = kd_writer_run_sync (kd_store_get_writer (store), demo_job, &job, NULL, error) != NULL;
  g_rand_free (job.rand);

  return ok;
}

static gpointer
accounts_job (KdDb      *db,
              gpointer   data,
              KdChanges *changes,
              GError   **error)
{
  return kd_cadre_demo_seed (db, changes, error) ? GINT_TO_POINTER (TRUE) : NULL;
}

/* The demo town's four accounts (kd-cadre.h; passwords "kuiduo-" + the
 * username), for `kuiduo --demo` on the desktop and headless. Accounts that
 * exist are kept. Blocks until committed: for start-up only. */
gboolean
kd_demo_add_accounts (KdStore *store,
                      GError **error)
{
  return kd_writer_run_sync (kd_store_get_writer (store), accounts_job, NULL, NULL, error) != NULL;
}

static gpointer
disclosures_job (KdDb      *db,
                 gpointer   data,
                 KdChanges *changes,
                 GError   **error)
{
  return kd_disclosure_demo_seed (db, g_get_real_time () / G_USEC_PER_SEC, changes, error)
         ? GINT_TO_POINTER (TRUE) : NULL;
}

/* The demo town's disclosures (kd-disclosure-demo.c), written by its demo
 * accounts: after kd_demo_add_accounts(). Nothing when there are
 * disclosures already. Blocks until committed: for start-up only. */
gboolean
kd_demo_add_disclosures (KdStore *store,
                         GError **error)
{
  return kd_writer_run_sync (kd_store_get_writer (store), disclosures_job, NULL, NULL, error) != NULL;
}
