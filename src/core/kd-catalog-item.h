/* kd-catalog-item.h: one entry of a short list the township keeps (a village,
 * a category), as the report form and the queue's filters offer it. */
#pragma once

#include <gio/gio.h>

#include "kd-db.h"

G_BEGIN_DECLS

#define KD_TYPE_CATALOG_ITEM (kd_catalog_item_get_type ())

G_DECLARE_FINAL_TYPE (KdCatalogItem, kd_catalog_item, KD, CATALOG_ITEM, GObject)

typedef enum {
  KD_CATALOG_VILLAGES,
  KD_CATALOG_CATEGORIES,
} KdCatalog;

GListModel *kd_catalog_item_list     (KdDb      *db,
                                      KdCatalog  catalog,
                                      GError   **error);
gint64      kd_catalog_item_get_id   (KdCatalogItem *self);
const char *kd_catalog_item_get_code (KdCatalogItem *self);
const char *kd_catalog_item_get_name (KdCatalogItem *self);
guint       kd_catalog_item_get_kinds (KdCatalogItem *self);

G_END_DECLS
