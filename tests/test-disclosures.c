/* test-disclosures.c: the three public disclosures through the writer —
 * money and periods, draft → reviewed → published by the right people,
 * published versions that never change and whose fingerprint tells when they
 * were tampered with, corrections as new versions, and refusals that change
 * nothing. */
#include "config.h"

#include "kd-audit.h"
#include "kd-disclosure.h"
#include "kd-test-cadres.h"

static KdActor
actor_of (KdCadre *cadre)
{
  KdActor actor = { cadre ? kd_cadre_get_id (cadre) : 0, cadre ? kd_cadre_get_display_name (cadre) : NULL };

  return actor;
}

static gint64
save (Fixture             *f,
      KdCadre             *cadre,
      const KdDisclosure  *draft,
      GError             **error)
{
  g_autoptr(GAsyncResult) result = NULL;
  KdActor actor = actor_of (cadre);

  kd_disclosure_save_async (f->store, draft, &actor, NULL, got_result, &result);
  return kd_disclosure_save_finish (f->store, wait_for (&result), error);
}

static gint64
act (Fixture            *f,
     KdCadre            *cadre,
     gint64              id,
     KdDisclosureAction  action,
     GError            **error)
{
  g_autoptr(GAsyncResult) result = NULL;
  KdActor actor = actor_of (cadre);

  kd_disclosure_act_async (f->store, id, action, &actor, NULL, got_result, &result);
  return kd_disclosure_act_finish (f->store, wait_for (&result), error);
}

static KdDisclosure *
load (Fixture *f,
      gint64   id)
{
  g_autoptr(GError) error = NULL;
  KdDisclosure *d = kd_disclosure_load (kd_store_get_reader (f->store), id, &error);

  g_assert_no_error (error);
  g_assert_nonnull (d);
  return d;
}

static KdDisclosure *
finance_draft (gint64 village_id)
{
  KdDisclosure *d = kd_disclosure_new (KD_DISCLOSURE_FINANCE);

  d->village_id = village_id;
  d->period = g_strdup ("2026-Q4");
  d->title = g_strdup ("  魁多村2026年第四季度财务收支  ");
  d->body = g_strdup ("本季度收支如下，欢迎村民监督。\n如有疑问请联系村监委。");
  g_ptr_array_add (d->lines, kd_ledger_line_new ("2026-10-08", "上级转移支付", 5000000, 0));
  g_ptr_array_add (d->lines, kd_ledger_line_new ("2026-10-20", "村道维修（水泥、人工）", 0, 1280050));
  g_ptr_array_add (d->lines, kd_ledger_line_new ("2026-11-02", "村委会办公用品", 0, 36000));
  return d;
}

/* Runs @sql on a connection of its own, as anything outside Kuiduo would. */
static int
exec_outside (Fixture    *f,
              const char *sql,
              char      **message)
{
  sqlite3 *h = NULL;
  int rc;

  g_assert_cmpint (sqlite3_open (kd_db_get_path (kd_store_get_reader (f->store)), &h), ==, SQLITE_OK);
  sqlite3_busy_timeout (h, 5000);
  rc = sqlite3_exec (h, sql, NULL, NULL, NULL);
  if (message != NULL)
    *message = g_strdup (sqlite3_errmsg (h));
  sqlite3_close (h);
  return rc;
}

/* Every row the refusals could have touched. */
static char *
snapshot (Fixture *f)
{
  return g_strdup_printf ("%" G_GINT64_FORMAT "/%" G_GINT64_FORMAT "/%" G_GINT64_FORMAT "/%" G_GINT64_FORMAT,
                          query_int (f, "SELECT count(*) FROM disclosures"),
                          query_int (f, "SELECT total(state * 7 + version + length(title) + updated_at) FROM disclosures"),
                          query_int (f, "SELECT count(*) + total(income_fen + expense_fen) FROM disclosure_lines"),
                          query_int (f, "SELECT count(*) FROM audit_log"));
}

