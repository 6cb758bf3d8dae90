/* kd-open311-out.h: one writer for both of Open311's formats. The answer is
 * described once (objects, lists, values) and comes out as JSON, built with
 * JsonBuilder, or as XML with every text escaped, following the spec's
 * mapping between the two (lists of named items in XML are arrays in JSON). */
#pragma once

#include <libsoup/soup.h>

#include "kd-open311-parse.h"

G_BEGIN_DECLS

typedef struct _KdOpen311Out KdOpen311Out;

KdOpen311Out *kd_open311_out_new         (KdOpen311Format  format);
void          kd_open311_out_free        (KdOpen311Out    *out);

/* The root: an object (<name>…</name>, {…}) or a list of items (<name><item>…, […]). */
void          kd_open311_out_begin_object (KdOpen311Out   *out,
                                           const char     *name);
void          kd_open311_out_end_object  (KdOpen311Out    *out);
void          kd_open311_out_begin_list  (KdOpen311Out    *out,
                                          const char      *name,
                                          const char      *item);
void          kd_open311_out_end_list    (KdOpen311Out    *out);
/* An object item of the current list. */
void          kd_open311_out_begin_item  (KdOpen311Out    *out);
void          kd_open311_out_end_item    (KdOpen311Out    *out);

/* Members of the current object; a NULL string is null in JSON, empty in XML. */
void          kd_open311_out_string      (KdOpen311Out    *out,
                                          const char      *name,
                                          const char      *value);
void          kd_open311_out_int         (KdOpen311Out    *out,
                                          const char      *name,
                                          gint64           value);
void          kd_open311_out_bool        (KdOpen311Out    *out,
                                          const char      *name,
                                          gboolean         value);
void          kd_open311_out_double      (KdOpen311Out    *out,
                                          const char      *name,
                                          double           value);
/* A string item of the current list. */
void          kd_open311_out_item_string (KdOpen311Out    *out,
                                          const char      *value);

void          kd_open311_out_send        (KdOpen311Out    *out,
                                          SoupServerMessage *msg,
                                          guint            status);
char         *kd_open311_out_dup_text    (KdOpen311Out    *out);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KdOpen311Out, kd_open311_out_free)

G_END_DECLS
