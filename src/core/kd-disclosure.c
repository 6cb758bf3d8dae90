/* kd-disclosure.c: the disclosures' values — kinds, periods, money in fen,
 * the fingerprint, who may do what — and their reads. Writes are in
 * kd-disclosure-write.c. Cadres' text is plain text, escaped by whoever
 * shows it. */
#define G_LOG_DOMAIN "kd-disclosure"

#include "config.h"

#include <glib/gi18n.h>
#include <stdlib.h>

#include "kd-disclosure.h"

G_DEFINE_QUARK (kd-disclosure-error-quark, kd_disclosure_error)

static const char * const kind_codes[KD_DISCLOSURE_N_KINDS] = {
  "village_affairs", "finance", "party_affairs",
};

const char *
kd_disclosure_kind_to_string (KdDisclosureKind kind)
{
  g_return_val_if_fail ((guint) kind < KD_DISCLOSURE_N_KINDS, NULL);

  return kind_codes[kind];
}

gboolean
kd_disclosure_kind_from_string (const char       *string,
                                KdDisclosureKind *kind)
{
  int v;

  if (!kd_code_lookup (kind_codes, KD_DISCLOSURE_N_KINDS, string, &v))
    return FALSE;
  *kind = (KdDisclosureKind) v;
  return TRUE;
}

const char *
kd_disclosure_kind_label (KdDisclosureKind kind)
{
  switch (kind)
    {
    case KD_DISCLOSURE_VILLAGE_AFFAIRS: return _("Village affairs");
    case KD_DISCLOSURE_FINANCE:         return _("Finance");
    case KD_DISCLOSURE_PARTY_AFFAIRS:   return _("Party affairs");
    default:
      g_return_val_if_reached (NULL);
    }
}

const char *
kd_disclosure_state_label (KdDisclosureState state)
{
  switch (state)
    {
    case KD_DISCLOSURE_DRAFT:     return _("Draft");
    case KD_DISCLOSURE_REVIEWED:  return _("Reviewed");
    case KD_DISCLOSURE_PUBLISHED: return _("Published");
    default:
      g_return_val_if_reached (NULL);
    }
}

/* Periods: "2026" (a year), "2026-Q4" (a quarter) or "2026-11" (a month). */

static gboolean
parse_period (const char *period,
              int        *year,
              int        *quarter,
              int        *month)
{
  *year = *quarter = *month = 0;
  if (period == NULL || strlen (period) < 4)
    return FALSE;
  for (int i = 0; i < 4; i++)
    if (!g_ascii_isdigit (period[i]))
      return FALSE;
  *year = atoi (period);
  if (*year < 2000 || *year > 2100)
    return FALSE;

  if (period[4] == '\0')
    return TRUE;
  if (period[4] != '-')
    return FALSE;
  if (period[5] == 'Q' && period[6] >= '1' && period[6] <= '4' && period[7] == '\0')
    {
      *quarter = period[6] - '0';
      return TRUE;
    }
  if (g_ascii_isdigit (period[5]) && g_ascii_isdigit (period[6]) && period[7] == '\0')
    {
      *month = (period[5] - '0') * 10 + (period[6] - '0');
      return *month >= 1 && *month <= 12;
    }
  return FALSE;
}

gboolean
kd_disclosure_check_period (const char  *period,
                            GError     **error)
{
  int year, quarter, month;

  if (parse_period (period, &year, &quarter, &month))
    return TRUE;

  g_set_error (error, KD_DISCLOSURE_ERROR, KD_DISCLOSURE_ERROR_PERIOD,
               _("Give the period as a year (2026), a quarter (2026-Q4) or a month (2026-11)."));
  return FALSE;
}

/* The period for people: “November 2026”, “Q4 2026”, “2026”. */
char *
kd_disclosure_period_label (const char *period)
{
  int year, quarter, month;

  if (!parse_period (period, &year, &quarter, &month))
    return g_strdup (period ? period : "");
  if (month != 0)
    /* TRANSLATORS: a disclosure's period: 1$ the year, 2$ the month (1-12) */
    return g_strdup_printf (_("%1$d-%2$02d"), year, month);
  if (quarter != 0)
    /* TRANSLATORS: a disclosure's period: 1$ the year, 2$ the quarter (1-4) */
    return g_strdup_printf (_("Q%2$d %1$d"), year, quarter);
  /* TRANSLATORS: a disclosure's period: a whole year */
  return g_strdup_printf (_("Year %d"), year);
}