static void
test_money (void)
{
  static const struct { const char *text; gint64 fen; } good[] = {
    { "0", 0 }, { "", 0 }, { "12", 1200 }, { "12.5", 1250 }, { "12.05", 1205 }, { ".5", 50 },
    { "1,280.50", 128050 }, { "¥ 3,000", 300000 }, { "￥8", 800 }, { "99元", 9900 },
    { " 100000000 ", G_GINT64_CONSTANT (10000000000) },
  };
  static const char * const bad[] = {
    "-5", "1.234", "abc", "12a", "1..2", ".", "¥", "100000000.01", "99999999999999999999", "1,2,3.4.5",
  };

  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    {
      g_autoptr(GError) error = NULL;
      gint64 fen = -1;

      g_assert_true (kd_disclosure_parse_fen (good[i].text, &fen, &error));
      g_assert_no_error (error);
      g_assert_cmpint (fen, ==, good[i].fen);
    }
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      gint64 fen = -1;

      g_assert_false (kd_disclosure_parse_fen (bad[i], &fen, &error));
      g_assert_error (error, KD_DISCLOSURE_ERROR, KD_DISCLOSURE_ERROR_MONEY);
      g_assert_cmpint (fen, ==, -1);
    }

  {
    g_autofree char *a = kd_disclosure_format_fen (0);
    g_autofree char *b = kd_disclosure_format_fen (128050);
    g_autofree char *c = kd_disclosure_format_fen (G_GINT64_CONSTANT (123456789012));
    g_autofree char *d = kd_disclosure_format_fen (-5);

    g_assert_cmpstr (a, ==, "0.00");
    g_assert_cmpstr (b, ==, "1,280.50");
    g_assert_cmpstr (c, ==, "1,234,567,890.12");
    g_assert_cmpstr (d, ==, "-0.05");
  }
}

static void
test_period (void)
{
  static const char * const good[] = { "2026", "2026-Q1", "2026-Q4", "2026-01", "2026-12" };
  static const char * const bad[] = { "", "26", "2026-13", "2026-00", "2026-Q5", "2026-Q", "2026-1",
                                      "1999", "2026-11-01", "２０２６", "2026 ", NULL };

  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    g_assert_true (kd_disclosure_check_period (good[i], NULL));
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;

      g_assert_false (kd_disclosure_check_period (bad[i], &error));
      g_assert_error (error, KD_DISCLOSURE_ERROR, KD_DISCLOSURE_ERROR_PERIOD);
    }

  {
    g_autofree char *month = kd_disclosure_period_label ("2026-03");
    g_autofree char *quarter = kd_disclosure_period_label ("2026-Q4");
    g_autofree char *year = kd_disclosure_period_label ("2026");

    g_assert_cmpstr (month, ==, "2026-03");
    g_assert_cmpstr (quarter, ==, "Q4 2026");
    g_assert_cmpstr (year, ==, "Year 2026");
  }
}

/* Draft by the village secretary, reviewed by town staff, published by the
 * town administrator; then it never changes. */
