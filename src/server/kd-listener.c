#define G_LOG_DOMAIN "kd-listener"

#include "config.h"

#include <netinet/in.h>
#include <netinet/tcp.h>
#include <string.h>
#include <unistd.h>
#include <gio/gunixsocketaddress.h>

#include "kd-listener.h"

#define LISTEN_BACKLOG 1024
#define REFUSAL "HTTP/1.1 503 Service Unavailable\r\nRetry-After: 5\r\n" \
                "Content-Type: text/plain; charset=utf-8\r\nContent-Length: 5\r\n" \
                "Connection: close\r\n\r\nbusy\n"

struct _KdListener
{
  SoupServer       *soup;
  GSocketService   *service;
  guint             max_connections;
  guint             idle_timeout;
  guint            *n_open;   /* rc box: the connections outlive the listener */
  GHashTable       *conns;    /* Peer → Conn */
  gboolean          stopped;
};

/* One open connection and the one timer that may close it: idle between
 * requests, or the deadline of the request being read. */
typedef struct
{
  GSocket *socket;
  GSource *timer;
} Conn;

static void
conn_disarm (Conn *c)
{
  if (c->timer != NULL)
    {
      g_source_destroy (c->timer);
      g_clear_pointer (&c->timer, g_source_unref);
    }
}

static void
conn_free (gpointer data)
{
  Conn *c = data;

  conn_disarm (c);
  g_object_unref (c->socket);
  g_free (c);
}

/* Shutting the socket down makes libsoup read an end of stream and let go of
 * the connection cleanly, whatever it was doing. */
static gboolean
conn_expired (gpointer data)
{
  Conn *c = data;

  g_debug ("Closing a connection that was idle or too slow");
  g_socket_shutdown (c->socket, TRUE, TRUE, NULL);
  g_clear_pointer (&c->timer, g_source_unref);

  return G_SOURCE_REMOVE;
}

static void
conn_arm (Conn  *c,
          guint  seconds)
{
  conn_disarm (c);
  c->timer = g_timeout_source_new_seconds (seconds);
  g_source_set_callback (c->timer, conn_expired, c, NULL);
  g_source_attach (c->timer, g_main_context_get_thread_default ());
}

/* The other end of a connection, the key of its Conn: looked up three
 * times a request, so bytes rather than a string to format each time. */
typedef struct
{
  guint8  addr[16];
  guint16 port;
  guint8  len;
} Peer;

static guint
peer_hash (gconstpointer key)
{
  const Peer *p = key;
  guint h = p->port;

  for (guint i = 0; i < p->len; i++)
    h = h * 31 + p->addr[i];
  return h;
}

static gboolean
peer_equal (gconstpointer a,
            gconstpointer b)
{
  return memcmp (a, b, sizeof (Peer)) == 0;
}

static gboolean
peer_of (GSocketAddress *address,
         Peer           *peer)
{
  GInetAddress *ip;

  memset (peer, 0, sizeof *peer);
  if (!G_IS_INET_SOCKET_ADDRESS (address))
    return FALSE;
  ip = g_inet_socket_address_get_address (G_INET_SOCKET_ADDRESS (address));
  peer->len = (guint8) MIN (g_inet_address_get_native_size (ip), sizeof peer->addr);
  memcpy (peer->addr, g_inet_address_to_bytes (ip), peer->len);
  peer->port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (address));
  return TRUE;
}

typedef struct
{
  guint      *n_open;
  GHashTable *conns;
  Peer       *key;
} Gone;

static void
connection_gone (gpointer  data,
                 GObject  *where_the_object_was)
{
  Gone *g = data;

  (*g->n_open)--;
  if (g->key != NULL)
    g_hash_table_remove (g->conns, g->key);
  g_rc_box_release (g->n_open);
  g_hash_table_unref (g->conns);
  g_free (g->key);
  g_free (g);
}