/* Money: integers of fen, shown as yuan with two decimals and thousands
 * separators (“1,234.50”), parsed without floating point. */

char *
kd_disclosure_format_fen (gint64 fen)
{
  GString *s = g_string_new (NULL);
  guint64 abs_fen = fen < 0 ? (guint64) 0 - (guint64) fen : (guint64) fen;
  g_autofree char *yuan = g_strdup_printf ("%" G_GUINT64_FORMAT, abs_fen / 100);
  gsize len = strlen (yuan);

  if (fen < 0)
    g_string_append_c (s, '-');
  for (gsize i = 0; i < len; i++)
    {
      if (i > 0 && (len - i) % 3 == 0)
        g_string_append_c (s, ',');
      g_string_append_c (s, yuan[i]);
    }
  g_string_append_printf (s, ".%02u", (guint) (abs_fen % 100));
  return g_string_free (s, FALSE);
}

/* Accepts “1234”, “1,234.5”, “1234.50”, with an optional ¥ or 元 and spaces;
 * at most two decimals; not negative (a ledger line has an income column
 * and an expense column). The empty string is 0. */
gboolean
kd_disclosure_parse_fen (const char  *text,
                         gint64      *fen,
                         GError     **error)
{
  g_autofree char *t = g_strstrip (g_strdup (text ? text : ""));
  const char *p = t;
  gint64 yuan = 0, cents = 0;
  int digits = 0, decimals = -1;

  if (g_str_has_prefix (p, "¥") || g_str_has_prefix (p, "￥"))
    p += strlen (g_str_has_prefix (p, "¥") ? "¥" : "￥");
  for (; *p; p++)
    {
      if (*p == ' ' || (*p == ',' && decimals < 0 && digits > 0))
        continue;
      if (*p == '.' && decimals < 0)
        {
          decimals = 0;
          continue;
        }
      if (g_str_equal (p, "元"))
        break;
      if (!g_ascii_isdigit (*p) || decimals >= 2 || yuan > KD_DISCLOSURE_MAX_FEN / 100)
        goto bad;
      if (decimals >= 0)
        {
          cents = cents * 10 + (*p - '0');
          decimals++;
        }
      else
        {
          yuan = yuan * 10 + (*p - '0');
          digits++;
        }
    }
  if (decimals == 1)
    cents *= 10;
  if (digits == 0 && decimals <= 0 && *t != '\0')
    goto bad;
  if (yuan * 100 + cents > KD_DISCLOSURE_MAX_FEN)
    goto bad;

  *fen = yuan * 100 + cents;
  return TRUE;

bad:
  g_set_error (error, KD_DISCLOSURE_ERROR, KD_DISCLOSURE_ERROR_MONEY,
               _("“%s” is not an amount: write yuan with at most two decimals, such as 1,280.50."), t);
  return FALSE;
}

KdLedgerLine *
kd_ledger_line_new (const char *day,
                    const char *item,
                    gint64      income_fen,
                    gint64      expense_fen)
{
  KdLedgerLine *line = g_new0 (KdLedgerLine, 1);

  line->day = g_strdup (day);
  line->item = g_strdup (item);
  line->income_fen = income_fen;
  line->expense_fen = expense_fen;
  return line;
}

void
kd_ledger_line_free (KdLedgerLine *line)
{
  if (line == NULL)
    return;

  g_free (line->day);
  g_free (line->item);
  g_free (line);
}

KdDisclosure *
kd_disclosure_new (KdDisclosureKind kind)
{
  KdDisclosure *d = g_new0 (KdDisclosure, 1);

  d->kind = kind;
  d->lines = g_ptr_array_new_with_free_func ((GDestroyNotify) kd_ledger_line_free);
  return d;
}