static void
test_lifecycle (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(KdCadre) secretary = make_cadre (f, "secretary", KD_ROLE_VILLAGE_SECRETARY, f->village_id);
  g_autoptr(KdCadre) staff = make_cadre (f, "staff", KD_ROLE_TOWN_STAFF, 0);
  g_autoptr(KdDisclosure) draft = finance_draft (f->village_id);
  g_autoptr(KdDisclosure) d = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL;
  gint64 income, expense;
  gint64 id;

  id = save (f, secretary, draft, &error);
  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  d = load (f, id);
  g_assert_cmpint (d->state, ==, KD_DISCLOSURE_DRAFT);
  g_assert_cmpstr (d->title, ==, "魁多村2026年第四季度财务收支");   /* trimmed */
  g_assert_cmpstr (d->village_name, ==, "魁多村");
  g_assert_cmpuint (d->lines->len, ==, 3);
  g_assert_cmpstr (((KdLedgerLine *) d->lines->pdata[1])->item, ==, "村道维修（水泥、人工）");
  kd_disclosure_totals (d, &income, &expense);
  g_assert_cmpint (income, ==, 5000000);
  g_assert_cmpint (expense, ==, 1316050);
  g_assert_cmpint (d->version, ==, 0);
  g_assert_null (d->fingerprint);
  g_clear_pointer (&d, kd_disclosure_free);

  /* Not reviewed by whoever wrote it last; not published before review,
   * nor by a village secretary. */
  before = snapshot (f);
  g_assert_cmpint (act (f, secretary, id, KD_DISCLOSURE_REVIEW, &error), ==, 0);
  g_assert_error (error, KD_DISCLOSURE_ERROR, KD_DISCLOSURE_ERROR_FORBIDDEN);
  g_clear_error (&error);
  g_assert_cmpint (act (f, f->admin, id, KD_DISCLOSURE_PUBLISH, &error), ==, 0);
  g_assert_error (error, KD_DISCLOSURE_ERROR, KD_DISCLOSURE_ERROR_STATE);
  g_clear_error (&error);
  {
    g_autofree char *after = snapshot (f);
    g_assert_cmpstr (after, ==, before);
  }

  g_assert_cmpint (act (f, staff, id, KD_DISCLOSURE_REVIEW, &error), ==, id);
  g_assert_no_error (error);
  g_assert_cmpint (act (f, secretary, id, KD_DISCLOSURE_PUBLISH, &error), ==, 0);
  g_assert_error (error, KD_DISCLOSURE_ERROR, KD_DISCLOSURE_ERROR_FORBIDDEN);
  g_clear_error (&error);
  g_assert_cmpint (act (f, f->admin, id, KD_DISCLOSURE_PUBLISH, &error), ==, id);
  g_assert_no_error (error);

  d = load (f, id);
  g_assert_cmpint (d->state, ==, KD_DISCLOSURE_PUBLISHED);
  g_assert_cmpint (d->version, ==, 1);
  g_assert_cmpint (d->published_at, >, 0);
  g_assert_cmpstr (d->published_by_name, ==, "镇管理员");
  g_assert_cmpstr (d->reviewed_by_name, ==, "staff");
  g_assert_cmpstr (d->updated_by_name, ==, "secretary");
  g_assert_cmpuint (strlen (d->fingerprint), ==, 64);
  g_assert_true (kd_disclosure_verify (d));

  /* It never changes: not through core, not by SQL behind its back. */
  before = (g_free (before), snapshot (f));
  draft->id = id;
  g_assert_cmpint (save (f, f->admin, draft, &error), ==, 0);
  g_assert_error (error, KD_DISCLOSURE_ERROR, KD_DISCLOSURE_ERROR_STATE);
  g_clear_error (&error);
  g_assert_cmpint (act (f, f->admin, id, KD_DISCLOSURE_DELETE, &error), ==, 0);
  g_assert_error (error, KD_DISCLOSURE_ERROR, KD_DISCLOSURE_ERROR_STATE);
  g_clear_error (&error);
  for (guint i = 0; i < 4; i++)
    {
      static const char * const sql[] = {
        "UPDATE disclosures SET title = 'x'",
        "DELETE FROM disclosures",
        "UPDATE disclosure_lines SET expense_fen = 1",
        "INSERT INTO disclosure_lines VALUES ((SELECT id FROM disclosures), 9, '2026-11-01', 'x', 1, 0)",
      };
      g_autofree char *message = NULL;

      g_assert_cmpint (exec_outside (f, sql[i], &message), ==, SQLITE_CONSTRAINT);
      g_assert_nonnull (strstr (message, "never changes"));
    }
  {
    g_autofree char *after = snapshot (f);
    g_assert_cmpstr (after, ==, before);
  }

  g_assert_cmpint (query_int (f, "SELECT count(*) FROM audit_log WHERE target = 'disclosure' AND target_id = 1"
                                 " AND action IN ('disclosure.add', 'disclosure.review', 'disclosure.publish')"), ==, 3);
}

