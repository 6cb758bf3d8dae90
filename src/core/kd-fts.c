/* kd-fts.c: the kd_cjk FTS5 tokenizer, the kd_match_ranges() auxiliary
 * function, query building and snippets. The rules are in kd-fts.h. */
#define G_LOG_DOMAIN "kd-fts"

#include "config.h"

#include <string.h>
#include <glib/gi18n.h>

#include "kd-db.h"
#include "kd-fts.h"

/* The FTS5 extension API comes with sqlite3.h (fts5_api, fts5_tokenizer). */
typedef int (*Fts5TokenCallback) (void *, int, const char *, int, int, int);

typedef enum {
  CLASS_SEPARATOR,
  CLASS_WORD,
  CLASS_CJK,
} CharClass;

static CharClass
classify (gunichar c)
{
  if (c < 0x80)
    return g_ascii_isalnum (c) ? CLASS_WORD : CLASS_SEPARATOR;
  if ((c >= 0x4E00 && c <= 0x9FFF) || c == 0x30FC)   /* the common case; ー */
    return CLASS_CJK;

  switch (g_unichar_type (c))
    {
    case G_UNICODE_LOWERCASE_LETTER:
    case G_UNICODE_MODIFIER_LETTER:
    case G_UNICODE_OTHER_LETTER:
    case G_UNICODE_TITLECASE_LETTER:
    case G_UNICODE_UPPERCASE_LETTER:
    case G_UNICODE_DECIMAL_NUMBER:
    case G_UNICODE_LETTER_NUMBER:
    case G_UNICODE_OTHER_NUMBER:
      break;
    default:
      return CLASS_SEPARATOR;
    }

  switch (g_unichar_get_script (c))
    {
    case G_UNICODE_SCRIPT_HAN:
    case G_UNICODE_SCRIPT_HIRAGANA:
    case G_UNICODE_SCRIPT_KATAKANA:
    case G_UNICODE_SCRIPT_BOPOMOFO:
      return CLASS_CJK;
    default:
      return CLASS_WORD;
    }
}

static gboolean
is_mark (const char *text,
         int         len,
         int         pos,
         int        *end)
{
  gunichar c;

  if ((guchar) text[pos] < 0x80)
    return FALSE;
  c = g_utf8_get_char_validated (text + pos, len - pos);
  if (c >= 0x110000 || !g_unichar_ismark (c))
    return FALSE;
  *end = pos + g_utf8_skip[(guchar) text[pos]];
  return TRUE;
}

/* The class of the character at @pos, which ends (with the combining marks
 * that follow it) at *@end. Invalid bytes and lone marks separate. */
static CharClass
read_char (const char *text,
           int         len,
           int         pos,
           int        *end)
{
  gunichar c = (guchar) text[pos];
  CharClass cls;

  if (c >= 0x80)
    c = g_utf8_get_char_validated (text + pos, len - pos);
  if (c >= 0x110000)
    {
      *end = pos + 1;
      return CLASS_SEPARATOR;
    }

  *end = pos + g_utf8_skip[(guchar) text[pos]];
  cls = classify (c);
  if (cls != CLASS_SEPARATOR)
    while (*end < len && is_mark (text, len, *end, end))
      ;

  return cls;
}

static int
emit_word (const char     *text,
           int             start,
           int             end,
           KdFtsTokenFunc  func,
           gpointer        data)
{
  char buf[64];
  int n = end - start;
  gboolean ascii = TRUE;
  g_autofree char *normal = NULL;
  g_autofree char *folded = NULL;

  for (int i = start; i < end && ascii; i++)
    ascii = (guchar) text[i] < 0x80;

  if (ascii && n <= (int) sizeof buf)
    {
      for (int i = 0; i < n; i++)
        buf[i] = g_ascii_tolower (text[start + i]);
      return func (data, buf, n, start, end, KD_FTS_TOKEN_WORD);
    }

  normal = g_utf8_normalize (text + start, n, G_NORMALIZE_NFKC);
  if (normal == NULL)
    return 0;
  folded = g_utf8_casefold (normal, -1);

  return func (data, folded, (int) strlen (folded), start, end, KD_FTS_TOKEN_WORD);
}

