/* kd-api-disclosures.c: GET /api/v1/disclosures (the current published
 * versions, ?kind=…&village=…&page=…) and GET /api/v1/disclosures/{id}
 * (one published version with its ledger). Amounts are integers of fen. */
#define G_LOG_DOMAIN "kd-api"

#include "config.h"

#include <glib/gi18n.h>

#include "kd-api.h"
#include "kd-disclosure.h"
#include "kd-http.h"

#define LISTED 50

static void
member_string (JsonBuilder *b,
               const char  *name,
               const char  *value)
{
  json_builder_set_member_name (b, name);
  if (value != NULL)
    json_builder_add_string_value (b, value);
  else
    json_builder_add_null_value (b);
}

static void
member_int (JsonBuilder *b,
            const char  *name,
            gint64       value)
{
  json_builder_set_member_name (b, name);
  json_builder_add_int_value (b, value);
}

/* What a list and a single version share. */
static void
add_summary (JsonBuilder        *b,
             const KdDisclosure *d)
{
  g_autofree char *period = kd_disclosure_period_label (d->period);
  g_autofree char *url = g_strdup_printf ("/disclosures/%" G_GINT64_FORMAT, d->id);

  member_int (b, "id", d->id);
  member_string (b, "kind", kd_disclosure_kind_to_string (d->kind));
  member_string (b, "kind_label", kd_disclosure_kind_label (d->kind));
  member_string (b, "village", d->village_code);          /* null: the town */
  member_string (b, "village_name", d->village_name);
  member_string (b, "period", d->period);
  member_string (b, "period_label", period);
  member_string (b, "title", d->title);
  member_int (b, "version", d->version);
  member_int (b, "published_at", d->published_at);
  member_string (b, "fingerprint", d->fingerprint);
  member_string (b, "url", url);
}

static void
list_disclosures (KdServerState     *state,
                  SoupServerMessage *msg,
                  GHashTable        *query)
{
  const char *page_text = query ? g_hash_table_lookup (query, "page") : NULL;
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GError) error = NULL;
  KdDisclosureQuery q;
  guint64 page = 1;

  if (page_text != NULL && !g_ascii_string_to_unsigned (page_text, 10, 1, 10000, &page, NULL))
    {
      kd_http_send_error (msg, SOUP_STATUS_BAD_REQUEST, "invalid_field", "page",
                          _("The page is a number from 1."));
      return;
    }
  if (!kd_disclosure_query_parse (state->db, query ? g_hash_table_lookup (query, "kind") : NULL,
                                  query ? g_hash_table_lookup (query, "village") : NULL, &q, &error))
    {
      kd_http_send_error (msg, SOUP_STATUS_BAD_REQUEST, "invalid_field",
                          error->code == KD_DISCLOSURE_ERROR_KIND ? "kind" : "village", error->message);
      return;
    }
  q.limit = LISTED;
  q.offset = (page - 1) * LISTED;
  list = kd_disclosure_list (state->db, &q, &error);
  if (list == NULL)
    {
      g_warning ("Could not list the disclosures: %s", error->message);
      kd_http_send_error (msg, SOUP_STATUS_INTERNAL_SERVER_ERROR, "internal", NULL, error->message);
      return;
    }

  json_builder_begin_array (b);
  for (guint i = 0; i < list->len; i++)
    {
      json_builder_begin_object (b);
      add_summary (b, list->pdata[i]);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  root = json_builder_get_root (b);
  kd_http_send_json (msg, SOUP_STATUS_OK, root);
}

static void
add_lines (JsonBuilder        *b,
           const KdDisclosure *d)
{
  gint64 income, expense;

  json_builder_set_member_name (b, "lines");
  json_builder_begin_array (b);
  for (guint i = 0; i < d->lines->len; i++)
    {
      const KdLedgerLine *line = d->lines->pdata[i];

      json_builder_begin_object (b);
      member_string (b, "day", line->day);
      member_string (b, "item", line->item);
      member_int (b, "income_fen", line->income_fen);
      member_int (b, "expense_fen", line->expense_fen);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);

  kd_disclosure_totals (d, &income, &expense);
  member_int (b, "income_fen", income);
  member_int (b, "expense_fen", expense);
}

static void
get_disclosure (KdServerState     *state,
                SoupServerMessage *msg,
                const char        *rest)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(KdDisclosure) d = NULL;
  g_autoptr(GError) error = NULL;
  guint64 id;

  if (g_ascii_string_to_unsigned (rest, 10, 1, G_MAXINT64, &id, NULL))
    d = kd_disclosure_load (state->db, (gint64) id, &error);
  if (d == NULL && error != NULL && !g_error_matches (error, KD_DISCLOSURE_ERROR, KD_DISCLOSURE_ERROR_NOT_FOUND))
    {
      g_warning ("Could not read disclosure %s: %s", rest, error->message);
      kd_http_send_error (msg, SOUP_STATUS_INTERNAL_SERVER_ERROR, "internal", NULL, error->message);
      return;
    }
  if (d == NULL || d->state != KD_DISCLOSURE_PUBLISHED)
    {
      kd_http_send_error (msg, SOUP_STATUS_NOT_FOUND, "not_found", NULL,
                          _("There is no such published disclosure."));
      return;
    }

  json_builder_begin_object (b);
  add_summary (b, d);
  member_string (b, "body", d->body);
  member_string (b, "published_by", d->published_by_name);
  json_builder_set_member_name (b, "supersedes");
  d->supersedes_id ? json_builder_add_int_value (b, d->supersedes_id) : json_builder_add_null_value (b);
  json_builder_set_member_name (b, "superseded_by");
  d->superseded_by ? json_builder_add_int_value (b, d->superseded_by) : json_builder_add_null_value (b);
  json_builder_set_member_name (b, "verified");
  json_builder_add_boolean_value (b, kd_disclosure_verify (d));
  if (d->kind == KD_DISCLOSURE_FINANCE)
    add_lines (b, d);
  json_builder_end_object (b);
  root = json_builder_get_root (b);
  kd_http_send_json (msg, SOUP_STATUS_OK, root);
}

void
kd_api_disclosures_cb (SoupServer        *server,
                       SoupServerMessage *msg,
                       const char        *path,
                       GHashTable        *query,
                       gpointer           data)
{
  KdServerState *state = data;
  const char *rest = path + strlen ("/api/v1/disclosures");

  if (!kd_http_require_method (msg, "GET", TRUE))
    return;

  if (*rest == '\0' || g_str_equal (rest, "/"))
    list_disclosures (state, msg, query);
  else if (*rest == '/')
    get_disclosure (state, msg, rest + 1);
  else
    kd_http_send_error (msg, SOUP_STATUS_NOT_FOUND, "not_found", NULL, _("There is nothing at this address."));
}