/* The fingerprint covers everything a reader sees. */
static void
test_fingerprint (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(KdDisclosure) d = finance_draft (f->village_id);
  g_autofree char *base = NULL;

  d->id = 7;
  d->version = 1;
  d->published_at = T0;
  d->village_name = g_strdup ("魁多村");
  d->state = KD_DISCLOSURE_PUBLISHED;
  base = kd_disclosure_compute_fingerprint (d);
  d->fingerprint = g_strdup (base);
  g_assert_true (kd_disclosure_verify (d));

  for (guint i = 0; i < 8; i++)
    {
      g_autoptr(KdDisclosure) t = finance_draft (f->village_id);
      KdLedgerLine *line = t->lines->pdata[1];
      g_autofree char *changed = NULL;

      t->id = 7;
      t->version = 1;
      t->published_at = T0;
      t->village_name = g_strdup ("魁多村");
      t->state = KD_DISCLOSURE_PUBLISHED;
      switch (i)
        {
        case 0: line->expense_fen += 1; break;
        case 1: g_free (line->item); line->item = g_strdup ("村道维修"); break;
        case 2: g_free (t->title); t->title = g_strdup ("x"); break;
        case 3: t->version = 2; break;
        case 4: g_free (t->period); t->period = g_strdup ("2026-Q3"); break;
        case 5: g_ptr_array_remove_index (t->lines, 2); break;
        case 6: t->kind = KD_DISCLOSURE_VILLAGE_AFFAIRS; break;
        default: t->published_at += 1; break;
        }
      t->fingerprint = g_strdup (base);
      changed = kd_disclosure_compute_fingerprint (t);
      g_assert_cmpstr (changed, !=, base);
      g_assert_false (kd_disclosure_verify (t));
    }

  {
    g_autofree char *s = kd_disclosure_short_fingerprint ("0123456789abcdef0123");
    g_assert_cmpstr (s, ==, "0123 4567 89ab cdef");
  }
}

