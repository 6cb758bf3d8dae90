/* kd-canned-reply.h: the township's ready-made replies (常用回复), for one
 * category or for every one (category_id 0), that a cadre inserts into the
 * reply box and edits before sending. */
#pragma once

#include <gio/gio.h>

#include "kd-types.h"
#include "kd-db.h"
#include "kd-store.h"

G_BEGIN_DECLS

#define KD_CANNED_REPLY_ERROR (kd_canned_reply_error_quark ())

typedef enum {
  KD_CANNED_REPLY_ERROR_TITLE,      /* blank, too long or not plain text */
  KD_CANNED_REPLY_ERROR_BODY,
  KD_CANNED_REPLY_ERROR_CATEGORY,   /* no such category */
  KD_CANNED_REPLY_ERROR_NOT_FOUND,
} KdCannedReplyError;

#define KD_CANNED_REPLY_TITLE_MAX 40
#define KD_CANNED_REPLY_BODY_MAX  1000

typedef struct
{
  gint64  id;
  gint64  category_id;     /* 0: every category */
  char   *category_name;   /* NULL for every category */
  char   *title;
  char   *body;
  int     position;
} KdCannedReply;

GQuark         kd_canned_reply_error_quark (void);
void           kd_canned_reply_free        (KdCannedReply *reply);

/* Readers. For a category (> 0): its own replies first, then the general
 * ones; 0: the general ones only; -1: all, by category. A GPtrArray of
 * KdCannedReply. */
GPtrArray     *kd_canned_reply_list        (KdDb        *db,
                                            gint64       category_id,
                                            GError     **error);

/* In-transaction writes (inside a writer job). Title and body are trimmed
 * plain text: a one-line title of at most KD_CANNED_REPLY_TITLE_MAX
 * characters, a body of at most KD_CANNED_REPLY_BODY_MAX. A new reply goes
 * last of its category. */
gint64         kd_canned_reply_insert      (KdDb        *db,
                                            gint64       category_id,
                                            const char  *title,
                                            const char  *body,
                                            KdChanges   *changes,
                                            GError     **error);
gboolean       kd_canned_reply_update      (KdDb        *db,
                                            gint64       id,
                                            gint64       category_id,
                                            const char  *title,
                                            const char  *body,
                                            KdChanges   *changes,
                                            GError     **error);
gboolean       kd_canned_reply_delete      (KdDb        *db,
                                            gint64       id,
                                            KdChanges   *changes,
                                            GError     **error);

/* A handful of general replies, when there are none yet (demo only). */
gboolean       kd_canned_reply_demo_seed   (KdDb        *db,
                                            KdChanges   *changes,
                                            GError     **error);

/* The same on the writer. @id 0 adds a reply; the result is its id (add,
 * edit) or 1 (delete), 0 with @error set on failure. Every change notifies
 * KdStore::changed::canned_replies. */
void           kd_store_save_canned_reply_async   (KdStore             *self,
                                                   gint64               id,
                                                   gint64               category_id,
                                                   const char          *title,
                                                   const char          *body,
                                                   GCancellable        *cancellable,
                                                   GAsyncReadyCallback  callback,
                                                   gpointer             user_data);
void           kd_store_delete_canned_reply_async (KdStore             *self,
                                                   gint64               id,
                                                   GCancellable        *cancellable,
                                                   GAsyncReadyCallback  callback,
                                                   gpointer             user_data);
gint64         kd_store_canned_reply_finish       (KdStore             *self,
                                                   GAsyncResult        *result,
                                                   GError             **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KdCannedReply, kd_canned_reply_free)

G_END_DECLS