/* Han in the unified blocks, kana and extension B onwards are indexed as
 * written; compatibility forms (豈, half-width ｶ) are NFKC-normalised. */
static gboolean
cjk_is_canonical (gunichar c)
{
  return (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x3040 && c <= 0x30FF) ||
         (c >= 0x3400 && c <= 0x4DBF) || (c >= 0x20000 && c < 0x2F800) ||
         (c >= 0x30000 && c <= 0x3134F);
}

static int
emit_cjk (const char     *text,
          int             start,
          int             end,
          KdFtsTokenKind  kind,
          KdFtsTokenFunc  func,
          gpointer        data)
{
  char buf[64];
  int n = 0;

  for (int p = start; p < end; p += g_utf8_skip[(guchar) text[p]])
    {
      gunichar c = g_utf8_get_char (text + p);
      int skip = g_utf8_skip[(guchar) text[p]];

      if (cjk_is_canonical (c))
        {
          memcpy (buf + n, text + p, skip);
          n += skip;
        }
      else if (!g_unichar_ismark (c))   /* variation selectors are dropped */
        {
          g_autofree char *normal = g_utf8_normalize (text + p, skip, G_NORMALIZE_NFKC);
          int m = normal ? (int) strlen (normal) : 0;

          if (n + m <= (int) sizeof buf - 8)
            {
              memcpy (buf + n, normal, m);
              n += m;
            }
        }
    }

  return func (data, buf, n, start, end, kind);
}

/* One token per character of a CJK run: the bigram it starts, or for the
 * last character, the character alone. In a query, a run of two or more that
 * ends the phrase leaves out that last unigram (it is inside the bigram). */
static int
cjk_run (const char     *text,
         int             len,
         int             start,
         int             tail,
         KdFtsMode       mode,
         int            *next,
         KdFtsTokenFunc  func,
         gpointer        data)
{
  int cur = start, cur_end, next_end, n = 1, rc = 0;

  read_char (text, len, start, &cur_end);
  while (rc == 0)
    {
      if (cur_end < len && read_char (text, len, cur_end, &next_end) == CLASS_CJK)
        {
          rc = emit_cjk (text, cur, next_end, KD_FTS_TOKEN_BIGRAM, func, data);
          cur = cur_end;
          cur_end = next_end;
          n++;
          continue;
        }
      if (mode == KD_FTS_DOCUMENT || n == 1 || cur_end < tail)
        rc = emit_cjk (text, cur, cur_end, KD_FTS_TOKEN_UNIGRAM, func, data);
      break;
    }

  *next = cur_end;
  return rc;
}

/* Where the last character that makes a token ends. */
static int
tokens_end (const char *text,
            int         len)
{
  int tail = 0, end;

  for (int pos = 0; pos < len; pos = end)
    if (read_char (text, len, pos, &end) != CLASS_SEPARATOR)
      tail = end;

  return tail;
}

/* Calls @func for each token of @text (@len bytes, or -1: up to the NUL).
 * Returns 0, or the first non-zero value @func returned. */
int
kd_fts_tokenize (const char     *text,
                 int             len,
                 KdFtsMode       mode,
                 KdFtsTokenFunc  func,
                 gpointer        data)
{
  int pos = 0, end, rc = 0, tail;

  if (text == NULL)
    return 0;
  if (len < 0)
    len = (int) strlen (text);
  tail = mode == KD_FTS_QUERY ? tokens_end (text, len) : len;

  while (rc == 0 && pos < len)
    {
      int start = pos;

      switch (read_char (text, len, pos, &end))
        {
        case CLASS_WORD:
          while (end < len && read_char (text, len, end, &pos) == CLASS_WORD)
            end = pos;
          rc = emit_word (text, start, end, func, data);
          pos = end;
          break;
        case CLASS_CJK:
          rc = cjk_run (text, len, start, tail, mode, &pos, func, data);
          break;
        case CLASS_SEPARATOR:
        default:
          pos = end;
          break;
        }
    }

  return rc;
}

static void
token_clear (gpointer data)
{
  g_free (((KdFtsToken *) data)->text);
}

static int
collect_token (gpointer        data,
               const char     *token,
               int             len,
               int             start,
               int             end,
               KdFtsTokenKind  kind)
{
  KdFtsToken t = { g_strndup (token, len), start, end, kind };

  g_array_append_val ((GArray *) data, t);
  return 0;
}

