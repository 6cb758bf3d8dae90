/* kd-pages-disclosures.c: the published disclosures on the phones —
 * /disclosures (the current versions, by kind and village) and
 * /disclosures/ID (exactly that version: the notice-board sheet's QR code
 * opens it). Drafts never reach the LAN. Cadres' text is escaped like
 * everything else. */
#define G_LOG_DOMAIN "kd-pages"

#include "config.h"

#include <stdlib.h>

#include "kd-pages-private.h"
#include "kd-case.h"
#include "kd-catalog-item.h"
#include "kd-disclosure.h"

#define LIST_PAGE    30    /* disclosures per list page */
#define LEDGER_PAGE  100   /* ledger lines per page: a page stays well under 30 KB */

static guint
page_number (GHashTable *query)
{
  const char *value = query ? g_hash_table_lookup (query, "page") : NULL;
  guint64 n = 1;

  if (value != NULL && !g_ascii_string_to_unsigned (value, 10, 1, 10000, &n, NULL))
    n = 1;
  return (guint) n;
}

/* Plain GET form: works without JavaScript. */
static void
append_filters (KdServerState *state,
                GString       *s,
                const char    *kind,
                const char    *village)
{
  g_autoptr(GListModel) villages = kd_catalog_item_list (state->db, KD_CATALOG_VILLAGES, NULL);

  g_string_append_printf (s, "<form class=\"filters\" method=\"get\" action=\"/disclosures\">"
                             "<label>%s<select name=\"kind\">", _("Kind"));
  kd_page_option (s, "", _("All kinds"), kind == NULL || *kind == '\0');
  for (guint k = 0; k < KD_DISCLOSURE_N_KINDS; k++)
    kd_page_option (s, kd_disclosure_kind_to_string (k), kd_disclosure_kind_label (k),
            g_strcmp0 (kind, kd_disclosure_kind_to_string (k)) == 0);
  g_string_append_printf (s, "</select></label><label>%s<select name=\"village\">", _("Village"));
  kd_page_option (s, "", _("The town and every village"), village == NULL || *village == '\0');
  kd_page_option (s, "town", _("The town"), g_strcmp0 (village, "town") == 0);
  for (guint i = 0; villages && i < g_list_model_get_n_items (villages); i++)
    {
      g_autoptr(KdCatalogItem) item = g_list_model_get_item (villages, i);

      kd_page_option (s, kd_catalog_item_get_code (item), kd_catalog_item_get_name (item),
              g_strcmp0 (village, kd_catalog_item_get_code (item)) == 0);
    }
  g_string_append_printf (s, "</select></label><button type=\"submit\" class=\"secondary\">%s</button></form>",
                          _("Show"));
}

/* “Finance · 魁多村 · Q4 2026” */
static void
append_meta (GString            *s,
             const KdDisclosure *d)
{
  g_autofree char *period = kd_disclosure_period_label (d->period);

  g_string_append (s, "<span class=\"tag\">");
  kd_page_escape (s, kd_disclosure_kind_label (d->kind));
  g_string_append (s, "</span> ");
  kd_page_escape (s, d->village_name ? d->village_name : _("The town"));
  g_string_append (s, " · ");
  kd_page_escape (s, period);
}

static void
append_list (GString   *s,
             GPtrArray *list)
{
  g_string_append (s, "<ul class=\"cases disclosures\">");
  for (guint i = 0; i < list->len; i++)
    {
      KdDisclosure *d = list->pdata[i];
      g_autofree char *when = kd_format_local_time (d->published_at);
      g_autofree char *number = g_strdup_printf ("%" G_GINT64_FORMAT, d->version);
      g_autofree char *version = g_strdup_printf (_("version %s"), number);

      g_string_append_printf (s, "<li><a href=\"/disclosures/%" G_GINT64_FORMAT "\"><span class=\"title\">", d->id);
      kd_page_escape (s, d->title);
      g_string_append (s, "</span><span class=\"meta\">");
      append_meta (s, d);
      g_string_append (s, " · ");
      kd_page_escape (s, version);
      g_string_append (s, " · ");
      kd_page_escape (s, when);
      g_string_append (s, "</span></a></li>");
    }
  g_string_append (s, "</ul>");
}

/* Newer and older pages, keeping the filters. */
static void
append_pager (GString    *s,
              const char *base,
              const char *params,
              guint       page,
              gboolean    more)
{
  if (page <= 1 && !more)
    return;

  g_string_append (s, "<nav class=\"pager\">");
  if (page > 1)
    {
      g_string_append_printf (s, "<a class=\"button secondary\" href=\"%s?%spage=%u\">", base, params, page - 1);
      kd_page_escape (s, _("Previous"));
      g_string_append (s, "</a>");
    }
  if (more)
    {
      g_string_append_printf (s, "<a class=\"button secondary\" href=\"%s?%spage=%u\">", base, params, page + 1);
      kd_page_escape (s, _("Next"));
      g_string_append (s, "</a>");
    }
  g_string_append (s, "</nav>");
}

