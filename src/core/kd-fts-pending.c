#define G_LOG_DOMAIN "kd-fts"

#include "config.h"

#include <string.h>

#include "kd-db.h"
#include "kd-fts.h"

/* The cases not yet in case_search (schema step 3): the writer indexes them
 * when it has nothing else to do, and until then a search matches them here,
 * token by token, with the same rules as FTS5 applies to the index. */

/* The tokens of one text, back to back in one buffer. */
typedef struct
{
  GString *buf;
  GArray  *offsets;   /* of guint: where each token starts in buf; one more at the end */
  GArray  *spans;     /* of KdFtsRange: where each token is in the text */
} TokenList;

static int
add_token (gpointer        data,
           const char     *token,
           int             len,
           int             start,
           int             end,
           KdFtsTokenKind  kind)
{
  TokenList *list = data;
  guint at = (guint) list->buf->len;
  KdFtsRange span = { (guint) start, (guint) end };

  g_string_append_len (list->buf, token, len);
  g_array_append_val (list->offsets, at);
  g_array_append_val (list->spans, span);
  return 0;
}

static void
token_list_init (TokenList  *list,
                 const char *text,
                 KdFtsMode   mode)
{
  guint at;

  list->buf = g_string_new (NULL);
  list->offsets = g_array_new (FALSE, FALSE, sizeof (guint));
  list->spans = g_array_new (FALSE, FALSE, sizeof (KdFtsRange));
  kd_fts_tokenize (text, -1, mode, add_token, list);
  at = (guint) list->buf->len;
  g_array_append_val (list->offsets, at);
}

static void
token_list_clear (TokenList *list)
{
  g_string_free (list->buf, TRUE);
  g_array_unref (list->offsets);
  g_array_unref (list->spans);
}

static guint
token_list_len (const TokenList *list)
{
  return list->offsets->len - 1;
}

static gboolean
token_equal (const TokenList *a,
             guint            i,
             const TokenList *b,
             guint            j,
             gboolean         prefix)
{
  guint a0 = g_array_index (a->offsets, guint, i), a1 = g_array_index (a->offsets, guint, i + 1);
  guint b0 = g_array_index (b->offsets, guint, j), b1 = g_array_index (b->offsets, guint, j + 1);

  if (prefix ? a1 - a0 < b1 - b0 : a1 - a0 != b1 - b0)
    return FALSE;
  return memcmp (a->buf->str + a0, b->buf->str + b0, b1 - b0) == 0;
}

/* FTS5's phrase match: the phrase's tokens at consecutive positions of the
 * document's; with @prefix the last one may be the start of a longer token.
 * The position of the first match from @from on, or -1. */
static gint64
phrase_at (const TokenList *doc,
           const TokenList *phrase,
           gboolean         prefix,
           guint            from)
{
  guint n = token_list_len (phrase), m = token_list_len (doc);

  if (n == 0 || n > m)
    return -1;

  for (guint i = from; i + n <= m; i++)
    {
      guint j = 0;

      while (j < n && token_equal (doc, i + j, phrase, j, prefix && j == n - 1))
        j++;
      if (j == n)
        return i;
    }

  return -1;
}

static gboolean
phrase_in (const TokenList *doc,
           const TokenList *phrase,
           gboolean         prefix)
{
  return phrase_at (doc, phrase, prefix, 0) >= 0;
}

/* The next phrase of a query made by kd_fts_query_new(): "…" with "" for a
 * quote inside, then " *" for a prefix phrase, then " AND " before the next.
 * Returns FALSE at the end. */
static gboolean
next_phrase (const char **cursor,
             GString     *phrase,
             gboolean    *prefix)
{
  const char *p = strchr (*cursor, '"');

  if (p == NULL)
    return FALSE;

  g_string_truncate (phrase, 0);
  for (p++; *p; p++)
    {
      if (*p == '"' && p[1] == '"')
        p++;
      else if (*p == '"')
        break;
      g_string_append_c (phrase, *p);
    }
  if (*p == '"')
    p++;
  *prefix = g_str_has_prefix (p, " *");
  *cursor = p;
  return TRUE;
}

/* kd_pending_match(query, text, …): 1 when every phrase of @query (as made
 * by kd_fts_query_new()) is in one of the texts. */