/* The tokens of @text as an array of KdFtsToken (for tests and tools). */
GArray *
kd_fts_tokens (const char *text,
               KdFtsMode   mode)
{
  GArray *tokens = g_array_new (FALSE, FALSE, sizeof (KdFtsToken));

  g_array_set_clear_func (tokens, token_clear);
  kd_fts_tokenize (text, -1, mode, collect_token, tokens);

  return tokens;
}

/* The FTS5 side of the tokenizer. It has no state and takes no options. */

typedef struct
{
  void              *ctx;
  Fts5TokenCallback  x_token;
} Fts5Glue;

static int
glue_token (gpointer        data,
            const char     *token,
            int             len,
            int             start,
            int             end,
            KdFtsTokenKind  kind)
{
  Fts5Glue *glue = data;

  return glue->x_token (glue->ctx, 0, token, len, start, end);
}

static int
kd_cjk_create (void           *user_data,
               const char    **argv,
               int             argc,
               Fts5Tokenizer **out)
{
  static int instance;

  if (argc > 0)
    return SQLITE_ERROR;
  *out = (Fts5Tokenizer *) &instance;
  return SQLITE_OK;
}

static void
kd_cjk_delete (Fts5Tokenizer *tokenizer)
{
}

static int
kd_cjk_tokenize (Fts5Tokenizer     *tokenizer,
                 void              *ctx,
                 int                flags,
                 const char        *text,
                 int                len,
                 Fts5TokenCallback  x_token)
{
  Fts5Glue glue = { ctx, x_token };

  if (text == NULL || len <= 0)
    return SQLITE_OK;

  return kd_fts_tokenize (text, len, (flags & FTS5_TOKENIZE_QUERY) ? KD_FTS_QUERY : KD_FTS_DOCUMENT,
                          glue_token, &glue);
}

/* kd_match_ranges(case_search, column, prefix_mask): the byte ranges of the
 * current row's matches in @column, as text "start end start end …". For the
 * phrases whose bit is set in @prefix_mask (prefix phrases ending in one CJK
 * character), only that character of the last token is part of the range. */

static int
record_bounds (void       *data,
               int         tflags,
               const char *token,
               int         len,
               int         start,
               int         end)
{
  KdFtsRange r = { start, end };

  if ((tflags & FTS5_TOKEN_COLOCATED) == 0)
    g_array_append_val ((GArray *) data, r);
  return SQLITE_OK;
}

static int
append_ranges (const Fts5ExtensionApi *api,
               Fts5Context            *fts,
               int                     col,
               guint64                 prefix_mask,
               GString                *out)
{
  g_autoptr(GArray) bounds = g_array_new (FALSE, FALSE, sizeof (KdFtsRange));
  const char *text = NULL;
  int len = 0, n_inst = 0, rc;

  if ((rc = api->xInstCount (fts, &n_inst)) != SQLITE_OK ||
      (rc = api->xColumnText (fts, col, &text, &len)) != SQLITE_OK)
    return rc;
  if (n_inst == 0 || text == NULL || len <= 0)
    return SQLITE_OK;
  if ((rc = api->xTokenize (fts, text, len, bounds, record_bounds)) != SQLITE_OK)
    return rc;

  for (int i = 0; i < n_inst; i++)
    {
      int phrase, icol, first, last;
      KdFtsRange *a, *b;
      guint end;

      if ((rc = api->xInst (fts, i, &phrase, &icol, &first)) != SQLITE_OK)
        return rc;
      last = first + api->xPhraseSize (fts, phrase) - 1;
      if (icol != col || first < 0 || last < first || last >= (int) bounds->len)
        continue;
      a = &g_array_index (bounds, KdFtsRange, first);
      b = &g_array_index (bounds, KdFtsRange, last);
      end = b->end;
      if (phrase < 64 && (prefix_mask >> phrase) & 1)
        end = MIN (b->end, b->start + g_utf8_skip[(guchar) text[b->start]]);
      g_string_append_printf (out, "%s%u %u", out->len ? " " : "", a->start, end);
    }

  return SQLITE_OK;
}

