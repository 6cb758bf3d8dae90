/* kd-pages-private.h: what the phone pages share (kd-pages*.c). */
#pragma once

#include <glib/gi18n.h>

#include "kd-pages.h"
#include "kd-report.h"

G_BEGIN_DECLS

void     kd_page_escape        (GString           *s,
                                const char        *text);
GString *kd_page_begin         (KdServerState     *state,
                                const char        *title);
void     kd_page_end           (GString           *s);
void     kd_page_script        (GString           *s,
                                const char        *name);
void     kd_page_lookup_form   (GString           *s);
void     kd_page_option        (GString           *s,
                                const char        *value,
                                const char        *label,
                                gboolean           selected);
void     kd_page_message       (KdServerState     *state,
                                SoupServerMessage *msg,
                                guint              status,
                                const char        *title,
                                const char        *text);
void     kd_page_not_found     (KdServerState     *state,
                                SoupServerMessage *msg,
                                const char        *text);

/* kd-pages-home.c */
void     kd_pages_home         (KdServerState     *state,
                                SoupServerMessage *msg);
void     kd_pages_guide        (KdServerState     *state,
                                SoupServerMessage *msg);

/* kd-pages-disclosures.c */
void     kd_pages_disclosures  (KdServerState     *state,
                                SoupServerMessage *msg,
                                GHashTable        *query);
void     kd_pages_disclosure   (KdServerState     *state,
                                SoupServerMessage *msg,
                                const char        *rest,
                                GHashTable        *query);

/* kd-pages-report.c */
void     kd_pages_report_form  (KdServerState     *state,
                                SoupServerMessage *msg);
void     kd_pages_post_report  (KdServerState     *state,
                                SoupServerMessage *msg);

/* kd-pages-case.c: everything under /r/CODE */
void     kd_pages_case         (KdServerState     *state,
                                SoupServerMessage *msg,
                                const char        *rest);

G_END_DECLS
