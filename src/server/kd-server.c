#define G_LOG_DOMAIN "kd-server"

#include "config.h"

#include <glib/gi18n.h>

#include "kd-server.h"
#include "kd-thread.h"
#include "kd-api.h"
#include "kd-cadre-pages.h"
#include "kd-http.h"
#include "kd-lan.h"
#include "kd-listener.h"
#include "kd-open311.h"
#include "kd-pages.h"
#include "kd-web-resources.h"

#define STOP_GRACE_SECONDS 10
#define UPLOAD_MIN_RATE    (32 * 1024)   /* bytes per second a phone's upload may be given */
#define UPLOAD_MAX_SECONDS 600

struct _KdServer
{
  GObject        parent_instance;

  KdStore       *store;
  GThread       *thread;
  GMainContext  *context;
  GMainLoop     *loop;
  guint          port;
  gboolean       running;
  gboolean       loopback_only;
  gboolean       rate_limit;
  gboolean       background;
  guint          max_connections;
  guint          idle_timeout;
  guint          request_timeout;
  gsize          upload_budget;

  /* start-up handshake with the server thread */
  GMutex         lock;
  GCond          cond;
  gboolean       started;
  GError        *start_error;

  /* server thread only */
  SoupServer    *soup;
  KdListener    *listener;
  KdServerState  state;
  gint64         stop_deadline;
  gsize          uploads_in_flight;   /* bytes reserved by large bodies being read or handled */
};

/* A large body's share of the upload budget, given back when its message goes. */
typedef struct
{
  KdServer *server;
  gsize     bytes;
} Reservation;

static void
reservation_release (gpointer data)
{
  Reservation *r = data;

  r->server->uploads_in_flight -= r->bytes;
  g_free (r);
}

/* Photos make bodies of up to KD_HTTP_MAX_UPLOAD, held in memory while read
 * and re-encoded: at most upload_budget bytes of them at once, whatever the
 * number of phones; the others are told to send again shortly (503). */
static gboolean
reserve_upload (KdServer          *self,
                SoupServerMessage *msg,
                gsize              bytes)
{
  Reservation *r;

  if (bytes <= KD_SERVER_MAX_BODY)
    return TRUE;
  if (self->uploads_in_flight + bytes > self->upload_budget)
    return FALSE;

  r = g_new0 (Reservation, 1);
  r->server = self;
  r->bytes = bytes;
  self->uploads_in_flight += bytes;
  g_object_set_data_full (G_OBJECT (msg), "kd-upload-reservation", r, reservation_release);
  return TRUE;
}

