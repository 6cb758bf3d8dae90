/* kd-open311-store.c: the queries and the one write behind /open311/v2/. */
#define G_LOG_DOMAIN "kd-open311-store"

#include "config.h"

#include <glib/gi18n.h>

#include "kd-api-key.h"
#include "kd-open311-store.h"

void
kd_open311_service_free (KdOpen311Service *service)
{
  if (service == NULL)
    return;
  g_free (service->code);
  g_free (service->name);
  g_free (service);
}

void
kd_open311_request_free (KdOpen311Request *request)
{
  if (request == NULL)
    return;
  g_free (request->service_code);
  g_free (request->service_name);
  g_free (request->description);
  g_free (request->location);
  g_free (request);
}

void
kd_open311_query_clear (KdOpen311Query *query)
{
  g_clear_pointer (&query->ids, g_free);
  g_clear_pointer (&query->service_codes, g_strfreev);
  memset (query, 0, sizeof *query);
}

/* A category offered for several kinds is listed under the first of them. */
KdCaseKind
kd_open311_service_kind (guint kinds)
{
  for (guint k = 0; k < KD_CASE_N_KINDS; k++)
    if ((kinds & KD_OPEN311_KINDS) & (1u << k))
      return k;
  return KD_CASE_KIND_LIVELIHOOD;
}

static char *
column_dup (sqlite3_stmt *stmt,
            int           col)
{
  return g_strdup ((const char *) sqlite3_column_text (stmt, col));
}

static KdOpen311Service *
service_from_stmt (sqlite3_stmt *stmt)
{
  KdOpen311Service *s = g_new0 (KdOpen311Service, 1);

  s->code = column_dup (stmt, 0);
  s->name = column_dup (stmt, 1);
  s->kinds = sqlite3_column_int (stmt, 2) & KD_OPEN311_KINDS;
  return s;
}

GPtrArray *
kd_open311_list_services (KdDb    *db,
                          GError **error)
{
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func ((GDestroyNotify) kd_open311_service_free);
  sqlite3_stmt *stmt = kd_db_prepare (db,
                                      "SELECT code, name, kinds FROM categories"
                                      " WHERE kinds & 15 != 0 ORDER BY position, id",
                                      error);
  int rc;

  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (list, service_from_stmt (stmt));
  sqlite3_reset (stmt);

  if (rc != SQLITE_DONE)
    {
      kd_db_set_error (db, rc, "list services", error);
      return NULL;
    }
  return g_steal_pointer (&list);
}

/* NULL without @error for a code that is not a public service. */
KdOpen311Service *
kd_open311_find_service (KdDb        *db,
                         const char  *code,
                         GError     **error)
{
  sqlite3_stmt *stmt = kd_db_prepare (db,
                                      "SELECT code, name, kinds FROM categories"
                                      " WHERE code = ?1 AND kinds & 15 != 0",
                                      error);
  KdOpen311Service *s = NULL;
  int rc;

  if (stmt == NULL)
    return NULL;
  kd_db_bind_text (stmt, 1, code);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    s = service_from_stmt (stmt);
  else if (rc != SQLITE_DONE)
    kd_db_set_error (db, rc, "find service", error);
  sqlite3_reset (stmt);

  return s;
}

#define REQUEST_SELECT \
  "SELECT c.id, c.status, g.code, g.name, c.description, c.location, c.created_at," \
  " c.updated_at, coalesce (c.resolution_due_at, 0)" \
  " FROM cases c JOIN categories g ON g.id = c.category_id" \
  " WHERE c.kind != 4 AND g.kinds & 15 != 0"

static KdOpen311Request *
request_from_stmt (sqlite3_stmt *stmt)
{
  KdOpen311Request *r = g_new0 (KdOpen311Request, 1);

  r->id = sqlite3_column_int64 (stmt, 0);
  r->status = sqlite3_column_int (stmt, 1);
  r->service_code = column_dup (stmt, 2);
  r->service_name = column_dup (stmt, 3);
  r->description = column_dup (stmt, 4);
  r->location = column_dup (stmt, 5);
  r->created_at = sqlite3_column_int64 (stmt, 6);
  r->updated_at = sqlite3_column_int64 (stmt, 7);
  r->due_at = sqlite3_column_int64 (stmt, 8);
  return r;
}

/* NULL without @error when there is no such public request. */
KdOpen311Request *
kd_open311_get_request (KdDb     *db,
                        gint64    id,
                        GError  **error)
{
  sqlite3_stmt *stmt = kd_db_prepare (db, REQUEST_SELECT " AND c.id = ?1", error);
  KdOpen311Request *r = NULL;
  int rc;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    r = request_from_stmt (stmt);
  else if (rc != SQLITE_DONE)
    kd_db_set_error (db, rc, "get request", error);
  sqlite3_reset (stmt);

  return r;
}

/* The SQL list of the statuses that Open311 calls "open", from the one rule. */
static const char *
open_statuses_sql (void)
{
  static char *sql = NULL;

  if (g_once_init_enter (&sql))
    {
      GString *s = g_string_new ("(");

      for (int st = 0; st < KD_CASE_N_STATUSES; st++)
        if (kd_case_status_is_open (st))
          g_string_append_printf (s, "%s%d", s->len > 1 ? ", " : "", st);
      g_string_append_c (s, ')');
      g_once_init_leave (&sql, g_string_free (s, FALSE));
    }

  return sql;
}