void
kd_pages_disclosures (KdServerState     *state,
                      SoupServerMessage *msg,
                      GHashTable        *query)
{
  const char *kind = query ? g_hash_table_lookup (query, "kind") : NULL;
  const char *village = query ? g_hash_table_lookup (query, "village") : NULL;
  guint page = page_number (query);
  KdDisclosureQuery q;
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GError) error = NULL;
  GString *s = kd_page_begin (state, _("Disclosures"));
  guint status = SOUP_STATUS_OK;

  g_string_append_printf (s, "<h1>%s</h1><p class=\"lead\">%s</p>", _("Disclosures"),
                          _("Village affairs, finance and party affairs, as the town and the villages publish them."));
  append_filters (state, s, kind, village);

  if (kd_disclosure_query_parse (state->db, kind, village, &q, &error))
    {
      q.limit = LIST_PAGE + 1;
      q.offset = (page - 1) * LIST_PAGE;
      list = kd_disclosure_list (state->db, &q, &error);
    }

  if (list == NULL && g_error_matches (error, KD_DISCLOSURE_ERROR, KD_DISCLOSURE_ERROR_KIND))
    status = SOUP_STATUS_BAD_REQUEST;
  else if (list == NULL && g_error_matches (error, KD_DISCLOSURE_ERROR, KD_DISCLOSURE_ERROR_VILLAGE))
    status = SOUP_STATUS_BAD_REQUEST;
  else if (list == NULL)
    {
      g_warning ("Could not list the disclosures: %s", error->message);
      status = SOUP_STATUS_INTERNAL_SERVER_ERROR;
      g_clear_error (&error);
      g_set_error_literal (&error, KD_DISCLOSURE_ERROR, 0, _("The disclosures cannot be read just now. Please try again later."));
    }

  if (list == NULL)
    {
      g_string_append (s, "<p class=\"error\">");
      kd_page_escape (s, error->message);
      g_string_append (s, "</p>");
    }
  else if (list->len == 0)
    g_string_append_printf (s, "<p>%s</p>", page > 1 ? _("There is nothing more.")
                                                      : _("Nothing has been published here yet."));
  else
    {
      gboolean more = list->len > LIST_PAGE;
      g_autoptr(GString) params = g_string_new (NULL);

      if (more)
        g_ptr_array_set_size (list, LIST_PAGE);
      append_list (s, list);
      if (kind != NULL && *kind != '\0')
        g_string_append_printf (params, "kind=%s&amp;", kd_disclosure_kind_to_string (q.kind));
      if (village != NULL && *village != '\0')
        {
          g_autofree char *escaped = g_uri_escape_string (village, NULL, FALSE);
          g_string_append_printf (params, "village=%s&amp;", escaped);
        }
      append_pager (s, "/disclosures", params->str, page, more);
    }

  g_string_append_printf (s, "<p><a class=\"button secondary\" href=\"/\">%s</a></p>", _("Back to the home page"));
  kd_page_end (s);
  kd_http_send_html (msg, status, s);
}

/* One version. */

static void
append_ledger (GString            *s,
               const KdDisclosure *d,
               guint               page)
{
  guint first = (page - 1) * LEDGER_PAGE;
  guint last = MIN (d->lines->len, first + LEDGER_PAGE);
  gint64 income, expense;
  g_autofree char *in = NULL, *out = NULL, *balance = NULL;
  g_autofree char *base = g_strdup_printf ("/disclosures/%" G_GINT64_FORMAT, d->id);

  kd_disclosure_totals (d, &income, &expense);
  in = kd_disclosure_format_fen (income);
  out = kd_disclosure_format_fen (expense);
  balance = kd_disclosure_format_fen (income - expense);

  /* Three columns, so the item has room on a narrow phone: the date goes under it. */
  g_string_append_printf (s, "<h2>%s</h2><div class=\"ledger\"><table><thead><tr><th>%s</th>"
                             "<th class=\"amount\">%s</th><th class=\"amount\">%s</th></tr></thead><tbody>",
                          _("Income and expenses"), _("Item"), _("Income (yuan)"), _("Expense (yuan)"));
  for (guint i = first; i < last; i++)
    {
      const KdLedgerLine *line = d->lines->pdata[i];
      g_autofree char *li = line->income_fen ? kd_disclosure_format_fen (line->income_fen) : g_strdup ("");
      g_autofree char *lo = line->expense_fen ? kd_disclosure_format_fen (line->expense_fen) : g_strdup ("");

      g_string_append (s, "<tr><td>");
      kd_page_escape (s, line->item);
      g_string_append (s, "<span class=\"day\">");
      kd_page_escape (s, line->day);
      g_string_append (s, "</span>");
      g_string_append_printf (s, "</td><td class=\"amount\">%s</td><td class=\"amount\">%s</td></tr>", li, lo);
    }
  g_string_append_printf (s, "</tbody><tfoot><tr><th>%s</th><td class=\"amount\">%s</td>"
                             "<td class=\"amount\">%s</td></tr><tr><th>%s</th>"
                             "<td class=\"amount\" colspan=\"2\">%s</td></tr></tfoot></table></div>",
                          _("Total"), in, out, _("Balance"), balance);
  append_pager (s, base, "", page, last < d->lines->len);
}

