/* kd-api.h: the JSON API under /api/v1 and /healthz. */
#pragma once

#include "kd-http.h"

G_BEGIN_DECLS

/* Called when a submitted report is committed (or refused); @msg is still
 * paused and owned by the caller of kd_api_submit_report(). */
typedef void (*KdSubmitDone) (KdServerState     *state,
                              SoupServerMessage *msg,
                              KdCase            *kase,
                              const GError      *error,
                              gpointer           user_data);

void      kd_api_register         (SoupServer        *server,
                                   KdServerState     *state);
void      kd_api_submit_report    (KdServerState     *state,
                                   SoupServerMessage *msg,
                                   KdReport          *report,
                                   GPtrArray         *uploads,
                                   KdSubmitDone       done,
                                   gpointer           user_data,
                                   GDestroyNotify     user_data_free);
void      kd_api_send_report_error (SoupServerMessage *msg,
                                   const GError      *error);
KdReport *kd_api_read_multipart   (SoupServerMessage  *msg,
                                   GPtrArray         **uploads,
                                   GError            **error);
guint     kd_api_refusal_status   (const GError      *error);
void      kd_api_post_rating      (KdServerState     *state,
                                   SoupServerMessage *msg,
                                   const char        *code);
void      kd_api_notices_cb       (SoupServer        *server,
                                   SoupServerMessage *msg,
                                   const char        *path,
                                   GHashTable        *query,
                                   gpointer           data);
void      kd_api_disclosures_cb   (SoupServer        *server,
                                   SoupServerMessage *msg,
                                   const char        *path,
                                   GHashTable        *query,
                                   gpointer           data);
JsonNode *kd_api_case_public_json (KdDb              *db,
                                   KdCase            *kase);

G_END_DECLS
