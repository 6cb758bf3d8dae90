/* open311-test-util.h: what the Open311 test programs share: a real server on
 * 127.0.0.1 with a key issued, a SoupSession, and readers for both formats
 * that compare an answer with the spec's own example of it. */
#pragma once

#include <libsoup/soup.h>
#include <json-glib/json-glib.h>

#include "kd-api-key.h"
#include "kd-open311-parse.h"
#include "kd-server.h"
#include "kd-store.h"

G_BEGIN_DECLS

typedef struct
{
  char        *dir;
  KdStore     *store;
  KdServer    *server;
  SoupSession *session;
  char        *base;     /* …/open311/v2/ */
  char        *key;      /* a key issued for the fixture */
  gint64       key_id;
} Fixture;

typedef struct
{
  guint   status;
  char   *body;
  char   *content_type;
  char   *retry_after;
  char   *allow;
} Reply;

/* An XML answer, read with GMarkup (which refuses what is not well-formed). */
typedef struct
{
  char       *root;
  GHashTable *elements;    /* every element name met */
  GPtrArray  *names;       /* the leaves, in order */
  GPtrArray  *texts;
  GString    *text;
  GArray     *had_child;
} Xml;

void        fixture_setup         (Fixture *f, gconstpointer data);
void        fixture_teardown      (Fixture *f, gconstpointer data);
void        exec_sql              (Fixture *f, const char *sql);
char       *issue_key             (Fixture *f, const char *label, gint64 *id);
void        revoke_key            (Fixture *f, gint64 id);
gint64      count_cases           (Fixture *f);
gint64      count_rows            (Fixture *f, const char *sql);

Reply       request               (Fixture *f, const char *method, const char *path,
                                   const char *content_type, const char *body);
Reply       get                   (Fixture *f, const char *path);
Reply       post                  (Fixture *f, const char *path, const char *form);
void        reply_clear           (Reply *r);
JsonNode   *json_of               (Reply *r);

void        xml_parse             (const char *text, Xml *x);
Xml         xml_of                (Reply *r);
void        xml_clear             (Xml *x);
GPtrArray  *xml_values            (Xml *x, const char *name);
const char *xml_value             (Xml *x, const char *name);

void        assert_xml_like_spec  (Xml *ours, const char *spec_text);
void        assert_json_like_spec (JsonNode *ours, const char *spec_text);
void        assert_error          (Reply *r, guint status, gboolean xml);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Reply, reply_clear)
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Xml, xml_clear)

G_END_DECLS
