/* cases.c: the case queue at scale (bench-cases).
 *
 * Writes a town of --cases cases (1,000,000 by default) and one of 10,000,
 * each once (kept and reused), then measures on a KdStore and a KdCaseList
 * opened on each: the first rows of a new list, a jump to the last row, each
 * sort both ways, searches for the top 50 hits (p50/p95), and peak RSS.
 * Each size is measured in a child process of its own, so its peak RSS is
 * its own; timings are medians of --repeats runs.
 *
 *   build/tests/bench/bench-cases [--cases N] [--db PATH] [--repeats 5] [--searches 200]
 *
 * The data: villagers' reports built from a few hundred phrase fragments,
 * across 12 villages, the 10 categories, every status, five years of times,
 * with public replies and internal notes. They are written on one writer
 * connection in one transaction with prepared statements; the FTS triggers
 * are switched off on that connection and case_search is filled at the end
 * with the same INSERT … SELECT that schema step 2 backfills with. */
#define G_LOG_DOMAIN "bench-cases"

#include "config.h"

#include <math.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>
#include <glib/gstdio.h>

#include "kd-store.h"
#include "kd-case-list.h"

#define SMALL_CASES 10000
#define TOP_HITS    50
#define N_SORTS     (KD_CASE_SORT_DUE + 1)
#define N_CADRES    8   /* bench accounts the cases are assigned to (they never sign in) */

typedef struct { const char *category, *title, *text; } Problem;