/* Over the cap: a short 503 and close, without reading the request. */
static void
refuse (GSocketConnection *conn)
{
  GSocket *sock = g_socket_connection_get_socket (conn);

  g_socket_set_blocking (sock, FALSE);
  g_socket_send (sock, REFUSAL, strlen (REFUSAL), NULL, NULL);
  g_socket_shutdown (sock, FALSE, TRUE, NULL);
  g_io_stream_close (G_IO_STREAM (conn), NULL, NULL);
}

static gboolean
incoming_cb (GSocketService    *service,
             GSocketConnection *conn,
             GObject           *source,
             gpointer           data)
{
  KdListener *self = data;
  GSocket *sock = g_socket_connection_get_socket (conn);
  g_autoptr(GSocketAddress) local = g_socket_get_local_address (sock, NULL);
  g_autoptr(GSocketAddress) remote = g_socket_get_remote_address (sock, NULL);
  g_autoptr(GError) error = NULL;
  Gone *gone;
  Conn *c;
  Peer peer;

  if (self->stopped || *self->n_open >= self->max_connections)
    {
      g_debug ("Refusing a connection: %u open", *self->n_open);
      refuse (conn);
      return TRUE;
    }

  /* Headers and body go out as separate writes: without this, Nagle and the
   * phone's delayed ACK add 40 ms to every answer on a kept-alive connection. */
  g_socket_set_option (sock, IPPROTO_TCP, TCP_NODELAY, TRUE, NULL);

  if (!soup_server_accept_iostream (self->soup, G_IO_STREAM (conn), local, remote, &error))
    {
      g_debug ("Could not accept a connection: %s", error->message);
      return TRUE;
    }

  gone = g_new0 (Gone, 1);
  gone->n_open = g_rc_box_acquire (self->n_open);
  gone->conns = g_hash_table_ref (self->conns);
  gone->key = peer_of (remote, &peer) ? g_memdup2 (&peer, sizeof peer) : NULL;
  (*self->n_open)++;
  g_object_weak_ref (G_OBJECT (conn), connection_gone, gone);

  if (gone->key != NULL)
    {
      c = g_new0 (Conn, 1);
      c->socket = g_object_ref (sock);
      conn_arm (c, self->idle_timeout);
      g_hash_table_replace (self->conns, g_memdup2 (&peer, sizeof peer), c);
    }

  return TRUE;
}

/* libsoup 3.2 keeps a connection alive after a response only while the
 * SoupServer has a listener of its own (it checks its list of listeners).
 * Ours accept the connections, so give it one that nobody can reach: a
 * socket in the abstract namespace under a name no one else knows. */
static gboolean
give_soup_a_listener (SoupServer  *soup,
                      GError     **error)
{
  g_autofree char *name = g_strdup_printf ("kuiduo-keepalive-%d-%08x", getpid (), g_random_int ());
  g_autoptr(GSocketAddress) addr = g_unix_socket_address_new_with_type (name, -1, G_UNIX_SOCKET_ADDRESS_ABSTRACT);
  g_autoptr(GSocket) sock = g_socket_new (G_SOCKET_FAMILY_UNIX, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_DEFAULT, error);

  return sock != NULL &&
         g_socket_bind (sock, addr, FALSE, error) &&
         g_socket_listen (sock, error) &&
         soup_server_listen_socket (soup, sock, 0, error);
}

static void request_read_cb (SoupServer *soup, SoupServerMessage *msg, KdListener *self);
static void request_done_cb (SoupServer *soup, SoupServerMessage *msg, KdListener *self);

KdListener *
kd_listener_new (SoupServer *soup,
                 guint       max_connections,
                 guint       idle_timeout_seconds)
{
  KdListener *self = g_new0 (KdListener, 1);

  self->soup = g_object_ref (soup);
  self->max_connections = max_connections;
  self->idle_timeout = idle_timeout_seconds;
  self->n_open = g_rc_box_new0 (guint);
  self->conns = g_hash_table_new_full (peer_hash, peer_equal, g_free, conn_free);
  self->service = g_socket_service_new ();
  g_signal_connect (self->service, "incoming", G_CALLBACK (incoming_cb), self);
  g_signal_connect (soup, "request-read", G_CALLBACK (request_read_cb), self);
  g_signal_connect (soup, "request-finished", G_CALLBACK (request_done_cb), self);
  g_signal_connect (soup, "request-aborted", G_CALLBACK (request_done_cb), self);

  return self;
}

