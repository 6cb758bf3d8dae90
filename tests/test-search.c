/* test-search.c: the kd_cjk tokenizer, query building, the case_search index
 * and its triggers, migration 2, and searching, ranking, highlighting and
 * paging in the case list. Each store starts empty, so the cases a test
 * inserts have the ids 1, 2, 3, … */
#include "config.h"

#include <string.h>
#include <glib/gstdio.h>

#include "kd-store.h"
#include "kd-test-util.h"
#include "kd-case-list.h"
#include "kd-demo.h"
#include "kd-fts.h"
#include "kd-db-schema.h"

#define CMP(x, y) ((x) < (y) ? -1 : (x) > (y))

typedef struct
{
  char    *dir;
  char    *path;
  KdStore *store;
} Fixture;

/* The searches run twice: over cases the writer has indexed, and over cases
 * still queued for indexing (schema step 3), which must give the same hits. */
static const char MODE_INDEXED[] = "indexed";
static const char MODE_QUEUED[] = "queued";
static const char MODE_OWN_STORE[] = "own";
static gboolean queued;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->dir = g_dir_make_tmp ("kd-search-XXXXXX", &error);
  g_assert_no_error (error);
  f->path = g_build_filename (f->dir, "town.db", NULL);
  queued = data == MODE_QUEUED;
  if (data != MODE_OWN_STORE)
    {
      f->store = kd_store_open (f->path, &error);
      g_assert_no_error (error);
      kd_writer_set_idle_paused (kd_store_get_writer (f->store), queued);
    }
}

static void
index_now (Fixture *f)
{
  g_autoptr(GError) error = NULL;

  kd_store_index_search (f->store, &error);
  g_assert_no_error (error);
}

/* In the indexed mode, indexes what the writer has queued now rather than
 * when it gets round to it. */
static void
settle (Fixture *f)
{
  if (!queued)
    index_now (f);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_clear_object (&f->store);
  kd_test_remove_tree (f->dir);
  g_free (f->path);
  g_free (f->dir);
}

/* ---- the tokenizer on its own ---- */

/* Checks the tokens of @input, written "text start end kind; …" with kind
 * W (word), B (bigram) or U (unigram). */
static void
assert_tokens (const char *input,
               KdFtsMode   mode,
               const char *expected)
{
  g_autoptr(GArray) tokens = kd_fts_tokens (input, mode);
  g_autoptr(GString) got = g_string_new (NULL);

  for (guint i = 0; i < tokens->len; i++)
    {
      const KdFtsToken *t = &g_array_index (tokens, KdFtsToken, i);
      g_string_append_printf (got, "%s%s %d %d %c", i ? "; " : "", t->text, t->start, t->end, "WBU"[t->kind]);
    }
  g_assert_cmpstr (got->str, ==, expected);
}

static void
test_tokenizer_bigrams (void)
{
  assert_tokens ("停电两天", KD_FTS_DOCUMENT, "停电 0 6 B; 电两 3 9 B; 两天 6 12 B; 天 9 12 U");
  /* A query leaves out the lone last character: it is inside the last bigram. */
  assert_tokens ("停电两天", KD_FTS_QUERY, "停电 0 6 B; 电两 3 9 B; 两天 6 12 B");
  assert_tokens ("漏水", KD_FTS_QUERY, "漏水 0 6 B");
  assert_tokens ("漏水", KD_FTS_DOCUMENT, "漏水 0 6 B; 水 3 6 U");
}

static void
test_tokenizer_single (void)
{
  assert_tokens ("水", KD_FTS_DOCUMENT, "水 0 3 U");
  assert_tokens ("水", KD_FTS_QUERY, "水 0 3 U");
  assert_tokens ("  水 ", KD_FTS_DOCUMENT, "水 2 5 U");
  assert_tokens ("a水b", KD_FTS_DOCUMENT, "a 0 1 W; 水 1 4 U; b 4 5 W");
  assert_tokens ("a水b", KD_FTS_QUERY, "a 0 1 W; 水 1 4 U; b 4 5 W");
  assert_tokens ("", KD_FTS_DOCUMENT, "");
}

static void
test_tokenizer_mixed (void)
{
  assert_tokens ("3组停电ABC漏水", KD_FTS_DOCUMENT,
                 "3 0 1 W; 组停 1 7 B; 停电 4 10 B; 电 7 10 U; abc 10 13 W; 漏水 13 19 B; 水 16 19 U");
  assert_tokens ("3组停电ABC漏水", KD_FTS_QUERY,
                 "3 0 1 W; 组停 1 7 B; 停电 4 10 B; 电 7 10 U; abc 10 13 W; 漏水 13 19 B");
  assert_tokens ("G318国道K12处", KD_FTS_DOCUMENT,
                 "g318 0 4 W; 国道 4 10 B; 道 7 10 U; k12 10 13 W; 处 13 16 U");
}

