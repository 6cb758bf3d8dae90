/* kd-open311-parse.h: what an Open311 client sends, checked and turned into
 * our terms. Pure functions over the decoded form or query (a GHashTable of
 * strings), with no HTTP types, so the fuzz target reaches exactly the code
 * that the LAN reaches. */
#pragma once

#include <glib.h>

#include "kd-report.h"
#include "kd-open311-store.h"

G_BEGIN_DECLS

#define KD_OPEN311_ERROR (kd_open311_error_quark ())

/* The error code is the HTTP status the spec asks for. */
typedef enum {
  KD_OPEN311_ERROR_BAD_REQUEST = 400,
  KD_OPEN311_ERROR_FORBIDDEN   = 403,
  KD_OPEN311_ERROR_NOT_FOUND   = 404,
} KdOpen311Error;

typedef enum {
  KD_OPEN311_FORMAT_NONE,
  KD_OPEN311_FORMAT_XML,
  KD_OPEN311_FORMAT_JSON,
} KdOpen311Format;

typedef enum {
  KD_OPEN311_ROUTE_UNKNOWN,
  KD_OPEN311_ROUTE_DISCOVERY,
  KD_OPEN311_ROUTE_SERVICES,
  KD_OPEN311_ROUTE_SERVICE,     /* services/{service_code} */
  KD_OPEN311_ROUTE_REQUESTS,
  KD_OPEN311_ROUTE_REQUEST,     /* requests/{service_request_id} */
  KD_OPEN311_ROUTE_TOKEN,       /* tokens/{token} */
} KdOpen311Route;

#define KD_OPEN311_PREFIX       "/open311/v2/"
#define KD_OPEN311_DAYS         90      /* the spec's default and widest date range */
#define KD_OPEN311_LIMIT        1000    /* the spec's default number of requests */
#define KD_OPEN311_MAX_LIST     100     /* comma-separated values in one parameter */
#define KD_OPEN311_MAX_ARG      64      /* a code or id in the path */
#define KD_OPEN311_VILLAGE_ATTR "attribute[village]"

GQuark          kd_open311_error_quark      (void);
KdOpen311Route  kd_open311_parse_path       (const char      *path,
                                             KdOpen311Format *format,
                                             char           **arg);
KdReport       *kd_open311_parse_post       (GHashTable      *form,
                                             const char      *default_village,
                                             GError         **error);
gboolean        kd_open311_parse_query      (GHashTable      *query,
                                             gint64           now,
                                             KdOpen311Query  *out,
                                             GError         **error);
gboolean        kd_open311_parse_datetime   (const char      *text,
                                             gint64          *out);
char           *kd_open311_format_datetime  (gint64           unix_time);
gboolean        kd_open311_parse_id         (const char      *text,
                                             gint64          *out);
gboolean        kd_open311_parse_coordinate (const char      *text,
                                             double           limit,
                                             double          *out);
char           *kd_open311_join_location    (const char      *address,
                                             gboolean         has_point,
                                             double           lat,
                                             double           lng);
gboolean        kd_open311_split_location   (const char      *location,
                                             char           **address,
                                             double          *lat,
                                             double          *lng);

G_END_DECLS
