/* kd-test-server.h: a real server on 127.0.0.1 and a real SoupSession, for
 * the server test programs (test-server, test-phone). */
#pragma once

#include <libsoup/soup.h>
#include <json-glib/json-glib.h>

#include "kd-server.h"
#include "kd-store.h"

G_BEGIN_DECLS

typedef struct
{
  char        *dir;
  KdStore     *store;
  KdServer    *server;
  SoupSession *session;
  char        *base;
} Fixture;

typedef struct
{
  guint   status;
  GBytes *body;
  char   *content_type;
  char   *location;
  SoupMessageHeaders *headers;
} Reply;

void      reply_clear      (Reply         *r);
void      fixture_setup    (Fixture       *f,
                            gconstpointer  data);
void      fixture_teardown (Fixture       *f,
                            gconstpointer  data);
Reply     request          (Fixture       *f,
                            const char    *method,
                            const char    *path,
                            const char    *content_type,
                            const char    *body,
                            gssize         body_len);
JsonNode *parse_json       (Reply         *r);
gint64    count_cases      (Fixture       *f);
char     *body_text        (Reply         *r);

G_END_DECLS
