/* kd-notice.h: the township's notices, as the phones' home page shows them. */
#pragma once

#include <glib.h>

#include "kd-db.h"

G_BEGIN_DECLS

typedef struct
{
  gint64  id;
  char   *title;
  char   *body;
  gint64  published_at;
} KdNotice;

void       kd_notice_free        (KdNotice *notice);
GPtrArray *kd_notice_list_newest (KdDb     *db,
                                  guint     limit,
                                  GError  **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KdNotice, kd_notice_free)

G_END_DECLS
