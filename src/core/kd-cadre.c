/* kd-cadre.c: a cadre's account as read from the store; the rules for names
 * and passwords; the demo accounts. Writes: kd-cadre-write.c; signing in and
 * the writes through the store: kd-cadre-store.c. */
#define G_LOG_DOMAIN "kd-cadre"

#include "config.h"

#include <glib/gi18n.h>

#include "kd-cadre-private.h"
#include "kd-access.h"
#include "kd-auth.h"
#include "kd-report.h"
#include "kd-enums.h"

struct _KdCadre
{
  GObject   parent_instance;

  gint64    id;
  char     *username;
  char     *display_name;
  KdRole    role;
  gint64    village_id;
  char     *village_name;
  gboolean  active;
  gint64    locked_until;
  gint64    created_at;
};

G_DEFINE_FINAL_TYPE (KdCadre, kd_cadre, G_TYPE_OBJECT)
G_DEFINE_QUARK (kd-cadre-error-quark, kd_cadre_error)

enum {
  PROP_0,
  PROP_ID,
  PROP_USERNAME,
  PROP_DISPLAY_NAME,
  PROP_ROLE,
  PROP_ROLE_LABEL,
  PROP_VILLAGE_ID,
  PROP_VILLAGE_NAME,
  PROP_ACTIVE,
  PROP_LOCKED_UNTIL,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
kd_cadre_finalize (GObject *object)
{
  KdCadre *self = (KdCadre *)object;

  g_free (self->username);
  g_free (self->display_name);
  g_free (self->village_name);

  G_OBJECT_CLASS (kd_cadre_parent_class)->finalize (object);
}

static void
kd_cadre_get_property (GObject    *object,
                       guint       prop_id,
                       GValue     *value,
                       GParamSpec *pspec)
{
  KdCadre *self = KD_CADRE (object);

  switch (prop_id)
    {
    case PROP_ID:           g_value_set_int64 (value, self->id); break;
    case PROP_USERNAME:     g_value_set_string (value, self->username); break;
    case PROP_DISPLAY_NAME: g_value_set_string (value, self->display_name); break;
    case PROP_ROLE:         g_value_set_enum (value, self->role); break;
    case PROP_ROLE_LABEL:   g_value_set_string (value, kd_role_label (self->role)); break;
    case PROP_VILLAGE_ID:   g_value_set_int64 (value, self->village_id); break;
    case PROP_VILLAGE_NAME: g_value_set_string (value, self->village_name); break;
    case PROP_ACTIVE:       g_value_set_boolean (value, self->active); break;
    case PROP_LOCKED_UNTIL: g_value_set_int64 (value, self->locked_until); break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kd_cadre_class_init (KdCadreClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS;

  object_class->finalize = kd_cadre_finalize;
  object_class->get_property = kd_cadre_get_property;

  properties[PROP_ID] = g_param_spec_int64 ("id", NULL, NULL, 0, G_MAXINT64, 0, flags);
  properties[PROP_USERNAME] = g_param_spec_string ("username", NULL, NULL, NULL, flags);
  properties[PROP_DISPLAY_NAME] = g_param_spec_string ("display-name", NULL, NULL, NULL, flags);
  properties[PROP_ROLE] = g_param_spec_enum ("role", NULL, NULL, KD_TYPE_ROLE,
                                             KD_ROLE_TOWN_STAFF, flags);
  properties[PROP_ROLE_LABEL] = g_param_spec_string ("role-label", NULL, NULL, NULL, flags);
  properties[PROP_VILLAGE_ID] = g_param_spec_int64 ("village-id", NULL, NULL, 0, G_MAXINT64, 0, flags);
  properties[PROP_VILLAGE_NAME] = g_param_spec_string ("village-name", NULL, NULL, NULL, flags);
  properties[PROP_ACTIVE] = g_param_spec_boolean ("active", NULL, NULL, TRUE, flags);
  properties[PROP_LOCKED_UNTIL] = g_param_spec_int64 ("locked-until", NULL, NULL, 0, G_MAXINT64, 0, flags);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
kd_cadre_init (KdCadre *self)
{
  self->role = KD_ROLE_TOWN_STAFF;
  self->active = TRUE;
}

/* Reads a row whose columns are KD_CADRE_COLUMNS. */
KdCadre *
kd_cadre_new_from_stmt (sqlite3_stmt *stmt)
{
  KdCadre *self = g_object_new (KD_TYPE_CADRE, NULL);

  self->id = sqlite3_column_int64 (stmt, 0);
  self->username = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
  self->display_name = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
  if (!kd_role_from_string ((const char *) sqlite3_column_text (stmt, 3), &self->role))
    g_warning ("Cadre %" G_GINT64_FORMAT " has an unknown role", self->id);
  self->village_id = sqlite3_column_int64 (stmt, 4);
  self->village_name = g_strdup ((const char *) sqlite3_column_text (stmt, 5));
  self->active = sqlite3_column_int (stmt, 6) != 0;
  self->locked_until = sqlite3_column_int64 (stmt, 7);
  self->created_at = sqlite3_column_int64 (stmt, 8);

  return self;
}

gint64      kd_cadre_get_id           (KdCadre *self) { return self->id; }
const char *kd_cadre_get_username     (KdCadre *self) { return self->username; }
const char *kd_cadre_get_display_name (KdCadre *self) { return self->display_name; }
KdRole      kd_cadre_get_role         (KdCadre *self) { return self->role; }
gint64      kd_cadre_get_village_id   (KdCadre *self) { return self->village_id; }
const char *kd_cadre_get_village_name (KdCadre *self) { return self->village_name; }
gboolean    kd_cadre_get_active       (KdCadre *self) { return self->active; }
gint64      kd_cadre_get_locked_until (KdCadre *self) { return self->locked_until; }
gint64      kd_cadre_get_created_at   (KdCadre *self) { return self->created_at; }

/* The username in lower case, or NULL with an error if it breaks the rules. */
char *
kd_cadre_normalize_username (const char  *username,
                             GError     **error)
{
  g_autofree char *lower = NULL;
  gsize len;

  if (username == NULL || !g_utf8_validate (username, -1, NULL))
    username = "";
  lower = g_ascii_strdown (username, -1);
  len = strlen (lower);

  if (len < KD_CADRE_USERNAME_MIN || len > KD_CADRE_USERNAME_MAX ||
      strspn (lower, "abcdefghijklmnopqrstuvwxyz0123456789._-") != len)
    {
      g_set_error (error, KD_CADRE_ERROR, KD_CADRE_ERROR_USERNAME,
                   _("A username must be %d to %d letters a–z, digits, dots, dashes or underscores."),
                   KD_CADRE_USERNAME_MIN, KD_CADRE_USERNAME_MAX);
      return NULL;
    }

  return g_steal_pointer (&lower);
}

/* The display name without surrounding spaces, or NULL with an error. */
char *
kd_cadre_normalize_display_name (const char  *display_name,
                                 GError     **error)
{
  g_autofree char *name = g_strstrip (g_strdup (display_name ? display_name : ""));

  if (*name == '\0' || !kd_text_is_plain (name, FALSE) ||
      g_utf8_strlen (name, -1) > KD_CADRE_DISPLAY_NAME_MAX)
    {
      g_set_error (error, KD_CADRE_ERROR, KD_CADRE_ERROR_DISPLAY_NAME,
                   _("A name must be plain text of 1 to %d characters."), KD_CADRE_DISPLAY_NAME_MAX);
      return NULL;
    }

  return g_steal_pointer (&name);
}

gboolean
kd_cadre_check_password (const char  *password,
                         GError     **error)
{
  glong len = 0;

  if (password != NULL && g_utf8_validate (password, -1, NULL))
    len = g_utf8_strlen (password, -1);

  if (len < KD_CADRE_PASSWORD_MIN || len > KD_CADRE_PASSWORD_MAX)
    {
      g_set_error (error, KD_CADRE_ERROR, KD_CADRE_ERROR_PASSWORD,
                   _("A password must be %d to %d characters long."),
                   KD_CADRE_PASSWORD_MIN, KD_CADRE_PASSWORD_MAX);
      return FALSE;
    }

  return TRUE;
}

static KdCadre *
load_one (KdDb        *db,
          const char  *sql,
          gint64       id,
          const char  *username,
          char       **password_hash,
          GError     **error)
{
  sqlite3_stmt *stmt = kd_db_prepare (db, sql, error);
  KdCadre *cadre = NULL;
  int rc;

  if (stmt == NULL)
    return NULL;
  if (username != NULL)
    kd_db_bind_text (stmt, 1, username);
  else
    sqlite3_bind_int64 (stmt, 1, id);

  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      cadre = kd_cadre_new_from_stmt (stmt);
      if (password_hash != NULL)
        *password_hash = g_strdup ((const char *) sqlite3_column_text (stmt, 9));
    }
  else if (rc == SQLITE_DONE)
    g_set_error (error, KD_CADRE_ERROR, KD_CADRE_ERROR_NOT_FOUND, _("There is no such account."));
  else
    kd_db_set_error (db, rc, "cadre", error);
  sqlite3_reset (stmt);

  return cadre;
}

KdCadre *
kd_cadre_load (KdDb    *db,
               gint64   id,
               GError **error)
{
  g_return_val_if_fail (db != NULL, NULL);

  return load_one (db, "SELECT " KD_CADRE_COLUMNS " WHERE c.id = ?1", id, NULL, NULL, error);
}

KdCadre *
kd_cadre_load_by_username (KdDb        *db,
                           const char  *username,
                           char       **password_hash,
                           GError     **error)
{
  return load_one (db, "SELECT " KD_CADRE_COLUMNS " WHERE c.username = ?1",
                   0, username, password_hash, error);
}

char *
kd_cadre_dup_password_hash (KdDb    *db,
                            gint64   id,
                            GError **error)
{
  char *hash = NULL;
  g_autoptr(KdCadre) cadre = load_one (db, "SELECT " KD_CADRE_COLUMNS " WHERE c.id = ?1",
                                       id, NULL, &hash, error);

  return hash;
}

gboolean
kd_cadre_village_exists (KdDb   *db,
                         gint64  village_id)
{
  sqlite3_stmt *stmt = kd_db_prepare (db, "SELECT 1 FROM villages WHERE id = ?1", NULL);
  gboolean found;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, village_id);
  found = sqlite3_step (stmt) == SQLITE_ROW;
  sqlite3_reset (stmt);

  return found;
}

/* Active accounts first, then by role and username. */
GListModel *
kd_cadre_list (KdDb      *db,
               gboolean   include_inactive,
               GError   **error)
{
  g_autoptr(GListStore) store = g_list_store_new (KD_TYPE_CADRE);
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (db != NULL, NULL);

  stmt = kd_db_prepare (db,
                        "SELECT " KD_CADRE_COLUMNS " WHERE c.active OR ?1"
                        " ORDER BY c.active DESC, CASE c.role WHEN 'town_admin' THEN 0"
                        " WHEN 'town_staff' THEN 1 WHEN 'village_secretary' THEN 2 ELSE 3 END,"
                        " c.username",
                        error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int (stmt, 1, include_inactive);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_autoptr(KdCadre) cadre = kd_cadre_new_from_stmt (stmt);
      g_list_store_append (store, cadre);
    }
  sqlite3_reset (stmt);

  if (rc != SQLITE_DONE)
    {
      kd_db_set_error (db, rc, "cadres", error);
      return NULL;
    }

  return G_LIST_MODEL (g_steal_pointer (&store));
}

/* Every account, active or not; 0 on the first run; -1 on error. */
gint64
kd_cadre_count (KdDb    *db,
                GError **error)
{
  g_autoptr(GError) local = NULL;
  gint64 n;

  g_return_val_if_fail (db != NULL, -1);

  n = kd_db_query_int (db, "SELECT count(*) FROM cadres", &local);
  if (local != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local));
      return -1;
    }

