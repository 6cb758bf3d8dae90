#define G_LOG_DOMAIN "kd-catalog-item"

#include "config.h"

#include "kd-catalog-item.h"

struct _KdCatalogItem
{
  GObject  parent_instance;

  gint64   id;
  char    *code;
  char    *name;
  guint    kinds;   /* categories: bit (1 << KdCaseKind) set when offered for that kind */
};

G_DEFINE_FINAL_TYPE (KdCatalogItem, kd_catalog_item, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_NAME,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
kd_catalog_item_finalize (GObject *object)
{
  KdCatalogItem *self = (KdCatalogItem *)object;

  g_free (self->code);
  g_free (self->name);

  G_OBJECT_CLASS (kd_catalog_item_parent_class)->finalize (object);
}

static void
kd_catalog_item_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  KdCatalogItem *self = KD_CATALOG_ITEM (object);

  if (prop_id == PROP_NAME)
    g_value_set_string (value, self->name);
  else
    G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
}

static void
kd_catalog_item_class_init (KdCatalogItemClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = kd_catalog_item_finalize;
  object_class->get_property = kd_catalog_item_get_property;

  properties[PROP_NAME] = g_param_spec_string ("name", NULL, NULL, NULL,
                                               G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
kd_catalog_item_init (KdCatalogItem *self)
{
}

/* All entries of @catalog, in the order the township set. */
GListModel *
kd_catalog_item_list (KdDb      *db,
                      KdCatalog  catalog,
                      GError   **error)
{
  g_autoptr(GListStore) store = g_list_store_new (KD_TYPE_CATALOG_ITEM);
  sqlite3_stmt *stmt = kd_db_prepare (db, catalog == KD_CATALOG_VILLAGES
                                      ? "SELECT id, code, name, 0 FROM villages ORDER BY position, id"
                                      : "SELECT id, code, name, kinds FROM categories ORDER BY position, id",
                                      error);
  int rc;

  if (stmt == NULL)
    return NULL;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_autoptr(KdCatalogItem) item = g_object_new (KD_TYPE_CATALOG_ITEM, NULL);

      item->id = sqlite3_column_int64 (stmt, 0);
      item->code = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
      item->name = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
      item->kinds = sqlite3_column_int (stmt, 3);
      g_list_store_append (store, item);
    }
  sqlite3_reset (stmt);

  if (rc != SQLITE_DONE)
    {
      kd_db_set_error (db, rc, "list catalog", error);
      return NULL;
    }

  return G_LIST_MODEL (g_steal_pointer (&store));
}

gint64      kd_catalog_item_get_id   (KdCatalogItem *self) { return self->id; }
const char *kd_catalog_item_get_code (KdCatalogItem *self) { return self->code; }
const char *kd_catalog_item_get_name (KdCatalogItem *self) { return self->name; }
guint       kd_catalog_item_get_kinds (KdCatalogItem *self) { return self->kinds; }