static void
match_ranges_fn (const Fts5ExtensionApi *api,
                 Fts5Context            *fts,
                 sqlite3_context        *ctx,
                 int                     argc,
                 sqlite3_value         **argv)
{
  g_autoptr(GString) out = g_string_new (NULL);
  int rc;

  if (argc != 2)
    {
      sqlite3_result_error (ctx, "kd_match_ranges: expected (column, prefix_mask)", -1);
      return;
    }

  rc = append_ranges (api, fts, sqlite3_value_int (argv[0]),
                      (guint64) sqlite3_value_int64 (argv[1]), out);
  if (rc != SQLITE_OK)
    sqlite3_result_error_code (ctx, rc);
  else
    sqlite3_result_text (ctx, out->str, (int) out->len, SQLITE_TRANSIENT);
}

/* kd_rank(case_search, w0, w1, …): the rank of schema step 2. Minus the
 * query's hits in the row, each weighted by its column's weight (1 when not
 * given): more hits, and hits in heavier columns, rank first. Cheaper than
 * bm25(), which reads each row's length and, per query, every phrase's
 * document count; short reports need neither. */
static void
rank_fn (const Fts5ExtensionApi *api,
         Fts5Context            *fts,
         sqlite3_context        *ctx,
         int                     argc,
         sqlite3_value         **argv)
{
  double weights[8], score = 0;
  int n_phrases = api->xPhraseCount (fts);

  for (int col = 0; col < (int) G_N_ELEMENTS (weights); col++)
    weights[col] = col < argc ? sqlite3_value_double (argv[col]) : 1.0;

  for (int phrase = 0; phrase < n_phrases; phrase++)
    {
      Fts5PhraseIter iter;
      int col, off, rc;

      rc = api->xPhraseFirst (fts, phrase, &iter, &col, &off);
      if (rc != SQLITE_OK)
        {
          sqlite3_result_error_code (ctx, rc);
          return;
        }
      for (; col >= 0; api->xPhraseNext (fts, &iter, &col, &off))
        score += col < (int) G_N_ELEMENTS (weights) ? weights[col] : 1.0;
    }

  sqlite3_result_double (ctx, -score);
}

static fts5_api *
fts5_api_from_db (sqlite3 *handle)
{
  fts5_api *api = NULL;
  sqlite3_stmt *stmt = NULL;

  if (sqlite3_prepare_v2 (handle, "SELECT fts5(?1)", -1, &stmt, NULL) != SQLITE_OK)
    return NULL;
  sqlite3_bind_pointer (stmt, 1, &api, "fts5_api_ptr", NULL);
  sqlite3_step (stmt);
  sqlite3_finalize (stmt);

  return api;
}

/* Registers the kd_cjk tokenizer and kd_match_ranges() on @handle. Every
 * connection to a town's database needs them before it touches case_search. */
gboolean
kd_fts_register (sqlite3  *handle,
                 GError  **error)
{
  static fts5_tokenizer module = { kd_cjk_create, kd_cjk_delete, kd_cjk_tokenize };
  fts5_api *api = fts5_api_from_db (handle);
  int rc;

  if (api == NULL || api->iVersion < 2)
    {
      g_set_error (error, KD_DB_ERROR, KD_DB_ERROR_FAILED,
                   _("This SQLite library has no full-text search (FTS5)."));
      return FALSE;
    }

  rc = api->xCreateTokenizer (api, KD_FTS_TOKENIZER, NULL, &module, NULL);
  if (rc == SQLITE_OK)
    rc = api->xCreateFunction (api, "kd_match_ranges", NULL, match_ranges_fn, NULL);
  if (rc == SQLITE_OK)
    rc = api->xCreateFunction (api, "kd_rank", NULL, rank_fn, NULL);
  if (rc != SQLITE_OK)
    return kd_db_set_error (NULL, rc, "register the " KD_FTS_TOKENIZER " tokenizer", error);

  return kd_fts_register_pending (handle, error);
}

/* Queries. */

static void
append_term (GString    *s,
             const char *text,
             int         start,
             int         end)
{
  if (s->len > 0)
    g_string_append (s, " AND ");
  g_string_append_c (s, '"');
  for (int i = start; i < end; i++)
    {
      if (text[i] == '"')
        g_string_append_c (s, '"');
      g_string_append_c (s, text[i]);
    }
  g_string_append_c (s, '"');
}