static const Problem problems[] = {
  { "roads", "村道塌方", "村道塌方了，摩托车和三轮车都过不去" }, { "roads", "路面坑洼", "通组公路有一段坑洼积水，下雨天孩子上学不方便" },
  { "roads", "路灯不亮", "路灯好几盏不亮，晚上走路看不清" }, { "roads", "桥被冲坏", "小桥的护栏被洪水冲坏了，很危险" },
  { "roads", "落石", "G318国道边的山上有落石，滚到路中间" }, { "roads", "涵洞堵塞", "路下面的涵洞堵塞，水漫到路面上" },
  { "roads", "缺少护栏", "急弯处没有护栏，晚上会车容易出事" }, { "roads", "班车停运", "去镇上的班车停运了，老人看病不方便" },
  { "roads", "路面结冰", "下雪后路面结冰，车辆打滑" }, { "roads", "道路泥泞", "入户路是土路，一下雨就泥泞不堪" },
  { "roads", "货车超载", "拉砂石的货车超载，把路压坏了" }, { "roads", "路牌缺失", "岔路口没有路牌，外地人经常走错" },
  { "roads", "桥面开裂", "水泥桥面开裂，担心承重不够" },
  { "water-power", "停电", "家里停电两天了，变压器好像坏了" }, { "water-power", "漏水", "自来水管漏水，水压很小，做饭都不够用" },
  { "water-power", "电压不稳", "电压不稳，电饭锅和冰箱经常跳闸" }, { "water-power", "停水", "从前天开始停水，也没有通知" },
  { "water-power", "水管冻裂", "天冷水管冻裂了，水表那里一直漏水" }, { "water-power", "电线老化", "电线老化，电杆也歪了，怕漏电" },
  { "water-power", "水质浑浊", "自来水浑浊发黄，有股怪味" }, { "water-power", "电表异常", "电表走得特别快，电费比以前多了一倍" },
  { "water-power", "蓄水池", "山上的蓄水池漏水，旱季不够用" }, { "water-power", "4G信号差", "手机4G信号很差，打电话经常断线" },
  { "water-power", "宽带WiFi", "村委会的WiFi连不上，宽带也很慢" }, { "water-power", "光伏故障", "屋顶光伏板不发电了，逆变器报错" },
  { "water-power", "变压器噪音", "变压器嗡嗡响，晚上睡不着" }, { "water-power", "停电检修", "说是停电检修，可已经一个星期了" },
  { "environment", "垃圾清运", "垃圾收集点好几天没有清运，气味很大" }, { "environment", "污水横流", "养殖场的污水直接排到河里" },
  { "environment", "焚烧秸秆", "有人在田边焚烧秸秆，烟很大" }, { "environment", "河道垃圾", "河道里有很多塑料垃圾，堵住了水" },
  { "environment", "噪音扰民", "采石场放炮噪音很大，房子都在震" }, { "environment", "厕所改造", "公共厕所没人打扫，改厕也没完成" },
  { "environment", "乱砍滥伐", "后山有人乱砍树木" }, { "environment", "粉尘污染", "砂石厂粉尘很大，庄稼叶子都是灰" },
  { "environment", "死畜处理", "路边有死猪没人处理，苍蝇很多" }, { "environment", "黑臭水塘", "村口的水塘发黑发臭" },
  { "environment", "野狗", "村里野狗很多，晚上乱叫，还咬过人" }, { "environment", "河边采砂", "有人在河边偷偷采砂" },
  { "housing", "墙体开裂", "老房子墙体开裂，担心雨季垮塌，请来看看" }, { "housing", "屋顶漏雨", "屋顶漏雨，瓦片被风吹掉了" },
  { "housing", "危房改造", "想申请危房改造，不知道需要什么材料" }, { "housing", "滑坡隐患", "房子后面的山坡有裂缝，怕滑坡" },
  { "housing", "安置房", "新村安置房的分配名单什么时候公布" }, { "housing", "地基下沉", "地基下沉，门窗都关不上了" },
  { "housing", "房屋渗水", "一楼房间渗水，墙上长霉" }, { "housing", "宅基地审批", "宅基地审批一直没有结果" },
  { "housing", "抗震加固", "想了解农房抗震加固的补助政策" }, { "housing", "火灾隐患", "木结构房子挨得太近，有火灾隐患" },
  { "housing", "围墙倒塌", "暴雨后围墙倒塌，压坏了菜地" }, { "housing", "烟囱堵塞", "烟囱堵塞，烧火时满屋是烟" },
  { "welfare", "高龄补贴", "想咨询一下高龄补贴怎么申请，需要带什么材料" }, { "welfare", "低保", "家里困难，想申请低保，不知道找谁" },
  { "welfare", "养老保险", "养老保险缴费基数是多少，能不能补缴" }, { "welfare", "残疾证", "残疾证到期了，去哪里换证" },
  { "welfare", "临时救助", "家里遭了火灾，能不能申请临时救助" }, { "welfare", "医保缴费", "医保缴费的二维码扫不出来" },
  { "welfare", "补贴未到账", "种粮补贴到现在还没到账" }, { "welfare", "社保卡", "社保卡丢了，补办要多久" },
  { "welfare", "留守老人", "留守老人一个人住，生病了没人照顾" }, { "welfare", "丧葬补助", "老人去世了，丧葬补助怎么领" },
  { "welfare", "就业补贴", "外出务工交通补贴怎么申请" },
  { "health", "缺药", "村卫生室的常用药缺货，老人看病要跑镇上" }, { "health", "医生不在", "卫生室经常没人，医生不在岗" },
  { "health", "疫苗接种", "孩子的疫苗接种本丢了，还能补种吗" }, { "health", "体检", "老年人免费体检什么时候开始" },
  { "health", "慢病随访", "高血压慢病随访好久没人来了" }, { "health", "救护车", "半夜叫救护车等了两个小时" },
  { "health", "报销比例", "住院报销比例是多少，转诊要什么手续" }, { "health", "狗咬伤", "被狗咬伤了，狂犬疫苗哪里有" },
  { "health", "食物中毒", "吃了酒席后好几个人上吐下泻" }, { "health", "妇幼保健", "孕妇产检要去县里，路太远" },
  { "health", "健康打卡", "健康打卡的表格填不进去" },
  { "education", "转学证明", "孩子转学需要开什么证明" }, { "education", "校车", "校车取消了，孩子要走一个小时山路" },
  { "education", "营养午餐", "学校营养午餐的分量太少" }, { "education", "助学金", "家庭困难学生的助学金怎么申请" },
  { "education", "教室漏雨", "小学教室漏雨，课桌都湿了" }, { "education", "幼儿园", "村里没有幼儿园，孩子要送到镇上" },
  { "education", "网课", "山里网络差，孩子上不了网课" }, { "education", "课本", "开学两周了课本还没发全" },
  { "education", "学籍", "学籍信息填错了怎么改" },
  { "farming", "病虫害", "花椒树出现病虫害，希望农技员来指导" }, { "farming", "牦牛走失", "牦牛走失到邻村草场，需要协调" },
  { "farming", "化肥", "今年化肥涨价，而且买不到" }, { "farming", "种子", "买到的玉米种子发芽率很低，怀疑是假种子" },
  { "farming", "灌溉", "灌溉水渠坏了，田里缺水" }, { "farming", "农机补贴", "买了微耕机，农机补贴怎么申请" },
  { "farming", "青稞收购", "青稞收购价格太低，卖不出去" }, { "farming", "野猪毁地", "野猪把土豆地拱了，损失很大" },
  { "farming", "冰雹", "冰雹把苹果打坏了，能不能理赔" }, { "farming", "土地流转", "土地流转的租金一直没给" },
  { "farming", "草场退化", "草场退化，牛羊吃不饱" }, { "farming", "大棚", "大棚被大风吹塌了" },
  { "disputes", "宅基地纠纷", "和邻居因为宅基地边界有争议，请村里调解" }, { "disputes", "工钱拖欠", "在工地干了半年，工钱一直拖欠" },
  { "disputes", "家庭矛盾", "婆媳吵架闹得很厉害，需要调解" }, { "disputes", "山林权属", "两个组为了山林权属吵起来了" },
  { "disputes", "水源纠纷", "上游截水，下游的田没水灌" }, { "disputes", "赡养老人", "几个儿子都不愿意赡养老人" },
  { "disputes", "牲畜损害", "别人家的牛吃了我家庄稼" }, { "disputes", "征地补偿", "征地补偿款分配不公" },
  { "disputes", "交通事故", "摩托车撞了人，双方谈不拢赔偿" }, { "disputes", "通道纠纷", "邻居把通道堵了，我们家出不去" },
  { "other", "技能培训", "希望村里组织一次技能培训，外出务工用得上" }, { "other", "办证咨询", "身份证到期了，在镇上能不能办" },
  { "other", "政策咨询", "乡村振兴的项目怎么申报" }, { "other", "村务公开", "村务公开栏好久没更新了" },
  { "other", "快递", "快递只送到镇上，取件不方便" }, { "other", "建议", "建议在村口设一个便民服务点" },
  { "other", "12345热线", "打12345热线反映过，一直没回复" }, { "other", "电信诈骗", "老人接到诈骗电话，差点被骗" },
  { "other", "驻村干部", "想联系驻村干部，电话打不通" },
};