void
kd_disclosure_free (KdDisclosure *d)
{
  if (d == NULL)
    return;

  g_free (d->village_name);
  g_free (d->period);
  g_free (d->title);
  g_free (d->body);
  g_ptr_array_unref (d->lines);
  g_free (d->updated_by_name);
  g_free (d->reviewed_by_name);
  g_free (d->published_by_name);
  g_free (d->fingerprint);
  g_free (d->village_code);
  g_free (d);
}

void
kd_disclosure_totals (const KdDisclosure *d,
                      gint64             *income_fen,
                      gint64             *expense_fen)
{
  gint64 in = 0, out = 0;

  for (guint i = 0; i < d->lines->len; i++)
    {
      const KdLedgerLine *line = d->lines->pdata[i];

      in += line->income_fen;
      out += line->expense_fen;
    }
  if (income_fen != NULL)
    *income_fen = in;
  if (expense_fen != NULL)
    *expense_fen = out;
}

/* The fingerprint: SHA-256 over everything a reader of the version sees,
 * each field length-prefixed so no two contents read the same. */

static void
hash_field (GChecksum  *sum,
            const char *value)
{
  g_autofree char *len = g_strdup_printf ("%zu:", value ? strlen (value) : 0);

  g_checksum_update (sum, (const guchar *) len, -1);
  if (value != NULL)
    g_checksum_update (sum, (const guchar *) value, -1);
}

static void
hash_int (GChecksum *sum,
          gint64     value)
{
  g_autofree char *s = g_strdup_printf ("%" G_GINT64_FORMAT, value);

  hash_field (sum, s);
}

char *
kd_disclosure_compute_fingerprint (const KdDisclosure *d)
{
  g_autoptr(GChecksum) sum = g_checksum_new (G_CHECKSUM_SHA256);

  hash_field (sum, "kuiduo-disclosure-1");
  hash_int (sum, d->id);
  hash_field (sum, kd_disclosure_kind_to_string (d->kind));
  hash_int (sum, d->village_id);
  hash_field (sum, d->village_name);
  hash_field (sum, d->period);
  hash_int (sum, d->version);
  hash_int (sum, d->supersedes_id);
  hash_field (sum, d->title);
  hash_field (sum, d->body);
  hash_int (sum, d->lines->len);
  for (guint i = 0; i < d->lines->len; i++)
    {
      const KdLedgerLine *line = d->lines->pdata[i];

      hash_field (sum, line->day);
      hash_field (sum, line->item);
      hash_int (sum, line->income_fen);
      hash_int (sum, line->expense_fen);
    }
  hash_int (sum, d->published_at);
  return g_strdup (g_checksum_get_string (sum));
}

/* Whether a published version still reads as it did when published. */
gboolean
kd_disclosure_verify (const KdDisclosure *d)
{
  g_autofree char *now = NULL;

  if (d->state != KD_DISCLOSURE_PUBLISHED || d->fingerprint == NULL)
    return FALSE;
  now = kd_disclosure_compute_fingerprint (d);
  return g_str_equal (now, d->fingerprint);
}

/* The first 16 hex digits in groups of four, as the sheet and the phone
 * show them: “3f2a 91c0 7d4e 08b5”. */
char *
kd_disclosure_short_fingerprint (const char *fingerprint)
{
  GString *s = g_string_new (NULL);

  for (guint i = 0; fingerprint != NULL && i < 16 && fingerprint[i]; i++)
    {
      if (i > 0 && i % 4 == 0)
        g_string_append_c (s, ' ');
      g_string_append_c (s, fingerprint[i]);
    }
  return g_string_free (s, FALSE);
}

/* Who may do what (see the header). */

gboolean
kd_disclosure_can_edit (KdRole  role,
                        gint64  cadre_village_id,
                        gint64  village_id)
{
  switch (role)
    {
    case KD_ROLE_TOWN_ADMIN:
    case KD_ROLE_TOWN_STAFF:
      return TRUE;
    case KD_ROLE_VILLAGE_SECRETARY:
      return village_id != 0 && village_id == cadre_village_id;
    case KD_ROLE_DISCIPLINE:
    default:
      return FALSE;
    }
}

gboolean
kd_disclosure_can_review (KdRole  role,
                          gint64  cadre_village_id,
                          gint64  village_id)
{
  return role == KD_ROLE_DISCIPLINE || kd_disclosure_can_edit (role, cadre_village_id, village_id);
}

