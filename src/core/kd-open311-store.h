/* kd-open311-store.h: what the Open311 endpoint reads and writes. Only the
 * public side of the queue: the kinds livelihood, emergency, policy and
 * service; never an integrity (清风) category or case, never a reporter's
 * name or phone, never an internal note. */
#pragma once

#include <gio/gio.h>

#include "kd-db.h"
#include "kd-store.h"

G_BEGIN_DECLS

/* The kinds Open311 may see: bits 0..3 of categories.kinds. */
#define KD_OPEN311_KINDS 0x0f

/* One category as an Open311 service. */
typedef struct
{
  char  *code;
  char  *name;
  guint  kinds;     /* categories.kinds & KD_OPEN311_KINDS, never 0 */
} KdOpen311Service;

typedef enum {
  KD_OPEN311_STATUS_ANY    = 0,
  KD_OPEN311_STATUS_OPEN   = 1 << 0,
  KD_OPEN311_STATUS_CLOSED = 1 << 1,
} KdOpen311Status;

/* GET requests: filled by kd_open311_parse_query(). */
typedef struct
{
  gint64          *ids;            /* service_request_id: when set, the rest is ignored */
  guint            n_ids;
  char           **service_codes;  /* NULL: every service */
  gint64           start;          /* created_at range, inclusive, unix seconds */
  gint64           end;
  KdOpen311Status  status;
  guint            limit;
} KdOpen311Query;

/* One case as Open311 shows it. */
typedef struct
{
  gint64        id;
  KdCaseStatus  status;
  char         *service_code;
  char         *service_name;
  char         *description;
  char         *location;
  gint64        created_at;
  gint64        updated_at;
  gint64        due_at;            /* 0: none */
} KdOpen311Request;

void              kd_open311_service_free   (KdOpen311Service *service);
void              kd_open311_request_free   (KdOpen311Request *request);
void              kd_open311_query_clear    (KdOpen311Query   *query);
KdCaseKind        kd_open311_service_kind   (guint             kinds);

GPtrArray        *kd_open311_list_services  (KdDb             *db,
                                             GError          **error);
KdOpen311Service *kd_open311_find_service   (KdDb             *db,
                                             const char       *code,
                                             GError          **error);
GPtrArray        *kd_open311_find_requests  (KdDb             *db,
                                             const KdOpen311Query *query,
                                             GError          **error);
KdOpen311Request *kd_open311_get_request    (KdDb             *db,
                                             gint64            id,
                                             GError          **error);

/* The insert, with the key checked in the same transaction; in a writer job. */
KdCase           *kd_open311_insert         (KdDb             *db,
                                             const KdReport   *report,
                                             const char       *api_key,
                                             gint64            now,
                                             KdChanges        *changes,
                                             GError          **error);
void              kd_open311_submit_async   (KdStore          *store,
                                             KdReport         *report,
                                             const char       *api_key,
                                             GCancellable     *cancellable,
                                             GAsyncReadyCallback callback,
                                             gpointer          user_data);
KdCase           *kd_open311_submit_finish  (KdStore          *store,
                                             GAsyncResult     *result,
                                             GError          **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KdOpen311Service, kd_open311_service_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KdOpen311Request, kd_open311_request_free)

G_END_DECLS
