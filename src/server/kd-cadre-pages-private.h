/* kd-cadre-pages-private.h: what the files of the cadre pages share: one
 * request (who asks, what they sent), the page frame, and answers that keep
 * the cadre pages out of caches. */
#pragma once

#include "kd-cadre-pages.h"
#include "kd-session.h"

G_BEGIN_DECLS

#define KD_CADRE_COOKIE     "kd_session"
#define KD_CADRE_PAGE_SIZE  20

/* One request to a cadre page. Handlers that wait on the writer keep it
 * (and the paused message) until their callback. */
typedef struct
{
  KdServerState     *state;
  SoupServerMessage *msg;
  KdSession         *session;   /* NULL: not signed in */
  char              *token;     /* the session cookie, for signing out */
  GHashTable        *form;      /* the POST fields; NULL for GET */
  gboolean           held;      /* the message waits on the writer */
} KdCadreRequest;

void         kd_cadre_request_free     (KdCadreRequest *req);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KdCadreRequest, kd_cadre_request_free)

KdCadre     *kd_cadre_request_get_cadre (KdCadreRequest *req);
const char  *kd_cadre_request_get_field (KdCadreRequest *req,
                                         const char     *name);
const char  *kd_cadre_request_get_address (KdCadreRequest *req);
void         kd_cadre_hold             (KdCadreRequest *req);
gboolean     kd_cadre_resume           (KdCadreRequest *req);

void         kd_cadre_append_escaped   (GString        *s,
                                        const char     *text);
void         kd_cadre_append_csrf      (GString        *s,
                                        KdCadreRequest *req);
void         kd_cadre_append_error     (GString        *s,
                                        const char     *text);
GString     *kd_cadre_page_begin       (KdCadreRequest *req,
                                        const char     *title);
void         kd_cadre_page_end         (GString        *s);
void         kd_cadre_send_page        (KdCadreRequest *req,
                                        guint           status,
                                        GString        *s);
void         kd_cadre_send_message     (KdCadreRequest *req,
                                        guint           status,
                                        const char     *title,
                                        const char     *text);
void         kd_cadre_redirect         (KdCadreRequest *req,
                                        const char     *location);
char        *kd_cadre_format_time      (gint64          at,
                                        const char     *format);

/* kd-cadre-pages-home.c */
void         kd_cadre_home_page        (KdCadreRequest *req,
                                        GHashTable     *query);
void         kd_cadre_clock            (KdCadreRequest *req,
                                        gboolean        out);

/* kd-cadre-pages-cases.c */
typedef enum {
  KD_CADRE_ACTION_ACCEPT,
  KD_CADRE_ACTION_REPLY,
  KD_CADRE_ACTION_NOTE,
  KD_CADRE_ACTION_RESOLVE,
} KdCadreAction;

gboolean     kd_cadre_action_from_string (const char    *str,
                                          KdCadreAction *action);
void         kd_cadre_case_page        (KdCadreRequest *req,
                                        gint64          case_id);
void         kd_cadre_case_action      (KdCadreRequest *req,
                                        gint64          case_id,
                                        KdCadreAction   action);

G_END_DECLS