static void
test_tokenizer_punctuation (void)
{
  assert_tokens ("停电，漏水！（急）", KD_FTS_DOCUMENT,
                 "停电 0 6 B; 电 3 6 U; 漏水 9 15 B; 水 12 15 U; 急 21 24 U");
  assert_tokens ("it's G318-K12 (100%)", KD_FTS_DOCUMENT,
                 "it 0 2 W; s 3 4 W; g318 5 9 W; k12 10 13 W; 100 15 18 W");
  assert_tokens ("…！？、。《》“”\"*()-", KD_FTS_DOCUMENT, "");
}

static void
test_tokenizer_fullwidth (void)
{
  /* Full-width Latin and digits are the same words as ASCII; U+3000 separates. */
  assert_tokens ("ＡＢＣ１２３\xe3\x80\x80停电", KD_FTS_DOCUMENT, "abc123 0 18 W; 停电 21 27 B; 电 24 27 U");
  /* Decomposed é; a compatibility ideograph (U+F900 → U+8C48); a variation selector. */
  assert_tokens ("Cafe\xcc\x81 \xef\xa4\x80 葛\xf3\xa0\x84\x80", KD_FTS_DOCUMENT,
                 "café 0 6 W; \xe8\xb1\x88 7 10 U; 葛 11 18 U");
}

/* Every token's offsets cover exactly the characters it stands for, in
 * order; a CJK run gives one token per character; bad UTF-8 only separates. */
static void
test_tokenizer_offsets (void)
{
  const char *text = "魁多镇3组 Zhang San：家里停电两天，水管漏水 (urgent!) \xff\xfe 了";   /* 15 Han */
  g_autoptr(GArray) tokens = kd_fts_tokens (text, KD_FTS_DOCUMENT);
  guint n_cjk_tokens = 0;

  for (guint i = 0; i < tokens->len; i++)
    {
      const KdFtsToken *t = &g_array_index (tokens, KdFtsToken, i);
      g_autofree char *source = g_strndup (text + t->start, t->end - t->start);
      g_autofree char *lower = g_utf8_strdown (source, -1);

      g_assert_cmpstr (t->text, ==, lower);
      if (t->kind != KD_FTS_TOKEN_WORD)
        g_assert_cmpint (g_utf8_strlen (source, -1), ==, t->kind == KD_FTS_TOKEN_BIGRAM ? 2 : 1);
      n_cjk_tokens += t->kind != KD_FTS_TOKEN_WORD;
      if (i > 0)
        g_assert_cmpint (t->start, >, g_array_index (tokens, KdFtsToken, i - 1).start);
    }
  g_assert_cmpuint (n_cjk_tokens, ==, 15);
}

static void
test_query_building (void)
{
  struct { const char *text, *match; guint64 mask; } cases[] = {
    { "停电", "\"停电\"", 0 },
    { "  停电 3组 ", "\"停电\" AND \"3组\" *", 2 },
    { "水", "\"水\" *", 1 },
    { "3组停电ABC漏水", "\"3组停电ABC漏水\"", 0 },
    { "\"停电\" OR 漏水*", "\"停电\" AND \"OR\" AND \"漏水\"", 0 },
    { "NEAR(a b) -c", "\"NEAR\" AND \"a\" AND \"b\" AND \"c\"", 0 },
    { "title:停电 ^x {a}", "\"title\" AND \"停电\" AND \"x\" AND \"a\"", 0 },
    { "\"*()-%", NULL, 0 },
    { NULL, NULL, 0 },
  };
  g_autofree char *many = g_strnfill (3 * KD_FTS_MAX_TERMS, 'w');
  g_autoptr(KdFtsQuery) capped = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(KdFtsQuery) q = kd_fts_query_new (cases[i].text);

      g_assert_cmpstr (q->match, ==, cases[i].match);
      g_assert_cmpuint (q->prefix_mask, ==, cases[i].mask);
    }

  for (guint i = 1; i < 3 * KD_FTS_MAX_TERMS; i += 2)
    many[i] = ' ';
  capped = kd_fts_query_new (many);
  g_assert_cmpuint (capped->n_terms, ==, KD_FTS_MAX_TERMS);
}

/* @text with each of @ranges in [ ], to compare in one go. */
static char *
marked (const char   *text,
        const GArray *ranges)
{
  g_autoptr(GString) s = g_string_new (NULL);
  guint at = 0;

  for (guint i = 0; i < ranges->len; i++)
    {
      const KdFtsRange *r = &g_array_index (ranges, KdFtsRange, i);

      g_assert_cmpuint (r->start, >=, at);
      g_string_append_len (s, text + at, r->start - at);
      g_string_append_c (s, '[');
      g_string_append_len (s, text + r->start, r->end - r->start);
      g_string_append_c (s, ']');
      at = r->end;
    }
  g_string_append (s, text + at);
  return g_string_free (g_steal_pointer (&s), FALSE);
}