static const char * const places[] = {
  "村口", "学校旁边", "卫生室门口", "村委会附近", "老街", "桥头", "水磨坊边", "晒场边上",
  "新村安置点", "河坝下面", "半山腰", "小卖部对面", "文化广场", "G318国道边", "养殖场旁",
  "茶园里", "集市上", "进村路口", "后山", "小学后面",
};

static const char * const times[] = {
  "昨天晚上", "今天早上", "这几天", "上个星期", "从前天开始", "一连三天", "最近一个月",
  "刚才", "下大雨以后", "每到晚上", "去年冬天起", "赶集那天", "过年前后", "开春以来",
};

static const char * const details[] = {
  "家里只有老人和孩子", "已经跟组长说过了", "附近好几户都是这样", "拍了照片",
  "之前也反映过", "村里说管不了", "损失大概两三千元", "孩子上学要经过这里",
  "晚上特别危险", "影响到大家的生活", "不知道该找哪个部门", "电话打了好几次",
  "外出务工的人回来也说", "邻村也有同样的情况", "我们自己修不了", "已经有人受伤",
  "牛羊也受影响", "天气越来越冷", "老人行动不便", "希望不要拖",
};

static const char * const requests[] = {
  "请尽快派人处理", "希望村里协调一下", "请镇上的领导重视", "请相关部门来看看",
  "麻烦给个答复", "盼望早日解决", "请告诉我们怎么办", "希望能给个说法",
  "请派技术人员来", "谢谢", "急", "请帮帮忙",
};

static const char * const replies[] = {
  "已收到，镇上已安排工作人员今天到现场查看。", "已联系供电所，预计三个工作日内处理完毕。",
  "已转交村两委跟进，请保持电话畅通。", "问题已处理，请您查看结果并评价。",
  "已联系水务站派人维修水管。", "已报县交通局，等待批复。", "农技站下周安排专家下乡指导。",
  "已上门调解，双方达成一致。", "补贴已核实，下月随其他款项一起发放。",
  "请携带身份证、户口本到镇便民服务中心办理。", "已安排网格员上门了解情况。",
};

static const char * const notes[] = {
  "需要协调交通局，费用另议。", "当事人情绪激动，注意沟通方式。",
  "此事涉及两个村，需镇里统一协调。", "预算不足，列入明年计划。", "重复反映，与前一件合并处理。",
};

static const char * const villages[] = {
  "雪坪村", "河坝村", "松林村", "杜鹃村", "牧场村", "石门村",
  "清水村", "红旗村", "团结村", "新民村", "龙潭村",
};

/* Two-character and mixed searches (the targets), and one-character ones. */
static const char * const searches[] = {
  "停电", "漏水", "路灯", "垃圾", "补贴", "塌方", "信号", "水管", "开裂", "低保",
  "化肥", "纠纷", "噪音", "调解", "野猪", "校车", "疫苗", "滑坡", "宽带", "牦牛",
  "落石", "停水", "电压", "护栏", "医保", "助学", "冰雹", "工钱", "快递", "驻村",
  "3组 停电", "5组漏水", "G318 落石", "4G信号", "WiFi", "12345", "2组 路灯",
  "停电 变压器", "漏水 水表", "村口 垃圾", "7组 塌方", "11组", "wifi 宽带",
  "G318国道", "4g", "1组 低保", "停电两天", "水压很小", "补贴 申请", "10组 纠纷",
};

static const char * const single_chars[] = { "水", "电", "路", "桥", "狗", "药", "房", "牛" };

/* ---- the generator ---- */

typedef struct
{
  KdDb   *db;
  GRand  *rand;
  gint64  category_ids[G_N_ELEMENTS (problems)];
  guint   n_villages;
} Gen;

#define PICK(gen, array) (array)[g_rand_int_range ((gen)->rand, 0, G_N_ELEMENTS (array))]

static char *
make_description (Gen           *gen,
                  const Problem *p,
                  const char    *where)
{
  g_autoptr(GString) s = g_string_new (PICK (gen, times));

  g_string_append_printf (s, "，%s%s，%s", where, p->text, PICK (gen, details));
  if (g_rand_int_range (gen->rand, 0, 3) == 0)
    g_string_append_printf (s, "，%s", PICK (gen, details));
  g_string_append_printf (s, "。%s。", PICK (gen, requests));

  return g_string_free (g_steal_pointer (&s), FALSE);
}