/* A correction is a new version; the old one stays, marked superseded. */
static void
test_correction (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(KdCadre) staff = make_cadre (f, "staff", KD_ROLE_TOWN_STAFF, 0);
  g_autoptr(KdDisclosure) draft = finance_draft (f->village_id);
  g_autoptr(KdDisclosure) fix = NULL;
  g_autoptr(KdDisclosure) old = NULL;
  g_autoptr(KdDisclosure) v2 = NULL;
  g_autoptr(GPtrArray) current = NULL;
  g_autoptr(GError) error = NULL;
  KdDisclosureQuery q = { -1, -1, -1, TRUE };
  gint64 id, fix_id;

  id = save (f, f->admin, draft, &error);
  g_assert_cmpint (act (f, staff, id, KD_DISCLOSURE_REVIEW, &error), ==, id);
  g_assert_cmpint (act (f, staff, id, KD_DISCLOSURE_PUBLISH, &error), ==, id);
  g_assert_no_error (error);

  /* Only a published version is corrected, and a correction of a draft is refused. */
  fix_id = act (f, staff, id, KD_DISCLOSURE_CORRECT, &error);
  g_assert_no_error (error);
  g_assert_cmpint (fix_id, >, id);
  g_assert_cmpint (act (f, staff, id, KD_DISCLOSURE_CORRECT, &error), ==, fix_id);   /* the same draft again */
  g_assert_cmpint (act (f, staff, fix_id, KD_DISCLOSURE_CORRECT, &error), ==, 0);
  g_assert_error (error, KD_DISCLOSURE_ERROR, KD_DISCLOSURE_ERROR_STATE);
  g_clear_error (&error);

  fix = load (f, fix_id);
  g_assert_cmpint (fix->supersedes_id, ==, id);
  g_assert_cmpint (fix->state, ==, KD_DISCLOSURE_DRAFT);
  g_assert_cmpuint (fix->lines->len, ==, 3);

  /* The correction keeps kind, village and period. */
  g_free (fix->period);
  fix->period = g_strdup ("2026-Q3");
  g_assert_cmpint (save (f, staff, fix, &error), ==, 0);
  g_assert_error (error, KD_DISCLOSURE_ERROR, KD_DISCLOSURE_ERROR_STATE);
  g_clear_error (&error);
  g_free (fix->period);
  fix->period = g_strdup ("2026-Q4");
  ((KdLedgerLine *) fix->lines->pdata[2])->expense_fen = 3600;   /* 36.00, not 360.00 */
  g_assert_cmpint (save (f, staff, fix, &error), ==, fix_id);
  g_assert_cmpint (act (f, f->admin, fix_id, KD_DISCLOSURE_REVIEW, &error), ==, fix_id);
  g_assert_cmpint (act (f, staff, fix_id, KD_DISCLOSURE_PUBLISH, &error), ==, fix_id);
  g_assert_no_error (error);

  old = load (f, id);
  v2 = load (f, fix_id);
  g_assert_cmpint (old->superseded_by, ==, fix_id);
  g_assert_true (kd_disclosure_verify (old));
  g_assert_cmpint (v2->version, ==, 2);
  g_assert_cmpint (((KdLedgerLine *) v2->lines->pdata[2])->expense_fen, ==, 3600);
  g_assert_cmpstr (v2->fingerprint, !=, old->fingerprint);
  g_assert_true (kd_disclosure_verify (v2));

  /* Phones list the current version only. */
  current = kd_disclosure_list (kd_store_get_reader (f->store), &q, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (current->len, ==, 1);
  g_assert_cmpint (((KdDisclosure *) current->pdata[0])->id, ==, fix_id);
  g_assert_cmpuint (((KdDisclosure *) current->pdata[0])->lines->len, ==, 0);   /* lists carry no ledger */
}

/* Bad drafts and the wrong people are refused with a reason; nothing changes. */
static void
test_refused (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(KdCadre) secretary = make_cadre (f, "secretary", KD_ROLE_VILLAGE_SECRETARY, f->village_id);
  g_autoptr(KdCadre) discipline = make_cadre (f, "jiwei", KD_ROLE_DISCIPLINE, 0);
  g_autofree char *before = NULL;
  gint64 other, id;

  g_assert_cmpint (exec_outside (f, "INSERT INTO villages (code, name) VALUES ('rongba', '绒坝村')", NULL), ==, SQLITE_OK);
  other = query_int (f, "SELECT id FROM villages WHERE code = 'rongba'");

  g_assert_cmpint (other, >, 0);
  {
    g_autoptr(KdDisclosure) ok = finance_draft (f->village_id);
    g_autoptr(GError) error = NULL;

    id = save (f, secretary, ok, &error);
    g_assert_no_error (error);
  }
  before = snapshot (f);

  for (guint i = 0; i < 14; i++)
    {
      g_autoptr(KdDisclosure) d = finance_draft (f->village_id);
      g_autoptr(GError) error = NULL;
      KdCadre *who = secretary;
      KdLedgerLine *line = d->lines->pdata[0];
      int code;

      switch (i)
        {
        case 0: g_free (d->title); d->title = g_strdup ("   "); code = KD_DISCLOSURE_ERROR_TITLE; break;
        case 1: g_free (d->title); d->title = g_strdup ("两行\n标题"); code = KD_DISCLOSURE_ERROR_TITLE; break;
        case 2: g_free (d->body); d->body = g_strdup ("a\x01b"); code = KD_DISCLOSURE_ERROR_BODY; break;
        case 3: g_free (d->period); d->period = g_strdup ("2026-13"); code = KD_DISCLOSURE_ERROR_PERIOD; break;
        case 4: g_free (line->day); line->day = g_strdup ("2026-02-30"); code = KD_DISCLOSURE_ERROR_LINE; break;
        case 5: line->income_fen = 0; code = KD_DISCLOSURE_ERROR_LINE; break;
        case 6: line->expense_fen = 5; code = KD_DISCLOSURE_ERROR_LINE; break;
        case 7: line->income_fen = -1; code = KD_DISCLOSURE_ERROR_LINE; break;
        case 8: g_free (line->item); line->item = g_strdup (""); code = KD_DISCLOSURE_ERROR_LINE; break;
        case 9: d->kind = KD_DISCLOSURE_PARTY_AFFAIRS; code = KD_DISCLOSURE_ERROR_LINE; break;
        case 10: d->village_id = other; code = KD_DISCLOSURE_ERROR_FORBIDDEN; break;       /* not their village */
        case 11: d->village_id = 0; code = KD_DISCLOSURE_ERROR_FORBIDDEN; break;           /* nor the town */
        case 12: who = discipline; code = KD_DISCLOSURE_ERROR_FORBIDDEN; break;
        default: who = NULL; code = KD_DISCLOSURE_ERROR_FORBIDDEN; break;                  /* nobody signed in */
        }
      g_assert_cmpint (save (f, who, d, &error), ==, 0);
      g_assert_error (error, KD_DISCLOSURE_ERROR, code);
      g_assert_cmpstr (error->message, !=, "");

      /* The same refusals when editing the existing draft. */
      d->id = id;
      g_clear_error (&error);
      g_assert_cmpint (save (f, who, d, &error), ==, 0);
      g_assert_error (error, KD_DISCLOSURE_ERROR, code);
    }

  {
    g_autoptr(KdDisclosure) d = finance_draft (9999);
    g_autoptr(GError) error = NULL;

    g_assert_cmpint (save (f, f->admin, d, &error), ==, 0);
    g_assert_error (error, KD_DISCLOSURE_ERROR, KD_DISCLOSURE_ERROR_VILLAGE);
  }
  {
    g_autoptr(GError) error = NULL;

    g_assert_cmpint (act (f, f->admin, 4242, KD_DISCLOSURE_REVIEW, &error), ==, 0);
    g_assert_error (error, KD_DISCLOSURE_ERROR, KD_DISCLOSURE_ERROR_NOT_FOUND);
  }
  {
    g_autofree char *after = snapshot (f);
    g_assert_cmpstr (after, ==, before);
  }

  /* Discipline inspection reviews; an edit after review needs a new review. */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(KdDisclosure) d = NULL;

    g_assert_cmpint (act (f, discipline, id, KD_DISCLOSURE_REVIEW, &error), ==, id);
    g_assert_no_error (error);
    d = load (f, id);
    g_assert_cmpint (d->state, ==, KD_DISCLOSURE_REVIEWED);
    g_free (d->title);
    d->title = g_strdup ("更正后的标题");
    g_assert_cmpint (save (f, secretary, d, &error), ==, id);
    g_clear_pointer (&d, kd_disclosure_free);
    d = load (f, id);
    g_assert_cmpint (d->state, ==, KD_DISCLOSURE_DRAFT);
    g_assert_cmpint (d->reviewed_at, ==, 0);

    /* Drafts can be deleted, with their ledger. */
    g_assert_cmpint (act (f, secretary, id, KD_DISCLOSURE_DELETE, &error), ==, id);
    g_assert_no_error (error);
    g_assert_cmpint (query_int (f, "SELECT count(*) FROM disclosures"), ==, 0);
    g_assert_cmpint (query_int (f, "SELECT count(*) FROM disclosure_lines"), ==, 0);
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/kd/disclosures/money", test_money);
  g_test_add_func ("/kd/disclosures/period", test_period);
  add_test ("/kd/disclosures/lifecycle", test_lifecycle);
  add_test ("/kd/disclosures/fingerprint", test_fingerprint);
  add_test ("/kd/disclosures/correction", test_correction);
  add_test ("/kd/disclosures/refused", test_refused);

  return g_test_run ();
}
