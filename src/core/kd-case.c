#define G_LOG_DOMAIN "kd-case"

#include "config.h"

#include <sys/random.h>
#include <glib/gi18n.h>

#include "kd-case.h"
#include "kd-enums.h"

struct _KdCase
{
  GObject       parent_instance;

  gint64        id;
  char         *tracking_code;
  gint64        created_at;
  gint64        updated_at;
  gint64        village_id;
  char         *village_name;
  gint64        category_id;
  char         *category_name;
  char         *title;
  char         *description;
  char         *reporter_name;
  char         *reporter_phone;
  char         *location;
  char         *channel;
  KdCaseStatus  status;
  gboolean      urgent;

  /* the workflow (kd-workflow.h) */
  KdCaseKind    kind;
  gint64        assigned_village_id;
  char         *assigned_village_name;
  gint64        assignee_id;
  char         *assignee_name;
  gint64        duplicate_of;
  char         *reject_reason;
  gint64        response_due_at;
  gint64        resolution_due_at;
  gint64        responded_at;
  gint64        resolved_at;
  gint64        closed_at;
  gint64        paused_at;
  gint64        escalated_at;
  int           resolutions;
};

G_DEFINE_FINAL_TYPE (KdCase, kd_case, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_TRACKING_CODE,
  PROP_CREATED_AT,
  PROP_CREATED_TEXT,
  PROP_VILLAGE_NAME,
  PROP_CATEGORY_NAME,
  PROP_TITLE,
  PROP_DESCRIPTION,
  PROP_REPORTER_NAME,
  PROP_URGENT,
  PROP_STATUS,
  PROP_STATUS_LABEL,
  PROP_KIND,
  PROP_KIND_LABEL,
  PROP_ASSIGNED_VILLAGE_NAME,
  PROP_ASSIGNEE_NAME,
  PROP_OVERDUE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
kd_case_finalize (GObject *object)
{
  KdCase *self = (KdCase *)object;

  g_free (self->tracking_code);
  g_free (self->village_name);
  g_free (self->category_name);
  g_free (self->title);
  g_free (self->description);
  g_free (self->reporter_name);
  g_free (self->reporter_phone);
  g_free (self->location);
  g_free (self->channel);
  g_free (self->assigned_village_name);
  g_free (self->assignee_name);
  g_free (self->reject_reason);

  G_OBJECT_CLASS (kd_case_parent_class)->finalize (object);
}

static void
kd_case_get_property (GObject    *object,
                      guint       prop_id,
                      GValue     *value,
                      GParamSpec *pspec)
{
  KdCase *self = KD_CASE (object);

  switch (prop_id)
    {
    case PROP_ID:             g_value_set_int64 (value, self->id); break;
    case PROP_TRACKING_CODE:  g_value_take_string (value, kd_case_dup_display_code (self)); break;
    case PROP_CREATED_AT:     g_value_set_int64 (value, self->created_at); break;
    case PROP_CREATED_TEXT:   g_value_take_string (value, kd_format_local_time (self->created_at)); break;
    case PROP_VILLAGE_NAME:   g_value_set_string (value, self->village_name); break;
    case PROP_CATEGORY_NAME:  g_value_set_string (value, self->category_name); break;
    case PROP_TITLE:          g_value_set_string (value, self->title); break;
    case PROP_DESCRIPTION:    g_value_set_string (value, self->description); break;
    case PROP_REPORTER_NAME:  g_value_set_string (value, self->reporter_name); break;
    case PROP_URGENT:         g_value_set_boolean (value, self->urgent); break;
    case PROP_STATUS:         g_value_set_enum (value, self->status); break;
    case PROP_STATUS_LABEL:   g_value_set_string (value, kd_case_status_label (self->status)); break;
    case PROP_KIND:           g_value_set_enum (value, self->kind); break;
    case PROP_KIND_LABEL:     g_value_set_string (value, kd_case_kind_label (self->kind)); break;
    case PROP_ASSIGNED_VILLAGE_NAME: g_value_set_string (value, self->assigned_village_name); break;
    case PROP_ASSIGNEE_NAME:  g_value_set_string (value, self->assignee_name); break;
    case PROP_OVERDUE:
      g_value_set_boolean (value, kd_case_is_overdue (self, g_get_real_time () / G_USEC_PER_SEC));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kd_case_class_init (KdCaseClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS;

  object_class->finalize = kd_case_finalize;
  object_class->get_property = kd_case_get_property;

  properties[PROP_ID] = g_param_spec_int64 ("id", NULL, NULL, 0, G_MAXINT64, 0, flags);
  properties[PROP_TRACKING_CODE] = g_param_spec_string ("tracking-code", NULL, NULL, NULL, flags);
  properties[PROP_CREATED_AT] = g_param_spec_int64 ("created-at", NULL, NULL, 0, G_MAXINT64, 0, flags);
  properties[PROP_CREATED_TEXT] = g_param_spec_string ("created-text", NULL, NULL, NULL, flags);
  properties[PROP_VILLAGE_NAME] = g_param_spec_string ("village-name", NULL, NULL, NULL, flags);
  properties[PROP_CATEGORY_NAME] = g_param_spec_string ("category-name", NULL, NULL, NULL, flags);
  properties[PROP_TITLE] = g_param_spec_string ("title", NULL, NULL, NULL, flags);
  properties[PROP_DESCRIPTION] = g_param_spec_string ("description", NULL, NULL, NULL, flags);
  properties[PROP_REPORTER_NAME] = g_param_spec_string ("reporter-name", NULL, NULL, NULL, flags);
  properties[PROP_URGENT] = g_param_spec_boolean ("urgent", NULL, NULL, FALSE, flags);
  properties[PROP_STATUS] = g_param_spec_enum ("status", NULL, NULL, KD_TYPE_CASE_STATUS,
                                               KD_CASE_STATUS_NEW, flags);
  properties[PROP_STATUS_LABEL] = g_param_spec_string ("status-label", NULL, NULL, NULL, flags);
  properties[PROP_KIND] = g_param_spec_enum ("kind", NULL, NULL, KD_TYPE_CASE_KIND,
                                             KD_CASE_KIND_LIVELIHOOD, flags);
  properties[PROP_KIND_LABEL] = g_param_spec_string ("kind-label", NULL, NULL, NULL, flags);
  properties[PROP_ASSIGNED_VILLAGE_NAME] = g_param_spec_string ("assigned-village-name", NULL, NULL, NULL, flags);
  properties[PROP_ASSIGNEE_NAME] = g_param_spec_string ("assignee-name", NULL, NULL, NULL, flags);
  /* Read at the time it is read: past a deadline now, and not paused. */
  properties[PROP_OVERDUE] = g_param_spec_boolean ("overdue", NULL, NULL, FALSE, flags);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
kd_case_init (KdCase *self)
{
}

static char *
column_dup (sqlite3_stmt *stmt,
            int           col)
{
  const char *text = (const char *) sqlite3_column_text (stmt, col);

  return text ? g_strdup (text) : NULL;
}

/* Reads a row whose columns are KD_CASE_COLUMNS. */
KdCase *
kd_case_new_from_stmt (sqlite3_stmt *stmt)
{
  KdCase *self = g_object_new (KD_TYPE_CASE, NULL);

  self->id = sqlite3_column_int64 (stmt, 0);
  self->tracking_code = column_dup (stmt, 1);
  self->created_at = sqlite3_column_int64 (stmt, 2);
  self->updated_at = sqlite3_column_int64 (stmt, 3);
  self->village_id = sqlite3_column_int64 (stmt, 4);
  self->village_name = column_dup (stmt, 5);
  self->category_id = sqlite3_column_int64 (stmt, 6);
  self->category_name = column_dup (stmt, 7);
  self->title = column_dup (stmt, 8);
  self->description = column_dup (stmt, 9);
  self->reporter_name = column_dup (stmt, 10);
  self->reporter_phone = column_dup (stmt, 11);
  self->location = column_dup (stmt, 12);
  self->urgent = sqlite3_column_int (stmt, 13) != 0;
  self->status = CLAMP (sqlite3_column_int (stmt, 14), 0, KD_CASE_N_STATUSES - 1);
  self->channel = column_dup (stmt, 15);
  self->kind = CLAMP (sqlite3_column_int (stmt, 16), 0, KD_CASE_N_KINDS - 1);
  self->assigned_village_id = sqlite3_column_int64 (stmt, 17);
  self->assigned_village_name = column_dup (stmt, 18);
  self->assignee_id = sqlite3_column_int64 (stmt, 19);
  self->assignee_name = column_dup (stmt, 20);
  self->duplicate_of = sqlite3_column_int64 (stmt, 21);
  self->reject_reason = column_dup (stmt, 22);
  self->response_due_at = sqlite3_column_int64 (stmt, 23);
  self->resolution_due_at = sqlite3_column_int64 (stmt, 24);
  self->responded_at = sqlite3_column_int64 (stmt, 25);
  self->resolved_at = sqlite3_column_int64 (stmt, 26);
  self->closed_at = sqlite3_column_int64 (stmt, 27);
  self->paused_at = sqlite3_column_int64 (stmt, 28);
  self->escalated_at = sqlite3_column_int64 (stmt, 29);
  self->resolutions = sqlite3_column_int (stmt, 30);

  return self;
}

static KdCase *
load_one (KdDb         *db,
          sqlite3_stmt *stmt,
          GError      **error)
{
  KdCase *ret = NULL;
  int rc = sqlite3_step (stmt);

  if (rc == SQLITE_ROW)
    ret = kd_case_new_from_stmt (stmt);
  else if (rc == SQLITE_DONE)
    g_set_error (error, KD_DB_ERROR, KD_DB_ERROR_NOT_FOUND, _("No such case."));
  else
    kd_db_set_error (db, rc, "load case", error);
  sqlite3_reset (stmt);

  return ret;
}

KdCase *
kd_case_load (KdDb    *db,
              gint64   id,
              GError **error)
{
  sqlite3_stmt *stmt = kd_db_prepare (db, "SELECT " KD_CASE_COLUMNS KD_CASE_FROM " WHERE c.id = ?1", error);

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, id);

  return load_one (db, stmt, error);
}

KdCase *
kd_case_load_by_code (KdDb       *db,
                      const char *tracking_code,
                      GError    **error)
{
  g_autofree char *code = kd_tracking_code_normalize (tracking_code);
  sqlite3_stmt *stmt;

  if (code == NULL)
    {
      g_set_error (error, KD_DB_ERROR, KD_DB_ERROR_NOT_FOUND, _("No such case."));
      return NULL;
    }

  stmt = kd_db_prepare (db, "SELECT " KD_CASE_COLUMNS KD_CASE_FROM " WHERE c.tracking_code = ?1", error);
  if (stmt == NULL)
    return NULL;
  kd_db_bind_text (stmt, 1, code);

  return load_one (db, stmt, error);
}

gint64       kd_case_get_id             (KdCase *self) { return self->id; }
const char  *kd_case_get_tracking_code  (KdCase *self) { return self->tracking_code; }
gint64       kd_case_get_created_at     (KdCase *self) { return self->created_at; }
gint64       kd_case_get_updated_at     (KdCase *self) { return self->updated_at; }
gint64       kd_case_get_village_id     (KdCase *self) { return self->village_id; }
const char  *kd_case_get_village_name   (KdCase *self) { return self->village_name; }
gint64       kd_case_get_category_id    (KdCase *self) { return self->category_id; }
const char  *kd_case_get_category_name  (KdCase *self) { return self->category_name; }
const char  *kd_case_get_title          (KdCase *self) { return self->title; }
const char  *kd_case_get_description    (KdCase *self) { return self->description; }
const char  *kd_case_get_reporter_name  (KdCase *self) { return self->reporter_name; }
const char  *kd_case_get_reporter_phone (KdCase *self) { return self->reporter_phone; }
const char  *kd_case_get_location       (KdCase *self) { return self->location; }
gboolean     kd_case_get_urgent         (KdCase *self) { return self->urgent; }
KdCaseStatus kd_case_get_status         (KdCase *self) { return self->status; }
const char  *kd_case_get_channel        (KdCase *self) { return self->channel; }
KdCaseKind   kd_case_get_kind           (KdCase *self) { return self->kind; }
gint64       kd_case_get_assigned_village_id (KdCase *self) { return self->assigned_village_id; }
const char  *kd_case_get_assigned_village_name (KdCase *self) { return self->assigned_village_name; }
gint64       kd_case_get_assignee_id    (KdCase *self) { return self->assignee_id; }
const char  *kd_case_get_assignee_name  (KdCase *self) { return self->assignee_name; }
gint64       kd_case_get_duplicate_of   (KdCase *self) { return self->duplicate_of; }
const char  *kd_case_get_reject_reason  (KdCase *self) { return self->reject_reason; }
gint64       kd_case_get_response_due_at (KdCase *self) { return self->response_due_at; }
gint64       kd_case_get_resolution_due_at (KdCase *self) { return self->resolution_due_at; }
gint64       kd_case_get_responded_at   (KdCase *self) { return self->responded_at; }
gint64       kd_case_get_resolved_at    (KdCase *self) { return self->resolved_at; }
gint64       kd_case_get_closed_at      (KdCase *self) { return self->closed_at; }
gint64       kd_case_get_paused_at      (KdCase *self) { return self->paused_at; }
gint64       kd_case_get_escalated_at   (KdCase *self) { return self->escalated_at; }
int          kd_case_get_resolutions    (KdCase *self) { return self->resolutions; }

/* Open, not paused, and past the response deadline without a response or
 * past the resolution deadline: the same test as the queue's overdue filter
 * and kd_workflow_escalate(). */
gboolean
kd_case_is_overdue (KdCase *self,
                    gint64  now)
{
  g_return_val_if_fail (KD_IS_CASE (self), FALSE);

  if (!kd_case_status_is_open (self->status) || self->paused_at != 0)
    return FALSE;
  if (self->responded_at == 0 && self->response_due_at != 0 && self->response_due_at < now)
    return TRUE;
  return self->resolution_due_at != 0 && self->resolution_due_at < now;
}

char *
kd_case_dup_display_code (KdCase *self)
{
  g_return_val_if_fail (KD_IS_CASE (self), NULL);

  return kd_tracking_code_format (self->tracking_code);
}

/* Crockford's base 32: no I, L, O or U, so a code read aloud or off paper
 * is hard to get wrong. */
static const char alphabet[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/* Fills @buf from the kernel's random source (for codes, keys, tokens). */
void
kd_random_bytes (guint8 *buf,
                 gsize   len)
{
  gsize got = 0;

  while (got < len)
    {
      ssize_t n = getrandom (buf + got, len - got, 0);
      if (n > 0)
        got += n;
      else if (errno != EINTR)
        g_error ("getrandom failed: %s", g_strerror (errno));
    }
}

/* 50 random bits from the kernel: unguessable, so the code is the key to the case. */
char *
kd_tracking_code_new (void)
{
  guint8 bytes[KD_TRACKING_CODE_LEN];
  char *code = g_malloc (KD_TRACKING_CODE_LEN + 1);

  kd_random_bytes (bytes, sizeof bytes);

  for (guint i = 0; i < KD_TRACKING_CODE_LEN; i++)
    code[i] = alphabet[bytes[i] & 31];
  code[KD_TRACKING_CODE_LEN] = '\0';

  return code;
}

/* Accepts what a person types (lower case, dashes, spaces, O for 0, I or L
 * for 1) and returns the stored form, or NULL when it cannot be a code. */
char *
kd_tracking_code_normalize (const char *input)
{
  GString *out;

  if (input == NULL || strlen (input) > 64)
    return NULL;

  out = g_string_new (NULL);
  for (const char *p = input; *p; p++)
    {
      char c = g_ascii_toupper (*p);

      if (c == '-' || c == ' ')
        continue;
      if (c == 'O')
        c = '0';
      else if (c == 'I' || c == 'L')
        c = '1';
      if (strchr (alphabet, c) == NULL || c == '\0')
        {
          g_string_free (out, TRUE);
          return NULL;
        }
      g_string_append_c (out, c);
    }

  if (out->len != KD_TRACKING_CODE_LEN)
    {
      g_string_free (out, TRUE);
      return NULL;
    }

  return g_string_free (out, FALSE);
}

/* "ABCDE12345" → "ABCDE-12345" */
char *
kd_tracking_code_format (const char *code)
{
  if (code == NULL || strlen (code) != KD_TRACKING_CODE_LEN)
    return g_strdup (code);

  return g_strdup_printf ("%.5s-%.5s", code, code + 5);
}

char *
kd_format_local_time (gint64 unix_time)
{
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_local (unix_time);

  if (dt == NULL)
    return g_strdup ("");

  return g_date_time_format (dt, "%Y-%m-%d %H:%M");
}