gboolean
kd_listener_listen (KdListener *self,
                    gboolean    loopback_only,
                    guint       port,
                    guint      *bound_port,
                    GError    **error)
{
  g_autoptr(GInetAddress) any = loopback_only ? g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4)
                                              : g_inet_address_new_any (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) addr = g_inet_socket_address_new (any, port);
  g_autoptr(GSocketAddress) bound = NULL;

  if (!give_soup_a_listener (self->soup, error))
    return FALSE;

  g_socket_listener_set_backlog (G_SOCKET_LISTENER (self->service), LISTEN_BACKLOG);
  if (!g_socket_listener_add_address (G_SOCKET_LISTENER (self->service), addr,
                                      G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP,
                                      NULL, &bound, error))
    return FALSE;

  *bound_port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
  g_socket_service_start (self->service);

  return TRUE;
}

void
kd_listener_stop (KdListener *self)
{
  self->stopped = TRUE;
  g_socket_service_stop (self->service);
  g_socket_listener_close (G_SOCKET_LISTENER (self->service));
}

static Conn *
conn_of (KdListener        *self,
         SoupServerMessage *msg)
{
  Peer peer;

  return peer_of (soup_server_message_get_remote_address (msg), &peer) ?
         g_hash_table_lookup (self->conns, &peer) : NULL;
}

/* The answer's headers and body are separate writes: corked from when the
 * request is in until the answer is out, they leave in one packet. */
static void
conn_cork (Conn     *c,
           gboolean  cork)
{
  g_socket_set_option (c->socket, IPPROTO_TCP, TCP_CORK, cork, NULL);
}

/* From the SoupServer's own signals, connected once, rather than the
 * message's, connected for each request. */
static void
request_read_cb (SoupServer        *soup,
                 SoupServerMessage *msg,
                 KdListener        *self)
{
  Conn *c = conn_of (self, msg);

  if (c != NULL)
    {
      conn_disarm (c);   /* the request is in: no clock while we work on it */
      conn_cork (c, TRUE);
    }
}

/* Answered, or given up ("request-aborted"). */
static void
request_done_cb (SoupServer        *soup,
                 SoupServerMessage *msg,
                 KdListener        *self)
{
  Conn *c = conn_of (self, msg);

  if (c != NULL)
    {
      conn_cork (c, FALSE);
      conn_arm (c, self->idle_timeout);
    }
}

/* A request started on one of our connections: it has @seconds to arrive
 * whole; once answered, the connection may idle for the idle timeout. */
void
kd_listener_watch_request (KdListener        *self,
                           SoupServerMessage *msg,
                           guint              seconds)
{
  Conn *c = conn_of (self, msg);

  if (c == NULL)
    return;

  conn_arm (c, seconds);
}

/* A big upload on a weak Wi-Fi: @seconds from now instead, for this request. */
void
kd_listener_extend_request (KdListener        *self,
                            SoupServerMessage *msg,
                            guint              seconds)
{
  Conn *c = conn_of (self, msg);

  if (c != NULL)
    conn_arm (c, seconds);
}

guint
kd_listener_get_n_connections (KdListener *self)
{
  return *self->n_open;
}

void
kd_listener_free (KdListener *self)
{
  if (self == NULL)
    return;

  kd_listener_stop (self);
  g_signal_handlers_disconnect_by_data (self->service, self);
  g_signal_handlers_disconnect_by_data (self->soup, self);
  g_object_unref (self->service);
  g_object_unref (self->soup);
  g_rc_box_release (self->n_open);
  g_hash_table_remove_all (self->conns);
  g_hash_table_unref (self->conns);
  g_free (self);
}