G_DEFINE_FINAL_TYPE (KdServer, kd_server, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_RUNNING,
  PROP_PORT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* "request-finished" and "request-aborted": right after the message's
 * "finished", connected once for all messages. */
static void
message_finished_cb (SoupServer        *server,
                     SoupServerMessage *msg,
                     gpointer           data)
{
  g_object_set_data (G_OBJECT (msg), "kd-finished", GINT_TO_POINTER (1));
}

static void
body_chunk_cb (SoupServerMessage *msg,
               GBytes            *chunk,
               gpointer           data)
{
  SoupMessageBody *body = soup_server_message_get_request_body (msg);

  if ((gsize) body->length > GPOINTER_TO_SIZE (data))
    kd_http_refuse_too_large (msg);
}

/* Seconds to send @length bytes at UPLOAD_MIN_RATE (weak Wi-Fi), at least
 * the usual deadline. */
static guint
upload_seconds (guint   request_timeout,
                goffset length)
{
  return MIN (request_timeout + length / UPLOAD_MIN_RATE, UPLOAD_MAX_SECONDS);
}

/* After the headers, before the body: refuse a body too large while it is
 * still on the wire (libsoup 3.2 has no limit of its own). This runs for
 * every path, which an early handler would not: libsoup calls only the early
 * handler registered on the most specific path. */
static void
got_headers_cb (SoupServerMessage *msg,
                gpointer           data)
{
  KdServer *self = data;
  SoupMessageHeaders *h = soup_server_message_get_request_headers (msg);
  gsize cap = kd_http_body_cap (msg, KD_SERVER_MAX_BODY);
  goffset length = soup_message_headers_get_content_length (h);

  kd_http_use_language (msg);

  if (soup_message_headers_get_encoding (h) == SOUP_ENCODING_CONTENT_LENGTH)
    {
      if (length > (goffset) cap)
        {
          kd_http_refuse_too_large (msg);
          return;
        }
      if (!reserve_upload (self, msg, (gsize) length))
        {
          kd_http_refuse_busy (msg, KD_SERVER_BUSY_RETRY_SECONDS);
          return;
        }
      if (length > KD_SERVER_MAX_BODY)
        kd_listener_extend_request (self->listener, msg, upload_seconds (self->request_timeout, length));
      return;   /* libsoup reads no more than the length: within the cap */
    }

  if (!reserve_upload (self, msg, cap))   /* chunked: as much as it may grow to */
    {
      kd_http_refuse_busy (msg, KD_SERVER_BUSY_RETRY_SECONDS);
      return;
    }
  g_signal_connect (msg, "got-chunk", G_CALLBACK (body_chunk_cb), GSIZE_TO_POINTER (cap));
}

static void
request_started_cb (SoupServer        *server,
                    SoupServerMessage *msg,
                    gpointer           data)
{
  KdServer *self = data;

  kd_listener_watch_request (self->listener, msg, self->request_timeout);
  g_signal_connect (msg, "got-headers", G_CALLBACK (got_headers_cb), self);
}

static void
set_started (KdServer *self,
             GError   *error)
{
  g_mutex_lock (&self->lock);
  self->started = TRUE;
  self->start_error = error;
  g_cond_signal (&self->cond);
  g_mutex_unlock (&self->lock);
}

static gpointer
server_thread (gpointer data)
{
  KdServer *self = data;
  GError *error = NULL;
  guint port = self->port;


  g_main_context_push_thread_default (self->context);
  if (self->background)
    kd_thread_set_background ();

  self->state.store = self->store;
  self->state.rate_limit = self->rate_limit ? kd_rate_limit_new (KD_RATE_BURST, KD_RATE_REFILL_SECONDS) : NULL;
  self->state.db = kd_store_open_reader (self->store, &error);
  if (self->state.db != NULL)
    {
      self->soup = soup_server_new ("server-header", "Kuiduo", NULL);
      g_signal_connect (self->soup, "request-started", G_CALLBACK (request_started_cb), self);
      g_signal_connect (self->soup, "request-finished", G_CALLBACK (message_finished_cb), NULL);
      g_signal_connect (self->soup, "request-aborted", G_CALLBACK (message_finished_cb), NULL);
      kd_pages_register (self->soup, &self->state);
      kd_api_register (self->soup, &self->state);
      kd_open311_register (self->soup, &self->state);
      kd_cadre_pages_register (self->soup, &self->state);
      self->listener = kd_listener_new (self->soup, self->max_connections, self->idle_timeout);
      kd_listener_listen (self->listener, self->loopback_only, port, &self->port, &error);
    }

  set_started (self, error);
  if (error == NULL)
    g_main_loop_run (self->loop);

  g_clear_pointer (&self->listener, kd_listener_free);
  if (self->soup != NULL)
    soup_server_disconnect (self->soup);
  g_clear_object (&self->soup);
  g_clear_pointer (&self->state.db, kd_db_close);
  g_clear_pointer (&self->state.rate_limit, kd_rate_limit_free);
  g_main_context_pop_thread_default (self->context);

  return NULL;
}

/* Stops taking connections, lets the writes in flight be answered, then
 * ends the loop. */
static gboolean
stop_when_idle (gpointer data)
{
  KdServer *self = data;

  if (self->state.inflight > 0 && g_get_monotonic_time () < self->stop_deadline)
    return G_SOURCE_CONTINUE;

  g_main_loop_quit (self->loop);
  return G_SOURCE_REMOVE;
}

static gboolean
begin_stop (gpointer data)
{
  KdServer *self = data;
  GSource *source;

  if (self->listener != NULL)
    kd_listener_stop (self->listener);

  self->stop_deadline = g_get_monotonic_time () + STOP_GRACE_SECONDS * G_USEC_PER_SEC;
  source = g_timeout_source_new (10);
  g_source_set_callback (source, stop_when_idle, self, NULL);
  g_source_attach (source, self->context);
  g_source_unref (source);

  return G_SOURCE_REMOVE;
}

void
kd_server_stop (KdServer *self)
{
  g_return_if_fail (KD_IS_SERVER (self));

  if (self->thread == NULL)
    return;

  g_main_context_invoke (self->context, begin_stop, self);
  g_thread_join (g_steal_pointer (&self->thread));
  g_clear_pointer (&self->loop, g_main_loop_unref);
  g_clear_pointer (&self->context, g_main_context_unref);

  if (self->running)
    {
      self->running = FALSE;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);
    }
}

