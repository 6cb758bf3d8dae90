#define G_LOG_DOMAIN "kd-case-event"

#include "config.h"

#include <glib/gi18n.h>

#include "kd-case-event.h"

struct _KdCaseEvent
{
  GObject   parent_instance;

  gint64    at;
  char     *kind;
  char     *actor;
  char     *body;
  int       status;
  gboolean  is_public;
};

G_DEFINE_FINAL_TYPE (KdCaseEvent, kd_case_event, G_TYPE_OBJECT)

static void
kd_case_event_finalize (GObject *object)
{
  KdCaseEvent *self = (KdCaseEvent *)object;

  g_free (self->kind);
  g_free (self->actor);
  g_free (self->body);

  G_OBJECT_CLASS (kd_case_event_parent_class)->finalize (object);
}

static void
kd_case_event_class_init (KdCaseEventClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = kd_case_event_finalize;
}

static void
kd_case_event_init (KdCaseEvent *self)
{
}

/* The timeline of a case, oldest first; @public_only leaves out internal notes. */
GListModel *
kd_case_event_list (KdDb    *db,
                    gint64   case_id,
                    gboolean public_only,
                    GError **error)
{
  g_autoptr(GListStore) store = g_list_store_new (KD_TYPE_CASE_EVENT);
  sqlite3_stmt *stmt;
  int rc;

  stmt = kd_db_prepare (db,
                        "SELECT at, kind, actor, status, body, public FROM case_events"
                        " WHERE case_id = ?1 AND (public OR NOT ?2) ORDER BY at, id",
                        error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, case_id);
  sqlite3_bind_int (stmt, 2, public_only);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_autoptr(KdCaseEvent) ev = g_object_new (KD_TYPE_CASE_EVENT, NULL);
      const char *actor = (const char *) sqlite3_column_text (stmt, 2);
      const char *body = (const char *) sqlite3_column_text (stmt, 4);

      ev->at = sqlite3_column_int64 (stmt, 0);
      ev->kind = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
      ev->actor = g_strdup (actor);
      ev->status = sqlite3_column_type (stmt, 3) == SQLITE_NULL ? -1 : sqlite3_column_int (stmt, 3);
      ev->body = g_strdup (body);
      ev->is_public = sqlite3_column_int (stmt, 5) != 0;
      g_list_store_append (store, ev);
    }
  sqlite3_reset (stmt);

  if (rc != SQLITE_DONE)
    {
      kd_db_set_error (db, rc, "timeline", error);
      return NULL;
    }

  return G_LIST_MODEL (g_steal_pointer (&store));
}

gint64      kd_case_event_get_at     (KdCaseEvent *self) { return self->at; }
const char *kd_case_event_get_kind   (KdCaseEvent *self) { return self->kind; }
const char *kd_case_event_get_actor  (KdCaseEvent *self) { return self->actor; }
int         kd_case_event_get_status (KdCaseEvent *self) { return self->status; }
const char *kd_case_event_get_body   (KdCaseEvent *self) { return self->body; }
gboolean    kd_case_event_is_public  (KdCaseEvent *self) { return self->is_public; }

/* One translated line: what happened (the body is shown separately). */
char *
kd_case_event_dup_summary (KdCaseEvent *self)
{
  g_return_val_if_fail (KD_IS_CASE_EVENT (self), NULL);

  if (g_strcmp0 (self->kind, "created") == 0)
    return g_strdup (_("Report received"));
  if (g_strcmp0 (self->kind, "status") == 0 && self->status >= 0 && self->status < KD_CASE_N_STATUSES)
    return g_strdup_printf (_("Status changed to “%s”"), kd_case_status_label (self->status));
  if (g_strcmp0 (self->kind, "reply") == 0)
    return g_strdup (_("Reply from the township"));
  if (g_strcmp0 (self->kind, "note") == 0)
    return g_strdup (_("Internal note"));
  if (g_strcmp0 (self->kind, "rated") == 0)
    return g_strdup (_("Rated by the villager"));
  if (g_strcmp0 (self->kind, "pause") == 0)
    return g_strdup (_("Waiting for the villager"));
  if (g_strcmp0 (self->kind, "resume") == 0)
    return g_strdup (_("Work resumed"));
  if (g_strcmp0 (self->kind, "merged") == 0)
    return g_strdup (_("A duplicate report was merged into this case"));
  if (g_strcmp0 (self->kind, "escalated") == 0)
    return g_strdup (_("Overdue: escalated to the township"));

  return g_strdup (self->kind);
}