static void
test_snippet (void)
{
  const char *text = "第一行<b>\n这是一段很长的描述，用来检查摘要是不是从匹配的地方附近开始。"
                     "村里停电了，请尽快处理。后面还有很多文字，一直写到这里为止。";
  const char *hit = strstr (text, "停电");
  KdFtsRange r = { hit - text, hit - text + strlen ("停电") };
  g_autoptr(GArray) ranges = g_array_new (FALSE, FALSE, sizeof (KdFtsRange));
  g_autoptr(GArray) out = NULL, none = NULL, parsed = NULL;
  g_autofree char *snippet = NULL, *start = NULL, *shown = NULL, *shown_parsed = NULL;

  g_array_append_val (ranges, r);
  snippet = kd_fts_snippet (text, ranges, 20, &out);
  shown = marked (snippet, out);
  g_assert_cmpstr (shown, ==, "…开始。村里[停电]了，请尽快处理。后面还有很…");

  /* No match: the start, on one line, the text as it is (no markup made). */
  start = kd_fts_snippet (text, NULL, 8, &none);
  g_assert_cmpstr (start, ==, "第一行<b> 这…");
  g_assert_cmpuint (none->len, ==, 0);

  /* What kd_match_ranges() returns, sorted and merged. */
  parsed = kd_fts_parse_ranges ("9 15 0 3 3 6 x");
  shown_parsed = marked ("0123456789abcdef", parsed);
  g_assert_cmpstr (shown_parsed, ==, "[012345]678[9abcde]f");
}

/* ---- the index, through the store and the list ---- */

static gpointer
insert_job (KdDb      *db,
            gpointer   data,
            KdChanges *changes,
            GError   **error)
{
  return kd_case_insert (db, data, 1700000000, changes, error);
}

static void
insert_case (Fixture    *f,
             const char *title,
             const char *description)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KdReport) r = kd_report_new ();
  g_autoptr(KdCase) kase = NULL;

  r->village = g_strdup ("kuiduo");
  r->category = g_strdup ("water-power");
  r->title = g_strdup (title);
  r->description = g_strdup (description);
  kase = kd_writer_run_sync (kd_store_get_writer (f->store), insert_job, r, g_object_unref, &error);
  g_assert_no_error (error);
  settle (f);
}

static void
on_write_done (GObject      *source,
               GAsyncResult *result,
               gpointer      data)
{
  g_autoptr(GError) error = NULL;

  kd_writer_submit_finish (result, &error);
  g_assert_no_error (error);
  *(gboolean *) data = TRUE;
}

/* A reply (or an internal note) the way the desktop and the phones add one. */
static void
add_reply (Fixture    *f,
           gint64      case_id,
           const char *body,
           gboolean    is_public)
{
  gboolean done = FALSE;

  kd_store_add_reply_async (f->store, case_id, "张干部", body, is_public, NULL, on_write_done, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
}

static gpointer
exec_job (KdDb      *db,
          gpointer   data,
          KdChanges *changes,
          GError   **error)
{
  return kd_db_exec (db, data, error) ? GINT_TO_POINTER (1) : NULL;
}

/* Runs @sql on the writer (for edits the app does not make). */
static void
writer_exec (Fixture    *f,
             const char *sql)
{
  g_autoptr(GError) error = NULL;

  kd_writer_run_sync (kd_store_get_writer (f->store), exec_job, (gpointer) sql, NULL, &error);
  g_assert_no_error (error);
}

/* The index agrees with its own content and has a row per case (once the
 * queue is indexed, in either mode). */
static void
assert_index_sound (Fixture *f)
{
  KdDb *db = kd_store_get_reader (f->store);

  index_now (f);
  g_assert_cmpint (kd_fts_count_pending (db), ==, 0);
  writer_exec (f, "INSERT INTO case_search (case_search) VALUES ('integrity-check')");
  g_assert_cmpint (kd_db_query_int (db, "SELECT count(*) FROM case_search", NULL), ==,
                   kd_db_query_int (db, "SELECT count(*) FROM cases", NULL));
}

static int
compare_ids (gconstpointer a,
             gconstpointer b)
{
  return CMP (*(const gint64 *) a, *(const gint64 *) b);
}

/* The ids the list shows for @query as "3 1 4", in list order or sorted. */
static char *
search_ids (KdCaseList *list,
            const char *query,
            gboolean    sorted)
{
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GString) s = g_string_new (NULL);

  kd_case_list_set_search (list, query);
  kd_case_list_refresh (list);   /* the tests change rows behind the list's back */
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (list)); i++)
    {
      g_autoptr(KdCase) kase = g_list_model_get_item (G_LIST_MODEL (list), i);
      gint64 id = kd_case_get_id (kase);
      g_array_append_val (ids, id);
    }
  if (sorted)
    g_array_sort (ids, compare_ids);
  for (guint i = 0; i < ids->len; i++)
    g_string_append_printf (s, "%s%" G_GINT64_FORMAT, i ? " " : "", g_array_index (ids, gint64, i));
  return g_string_free (g_steal_pointer (&s), FALSE);
}