/* Binds the port (0: any free one) and starts serving on a thread of its own.
 * Returns once the port is bound, or with the reason it could not be. */
gboolean
kd_server_start (KdServer *self,
                 guint     port,
                 gboolean  loopback_only,
                 GError  **error)
{
  g_return_val_if_fail (KD_IS_SERVER (self), FALSE);
  g_return_val_if_fail (port <= G_MAXUINT16, FALSE);

  if (self->thread != NULL)
    return TRUE;

  self->port = port;
  self->loopback_only = loopback_only;
  self->started = FALSE;
  self->context = g_main_context_new ();
  self->loop = g_main_loop_new (self->context, FALSE);
  self->thread = g_thread_new ("kd-server", server_thread, self);

  g_mutex_lock (&self->lock);
  while (!self->started)
    g_cond_wait (&self->cond, &self->lock);
  g_mutex_unlock (&self->lock);

  if (self->start_error != NULL)
    {
      g_thread_join (g_steal_pointer (&self->thread));
      g_clear_pointer (&self->loop, g_main_loop_unref);
      g_clear_pointer (&self->context, g_main_context_unref);
      g_prefix_error (&self->start_error, _("The phone endpoint could not start on port %u: "), port);
      g_propagate_error (error, g_steal_pointer (&self->start_error));
      return FALSE;
    }

  self->running = TRUE;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PORT]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);

  return TRUE;
}

/* Per-address limits on writes are on unless turned off here, before
 * kd_server_start(): for the ingest benchmark and the crash test only. */
void
kd_server_set_rate_limit (KdServer *self,
                          gboolean  enabled)
{
  g_return_if_fail (KD_IS_SERVER (self));
  g_return_if_fail (self->thread == NULL);

  self->rate_limit = !!enabled;
}

/* With a window open, the endpoint's thread gives way to the UI thread;
 * before kd_server_start(). */
void
kd_server_set_background (KdServer *self,
                          gboolean  background)
{
  g_return_if_fail (KD_IS_SERVER (self));
  g_return_if_fail (self->thread == NULL);

  self->background = !!background;
}

/* How many bytes of large bodies (photos) may be in memory at once; before
 * kd_server_start(). */
void
kd_server_set_upload_budget (KdServer *self,
                             gsize     bytes)
{
  g_return_if_fail (KD_IS_SERVER (self));
  g_return_if_fail (self->thread == NULL);

  self->upload_budget = bytes;
}

