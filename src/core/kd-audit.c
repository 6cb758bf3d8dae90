/* kd-audit.c: writing and reading the audit log. */
#define G_LOG_DOMAIN "kd-audit"

#include "config.h"

#include <glib/gi18n.h>

#include "kd-audit.h"
#include "kd-writer.h"

struct _KdAuditEntry
{
  GObject  parent_instance;

  gint64   id;
  gint64   at;
  gint64   cadre_id;
  gint64   target_id;
  char    *actor;
  char    *action;
  char    *target;
  char    *detail;
  char    *address;
};

G_DEFINE_FINAL_TYPE (KdAuditEntry, kd_audit_entry, G_TYPE_OBJECT)

static void
kd_audit_entry_finalize (GObject *object)
{
  KdAuditEntry *self = (KdAuditEntry *)object;

  g_free (self->actor);
  g_free (self->action);
  g_free (self->target);
  g_free (self->detail);
  g_free (self->address);

  G_OBJECT_CLASS (kd_audit_entry_parent_class)->finalize (object);
}

static void
kd_audit_entry_class_init (KdAuditEntryClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = kd_audit_entry_finalize;
}

static void
kd_audit_entry_init (KdAuditEntry *self)
{
}

static void
bind_id (sqlite3_stmt *stmt,
         int           index,
         gint64        id)
{
  if (id > 0)
    sqlite3_bind_int64 (stmt, index, id);
  else
    sqlite3_bind_null (stmt, index);
}

/* Records one action; call it inside the writer job that makes the change,
 * so the change and its record commit (or roll back) together. @cadre_id 0:
 * not a cadre (a villager, the system). */
gboolean
kd_audit_add (KdDb        *db,
              gint64       at,
              gint64       cadre_id,
              const char  *actor,
              const char  *action,
              const char  *target,
              gint64       target_id,
              const char  *detail,
              const char  *address,
              KdChanges   *changes,
              GError     **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (db != NULL, FALSE);
  g_return_val_if_fail (action != NULL, FALSE);

  stmt = kd_db_prepare (db,
                        "INSERT INTO audit_log (at, cadre_id, actor, action, target, target_id,"
                        " detail, address) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                        error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, at);
  bind_id (stmt, 2, cadre_id);
  kd_db_bind_text (stmt, 3, actor);
  kd_db_bind_text (stmt, 4, action);
  kd_db_bind_text (stmt, 5, target);
  bind_id (stmt, 6, target_id);
  kd_db_bind_text (stmt, 7, detail);
  kd_db_bind_text (stmt, 8, address);
  if (!kd_db_step_done (db, stmt, error))
    return FALSE;

  if (changes != NULL)
    kd_changes_add (changes, "audit_log", sqlite3_last_insert_rowid (kd_db_get_handle (db)));

  return TRUE;
}

static KdAuditEntry *
entry_new_from_stmt (sqlite3_stmt *stmt)
{
  KdAuditEntry *self = g_object_new (KD_TYPE_AUDIT_ENTRY, NULL);

  self->id = sqlite3_column_int64 (stmt, 0);
  self->at = sqlite3_column_int64 (stmt, 1);
  self->cadre_id = sqlite3_column_int64 (stmt, 2);
  self->actor = g_strdup ((const char *) sqlite3_column_text (stmt, 3));
  self->action = g_strdup ((const char *) sqlite3_column_text (stmt, 4));
  self->target = g_strdup ((const char *) sqlite3_column_text (stmt, 5));
  self->target_id = sqlite3_column_int64 (stmt, 6);
  self->detail = g_strdup ((const char *) sqlite3_column_text (stmt, 7));
  self->address = g_strdup ((const char *) sqlite3_column_text (stmt, 8));

  return self;
}

/* The SQL is fixed: every filter is a bound parameter, NULL when unused. */
#define AUDIT_QUERY \
  "SELECT id, at, cadre_id, actor, action, target, target_id, detail, address" \
  " FROM audit_log" \
  " WHERE (?1 IS NULL OR cadre_id = ?1)" \
  "   AND (?2 IS NULL OR action = ?2 OR substr (action, 1, length (?2) + 1) = ?2 || '.')" \
  "   AND (?3 IS NULL OR target = ?3)" \
  "   AND (?4 IS NULL OR target_id = ?4)" \
  "   AND (?5 IS NULL OR at >= ?5)" \
  "   AND (?6 IS NULL OR at < ?6)" \
  "   AND (?7 IS NULL OR instr (detail, ?7) > 0 OR instr (actor, ?7) > 0)" \
  "   AND (?8 IS NULL OR at < ?8 OR (at = ?8 AND id < ?9))" \
  " ORDER BY at DESC, id DESC LIMIT ?10"

static void
bind_filter (sqlite3_stmt        *stmt,
             const KdAuditFilter *f)
{
  bind_id (stmt, 1, f->cadre_id);
  kd_db_bind_text (stmt, 2, f->action && *f->action ? f->action : NULL);
  kd_db_bind_text (stmt, 3, f->target && *f->target ? f->target : NULL);
  bind_id (stmt, 4, f->target_id);
  if (f->from != 0)
    sqlite3_bind_int64 (stmt, 5, f->from);
  if (f->to != 0)
    sqlite3_bind_int64 (stmt, 6, f->to);
  kd_db_bind_text (stmt, 7, f->text && *f->text ? f->text : NULL);
  if (f->before_at != 0)
    {
      sqlite3_bind_int64 (stmt, 8, f->before_at);
      sqlite3_bind_int64 (stmt, 9, f->before_id > 0 ? f->before_id : G_MAXINT64);
    }
  sqlite3_bind_int (stmt, 10, f->limit > 0 ? MIN (f->limit, G_MAXINT) : KD_AUDIT_DEFAULT_LIMIT);
}

/* The entries that match @filter (NULL: all), newest first, at most
 * filter->limit of them; the next page starts before the last one. */
GListModel *
kd_audit_query (KdDb                 *db,
                const KdAuditFilter  *filter,
                GError              **error)
{
  static const KdAuditFilter all = { 0 };
  g_autoptr(GListStore) store = g_list_store_new (KD_TYPE_AUDIT_ENTRY);
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (db != NULL, NULL);

  stmt = kd_db_prepare (db, AUDIT_QUERY, error);
  if (stmt == NULL)
    return NULL;
  bind_filter (stmt, filter ? filter : &all);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_autoptr(KdAuditEntry) entry = entry_new_from_stmt (stmt);
      g_list_store_append (store, entry);
    }
  sqlite3_reset (stmt);

  if (rc != SQLITE_DONE)
    {
      kd_db_set_error (db, rc, "audit log", error);
      return NULL;
    }

  return G_LIST_MODEL (g_steal_pointer (&store));
}