static KdCaseStatus
pick_status (Gen   *gen,
             double age_days)
{
  int r = g_rand_int_range (gen->rand, 0, 100);

  if (age_days < 3)
    return r < 70 ? KD_CASE_STATUS_NEW : KD_CASE_STATUS_ACCEPTED;
  if (age_days < 30)
    return r < 10 ? KD_CASE_STATUS_NEW : r < 40 ? KD_CASE_STATUS_ACCEPTED :
           r < 70 ? KD_CASE_STATUS_IN_PROGRESS : KD_CASE_STATUS_RESOLVED;
  return r < 2 ? KD_CASE_STATUS_IN_PROGRESS : r < 20 ? KD_CASE_STATUS_RESOLVED :
         r < 93 ? KD_CASE_STATUS_CLOSED : r < 97 ? KD_CASE_STATUS_DUPLICATE : KD_CASE_STATUS_REJECTED;
}

static gboolean
add_event (Gen         *gen,
           gint64       case_id,
           gint64       at,
           const char  *kind,
           int          status,
           const char  *body,
           gboolean     is_public,
           GError     **error)
{
  sqlite3_stmt *stmt = kd_db_prepare (gen->db,
                                      "INSERT INTO case_events (case_id, at, kind, actor, status, body, public)"
                                      " VALUES (?1, ?2, ?3, '镇便民服务中心', ?4, ?5, ?6)",
                                      error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, case_id);
  sqlite3_bind_int64 (stmt, 2, at);
  kd_db_bind_text (stmt, 3, kind);
  if (status >= 0)
    sqlite3_bind_int (stmt, 4, status);
  kd_db_bind_text (stmt, 5, body);
  sqlite3_bind_int (stmt, 6, is_public);
  return kd_db_step_done (gen->db, stmt, error);
}

static gboolean
insert_case (Gen      *gen,
             gint64    id,
             gint64    at,
             double    age_days,
             GError  **error)
{
  const Problem *p = &problems[g_rand_int_range (gen->rand, 0, G_N_ELEMENTS (problems))];
  guint group = g_rand_int_range (gen->rand, 1, 13);
  g_autofree char *where = g_rand_boolean (gen->rand) ? g_strdup_printf ("%u组", group) : g_strdup (PICK (gen, places));
  g_autofree char *title = g_strconcat (where, p->title, NULL);
  g_autofree char *description = make_description (gen, p, where);
  g_autofree char *code = kd_tracking_code_new ();
  g_autofree char *phone = g_strdup_printf ("138%08u", g_rand_int_range (gen->rand, 0, 100000000));
  KdCaseStatus status = pick_status (gen, age_days);
  gint64 done = at + g_rand_int_range (gen->rand, 600, 7 * 86400);
  sqlite3_stmt *stmt = kd_db_prepare (gen->db,
                                      "INSERT INTO cases (id, tracking_code, created_at, updated_at, village_id,"
                                      " category_id, title, description, reporter_name, reporter_phone, urgent,"
                                      " status, channel, kind, response_due_at, resolution_due_at, assignee_id)"
                                      " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, '村民', ?9, ?10, ?11, ?12, ?10,"
                                      " ?3 + 86400, ?3 + 5 * 86400, ?13)",
                                      error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, id);
  kd_db_bind_text (stmt, 2, code);
  sqlite3_bind_int64 (stmt, 3, at);
  sqlite3_bind_int64 (stmt, 4, status == KD_CASE_STATUS_NEW ? at : done);
  sqlite3_bind_int64 (stmt, 5, g_rand_int_range (gen->rand, 1, gen->n_villages + 1));
  sqlite3_bind_int64 (stmt, 6, gen->category_ids[p - problems]);
  kd_db_bind_text (stmt, 7, title);
  kd_db_bind_text (stmt, 8, description);
  kd_db_bind_text (stmt, 9, phone);
  sqlite3_bind_int (stmt, 10, g_rand_int_range (gen->rand, 0, 100) < 8);
  sqlite3_bind_int (stmt, 11, status);
  kd_db_bind_text (stmt, 12, g_rand_int_range (gen->rand, 0, 5) ? "phone" : "office");
  if (status != KD_CASE_STATUS_NEW && status != KD_CASE_STATUS_ACCEPTED && g_rand_boolean (gen->rand))
    sqlite3_bind_int64 (stmt, 13, g_rand_int_range (gen->rand, 1, N_CADRES + 1));
  else
    sqlite3_bind_null (stmt, 13);
  if (!kd_db_step_done (gen->db, stmt, error) ||
      !add_event (gen, id, at, "created", KD_CASE_STATUS_NEW, NULL, TRUE, error))
    return FALSE;

  if (status == KD_CASE_STATUS_NEW)
    return TRUE;
  if (g_rand_int_range (gen->rand, 0, 100) < 60 &&
      !add_event (gen, id, done - 300, "reply", -1, PICK (gen, replies), TRUE, error))
    return FALSE;
  if (g_rand_int_range (gen->rand, 0, 100) < 10 &&
      !add_event (gen, id, done - 200, "note", -1, PICK (gen, notes), FALSE, error))
    return FALSE;
  return add_event (gen, id, done, "status", status, NULL, TRUE, error);
}

