/* kd-listener.h: accepts the phones' connections for the SoupServer, with
 * what libsoup 3.2 does not do itself: a cap on concurrent connections, an
 * idle timeout, and a listen backlog for bursts. Server thread only. */
#pragma once

#include <libsoup/soup.h>

G_BEGIN_DECLS

typedef struct _KdListener KdListener;

KdListener *kd_listener_new              (SoupServer  *soup,
                                          guint        max_connections,
                                          guint        idle_timeout_seconds);
gboolean    kd_listener_listen           (KdListener  *self,
                                          gboolean     loopback_only,
                                          guint        port,
                                          guint       *bound_port,
                                          GError     **error);
void        kd_listener_watch_request    (KdListener        *self,
                                          SoupServerMessage *msg,
                                          guint              seconds);
void        kd_listener_extend_request   (KdListener        *self,
                                          SoupServerMessage *msg,
                                          guint              seconds);
void        kd_listener_stop             (KdListener  *self);
guint       kd_listener_get_n_connections (KdListener *self);
void        kd_listener_free             (KdListener  *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KdListener, kd_listener_free)

G_END_DECLS