/* Searching @query finds exactly the cases @expected ("1 4", in id order). */
static void
assert_finds (KdCaseList *list,
              const char *query,
              const char *expected)
{
  g_autofree char *found = search_ids (list, query, TRUE);

  g_test_message ("search “%s”: [%s]", query, found);
  g_assert_cmpstr (found, ==, expected);
}

static void
test_find_two_chars (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(KdCaseList) list = kd_case_list_new (f->store);

  insert_case (f, NULL, "家里停电两天了，变压器好像坏了。");   /* 1 */
  insert_case (f, NULL, "自来水管漏水，水压很小。");           /* 2 */
  insert_case (f, NULL, "停车场太小，电动车没处停。");         /* 3 */
  insert_case (f, NULL, "电停了又来，来了又停。");             /* 4 */
  insert_case (f, NULL, "屋顶漏了，雨水进屋。");               /* 5 */

  assert_finds (list, "停电", "1");
  assert_finds (list, "漏水", "2");
  assert_finds (list, "停电 漏水", "");
  /* One character: every case that has it. */
  assert_finds (list, "漏", "2 5");
  assert_finds (list, "电", "1 3 4");
  assert_finds (list, "停电两天了", "1");
  assert_finds (list, "两天停电", "");
  assert_finds (list, "停电，两天", "1");
  assert_finds (list, "水压 自来水", "2");
  assert_index_sound (f);
}

static void
test_find_mixed (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(KdCaseList) list = kd_case_list_new (f->store);

  insert_case (f, "5组路灯不亮", "G318国道边的路灯坏了3盏，晚上很黑。");
  insert_case (f, NULL, "3组停电ABC漏水");
  insert_case (f, NULL, "村委会的ＷｉＦｉ信号很差，4G也没有。");

  assert_finds (list, "g318", "1");
  assert_finds (list, "G318 路灯", "1");
  assert_finds (list, "5组", "1");
  assert_finds (list, "3组", "2");
  assert_finds (list, "3组停电", "2");
  assert_finds (list, "停电abc", "2");
  assert_finds (list, "3组停电ABC漏水", "2");
  assert_finds (list, "电ABC漏", "2");
  assert_finds (list, "wifi", "3");
  assert_finds (list, "ＷＩＦＩ 4g", "3");
  /* Words are whole words: 318 is not G318. */
  assert_finds (list, "318", "");
  assert_finds (list, "3", "1 2");
}

static void
test_ranking (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(KdCaseList) list = kd_case_list_new (f->store);
  g_autofree char *best_first = NULL, *worst_first = NULL, *by_id = NULL;
  gboolean descending = FALSE;

  insert_case (f, "道路问题", "村口的路灯坏了，附近也停电了一次，请看看。");
  insert_case (f, "又停电了", "昨天停电，今天又停电，冰箱里的东西都坏了。");
  insert_case (f, "道路问题", "村口的路坏了。");
  insert_case (f, "水管", "停电了。");

  /* Title and twice in the text, before once; among equals the newest first. */
  best_first = search_ids (list, "停电", FALSE);
  g_assert_cmpstr (best_first, ==, "2 4 1");
  g_assert_cmpint (kd_case_list_get_sort (list, &descending), ==, KD_CASE_SORT_RELEVANCE);
  g_assert_true (descending);
  g_assert_cmpuint (kd_case_list_find (list, 1), ==, 2);
  g_assert_cmpuint (kd_case_list_find (list, 4), ==, 1);
  g_assert_cmpuint (kd_case_list_find (list, 3), ==, G_MAXUINT);

  kd_case_list_set_sort (list, KD_CASE_SORT_RELEVANCE, FALSE);
  worst_first = search_ids (list, "停电", FALSE);
  g_assert_cmpstr (worst_first, ==, "1 4 2");
  g_assert_cmpuint (kd_case_list_find (list, 2), ==, 2);

  /* Another sort while searching is kept; clearing the search brings back the old one. */
  kd_case_list_set_sort (list, KD_CASE_SORT_ID, FALSE);
  by_id = search_ids (list, "停电", FALSE);
  g_assert_cmpstr (by_id, ==, "1 2 4");
  kd_case_list_set_search (list, NULL);
  g_assert_cmpint (kd_case_list_get_sort (list, NULL), ==, KD_CASE_SORT_ID);
  kd_case_list_set_sort (list, KD_CASE_SORT_TITLE, TRUE);
  kd_case_list_set_search (list, "停电");
  g_assert_cmpint (kd_case_list_get_sort (list, NULL), ==, KD_CASE_SORT_RELEVANCE);
  g_assert_cmpstr (kd_case_list_get_search (list), ==, "停电");
  kd_case_list_set_search (list, "  ");
  g_assert_cmpint (kd_case_list_get_sort (list, &descending), ==, KD_CASE_SORT_TITLE);
  g_assert_true (descending);
  g_assert_null (kd_case_list_get_search (list));

  /* Relevance without a search: newest first. */
  kd_case_list_set_sort (list, KD_CASE_SORT_RELEVANCE, TRUE);
  g_assert_cmpint (kd_case_list_get_sort (list, NULL), ==, KD_CASE_SORT_CREATED);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 4);
}