/* The generator's version in the file: a file from an older generator
 * (without due dates or assignees) is made again. */
#define GENERATOR_VERSION "2"

static gboolean
generated_by_this (const char *path)
{
  sqlite3 *h = NULL;
  sqlite3_stmt *stmt = NULL;
  gboolean same = FALSE;

  if (sqlite3_open_v2 (path, &h, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK &&
      sqlite3_prepare_v2 (h, "SELECT value FROM settings WHERE key = 'bench_generator'", -1, &stmt, NULL) == SQLITE_OK &&
      sqlite3_step (stmt) == SQLITE_ROW)
    same = g_strcmp0 ((const char *) sqlite3_column_text (stmt, 0), GENERATOR_VERSION) == 0;
  sqlite3_finalize (stmt);
  sqlite3_close (h);
  return same;
}

static gboolean
insert_catalog (Gen     *gen,
                GError **error)
{
  sqlite3_stmt *stmt = kd_db_prepare (gen->db, "INSERT INTO villages (code, name, position) VALUES (?1, ?2, ?3)", error);

  if (stmt == NULL)
    return FALSE;
  if (!kd_db_exec (gen->db, "INSERT OR REPLACE INTO settings (key, value) VALUES ('bench_generator', '" GENERATOR_VERSION "')", error))
    return FALSE;
  for (guint i = 1; i <= N_CADRES; i++)
    {
      g_autofree char *sql = g_strdup_printf ("INSERT INTO cadres (id, username, display_name, role, password_hash, created_at)"
                                              " VALUES (%u, 'bench-%u', '压测干部%u', 'town_staff', '-', 0)", i, i, i);
      if (!kd_db_exec (gen->db, sql, error))
        return FALSE;
    }
  for (guint i = 0; i < G_N_ELEMENTS (villages); i++)
    {
      g_autofree char *code = g_strdup_printf ("bench-%u", i + 1);

      kd_db_bind_text (stmt, 1, code);
      kd_db_bind_text (stmt, 2, villages[i]);
      sqlite3_bind_int (stmt, 3, i + 1);
      if (!kd_db_step_done (gen->db, stmt, error))
        return FALSE;
    }
  gen->n_villages = G_N_ELEMENTS (villages) + 1;

  stmt = kd_db_prepare (gen->db, "SELECT id FROM categories WHERE code = ?1", error);
  if (stmt == NULL)
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (problems); i++)
    {
      kd_db_bind_text (stmt, 1, problems[i].category);
      gen->category_ids[i] = sqlite3_step (stmt) == SQLITE_ROW ? sqlite3_column_int64 (stmt, 0) : 1;
      sqlite3_reset (stmt);
    }
  return TRUE;
}

/* Five years of cases, oldest first (ids follow time, as they do live). */
static gboolean
fill (Gen     *gen,
      guint    n_cases,
      GError **error)
{
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  gint64 span = 5 * 365 * G_GINT64_CONSTANT (86400);

  if (!insert_catalog (gen, error))
    return FALSE;
  for (guint i = 0; i < n_cases; i++)
    {
      gint64 at = now - span + (gint64) ((double) span * i / n_cases) + g_rand_int_range (gen->rand, 0, 600);

      if (!insert_case (gen, i + 1, at, (double) (now - at) / 86400, error))
        return FALSE;
      if (i % 100000 == 99999)
        g_printerr ("  %u cases\n", i + 1);
    }

  g_printerr ("  indexing for search\n");
  return kd_db_exec (gen->db,
                     "INSERT INTO case_search (rowid, title, description, replies, notes)"
                     " SELECT id, title, description, replies, notes FROM case_search_source", error);
}

static gboolean
generate (const char *path,
          guint       n_cases,
          GError    **error)
{
  g_autofree char *part = g_strconcat (path, ".part", NULL);
  g_autoptr(KdDb) db = NULL;
  g_autoptr(GRand) rand = g_rand_new_with_seed (20240601 + n_cases);
  Gen gen = { NULL, rand, { 0 }, 0 };

  g_unlink (part);
  db = kd_db_open (part, KD_DB_WRITER, error);
  if (db == NULL || !kd_db_migrate (db, error))
    return FALSE;
  gen.db = db;

  /* One big transaction, no journal: the file is renamed into place only
   * when complete. The FTS triggers are off here; fill() indexes at the end. */
  sqlite3_db_config (kd_db_get_handle (db), SQLITE_DBCONFIG_ENABLE_TRIGGER, 0, NULL);
  if (!kd_db_exec (db, "PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF;"
                       "PRAGMA cache_size = -524288; BEGIN", error) ||
      !fill (&gen, n_cases, error) ||
      !kd_db_exec (db, "COMMIT; PRAGMA journal_mode = WAL", error))
    return FALSE;
  g_clear_pointer (&db, kd_db_close);

  /* An older file's journal must not be applied to the new one. */
  {
    g_autofree char *wal = g_strconcat (path, "-wal", NULL);
    g_autofree char *shm = g_strconcat (path, "-shm", NULL);
    g_unlink (wal);
    g_unlink (shm);
  }
  if (g_rename (part, path) != 0)
    {
      int errsv = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errsv), "rename %s: %s", part, g_strerror (errsv));
      return FALSE;
    }
  return TRUE;
}