  return n;
}

static const struct {
  const char *username;
  const char *display_name;
  KdRole      role;
  gboolean    in_village;
} demo_cadres[] = {
  { "admin",      "镇管理员", KD_ROLE_TOWN_ADMIN,        FALSE },
  { "staff",      "李干事",   KD_ROLE_TOWN_STAFF,        FALSE },
  { "secretary",  "张书记",   KD_ROLE_VILLAGE_SECRETARY, TRUE },
  { "discipline", "赵纪检",   KD_ROLE_DISCIPLINE,        FALSE },
};

gboolean
kd_cadre_demo_seed (KdDb       *db,
                    KdChanges  *changes,
                    GError    **error)
{
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  gint64 village_id = kd_db_query_int (db, "SELECT id FROM villages WHERE code = 'kuiduo'", NULL);

  for (guint i = 0; i < G_N_ELEMENTS (demo_cadres); i++)
    {
      g_autofree char *password = g_strconcat ("kuiduo-", demo_cadres[i].username, NULL);
      g_autofree char *hash = NULL;
      g_autoptr(KdCadre) cadre = kd_cadre_load_by_username (db, demo_cadres[i].username, NULL, NULL);

      if (cadre != NULL)
        continue;
      if (demo_cadres[i].in_village && village_id == 0)
        continue;

      hash = kd_auth_hash_password (password, error);
      if (hash == NULL)
        return FALSE;
      cadre = kd_cadre_insert (db, NULL, demo_cadres[i].username, demo_cadres[i].display_name,
                               demo_cadres[i].role, demo_cadres[i].in_village ? village_id : 0,
                               hash, now, changes, error);
      if (cadre == NULL)
        return FALSE;
    }

  return TRUE;
}