/* The line kd_case_list_dup_highlight() gives for case @id, matches in [ ]. */
static char *
highlight (Fixture    *f,
           KdCaseList *list,
           gint64      id,
           KdFtsField *field)
{
  g_autoptr(KdCase) kase = kd_case_load (kd_store_get_reader (f->store), id, NULL);
  g_autoptr(GArray) ranges = NULL;
  g_autofree char *line = kd_case_list_dup_highlight (list, kase, field, &ranges);

  return marked (line, ranges);
}

static void
test_replies_searchable (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(KdCaseList) list = kd_case_list_new (f->store);
  g_autofree char *line = NULL;
  KdFtsField field = KD_FTS_FIELD_TITLE;
  KdDb *db = kd_store_get_reader (f->store);

  insert_case (f, NULL, "自来水管漏水。");
  insert_case (f, NULL, "路面坍塌。");
  add_reply (f, 1, "已联系供电所和水务站，明天派人维修。", TRUE);
  add_reply (f, 2, "需要协调交通局，费用另议。", FALSE);
  assert_finds (list, "供电所", "1");
  assert_finds (list, "水务站", "1");
  assert_finds (list, "交通局", "2");   /* cadres search notes too */

  /* The public replies and the internal notes are kept apart. */
  index_now (f);
  g_assert_cmpint (kd_db_query_int (db, "SELECT count(*) FROM case_search WHERE case_search MATCH 'replies : 交通局'", NULL), ==, 0);
  g_assert_cmpint (kd_db_query_int (db, "SELECT count(*) FROM case_search WHERE case_search MATCH 'notes : 交通局'", NULL), ==, 1);

  line = highlight (f, list, 2, &field);
  g_assert_cmpstr (line, ==, "需要协调[交通局]，费用另议。");
  g_assert_cmpint (field, ==, KD_FTS_FIELD_NOTES);
  assert_index_sound (f);
}

static void
on_items_changed (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  gpointer    data)
{
  g_main_loop_quit (data);
}

static void
test_sync (Fixture       *f,
           gconstpointer  data)
{
  g_autoptr(KdCaseList) list = kd_case_list_new (f->store);
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  gboolean done = FALSE;

  insert_case (f, NULL, "桥被冲坏了。");
  assert_finds (list, "停电", "");
  g_signal_connect (list, "items-changed", G_CALLBACK (on_items_changed), loop);

  /* An insert: the open search list refreshes by itself and finds it. */
  insert_case (f, NULL, "全组停电了。");
  g_main_loop_run (loop);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 1);
  assert_finds (list, "停电", "2");

  /* A reply. */
  add_reply (f, 1, "供电所说桥边也停电了。", TRUE);
  g_main_loop_run (loop);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 2);

  /* A status change (with a note in the timeline) leaves the index as it was. */
  kd_store_change_status_async (f->store, 2, KD_CASE_STATUS_ACCEPTED, "张干部", "已派人", NULL, on_write_done, &done);
  g_main_loop_run (loop);
  assert_finds (list, "停电", "1 2");
  assert_finds (list, "已派人", "");
  assert_index_sound (f);

  /* Edits the app does not make today are kept right by the triggers too. */
  writer_exec (f, "UPDATE cases SET title = '漏水', description = '水管漏水了' WHERE id = 2");
  assert_finds (list, "停电", "1");
  assert_finds (list, "漏水", "2");
  writer_exec (f, "DELETE FROM case_events WHERE case_id = 1 AND kind = 'reply'");
  assert_finds (list, "供电所", "");
  writer_exec (f, "DELETE FROM case_events WHERE case_id = 2; DELETE FROM cases WHERE id = 2");
  assert_finds (list, "漏水", "");
  assert_index_sound (f);
}