/* ---- measuring ---- */

typedef struct
{
  guint  n_cases;
  double generate_s;     /* < 0: reused */
  double db_mb;
  double open_ms;
  double first_ms;
  double end_ms;
  double sort_ms[N_SORTS][2];
  double search_p50, search_p95, search_hits;
  double single_p50, single_p95;
  double filtered_p50, filtered_p95;
  double highlight_p50, highlight_p95;
  double rss_mb;
} Figures;

static double
ms_since (gint64 start)
{
  return (g_get_monotonic_time () - start) / 1000.0;
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

static double
percentile (GArray *values,
            double  p)
{
  guint i;

  if (values->len == 0)
    return 0;
  g_array_sort (values, compare_doubles);
  i = (guint) ceil (p * values->len);
  return g_array_index (values, double, MIN (MAX (i, 1), values->len) - 1);
}

static double
median (double  *values,
        guint    n)
{
  g_autoptr(GArray) a = g_array_new (FALSE, FALSE, sizeof (double));

  g_array_append_vals (a, values, n);
  return percentile (a, 0.5);
}

static void
fetch_top (KdCaseList *list)
{
  guint n = MIN (TOP_HITS, g_list_model_get_n_items (G_LIST_MODEL (list)));

  for (guint i = 0; i < n; i++)
    g_object_unref (g_list_model_get_item (G_LIST_MODEL (list), i));
}

static double
time_first_rows (KdStore *store)
{
  gint64 start = g_get_monotonic_time ();
  g_autoptr(KdCaseList) list = kd_case_list_new (store);

  fetch_top (list);
  return ms_since (start);
}

static double
time_jump_to_end (KdStore *store)
{
  g_autoptr(KdCaseList) list = kd_case_list_new (store);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (list));
  gint64 start = g_get_monotonic_time ();
  g_autoptr(KdCase) last = g_list_model_get_item (G_LIST_MODEL (list), n - 1);

  return ms_since (start);
}

static void
time_sorts (KdCaseList *list,
            double      sort_ms[N_SORTS][2])
{
  for (KdCaseSort sort = KD_CASE_SORT_ID; sort < N_SORTS; sort++)
    for (int desc = 1; desc >= 0 && sort != KD_CASE_SORT_RELEVANCE; desc--)
      {
        gint64 start = g_get_monotonic_time ();

        kd_case_list_set_sort (list, sort, desc);
        fetch_top (list);
        sort_ms[sort][desc] = ms_since (start);
      }
}

/* Runs @n_runs searches from @queries; returns the p50 and p95 of the time
 * to set the search and read the top hits, and of highlighting them. */
static void
time_searches (KdCaseList         *list,
               const char * const *queries,
               guint               n_queries,
               guint               n_runs,
               double             *p50,
               double             *p95,
               double             *hits,
               double             *hl_p50,
               double             *hl_p95)
{
  g_autoptr(GArray) times = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) hl = g_array_new (FALSE, FALSE, sizeof (double));
  double total_hits = 0;

  for (guint i = 0; i < n_runs; i++)
    {
      gint64 start = g_get_monotonic_time ();
      guint n;
      double ms;

      kd_case_list_set_search (list, queries[i % n_queries]);
      fetch_top (list);
      ms = ms_since (start);
      g_array_append_val (times, ms);

      n = MIN (TOP_HITS, g_list_model_get_n_items (G_LIST_MODEL (list)));
      total_hits += g_list_model_get_n_items (G_LIST_MODEL (list));
      start = g_get_monotonic_time ();
      for (guint j = 0; j < n; j++)
        {
          g_autoptr(KdCase) kase = g_list_model_get_item (G_LIST_MODEL (list), j);
          g_autoptr(GArray) ranges = NULL;
          g_autofree char *line = kd_case_list_dup_highlight (list, kase, NULL, &ranges);
        }
      ms = ms_since (start);
      g_array_append_val (hl, ms);
    }
  kd_case_list_set_search (list, NULL);

  *p50 = percentile (times, 0.5);
  *p95 = percentile (times, 0.95);
  if (hits != NULL)
    *hits = total_hits / n_runs;
  if (hl_p50 != NULL)
    *hl_p50 = percentile (hl, 0.5);
  if (hl_p95 != NULL)
    *hl_p95 = percentile (hl, 0.95);
}