/* Makes the FTS5 query for what a person typed: each word (a run of letters,
 * digits and CJK characters between spaces or punctuation) becomes a quoted
 * phrase, and all must match. Nothing of @text is read as FTS5 syntax. */
KdFtsQuery *
kd_fts_query_new (const char *text)
{
  g_autoptr(KdFtsQuery) query = g_new0 (KdFtsQuery, 1);
  g_autoptr(GString) s = g_string_new (NULL);
  int len = text ? (int) strlen (text) : 0;
  int pos = 0, end;

  while (pos < len && query->n_terms < KD_FTS_MAX_TERMS)
    {
      int start = pos, cjk_tail = 0;
      CharClass cls;

      while (pos < len && (cls = read_char (text, len, pos, &end)) != CLASS_SEPARATOR)
        {
          cjk_tail = cls == CLASS_CJK ? cjk_tail + 1 : 0;
          pos = end;
        }
      if (pos == start)
        {
          pos = end;
          continue;
        }

      append_term (s, text, start, pos);
      if (cjk_tail == 1)
        {
          g_string_append (s, " *");
          query->prefix_mask |= G_GUINT64_CONSTANT (1) << query->n_terms;
        }
      query->n_terms++;
    }

  if (query->n_terms > 0)
    query->match = g_string_free (g_steal_pointer (&s), FALSE);

  return g_steal_pointer (&query);
}

void
kd_fts_query_free (KdFtsQuery *query)
{
  if (query == NULL)
    return;
  g_free (query->match);
  g_free (query);
}

/* The matches of @query in case @case_id: for the first of its description,
 * replies and notes that has any, that text, with the matches' byte ranges in
 * *@ranges and the column in *@field. NULL when none matches (or on error,
 * which is logged). */
char *
kd_fts_dup_match (KdDb              *db,
                  const KdFtsQuery  *query,
                  gint64             case_id,
                  KdFtsField        *field,
                  GArray           **ranges)
{
  static const char sql[] =
    "SELECT kd_match_ranges (case_search, 1, ?2), kd_match_ranges (case_search, 2, ?2),"
    " kd_match_ranges (case_search, 3, ?2), description, replies, notes"
    " FROM case_search WHERE case_search MATCH ?1 AND rowid = ?3";
  g_autoptr(GError) error = NULL;
  sqlite3_stmt *stmt;
  char *text = NULL;

  g_return_val_if_fail (query != NULL && field != NULL && ranges != NULL, NULL);

  if (query->match == NULL)
    return NULL;
  if ((stmt = kd_db_prepare (db, sql, &error)) == NULL)
    {
      g_warning ("Could not highlight case %" G_GINT64_FORMAT ": %s", case_id, error->message);
      return NULL;
    }
  kd_db_bind_text (stmt, 1, query->match);
  sqlite3_bind_int64 (stmt, 2, (gint64) query->prefix_mask);
  sqlite3_bind_int64 (stmt, 3, case_id);

  if (sqlite3_step (stmt) == SQLITE_ROW)
    for (int col = 0; text == NULL && col < 3; col++)
      {
        g_autoptr(GArray) found = kd_fts_parse_ranges ((const char *) sqlite3_column_text (stmt, col));

        if (found->len == 0 || sqlite3_column_text (stmt, col + 3) == NULL)
          continue;
        text = g_strdup ((const char *) sqlite3_column_text (stmt, col + 3));
        *field = KD_FTS_FIELD_DESCRIPTION + col;
        *ranges = g_steal_pointer (&found);
      }
  sqlite3_reset (stmt);

  return text;
}

/* Snippets. */

static int
compare_ranges (gconstpointer a,
                gconstpointer b)
{
  const KdFtsRange *ra = a, *rb = b;

  if (ra->start != rb->start)
    return ra->start < rb->start ? -1 : 1;
  return ra->end < rb->end ? -1 : ra->end > rb->end;
}