static void
test_syntax_is_literal (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(KdCaseList) list = kd_case_list_new (f->store);
  static const char * const nasty[] = {
    "\"", "\"停电", "停电\"", "*", "停电*", "**", "AND", "OR", "NOT", "NEAR", "NEAR(停电 漏水)",
    "NEAR(停电 漏水, 2)", "(", ")", "()", "-停电", "停电 -漏水", "title:停电", "{title}: 停电",
    "^停电", "+", "停电 OR 漏水", "'", "';DROP TABLE cases;--", "\\", "%", "_", "\x01",
    "停电\"漏水", "\"\"\"\"", "a\"b", "NEAR/2", "停电 AND", "AND 停电", ":", "：", "　",
  };

  insert_case (f, NULL, "家里停电了，漏水也很严重。");
  insert_case (f, NULL, "Power cut AND water leak near the bridge (桥), not fixed - title: help");
  for (guint i = 0; i < G_N_ELEMENTS (nasty); i++)
    g_free (search_ids (list, nasty[i], FALSE));   /* no error, no warning */

  assert_finds (list, "停电*", "1");
  assert_finds (list, "-停电", "1");
  assert_finds (list, "\"停电", "1");
  assert_finds (list, "停电 OR 漏水", "");   /* "or" is a word here */
  assert_finds (list, "AND", "2");
  assert_finds (list, "NEAR(桥)", "2");
  assert_finds (list, "title: help", "2");
  assert_finds (list, "not fixed -", "2");
  assert_finds (list, "()", "");
  g_assert_cmpuint (kd_case_list_find (list, 1), ==, G_MAXUINT);
  g_assert_null (g_list_model_get_item (G_LIST_MODEL (list), 0));
}

static void
test_highlight (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(KdCaseList) list = kd_case_list_new (f->store);
  KdFtsField field = KD_FTS_FIELD_TITLE;
  struct { const char *search, *line; } cases[] = {
    /* Plain text: the villager's "<b>" stays as typed, nothing is escaped. */
    { "停电", "<b>家里</b> & 邻居都[停电]了，水管也漏水，水压很小。" },
    /* One character: only that character, wherever it is; not the title's. */
    { "水", "<b>家里</b> & 邻居都停电了，[水]管也漏[水]，[水]压很小。" },
    { "漏水 邻居", "<b>家里</b> & [邻居]都停电了，水管也[漏水]，水压很小。" },
    { "b", "<[b]>家里</[b]> & 邻居都停电了，水管也漏水，水压很小。" },
    { "3组", "<b>家里</b> & 邻居都停电了，水管也漏水，水压很小。" },   /* only in the title */
    { NULL, "<b>家里</b> & 邻居都停电了，水管也漏水，水压很小。" },
  };

  insert_case (f, "水的问题 3组", "<b>家里</b> & 邻居都停电了，水管也漏水，水压很小。");
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *line = NULL;

      kd_case_list_set_search (list, cases[i].search);
      line = highlight (f, list, 1, &field);
      g_assert_cmpstr (line, ==, cases[i].line);
      g_assert_cmpint (field, ==, KD_FTS_FIELD_DESCRIPTION);
    }
}

/* ---- many cases: sorts, keyset paging, filters with a search, find() ---- */

/* Ten pages of the demo town: six villages, every category, cases in all
 * states, with replies; titles repeat, times are random. */
#define N_BULK 1000

/* The first column of the sort key (the rest is checked through find()). */
static int
compare_first (KdCase     *a,
               KdCase     *b,
               KdCaseSort  sort)
{
  switch (sort)
    {
    case KD_CASE_SORT_CREATED:  return CMP (kd_case_get_created_at (a), kd_case_get_created_at (b));
    case KD_CASE_SORT_VILLAGE:  return CMP (kd_case_get_village_id (a), kd_case_get_village_id (b));
    case KD_CASE_SORT_CATEGORY: return CMP (kd_case_get_category_id (a), kd_case_get_category_id (b));
    case KD_CASE_SORT_URGENT:   return CMP (kd_case_get_urgent (a), kd_case_get_urgent (b));
    case KD_CASE_SORT_STATUS:   return CMP (kd_case_get_status (a), kd_case_get_status (b));
    case KD_CASE_SORT_TITLE:    return strcmp (kd_case_get_title (a), kd_case_get_title (b));
    case KD_CASE_SORT_KIND:     return CMP (kd_case_get_kind (a), kd_case_get_kind (b));
    case KD_CASE_SORT_ASSIGNEE: return CMP (MAX (kd_case_get_assignee_id (a), 0), MAX (kd_case_get_assignee_id (b), 0));
    case KD_CASE_SORT_DUE:      return CMP (MAX (kd_case_get_resolution_due_at (a), 0), MAX (kd_case_get_resolution_due_at (b), 0));
    default:                    return CMP (kd_case_get_id (a), kd_case_get_id (b));
    }
}

/* Reads the whole list front to back (page after page from the one before)
 * and back to front (from the one after), checks both agree, the order, that
 * find() puts every row where it is, and that every row has @word in its
 * title or description and (if >= 0) @status. */