static const struct {
  const char *action;
  const char *label;
} action_labels[] = {
  { "case.created",      N_("Case received") },
  { "case.status",       N_("Case status changed") },
  { "case.reply",        N_("Public reply") },
  { "case.note",         N_("Internal note") },
  { "case.accept",       N_("Case accepted") },
  { "case.assign",       N_("Case assigned") },
  { "case.start",        N_("Work started") },
  { "case.resolve",      N_("Case resolved") },
  { "case.reject",       N_("Case rejected") },
  { "case.merge",        N_("Case merged") },
  { "case.reopen",       N_("Case reopened") },
  { "case.close",        N_("Case closed") },
  { "case.pause",        N_("Waiting for the villager") },
  { "case.resume",       N_("Work resumed") },
  { "case.rate",         N_("Rated by the villager") },
  { "case.escalate",     N_("Escalated as overdue") },
  { "cadre.create",      N_("Account created") },
  { "cadre.password",    N_("Password changed") },
  { "cadre.role",        N_("Role changed") },
  { "cadre.deactivate",  N_("Account deactivated") },
  { "cadre.reactivate",  N_("Account reactivated") },
  { "sign-in",           N_("Signed in") },
  { "sign-in.failed",    N_("Sign-in failed") },
  { "sign-in.locked",    N_("Account locked after failed sign-ins") },
  { "sign-out",          N_("Signed out") },
  { "attendance.in",     N_("Clocked in") },
  { "attendance.out",    N_("Clocked out") },
  { "notice.add",        N_("Notice published") },
  { "notice.update",     N_("Notice edited") },
  { "notice.delete",     N_("Notice deleted") },
  { "disclosure.add",     N_("Disclosure drafted") },
  { "disclosure.update",  N_("Disclosure draft edited") },
  { "disclosure.review",  N_("Disclosure reviewed") },
  { "disclosure.publish", N_("Disclosure published") },
  { "disclosure.delete",  N_("Disclosure draft deleted") },
  { "disclosure.correct", N_("Disclosure correction started") },
  { "settings.work-time", N_("Working time changed") },
  { "settings.holiday-add", N_("Holiday set") },
  { "settings.holiday-delete", N_("Holiday removed") },
  { "settings.sla-rule", N_("Deadlines changed") },
  { "category.edit",     N_("Category changed") },
  { "category.add",      N_("Category added") },
};

/* A translated name for @action; the action itself when it has none. */
const char *
kd_audit_action_label (const char *action)
{
  for (guint i = 0; i < G_N_ELEMENTS (action_labels); i++)
    if (g_strcmp0 (action, action_labels[i].action) == 0)
      return _(action_labels[i].label);

  return action;
}

gint64      kd_audit_entry_get_id        (KdAuditEntry *self) { return self->id; }
gint64      kd_audit_entry_get_at        (KdAuditEntry *self) { return self->at; }
gint64      kd_audit_entry_get_cadre_id  (KdAuditEntry *self) { return self->cadre_id; }
const char *kd_audit_entry_get_actor     (KdAuditEntry *self) { return self->actor; }
const char *kd_audit_entry_get_action    (KdAuditEntry *self) { return self->action; }
const char *kd_audit_entry_get_target    (KdAuditEntry *self) { return self->target; }
gint64      kd_audit_entry_get_target_id (KdAuditEntry *self) { return self->target_id; }
const char *kd_audit_entry_get_detail    (KdAuditEntry *self) { return self->detail; }
const char *kd_audit_entry_get_address   (KdAuditEntry *self) { return self->address; }