static char *
codes_param (char **codes)
{
  g_autofree char *joined = NULL;

  if (codes == NULL)
    return NULL;
  joined = g_strjoinv (",", codes);
  return g_strconcat (",", joined, ",", NULL);
}

static GPtrArray *
find_by_ids (KdDb                 *db,
             const KdOpen311Query *query,
             GError              **error)
{
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func ((GDestroyNotify) kd_open311_request_free);

  for (guint i = 0; i < query->n_ids && list->len < query->limit; i++)
    {
      GError *local = NULL;
      KdOpen311Request *r = kd_open311_get_request (db, query->ids[i], &local);

      if (local != NULL)
        {
          g_propagate_error (error, local);
          return NULL;
        }
      if (r != NULL)
        g_ptr_array_add (list, r);
    }

  return g_steal_pointer (&list);
}

/* Newest first, at most query->limit. */
GPtrArray *
kd_open311_find_requests (KdDb                 *db,
                          const KdOpen311Query *query,
                          GError              **error)
{
  g_autoptr(GPtrArray) list = NULL;
  g_autofree char *sql = NULL;
  g_autofree char *codes = NULL;
  sqlite3_stmt *stmt;
  int rc;

  if (query->ids != NULL)
    return find_by_ids (db, query, error);

  sql = g_strdup_printf (REQUEST_SELECT
                         " AND c.created_at BETWEEN ?1 AND ?2"
                         " AND (?3 IS NULL OR instr (?3, ',' || g.code || ',') > 0)"
                         " AND (?4 = 0 OR (?4 = 1) = (c.status IN %s))"
                         " ORDER BY c.created_at DESC, c.id DESC LIMIT ?5",
                         open_statuses_sql ());
  stmt = kd_db_prepare (db, sql, error);
  if (stmt == NULL)
    return NULL;

  codes = codes_param (query->service_codes);
  sqlite3_bind_int64 (stmt, 1, query->start);
  sqlite3_bind_int64 (stmt, 2, query->end);
  kd_db_bind_text (stmt, 3, codes);
  sqlite3_bind_int (stmt, 4, query->status == KD_OPEN311_STATUS_OPEN ? 1
                             : query->status == KD_OPEN311_STATUS_CLOSED ? 2 : 0);
  sqlite3_bind_int64 (stmt, 5, query->limit);

  list = g_ptr_array_new_with_free_func ((GDestroyNotify) kd_open311_request_free);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (list, request_from_stmt (stmt));
  sqlite3_reset (stmt);

  if (rc != SQLITE_DONE)
    {
      kd_db_set_error (db, rc, "find requests", error);
      return NULL;
    }
  return g_steal_pointer (&list);
}

/* The key is checked in the transaction of the insert: a key revoked a moment
 * before writes nothing. The case gets the kind its service is listed under. */
KdCase *
kd_open311_insert (KdDb            *db,
                   const KdReport  *report,
                   const char      *api_key,
                   gint64           now,
                   KdChanges       *changes,
                   GError         **error)
{
  g_autoptr(KdOpen311Service) service = NULL;
  g_autoptr(KdReport) listed = NULL;
  GError *local = NULL;

  if (!kd_api_key_check (db, api_key, error))
    return NULL;

  service = kd_open311_find_service (db, report->category ? report->category : "", &local);
  if (service == NULL)
    {
      if (local != NULL)
        g_propagate_error (error, local);
      else
        g_set_error (error, KD_REPORT_ERROR, KD_REPORT_FIELD_CATEGORY,
                     _("There is no service “%s”."), report->category ? report->category : "");
      return NULL;
    }

  /* Stored with that kind from the start, so its deadlines are that kind's. */
  listed = kd_report_copy (report);
  listed->kind = kd_open311_service_kind (service->kinds);
  return kd_case_insert (db, listed, now, changes, error);
}

typedef struct
{
  KdReport *report;
  char     *api_key;
} Submission;

static void
submission_free (gpointer data)
{
  Submission *sub = data;

  kd_report_free (sub->report);
  g_free (sub->api_key);
  g_free (sub);
}

static gpointer
submit_job (KdDb       *db,
            gpointer    data,
            KdChanges  *changes,
            GError    **error)
{
  Submission *sub = data;

  return kd_open311_insert (db, sub->report, sub->api_key,
                            g_get_real_time () / G_USEC_PER_SEC, changes, error);
}

/* Takes @report. */
void
kd_open311_submit_async (KdStore             *store,
                         KdReport            *report,
                         const char          *api_key,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  Submission *sub;

  g_return_if_fail (KD_IS_STORE (store));
  g_return_if_fail (report != NULL);

  sub = g_new0 (Submission, 1);
  sub->report = report;
  sub->api_key = g_strdup (api_key);
  kd_writer_submit (kd_store_get_writer (store), submit_job, sub, submission_free,
                    g_object_unref, cancellable, callback, user_data);
}

KdCase *
kd_open311_submit_finish (KdStore       *store,
                          GAsyncResult  *result,
                          GError       **error)
{
  return kd_writer_submit_finish (result, error);
}