static void
pending_match_fn (sqlite3_context  *ctx,
                  int               argc,
                  sqlite3_value   **argv)
{
  const char *query = (const char *) sqlite3_value_text (argv[0]);
  g_autoptr(GString) phrase = g_string_new (NULL);
  TokenList docs[4];
  int n_docs = MIN (argc - 1, (int) G_N_ELEMENTS (docs));
  gboolean prefix, all = query != NULL;

  for (int i = 0; i < n_docs; i++)
    token_list_init (&docs[i], (const char *) sqlite3_value_text (argv[i + 1]), KD_FTS_DOCUMENT);

  while (all && next_phrase (&query, phrase, &prefix))
    {
      TokenList tokens;
      gboolean found = FALSE;

      token_list_init (&tokens, phrase->str, KD_FTS_QUERY);
      for (int i = 0; i < n_docs && !found; i++)
        found = phrase_in (&docs[i], &tokens, prefix);
      token_list_clear (&tokens);
      all = found;
    }

  for (int i = 0; i < n_docs; i++)
    token_list_clear (&docs[i]);
  sqlite3_result_int (ctx, all);
}

/* Where the phrases of @query are in @text, as FTS5 would match them: byte
 * ranges, sorted and merged. For the highlight of a case not yet indexed. */
GArray *
kd_fts_match_text (const KdFtsQuery *query,
                   const char       *text)
{
  GArray *ranges = g_array_new (FALSE, FALSE, sizeof (KdFtsRange));
  g_autoptr(GString) phrase = g_string_new (NULL);
  const char *cursor = query && query->match ? query->match : "";
  gboolean prefix;
  TokenList doc;

  token_list_init (&doc, text, KD_FTS_DOCUMENT);
  while (next_phrase (&cursor, phrase, &prefix))
    {
      TokenList tokens;
      guint n;
      gint64 at = -1;

      token_list_init (&tokens, phrase->str, KD_FTS_QUERY);
      n = token_list_len (&tokens);
      while ((at = phrase_at (&doc, &tokens, prefix, (guint) (at + 1))) >= 0)
        {
          const KdFtsRange *last = &g_array_index (doc.spans, KdFtsRange, at + n - 1);
          KdFtsRange r = { g_array_index (doc.spans, KdFtsRange, at).start, last->end };

          /* A prefix phrase ends in one CJK character: only that one is marked. */
          if (prefix)
            r.end = MIN (r.end, last->start + (g_array_index (tokens.offsets, guint, n) -
                                               g_array_index (tokens.offsets, guint, n - 1)));
          g_array_append_val (ranges, r);
        }
      token_list_clear (&tokens);
    }
  token_list_clear (&doc);

  kd_fts_ranges_merge (ranges);
  return ranges;
}

gboolean
kd_fts_register_pending (sqlite3  *handle,
                         GError  **error)
{
  int rc = sqlite3_create_function_v2 (handle, "kd_pending_match", -1,
                                       SQLITE_UTF8 | SQLITE_DETERMINISTIC,
                                       NULL, pending_match_fn, NULL, NULL, NULL);

  if (rc != SQLITE_OK)
    return kd_db_set_error (NULL, rc, "register kd_pending_match", error);
  return TRUE;
}

/* Indexes up to @max of the queued cases, oldest first, inside the caller's
 * transaction. Returns how many were indexed (0: the queue is empty), or -1
 * with @error set. */
gint64
kd_fts_index_pending (KdDb    *db,
                      guint    max,
                      GError **error)
{
  static const char * const steps[] = {
    "DELETE FROM case_search WHERE rowid IN"
    "  (SELECT case_id FROM case_search_pending WHERE case_id <= ?1)",
    "INSERT INTO case_search (rowid, title, description, replies, notes)"
    "  SELECT s.id, s.title, s.description, s.replies, s.notes"
    "  FROM case_search_pending p CROSS JOIN case_search_source s ON s.id = p.case_id"
    "  WHERE p.case_id <= ?1",
    "DELETE FROM case_search_pending WHERE case_id <= ?1",
  };
  sqlite3_stmt *stmt;
  gint64 bound, n;

  stmt = kd_db_prepare (db, "SELECT max (case_id), count (*) FROM"
                            " (SELECT case_id FROM case_search_pending ORDER BY case_id LIMIT ?1)", error);
  if (stmt == NULL)
    return -1;
  sqlite3_bind_int (stmt, 1, (int) MIN (max, G_MAXINT));
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      kd_db_set_error (db, sqlite3_reset (stmt), "read the search queue", error);
      return -1;
    }
  bound = sqlite3_column_int64 (stmt, 0);
  n = sqlite3_column_int64 (stmt, 1);
  sqlite3_reset (stmt);
  if (n == 0)
    return 0;

  for (guint i = 0; i < G_N_ELEMENTS (steps); i++)
    {
      if ((stmt = kd_db_prepare (db, steps[i], error)) == NULL)
        return -1;
      sqlite3_bind_int64 (stmt, 1, bound);
      if (!kd_db_step_done (db, stmt, error))
        return -1;
    }

  return n;
}

gint64
kd_fts_count_pending (KdDb *db)
{
  return kd_db_query_int (db, "SELECT count (*) FROM case_search_pending", NULL);
}