static double
peak_rss_mb (void)
{
  g_autofree char *status = NULL;
  struct rusage usage;
  const char *line;

  if (g_file_get_contents ("/proc/self/status", &status, NULL, NULL) &&
      (line = strstr (status, "VmHWM:")) != NULL)
    return g_ascii_strtod (line + 6, NULL) / 1024.0;
  getrusage (RUSAGE_SELF, &usage);
  return usage.ru_maxrss / 1024.0;
}

typedef struct
{
  double first[16], end[16], sorts[16][N_SORTS][2];
  double p50[16], p95[16], hits[16], hl50[16], hl95[16];
  double s50[16], s95[16], f50[16], f95[16];
} Runs;

static void
run_once (KdStore *store,
          guint    r,
          guint    n_searches,
          Runs    *runs)
{
  g_autoptr(KdCaseList) list = NULL;

  runs->first[r] = time_first_rows (store);
  runs->end[r] = time_jump_to_end (store);
  list = kd_case_list_new (store);
  time_sorts (list, runs->sorts[r]);
  kd_case_list_set_sort (list, KD_CASE_SORT_CREATED, TRUE);
  time_searches (list, searches, G_N_ELEMENTS (searches), n_searches,
                 &runs->p50[r], &runs->p95[r], &runs->hits[r], &runs->hl50[r], &runs->hl95[r]);
  time_searches (list, single_chars, G_N_ELEMENTS (single_chars), G_N_ELEMENTS (single_chars) * 3,
                 &runs->s50[r], &runs->s95[r], NULL, NULL, NULL);
  kd_case_list_set_village (list, 3);
  time_searches (list, searches, G_N_ELEMENTS (searches), G_N_ELEMENTS (searches),
                 &runs->f50[r], &runs->f95[r], NULL, NULL, NULL);
}

static void
measure (const char *path,
         guint       repeats,
         guint       n_searches,
         Figures    *fig)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KdStore) store = NULL;
  gint64 start = g_get_monotonic_time ();
  g_autofree Runs *runs = g_new0 (Runs, 1);

  store = kd_store_open (path, &error);
  if (store == NULL)
    g_error ("Could not open %s: %s", path, error->message);
  fig->open_ms = ms_since (start);
  fig->n_cases = kd_store_count_cases (kd_store_get_reader (store), -1);

  for (guint r = 0; r < repeats; r++)
    run_once (store, r, n_searches, runs);

  fig->first_ms = median (runs->first, repeats);
  fig->end_ms = median (runs->end, repeats);
  for (guint s = 0; s < N_SORTS; s++)
    for (guint d = 0; d < 2; d++)
      {
        double v[16];
        for (guint r = 0; r < repeats; r++)
          v[r] = runs->sorts[r][s][d];
        fig->sort_ms[s][d] = median (v, repeats);
      }
  fig->search_p50 = median (runs->p50, repeats);
  fig->search_p95 = median (runs->p95, repeats);
  fig->search_hits = median (runs->hits, repeats);
  fig->highlight_p50 = median (runs->hl50, repeats);
  fig->highlight_p95 = median (runs->hl95, repeats);
  fig->single_p50 = median (runs->s50, repeats);
  fig->single_p95 = median (runs->s95, repeats);
  fig->filtered_p50 = median (runs->f50, repeats);
  fig->filtered_p95 = median (runs->f95, repeats);
  fig->rss_mb = peak_rss_mb ();
}

/* Runs @func in a child process and reads its Figures back. */
static gboolean
in_child (const char *what,
          gboolean  (*func) (gpointer data, Figures *fig),
          gpointer    data,
          Figures    *fig)
{
  int fds[2], status = 0;
  pid_t pid;

  if (pipe (fds) != 0 || (pid = fork ()) < 0)
    g_error ("%s: %s", what, g_strerror (errno));
  if (pid == 0)
    {
      gboolean ok;

      close (fds[0]);
      ok = func (data, fig);
      _exit (ok && write (fds[1], fig, sizeof *fig) == sizeof *fig ? 0 : 1);
    }
  close (fds[1]);
  if (read (fds[0], fig, sizeof *fig) != sizeof *fig)
    memset (fig, 0, sizeof *fig);
  close (fds[0]);
  waitpid (pid, &status, 0);

  return WIFEXITED (status) && WEXITSTATUS (status) == 0;
}

typedef struct
{
  const char *path;
  guint       n_cases;
  guint       repeats;
  guint       n_searches;
} Job;

static gboolean
generate_in_child (gpointer data,
                   Figures *fig)
{
  Job *job = data;
  g_autoptr(GError) error = NULL;

  if (!generate (job->path, job->n_cases, &error))
    {
      g_printerr ("Could not generate %s: %s\n", job->path, error->message);
      return FALSE;
    }
  return TRUE;
}

static gboolean
measure_in_child (gpointer data,
                  Figures *fig)
{
  Job *job = data;

  measure (job->path, job->repeats, job->n_searches, fig);
  return TRUE;
}