gboolean
kd_disclosure_can_publish (KdRole role)
{
  return role == KD_ROLE_TOWN_ADMIN || role == KD_ROLE_TOWN_STAFF;
}

gboolean
kd_disclosure_query_parse (KdDb               *db,
                           const char         *kind,
                           const char         *village,
                           KdDisclosureQuery  *query,
                           GError            **error)
{
  KdDisclosureKind k;
  sqlite3_stmt *stmt;

  query->kind = -1;
  query->village_id = -1;
  query->state = KD_DISCLOSURE_PUBLISHED;
  query->current_only = TRUE;
  query->limit = query->offset = 0;

  if (kind != NULL && *kind != '\0')
    {
      if (!kd_disclosure_kind_from_string (kind, &k))
        {
          g_set_error (error, KD_DISCLOSURE_ERROR, KD_DISCLOSURE_ERROR_KIND,
                       _("There is no such kind of disclosure: choose village_affairs, finance or party_affairs."));
          return FALSE;
        }
      query->kind = k;
    }

  if (village == NULL || *village == '\0')
    return TRUE;
  if (g_str_equal (village, "town"))
    {
      query->village_id = 0;
      return TRUE;
    }
  stmt = kd_db_prepare (db, "SELECT id FROM villages WHERE code = ?1", error);
  if (stmt == NULL)
    return FALSE;
  kd_db_bind_text (stmt, 1, village);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    query->village_id = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  if (query->village_id > 0)
    return TRUE;

  g_set_error (error, KD_DISCLOSURE_ERROR, KD_DISCLOSURE_ERROR_VILLAGE,
               _("There is no such village. Choose one from the list, or the town."));
  return FALSE;
}

/* Reads. */

#define DISCLOSURE_COLUMNS \
  "d.id, d.kind, d.village_id, v.name, d.period, d.title, d.body, d.state, d.version," \
  " d.supersedes_id, (SELECT n.id FROM disclosures n WHERE n.supersedes_id = d.id AND n.state = 2)," \
  " d.updated_at, d.updated_by, cu.display_name, d.reviewed_at, cr.display_name," \
  " d.published_at, cp.display_name, d.fingerprint, v.code" \
  " FROM disclosures d LEFT JOIN villages v ON v.id = d.village_id" \
  " LEFT JOIN cadres cu ON cu.id = d.updated_by" \
  " LEFT JOIN cadres cr ON cr.id = d.reviewed_by" \
  " LEFT JOIN cadres cp ON cp.id = d.published_by"

static char *
column_strdup (sqlite3_stmt *stmt,
               int           col)
{
  return g_strdup ((const char *) sqlite3_column_text (stmt, col));
}

static KdDisclosure *
disclosure_from_row (sqlite3_stmt *stmt)
{
  KdDisclosure *d = kd_disclosure_new (CLAMP (sqlite3_column_int (stmt, 1), 0, KD_DISCLOSURE_N_KINDS - 1));

  d->id = sqlite3_column_int64 (stmt, 0);
  d->village_id = sqlite3_column_int64 (stmt, 2);
  d->village_name = column_strdup (stmt, 3);
  d->period = column_strdup (stmt, 4);
  d->title = column_strdup (stmt, 5);
  d->body = column_strdup (stmt, 6);
  d->state = CLAMP (sqlite3_column_int (stmt, 7), 0, KD_DISCLOSURE_PUBLISHED);
  d->version = sqlite3_column_int64 (stmt, 8);
  d->supersedes_id = sqlite3_column_int64 (stmt, 9);
  d->superseded_by = sqlite3_column_int64 (stmt, 10);
  d->updated_at = sqlite3_column_int64 (stmt, 11);
  d->updated_by = sqlite3_column_int64 (stmt, 12);
  d->updated_by_name = column_strdup (stmt, 13);
  d->reviewed_at = sqlite3_column_int64 (stmt, 14);
  d->reviewed_by_name = column_strdup (stmt, 15);
  d->published_at = sqlite3_column_int64 (stmt, 16);
  d->published_by_name = column_strdup (stmt, 17);
  d->fingerprint = column_strdup (stmt, 18);
  d->village_code = column_strdup (stmt, 19);
  return d;
}