static guint
check_walk (KdCaseList *list,
            const char *word,
            int         status)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (list));
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func (g_object_unref);
  gboolean descending;
  KdCaseSort sort = kd_case_list_get_sort (list, &descending);

  kd_case_list_refresh (list);
  for (guint i = 0; i < n; i++)
    g_ptr_array_add (rows, g_list_model_get_item (G_LIST_MODEL (list), i));
  kd_case_list_refresh (list);
  for (guint i = n; i-- > 0;)
    {
      g_autoptr(KdCase) kase = g_list_model_get_item (G_LIST_MODEL (list), i);

      g_assert_cmpint (kd_case_get_id (kase), ==, kd_case_get_id (rows->pdata[i]));
      g_assert_true (word == NULL || strstr (kd_case_get_title (kase), word) ||
                     strstr (kd_case_get_description (kase), word));
      g_assert_true (status < 0 || kd_case_get_status (kase) == (KdCaseStatus) status);
      g_assert_cmpuint (kd_case_list_find (list, kd_case_get_id (kase)), ==, i);
      if (i > 0 && sort != KD_CASE_SORT_RELEVANCE)
        g_assert_cmpint (compare_first (rows->pdata[i - 1], kase, sort) * (descending ? -1 : 1), <=, 0);
    }
  return n;
}

static void
test_list_paging (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(KdCaseList) list = NULL;

  g_assert_true (kd_demo_populate (f->store, N_BULK, NULL));
  settle (f);
  if (g_getenv ("XX")) index_now (f);
  list = kd_case_list_new (f->store);
  for (KdCaseSort sort = KD_CASE_SORT_ID; sort <= KD_CASE_SORT_DUE; sort++)
    for (int desc = 0; desc < 2 && sort != KD_CASE_SORT_RELEVANCE; desc++)
      {
        kd_case_list_set_sort (list, sort, desc);
        g_test_message ("sort %d%s", sort, desc ? " descending" : "");
        g_assert_cmpuint (check_walk (list, NULL, -1), ==, N_BULK);
      }
}

static void
test_list_search_filters (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(KdCaseList) list = NULL;
  guint n_water, n;
  gint64 other;

  g_assert_true (kd_demo_populate (f->store, N_BULK, NULL));
  settle (f);
  list = kd_case_list_new (f->store);
  kd_case_list_set_search (list, "水");
  n_water = check_walk (list, "水", -1);
  g_assert_cmpuint (n_water, >, KD_CASE_LIST_PAGE_SIZE);
  kd_case_list_set_sort (list, KD_CASE_SORT_VILLAGE, TRUE);
  g_assert_cmpuint (check_walk (list, "水", -1), ==, n_water);
  kd_case_list_set_status (list, KD_CASE_STATUS_ACCEPTED);
  n = check_walk (list, "水", KD_CASE_STATUS_ACCEPTED);
  g_assert_cmpuint (n, >, 0);
  g_assert_cmpuint (n, <, n_water);
  kd_case_list_set_sort (list, KD_CASE_SORT_RELEVANCE, TRUE);
  g_assert_cmpuint (check_walk (list, "水", KD_CASE_STATUS_ACCEPTED), ==, n);
  kd_case_list_set_sort (list, KD_CASE_SORT_RELEVANCE, FALSE);
  g_assert_cmpuint (check_walk (list, "水", KD_CASE_STATUS_ACCEPTED), ==, n);

  /* A case the search does not find is not in the list. */
  kd_case_list_set_status (list, -1);
  other = kd_db_query_int (kd_store_get_reader (f->store),
                           "SELECT id FROM cases WHERE description NOT LIKE '%水%' AND title NOT LIKE '%水%'", NULL);
  g_assert_cmpint (other, >, 0);
  g_assert_cmpuint (kd_case_list_find (list, other), ==, G_MAXUINT);
  g_assert_cmpuint (kd_case_list_find (list, 999999), ==, G_MAXUINT);
}

/* ---- migration 2 from a version-1 database with rows ---- */

