/* kd-fts.h: full-text search of the case queue.
 *
 * The index (schema step 2, table case_search) uses the FTS5 tokenizer
 * "kd_cjk" registered here on every connection:
 *
 * - a run of CJK characters (Han, kana, bopomofo) gives one token per
 *   character: the bigram of that character and the next one, and for the
 *   last character of the run the character alone (停电了 → 停电 电了 了);
 * - a run of letters and digits of any other script is one word, NFKC-
 *   normalised and case-folded (ＡＢＣ１２ → abc12);
 * - everything else (spaces, punctuation, symbols) only separates tokens.
 *
 * Offsets are byte offsets into the indexed text, so highlights are exact.
 *
 * Queries are never spliced from user text: kd_fts_query_new() cuts the text
 * into words at spaces and punctuation, and makes each word a quoted FTS5
 * phrase (every word must match; words are matched literally, so ", *, AND,
 * NEAR, ( ) and - mean nothing). FTS5 tokenizes each phrase with kd_cjk in
 * query mode, which drops the lone last character of a final CJK run of two
 * or more (停电 → 停电), so a run in the query matches anywhere inside a run
 * in the text. A word that ends in a single CJK character (水, 3组) is made a
 * prefix phrase ("水" *), which matches the bigrams that start with it
 * (the table keeps a one-character prefix index for that).
 *
 * Rows rank by kd_rank(), the table's default rank: the query's hits in the
 * row, weighted title 4, description 1, replies 1, notes 0.5.
 *
 * New cases are not indexed as they are written (that would slow down the
 * acknowledgement of every report): the trigger of step 3 queues them in
 * case_search_pending, and the writer indexes the queue in bulk whenever it
 * has no writes waiting (kd_fts_index_pending). Until then a search finds the
 * queued cases with kd_pending_match(), which applies the same tokens and
 * the same phrase rules to their text directly; they rank first (they are
 * the newest) and have no highlight.
 *
 * Every connection that writes cases or case_events needs kd_cjk, since the
 * triggers of step 2 index through it: kd_db_open() registers it; a bare
 * sqlite3 handle needs kd_fts_register() first. */
#pragma once

#include <glib.h>
#include <sqlite3.h>

#include "kd-types.h"

G_BEGIN_DECLS

#define KD_FTS_TOKENIZER "kd_cjk"

/* At most this many words of a query are searched; the rest are ignored. */
#define KD_FTS_MAX_TERMS 16

typedef enum {
  KD_FTS_DOCUMENT,  /* text being indexed, or highlighted */
  KD_FTS_QUERY,     /* one phrase of a query */
} KdFtsMode;

typedef enum {
  KD_FTS_TOKEN_WORD,     /* letters and digits */
  KD_FTS_TOKEN_BIGRAM,   /* two CJK characters */
  KD_FTS_TOKEN_UNIGRAM,  /* one CJK character */
} KdFtsTokenKind;

/* The columns of case_search, in order. */
typedef enum {
  KD_FTS_FIELD_TITLE,
  KD_FTS_FIELD_DESCRIPTION,
  KD_FTS_FIELD_REPLIES,  /* public replies */
  KD_FTS_FIELD_NOTES,    /* internal notes: cadres only */
} KdFtsField;

typedef struct
{
  char           *text;   /* normalised token */
  int             start;  /* byte offsets into the tokenized text */
  int             end;
  KdFtsTokenKind  kind;
} KdFtsToken;

/* A byte range [start, end) of a text to show as matched. */
typedef struct
{
  guint start;
  guint end;
} KdFtsRange;

/* Return 0 to go on; anything else stops the tokenizer, which returns it. */
typedef int (*KdFtsTokenFunc) (gpointer        data,
                               const char     *token,
                               int             len,
                               int             start,
                               int             end,
                               KdFtsTokenKind  kind);

typedef struct _KdFtsQuery KdFtsQuery;

struct _KdFtsQuery
{
  char    *match;        /* the FTS5 query; NULL when nothing is searchable */
  guint64  prefix_mask;  /* bit i: phrase i is a prefix phrase */
  guint    n_terms;
};

int         kd_fts_tokenize      (const char        *text,
                                  int                len,
                                  KdFtsMode          mode,
                                  KdFtsTokenFunc     func,
                                  gpointer           data);
GArray     *kd_fts_tokens        (const char        *text,
                                  KdFtsMode          mode);
gboolean    kd_fts_register      (sqlite3           *handle,
                                  GError           **error);

/* Cases queued for indexing (schema step 3; kd-fts-pending.c). */
gboolean    kd_fts_register_pending (sqlite3        *handle,
                                     GError        **error);
gint64      kd_fts_index_pending (KdDb              *db,
                                  guint              max,
                                  GError           **error);
gint64      kd_fts_count_pending (KdDb              *db);

KdFtsQuery *kd_fts_query_new     (const char        *text);
void        kd_fts_query_free    (KdFtsQuery        *query);

char       *kd_fts_dup_match     (KdDb              *db,
                                  const KdFtsQuery  *query,
                                  gint64             case_id,
                                  KdFtsField        *field,
                                  GArray           **ranges);
GArray     *kd_fts_parse_ranges  (const char        *encoded);
void        kd_fts_ranges_merge  (GArray            *ranges);
GArray     *kd_fts_match_text    (const KdFtsQuery  *query,
                                  const char        *text);
char       *kd_fts_snippet       (const char        *text,
                                  const GArray      *ranges,
                                  guint              max_chars,
                                  GArray           **snippet_ranges);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KdFtsQuery, kd_fts_query_free)

G_END_DECLS
