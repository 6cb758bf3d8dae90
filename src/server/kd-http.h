/* kd-http.h: what every route shares: answers, errors, limits, headers. */
#pragma once

#include <libsoup/soup.h>
#include <json-glib/json-glib.h>

#include "kd-store.h"
#include "kd-rate-limit.h"

G_BEGIN_DECLS

/* What the handlers of one server share; lives on the server thread. */
typedef struct
{
  KdStore *store;
  KdDb    *db;         /* the server thread's own reading connection */
  guint        inflight;    /* paused messages waiting on the writer */
  KdRateLimit *rate_limit;  /* NULL: no limits (benchmarks only) */
} KdServerState;

#define KD_JSON_MAX_DEPTH 32

/* The body of a report with up to 3 photos of 5 MB and its fields. */
#define KD_HTTP_MAX_UPLOAD (16 * 1024 * 1024)

/* libsoup 3.2 has no name for it. */
#define KD_HTTP_TOO_MANY_REQUESTS 429

void      kd_http_send_json         (SoupServerMessage *msg,
                                     guint              status,
                                     JsonNode          *node);
void      kd_http_send_error        (SoupServerMessage *msg,
                                     guint              status,
                                     const char        *code,
                                     const char        *field,
                                     const char        *message);
void      kd_http_send_html         (SoupServerMessage *msg,
                                     guint              status,
                                     GString           *html);
void      kd_http_redirect          (SoupServerMessage *msg,
                                     const char        *location);
gboolean  kd_http_require_method    (SoupServerMessage *msg,
                                     const char        *allowed,
                                     gboolean           json);
gboolean  kd_http_has_media_type    (SoupServerMessage *msg,
                                     const char        *type);
GBytes   *kd_http_dup_body          (SoupServerMessage *msg);
gsize     kd_http_body_cap          (SoupServerMessage *msg,
                                     gsize              fallback);
void      kd_http_add_security_headers (SoupServerMessage *msg);
void      kd_http_refuse_busy       (SoupServerMessage *msg,
                                     guint              retry_after);
void      kd_http_refuse_too_large  (SoupServerMessage *msg);
void      kd_http_use_language      (SoupServerMessage *msg);
gboolean  kd_json_depth_ok          (const char        *data,
                                     gsize              len,
                                     guint              max_depth);
char     *kd_http_dup_base_url      (SoupServerMessage *msg);
gboolean  kd_http_allow_write        (KdServerState     *state,
                                     SoupServerMessage *msg);
void      kd_http_hold              (KdServerState     *state,
                                     SoupServerMessage *msg);
gboolean  kd_http_release           (KdServerState     *state,
                                     SoupServerMessage *msg);

G_END_DECLS