/* A town as Kuiduo with schema 1 left it, written without Kuiduo. */
static void
make_version_1 (const char *path)
{
  sqlite3 *handle = NULL;
  g_autofree char *sql = g_strdup_printf (
    "BEGIN; %s PRAGMA user_version = 1;"
    "INSERT INTO cases (id, tracking_code, created_at, updated_at, village_id, category_id, title, description)"
    " VALUES (1, 'AAAAAAAAAA', 10, 10, 1, 1, '停电', '家里停电两天了'), (2, 'BBBBBBBBBB', 20, 20, 1, 2, '水管', '自来水管漏水'),"
    "        (3, 'CCCCCCCCCC', 30, 30, 1, 3, '垃圾', '垃圾没人清运');"
    "INSERT INTO case_events (case_id, at, kind, body, public) VALUES (1, 10, 'created', NULL, 1), (2, 20, 'created', NULL, 1),"
    "  (2, 25, 'reply', '已联系供电所', 1), (2, 26, 'reply', '水务站明天来', 1), (3, 30, 'note', '交通局负责', 0),"
    "  (3, 31, 'status', '停电检修', 1); COMMIT;", kd_db_schema_steps[0]);

  g_assert_cmpint (sqlite3_open (path, &handle), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (handle, sql, NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (handle);
}

/* New cases wait in the queue while the writer is busy, are found there, and
 * the writer indexes them by itself once it has nothing else to do. */
static void
test_queue_indexing (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(KdCaseList) list = kd_case_list_new (f->store);
  KdDb *db = kd_store_get_reader (f->store);
  gint64 deadline;

  kd_writer_set_idle_paused (kd_store_get_writer (f->store), TRUE);
  queued = TRUE;
  for (int i = 0; i < 150; i++)
    insert_case (f, NULL, i % 3 == 0 ? "停电了，请尽快处理。" : "路灯坏了。");
  g_assert_cmpint (kd_fts_count_pending (db), ==, 150);
  g_assert_cmpint (kd_db_query_int (db, "SELECT count(*) FROM case_search", NULL), ==, 0);
  kd_case_list_set_search (list, "停电");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 50);

  /* Unpaused, the next write wakes the writer, which then works through
   * the queue in slices between writes. */
  kd_writer_set_idle_paused (kd_store_get_writer (f->store), FALSE);
  writer_exec (f, "UPDATE settings SET value = value WHERE key = 'town_name'");
  deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;
  while (kd_fts_count_pending (db) > 0 && g_get_monotonic_time () < deadline)
    g_usleep (10000);
  g_assert_cmpint (kd_fts_count_pending (db), ==, 0);
  g_assert_cmpint (kd_db_query_int (db, "SELECT count(*) FROM case_search", NULL), ==, 150);
  kd_case_list_refresh (list);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 50);
  assert_index_sound (f);
}

static void
test_migrate_backfill (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KdCaseList) list = NULL;
  KdDb *db;

  make_version_1 (f->path);
  f->store = kd_store_open (f->path, &error);
  g_assert_no_error (error);
  db = kd_store_get_reader (f->store);
  g_assert_cmpint (kd_db_get_user_version (db), ==, KD_DB_SCHEMA_VERSION);
  g_assert_cmpint (kd_db_query_int (db, "SELECT count(*) FROM sqlite_schema WHERE name = 'cases_by_title'", NULL), ==, 1);

  list = kd_case_list_new (f->store);
  assert_finds (list, "停电", "1");   /* not the status note of 3 */
  assert_finds (list, "漏水", "2");
  assert_finds (list, "供电所", "2");
  assert_finds (list, "水务站", "2");
  assert_finds (list, "交通局", "3");
  assert_index_sound (f);

  /* And it goes on from there. */
  insert_case (f, NULL, "又停电了");
  assert_finds (list, "停电", "1 4");
}

static void
add (const char *path,
     void      (*test) (Fixture *, gconstpointer))
{
  g_autofree char *indexed = g_strdup_printf ("/kd/search/%s", path);

  g_test_add (indexed, Fixture, MODE_INDEXED, fixture_setup, test, fixture_teardown);
}

/* Also over the queued cases. */
static void
add_both (const char *path,
          void      (*test) (Fixture *, gconstpointer))
{
  g_autofree char *pending = g_strdup_printf ("/kd/search/queued/%s", path);

  add (path, test);
  g_test_add (pending, Fixture, MODE_QUEUED, fixture_setup, test, fixture_teardown);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/kd/search/tokenizer/bigrams", test_tokenizer_bigrams);
  g_test_add_func ("/kd/search/tokenizer/single", test_tokenizer_single);
  g_test_add_func ("/kd/search/tokenizer/mixed", test_tokenizer_mixed);
  g_test_add_func ("/kd/search/tokenizer/punctuation", test_tokenizer_punctuation);
  g_test_add_func ("/kd/search/tokenizer/fullwidth", test_tokenizer_fullwidth);
  g_test_add_func ("/kd/search/tokenizer/offsets", test_tokenizer_offsets);
  g_test_add_func ("/kd/search/query", test_query_building);
  g_test_add_func ("/kd/search/snippet", test_snippet);
  add_both ("find/two-chars", test_find_two_chars);
  add_both ("find/mixed", test_find_mixed);
  add ("ranking", test_ranking);
  add_both ("replies", test_replies_searchable);
  add_both ("sync", test_sync);
  add_both ("syntax", test_syntax_is_literal);
  add_both ("highlight", test_highlight);
  add_both ("list/paging", test_list_paging);
  add_both ("list/filters", test_list_search_filters);
  add ("queue/indexing", test_queue_indexing);
  g_test_add ("/kd/search/migrate/backfill", Fixture, MODE_OWN_STORE, fixture_setup, test_migrate_backfill, fixture_teardown);

  return g_test_run ();
}