/* Reads what kd_match_ranges() returned: sorted, overlaps merged. */
GArray *
kd_fts_parse_ranges (const char *encoded)
{
  GArray *ranges = g_array_new (FALSE, FALSE, sizeof (KdFtsRange));
  const char *p = encoded;

  while (p != NULL && *p != '\0')
    {
      char *end1, *end2;
      guint64 start = g_ascii_strtoull (p, &end1, 10);
      guint64 end = g_ascii_strtoull (end1, &end2, 10);
      KdFtsRange r = { (guint) start, (guint) end };

      if (end1 == p || end2 == end1)
        break;
      if (end > start && end <= G_MAXINT)
        g_array_append_val (ranges, r);
      p = end2;
    }

  kd_fts_ranges_merge (ranges);
  return ranges;
}

/* Sorts @ranges (of KdFtsRange) and merges those that overlap. */
void
kd_fts_ranges_merge (GArray *ranges)
{
  guint n = 0;

  g_array_sort (ranges, compare_ranges);
  for (guint i = 0; i < ranges->len; i++)
    {
      KdFtsRange *r = &g_array_index (ranges, KdFtsRange, i);
      KdFtsRange *last = n > 0 ? &g_array_index (ranges, KdFtsRange, n - 1) : NULL;

      if (last != NULL && r->start <= last->end)
        last->end = MAX (last->end, r->end);
      else
        g_array_index (ranges, KdFtsRange, n++) = *r;
    }
  g_array_set_size (ranges, n);
}

/* The bytes [*from, *to) of about @max_chars characters of @text around
 * @hit: a quarter of them before it, or more when the text ends early. */
static void
snippet_window (const char       *text,
                gsize             len,
                const KdFtsRange *hit,
                guint             max_chars,
                gsize            *from,
                gsize            *to)
{
  guint n;

  *from = MIN (hit->start, len);
  for (guint i = 0; i < max_chars / 4 && *from > 0; i++)
    *from = g_utf8_prev_char (text + *from) - text;
  *to = *from;
  for (n = 0; n < max_chars && *to < len; n++)
    *to = g_utf8_next_char (text + *to) - text;
  for (; n < max_chars && *from > 0; n++)
    *from = g_utf8_prev_char (text + *from) - text;
  *to = MAX (*to, MIN (len, hit->end));
}

/* At most @max_chars characters of @text on one line, starting a little
 * before the first of @ranges, with "…" where it was cut. Returns plain text
 * (never markup); *@snippet_ranges gets the ranges that fall inside it, as
 * byte offsets into the returned string. */
char *
kd_fts_snippet (const char    *text,
                const GArray  *ranges,
                guint          max_chars,
                GArray       **snippet_ranges)
{
  g_autoptr(GString) s = g_string_new (NULL);
  g_autoptr(GArray) out = g_array_new (FALSE, FALSE, sizeof (KdFtsRange));
  g_autofree char *valid = NULL;
  gsize len, from = 0, to = 0, lead;
  guint n_ranges = ranges != NULL ? ranges->len : 0;

  if (text == NULL || !g_utf8_validate (text, -1, NULL))
    {
      text = valid = g_utf8_make_valid (text ? text : "", -1);
      n_ranges = 0;
    }
  len = strlen (text);

  if (n_ranges > 0)
    snippet_window (text, len, &g_array_index (ranges, KdFtsRange, 0), max_chars, &from, &to);
  else
    snippet_window (text, len, &(KdFtsRange) { 0, 0 }, max_chars, &from, &to);

  if (from > 0)
    g_string_append (s, "…");
  lead = s->len;
  g_string_append_len (s, text + from, to - from);
  if (to < len)
    g_string_append (s, "…");
  for (gsize i = lead; i < lead + (to - from); i++)
    if (s->str[i] == '\n' || s->str[i] == '\r' || s->str[i] == '\t')
      s->str[i] = ' ';

  for (guint i = 0; i < n_ranges; i++)
    {
      const KdFtsRange *r = &g_array_index (ranges, KdFtsRange, i);
      KdFtsRange clipped = { MAX (r->start, from), MIN (r->end, to) };

      if (clipped.start >= clipped.end)
        continue;
      clipped.start = clipped.start - from + lead;
      clipped.end = clipped.end - from + lead;
      g_array_append_val (out, clipped);
    }

  if (snippet_ranges != NULL)
    *snippet_ranges = g_steal_pointer (&out);
  return g_string_free (g_steal_pointer (&s), FALSE);
}