static void
run_size (Job     *job,
          Figures *fig)
{
  double generate_s = -1;
  GStatBuf st;

  if (!generated_by_this (job->path))
    {
      gint64 start = g_get_monotonic_time ();

      g_printerr ("Writing %u cases to %s…\n", job->n_cases, job->path);
      if (!in_child ("generate", generate_in_child, job, fig))
        g_error ("The generator failed");
      generate_s = (g_get_monotonic_time () - start) / 1e6;
    }
  g_printerr ("Measuring %s…\n", job->path);
  if (!in_child ("measure", measure_in_child, job, fig))
    g_error ("The measurement failed");
  fig->generate_s = generate_s;
  fig->db_mb = g_stat (job->path, &st) == 0 ? st.st_size / 1048576.0 : 0;
}

static void
print_row (const char *label,
           double      small,
           double      large,
           const char *target)
{
  g_print ("  %-34s %12.1f %12.1f   %s\n", label, small, large, target);
}

static void
print_table (const Figures *s,
             const Figures *l,
             guint          repeats)
{
  static const char * const sort_names[N_SORTS] = { "id", "created", "village", "category", "urgent", "status",
                                                     "title", NULL /* relevance: needs a search */,
                                                     "kind", "assignee", "due" };

  g_print ("\nKuiduo case queue, medians of %u runs (ms unless noted)\n\n", repeats);
  g_print ("  %-34s %12u %12u   %s\n", "cases", s->n_cases, l->n_cases, "target at the larger size");
  print_row ("database file (MB)", s->db_mb, l->db_mb, "");
  if (s->generate_s >= 0 || l->generate_s >= 0)
    print_row ("generate, once (s; -1: reused)", s->generate_s, l->generate_s, "a few minutes");
  print_row ("open store", s->open_ms, l->open_ms, "");
  print_row ("first rows (new list, items 0-49)", s->first_ms, l->first_ms, "< 300");
  print_row ("jump to end (item n-1)", s->end_ms, l->end_ms, "< 500");
  for (guint i = 0; i < N_SORTS; i++)
    for (int d = 1; d >= 0 && sort_names[i] != NULL; d--)
      {
        g_autofree char *label = g_strdup_printf ("sort by %s %s + first rows", sort_names[i], d ? "desc" : "asc");
        print_row (label, s->sort_ms[i][d], l->sort_ms[i][d], "< 500");
      }
  print_row ("search, top 50 hits: p50", s->search_p50, l->search_p50, "");
  print_row ("search, top 50 hits: p95", s->search_p95, l->search_p95, "< 50");
  print_row ("  hits per search (mean)", s->search_hits, l->search_hits, "");
  print_row ("  highlight the 50 rows: p50", s->highlight_p50, l->highlight_p50, "");
  print_row ("  highlight the 50 rows: p95", s->highlight_p95, l->highlight_p95, "");
  print_row ("one-character search: p50", s->single_p50, l->single_p50, "");
  print_row ("one-character search: p95", s->single_p95, l->single_p95, "");
  print_row ("search in one village: p50", s->filtered_p50, l->filtered_p50, "");
  print_row ("search in one village: p95", s->filtered_p95, l->filtered_p95, "");
  print_row ("peak RSS (MB, VmHWM)", s->rss_mb, l->rss_mb, "< 200");
}

static char *
default_path (guint n_cases)
{
  g_autofree char *name = g_strdup_printf ("cases-%u.db", n_cases);

  return g_build_filename (g_get_user_cache_dir (), "kuiduo-bench", name, NULL);
}

int
main (int   argc,
      char *argv[])
{
  int n_cases = 1000000, repeats = 5, n_searches = 200;
  g_autofree char *db = NULL;
  g_autofree char *large_path = NULL;
  g_autofree char *small_path = NULL;
  g_autofree char *dir = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GOptionContext) context = g_option_context_new ("— measure the case queue at scale");
  GOptionEntry entries[] = {
    { "cases", 0, 0, G_OPTION_ARG_INT, &n_cases, "Cases in the large town (1000000)", "N" },
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &db, "Database of the large town (made if missing)", "PATH" },
    { "repeats", 0, 0, G_OPTION_ARG_INT, &repeats, "Runs to take the median of (5)", "R" },
    { "searches", 0, 0, G_OPTION_ARG_INT, &n_searches, "Searches per run (200)", "S" },
    { NULL }
  };
  Figures small = { 0 }, large = { 0 };
  Job job_small, job_large;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error) || n_cases < 1 ||
      repeats < 1 || repeats > 16 || n_searches < 1)
    {
      g_printerr ("%s\n", error ? error->message : "--cases ≥ 1, --repeats 1-16, --searches ≥ 1");
      return 2;
    }

  large_path = db ? g_strdup (db) : default_path (n_cases);
  small_path = db ? g_strdup_printf ("%s.%u", db, SMALL_CASES) : default_path (SMALL_CASES);
  dir = g_path_get_dirname (large_path);
  g_mkdir_with_parents (dir, 0700);

  job_small = (Job) { small_path, SMALL_CASES, repeats, n_searches };
  job_large = (Job) { large_path, n_cases, repeats, n_searches };
  run_size (&job_small, &small);
  run_size (&job_large, &large);
  print_table (&small, &large, repeats);

  return 0;
}