static void
append_version (GString            *s,
                const KdDisclosure *d)
{
  g_autofree char *when = kd_format_local_time (d->published_at);
  g_autofree char *short_fp = kd_disclosure_short_fingerprint (d->fingerprint);
  g_autofree char *number = g_strdup_printf ("%" G_GINT64_FORMAT, d->version);
  g_autofree char *version = g_strdup_printf (_("Version %s"), number);

  g_string_append_printf (s, "<dl class=\"version\"><dt>%s</dt><dd>", _("Version"));
  kd_page_escape (s, version);
  if (d->supersedes_id != 0)
    {
      g_autofree char *previous = g_strdup_printf ("%" G_GINT64_FORMAT, d->version - 1);
      g_autofree char *corrects = g_strdup_printf (_("corrects version %s"), previous);

      g_string_append_printf (s, " · <a href=\"/disclosures/%" G_GINT64_FORMAT "\">", d->supersedes_id);
      kd_page_escape (s, corrects);
      g_string_append (s, "</a>");
    }
  g_string_append_printf (s, "</dd><dt>%s</dt><dd>", _("Published"));
  kd_page_escape (s, when);
  if (d->published_by_name != NULL)
    {
      g_string_append (s, " · ");
      kd_page_escape (s, d->published_by_name);
    }
  g_string_append_printf (s, "</dd><dt>%s</dt><dd><code>", _("Fingerprint"));
  kd_page_escape (s, short_fp);
  g_string_append_printf (s, "</code></dd></dl><p class=\"hint\">%s</p>",
                          _("The sheet on the notice board carries the same fingerprint: when they match, "
                            "the paper and this page say the same."));
}

static void
disclosure_not_found (KdServerState     *state,
                      SoupServerMessage *msg)
{
  GString *s = kd_page_begin (state, _("Not found"));

  g_string_append_printf (s, "<h1>%s</h1><p>%s</p><p><a class=\"button secondary\" href=\"/disclosures\">%s</a></p>",
                          _("Not found"), _("There is no such published disclosure."), _("All disclosures"));
  kd_page_end (s);
  kd_http_send_html (msg, SOUP_STATUS_NOT_FOUND, s);
}

/* @rest: what follows "/disclosures/". */
void
kd_pages_disclosure (KdServerState     *state,
                     SoupServerMessage *msg,
                     const char        *rest,
                     GHashTable        *query)
{
  g_autoptr(KdDisclosure) d = NULL;
  g_autoptr(GError) error = NULL;
  guint64 id = 0;
  guint page = page_number (query);
  GString *s;

  if (g_ascii_string_to_unsigned (rest, 10, 1, G_MAXINT64, &id, NULL))
    d = kd_disclosure_load (state->db, (gint64) id, &error);
  if (d == NULL && error != NULL && !g_error_matches (error, KD_DISCLOSURE_ERROR, KD_DISCLOSURE_ERROR_NOT_FOUND))
    g_warning ("Could not read disclosure %s: %s", rest, error->message);
  if (d == NULL || d->state != KD_DISCLOSURE_PUBLISHED)
    {
      disclosure_not_found (state, msg);
      return;
    }

  s = kd_page_begin (state, d->title);
  g_string_append (s, "<p class=\"meta\">");
  append_meta (s, d);
  g_string_append (s, "</p><h1>");
  kd_page_escape (s, d->title);
  g_string_append (s, "</h1>");
  if (d->superseded_by != 0)
    g_string_append_printf (s, "<p class=\"notice\">%s <a href=\"/disclosures/%" G_GINT64_FORMAT "\">%s</a></p>",
                            _("This version has been corrected."), d->superseded_by, _("Read the corrected version"));
  if (!kd_disclosure_verify (d))
    g_string_append_printf (s, "<p class=\"error\">%s</p>",
                            _("This page no longer matches the fingerprint it was published with. Please tell the township office."));
  g_string_append (s, "<div class=\"text\">");
  kd_page_escape (s, d->body);
  g_string_append (s, "</div>");
  if (d->kind == KD_DISCLOSURE_FINANCE)
    append_ledger (s, d, MIN (page, d->lines->len / LEDGER_PAGE + 1));
  append_version (s, d);
  g_string_append_printf (s, "<p><a class=\"button secondary\" href=\"/disclosures\">%s</a></p>", _("All disclosures"));
  kd_page_end (s);
  kd_http_send_html (msg, SOUP_STATUS_OK, s);
}