/* Where a period ends, as "YYYY-MM" ("2026-Q1" → "2026-03", "2026" →
 * "2026-12"): the text of periods alone would put every quarter of a year
 * above its months. */
#define PERIOD_END \
  "CASE WHEN length (d.period) = 4 THEN d.period || '-12'" \
  " WHEN substr (d.period, 6, 1) = 'Q' THEN printf ('%s-%02d', substr (d.period, 1, 4), 3 * substr (d.period, 7, 1))" \
  " ELSE d.period END"

/* Newest period first (by where it ends), then the town before the
 * villages, then by kind. */
GPtrArray *
kd_disclosure_list (KdDb                    *db,
                    const KdDisclosureQuery *query,
                    GError                 **error)
{
  GPtrArray *list;
  sqlite3_stmt *stmt;
  int rc;

  stmt = kd_db_prepare (db, "SELECT " DISCLOSURE_COLUMNS
                            " WHERE (?1 < 0 OR d.kind = ?1)"
                            "   AND (?2 < 0 OR ifnull (d.village_id, 0) = ?2)"
                            "   AND (?3 < 0 OR d.state = ?3)"
                            "   AND (?4 = 0 OR (d.state = 2 AND NOT EXISTS"
                            "        (SELECT 1 FROM disclosures n WHERE n.supersedes_id = d.id AND n.state = 2)))"
                            " ORDER BY " PERIOD_END " DESC, d.period DESC, d.village_id IS NOT NULL, v.name, d.kind,"
                            "          d.version DESC, d.id DESC LIMIT ?5 OFFSET ?6", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int (stmt, 1, query ? query->kind : -1);
  sqlite3_bind_int64 (stmt, 2, query ? query->village_id : -1);
  sqlite3_bind_int (stmt, 3, query ? query->state : -1);
  sqlite3_bind_int (stmt, 4, query ? query->current_only : 0);
  sqlite3_bind_int64 (stmt, 5, query && query->limit > 0 ? (gint64) query->limit : -1);
  sqlite3_bind_int64 (stmt, 6, query ? query->offset : 0);

  list = g_ptr_array_new_with_free_func ((GDestroyNotify) kd_disclosure_free);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (list, disclosure_from_row (stmt));
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      kd_db_set_error (db, rc, "listing disclosures", error);
      g_ptr_array_unref (list);
      return NULL;
    }
  return list;
}

static gboolean
load_lines (KdDb          *db,
            KdDisclosure  *d,
            GError       **error)
{
  sqlite3_stmt *stmt = kd_db_prepare (db, "SELECT day, description, income_fen, expense_fen"
                                          " FROM disclosure_lines WHERE disclosure_id = ?1"
                                          " ORDER BY position", error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, d->id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (d->lines, kd_ledger_line_new ((const char *) sqlite3_column_text (stmt, 0),
                                                   (const char *) sqlite3_column_text (stmt, 1),
                                                   sqlite3_column_int64 (stmt, 2),
                                                   sqlite3_column_int64 (stmt, 3)));
  sqlite3_reset (stmt);
  return rc == SQLITE_DONE || kd_db_set_error (db, rc, "reading a ledger", error);
}

/* One disclosure with its ledger; NULL with KD_DISCLOSURE_ERROR_NOT_FOUND. */
KdDisclosure *
kd_disclosure_load (KdDb    *db,
                    gint64   id,
                    GError **error)
{
  g_autoptr(KdDisclosure) d = NULL;
  sqlite3_stmt *stmt = kd_db_prepare (db, "SELECT " DISCLOSURE_COLUMNS " WHERE d.id = ?1", error);
  int rc;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    d = disclosure_from_row (stmt);
  sqlite3_reset (stmt);

  if (rc == SQLITE_DONE)
    g_set_error (error, KD_DISCLOSURE_ERROR, KD_DISCLOSURE_ERROR_NOT_FOUND,
                 _("There is no such disclosure."));
  else if (rc != SQLITE_ROW)
    kd_db_set_error (db, rc, "reading a disclosure", error);
  if (d == NULL || !load_lines (db, d, error))
    return NULL;

  return g_steal_pointer (&d);
}
