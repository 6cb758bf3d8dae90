/* kd-server.h: the phone endpoint. The one small interface through which the
 * desktop (and `kuiduo --headless`) starts and stops it; everything else about
 * the server stays inside src/server. */
#pragma once

#include <gio/gio.h>

#include "kd-store.h"

G_BEGIN_DECLS

#define KD_TYPE_SERVER (kd_server_get_type ())

G_DECLARE_FINAL_TYPE (KdServer, kd_server, KD, SERVER, GObject)

/* Caps on what one request may send (DESIGN.md, "Trust boundaries"). */
#define KD_SERVER_MAX_BODY (64 * 1024)
#define KD_SERVER_MAX_CONNECTIONS 512   /* open at once */
#define KD_SERVER_IDLE_TIMEOUT    30    /* s without a byte, then closed */
#define KD_SERVER_REQUEST_TIMEOUT 30    /* s for a request's headers and body */
#define KD_SERVER_UPLOAD_BUDGET   (64 * 1024 * 1024)   /* bytes of photo bodies held at once */
#define KD_SERVER_BUSY_RETRY_SECONDS 30

KdServer  *kd_server_new            (KdStore   *store);
gboolean   kd_server_start          (KdServer  *self,
                                     guint      port,
                                     gboolean   loopback_only,
                                     GError   **error);
void       kd_server_stop           (KdServer  *self);
void       kd_server_set_rate_limit (KdServer  *self,
                                     gboolean   enabled);
void       kd_server_set_upload_budget (KdServer *self,
                                        gsize     bytes);
void      kd_server_set_background (KdServer  *self,
                                    gboolean   background);
void       kd_server_set_limits     (KdServer  *self,
                                     guint      max_connections,
                                     guint      idle_timeout_seconds,
                                     guint      request_timeout_seconds);
void       kd_server_set_group_commit (KdServer *self,
                                     gboolean   enabled);
gboolean   kd_server_get_running    (KdServer  *self);
guint      kd_server_get_port       (KdServer  *self);
GStrv      kd_server_dup_urls       (KdServer  *self);

G_END_DECLS