/* Caps on connections and time; before kd_server_start(). */
void
kd_server_set_limits (KdServer *self,
                      guint     max_connections,
                      guint     idle_timeout_seconds,
                      guint     request_timeout_seconds)
{
  g_return_if_fail (KD_IS_SERVER (self));
  g_return_if_fail (self->thread == NULL);
  g_return_if_fail (max_connections > 0 && idle_timeout_seconds > 0 && request_timeout_seconds > 0);

  self->max_connections = max_connections;
  self->idle_timeout = idle_timeout_seconds;
  self->request_timeout = request_timeout_seconds;
}

/* Off: every write commits alone (the ingest benchmark's baseline). */
void
kd_server_set_group_commit (KdServer *self,
                            gboolean  enabled)
{
  g_return_if_fail (KD_IS_SERVER (self));

  kd_writer_set_batching (kd_store_get_writer (self->store), enabled);
}

gboolean
kd_server_get_running (KdServer *self)
{
  g_return_val_if_fail (KD_IS_SERVER (self), FALSE);

  return self->running;
}

guint
kd_server_get_port (KdServer *self)
{
  g_return_val_if_fail (KD_IS_SERVER (self), 0);

  return self->port;
}

/* The addresses to give to phones: one per LAN IPv4 address. */
GStrv
kd_server_dup_urls (KdServer *self)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) addrs = NULL;

  g_return_val_if_fail (KD_IS_SERVER (self), NULL);

  if (!self->running)
    return g_strv_builder_end (builder);

  if (self->loopback_only)
    {
      g_autofree char *url = g_strdup_printf ("http://127.0.0.1:%u/", self->port);
      g_strv_builder_add (builder, url);
      return g_strv_builder_end (builder);
    }

  addrs = kd_lan_dup_ipv4_addresses ();
  for (guint i = 0; addrs[i]; i++)
    {
      g_autofree char *url = self->port == 80 ? g_strdup_printf ("http://%s/", addrs[i])
                                              : g_strdup_printf ("http://%s:%u/", addrs[i], self->port);
      g_strv_builder_add (builder, url);
    }

  return g_strv_builder_end (builder);
}

static void
kd_server_dispose (GObject *object)
{
  kd_server_stop (KD_SERVER (object));

  G_OBJECT_CLASS (kd_server_parent_class)->dispose (object);
}

static void
kd_server_finalize (GObject *object)
{
  KdServer *self = (KdServer *)object;

  g_clear_object (&self->store);
  g_mutex_clear (&self->lock);
  g_cond_clear (&self->cond);

  G_OBJECT_CLASS (kd_server_parent_class)->finalize (object);
}

static void
kd_server_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  KdServer *self = KD_SERVER (object);

  switch (prop_id)
    {
    case PROP_RUNNING: g_value_set_boolean (value, self->running); break;
    case PROP_PORT:    g_value_set_uint (value, self->port); break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kd_server_class_init (KdServerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = kd_server_dispose;
  object_class->finalize = kd_server_finalize;
  object_class->get_property = kd_server_get_property;

  properties[PROP_RUNNING] =
    g_param_spec_boolean ("running", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PORT] =
    g_param_spec_uint ("port", NULL, NULL, 0, G_MAXUINT16, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
kd_server_init (KdServer *self)
{
  self->rate_limit = TRUE;
  self->max_connections = KD_SERVER_MAX_CONNECTIONS;
  self->idle_timeout = KD_SERVER_IDLE_TIMEOUT;
  self->request_timeout = KD_SERVER_REQUEST_TIMEOUT;
  self->upload_budget = KD_SERVER_UPLOAD_BUDGET;
  g_mutex_init (&self->lock);
  g_cond_init (&self->cond);
}

KdServer *
kd_server_new (KdStore *store)
{
  KdServer *self;

  g_return_val_if_fail (KD_IS_STORE (store), NULL);

  self = g_object_new (KD_TYPE_SERVER, NULL);
  self->store = g_object_ref (store);
  /* Referencing the bundle keeps it (and its registering constructor) linked in. */
  (void) kd_web_get_resource ();

  return self;
}
