/* kd-saved-view.c: the queue's saved views in saved_views. */
#define G_LOG_DOMAIN "kd-saved-view"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "kd-saved-view.h"

struct _KdSavedView
{
  GObject      parent_instance;

  gint64       id;
  gint64       cadre_id;
  char        *name;
  KdViewFilter filter;
};

G_DEFINE_FINAL_TYPE (KdSavedView, kd_saved_view, G_TYPE_OBJECT)

G_DEFINE_QUARK (kd-saved-view-error-quark, kd_saved_view_error)

/* The JSON, built and read by SQLite; absent keys read as "any". */
#define FILTER_JSON \
  "json_object ('status', ?3, 'kind', ?4, 'village', ?5, 'category', ?6," \
  " 'urgent', json (?7), 'overdue', json (?8), 'mine', json (?9), 'unassigned', json (?10))"
#define FILTER_COLUMNS \
  "coalesce (json_extract (filter, '$.status'), -1), coalesce (json_extract (filter, '$.kind'), -1)," \
  " coalesce (json_extract (filter, '$.village'), 0), coalesce (json_extract (filter, '$.category'), 0)," \
  " coalesce (json_extract (filter, '$.urgent'), 0), coalesce (json_extract (filter, '$.overdue'), 0)," \
  " coalesce (json_extract (filter, '$.mine'), 0), coalesce (json_extract (filter, '$.unassigned'), 0)"

static void
kd_saved_view_finalize (GObject *object)
{
  g_free (KD_SAVED_VIEW (object)->name);

  G_OBJECT_CLASS (kd_saved_view_parent_class)->finalize (object);
}

static void
kd_saved_view_class_init (KdSavedViewClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = kd_saved_view_finalize;
}

static void
kd_saved_view_init (KdSavedView *self)
{
  kd_view_filter_init (&self->filter);
}

void
kd_view_filter_init (KdViewFilter *filter)
{
  *filter = (KdViewFilter) { .status = -1, .kind = -1 };
}

gboolean
kd_view_filter_equal (const KdViewFilter *a,
                      const KdViewFilter *b)
{
  return a->status == b->status && a->kind == b->kind
         && a->village_id == b->village_id && a->category_id == b->category_id
         && !a->urgent == !b->urgent && !a->overdue == !b->overdue
         && !a->mine == !b->mine && !a->unassigned == !b->unassigned;
}

/* How many filters are set. */
guint
kd_view_filter_count (const KdViewFilter *f)
{
  return (f->status >= 0) + (f->kind >= 0) + (f->village_id > 0) + (f->category_id > 0)
         + !!f->urgent + !!f->overdue + !!f->mine + !!f->unassigned;
}

/* Sets @list's filters to @filter's; "mine" is the cadre @me (none when 0:
 * no cadre is signed in, so nothing is "mine"). */
void
kd_view_filter_apply (const KdViewFilter *f,
                      KdCaseList         *list,
                      gint64              me)
{
  g_return_if_fail (KD_IS_CASE_LIST (list));

  kd_case_list_hold (list, TRUE);
  kd_case_list_set_status (list, f->status);
  kd_case_list_set_kind (list, f->kind);
  kd_case_list_set_village (list, f->village_id);
  kd_case_list_set_category (list, f->category_id);
  kd_case_list_set_urgent_only (list, f->urgent);
  kd_case_list_set_overdue (list, f->overdue);
  kd_case_list_set_unassigned (list, f->unassigned);
  /* "Mine" without anyone signed in: a cadre id that never exists. */
  kd_case_list_set_assignee (list, f->mine ? (me > 0 ? me : G_MAXINT64) : 0);
  kd_case_list_hold (list, FALSE);
}

gint64              kd_saved_view_get_id       (KdSavedView *self) { return self->id; }
gint64              kd_saved_view_get_cadre_id (KdSavedView *self) { return self->cadre_id; }
const char         *kd_saved_view_get_name     (KdSavedView *self) { return self->name; }
const KdViewFilter *kd_saved_view_get_filter   (KdSavedView *self) { return &self->filter; }

static KdSavedView *
view_from_stmt (sqlite3_stmt *stmt)
{
  KdSavedView *self = g_object_new (KD_TYPE_SAVED_VIEW, NULL);
  KdViewFilter *f = &self->filter;

  self->id = sqlite3_column_int64 (stmt, 0);
  self->cadre_id = sqlite3_column_int64 (stmt, 1);
  self->name = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
  f->status = sqlite3_column_int (stmt, 3);
  f->kind = sqlite3_column_int (stmt, 4);
  f->village_id = sqlite3_column_int64 (stmt, 5);
  f->category_id = sqlite3_column_int64 (stmt, 6);
  f->urgent = sqlite3_column_int (stmt, 7) != 0;
  f->overdue = sqlite3_column_int (stmt, 8) != 0;
  f->mine = sqlite3_column_int (stmt, 9) != 0;
  f->unassigned = sqlite3_column_int (stmt, 10) != 0;

  return self;
}

GListModel *
kd_saved_view_list (KdDb    *db,
                    gint64   cadre_id,
                    GError **error)
{
  g_autoptr(GListStore) views = g_list_store_new (KD_TYPE_SAVED_VIEW);
  sqlite3_stmt *stmt = kd_db_prepare (db, "SELECT id, coalesce (cadre_id, 0), name, " FILTER_COLUMNS
                                      " FROM saved_views WHERE cadre_id IS NULL OR cadre_id = ?1"
                                      " ORDER BY name, id", error);
  int rc;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, cadre_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_autoptr(KdSavedView) view = view_from_stmt (stmt);

      g_list_store_append (views, view);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      kd_db_set_error (db, rc, "list saved views", error);
      return NULL;
    }

  return G_LIST_MODEL (g_steal_pointer (&views));
}

static void
bind_bool (sqlite3_stmt *stmt,
           int           i,
           gboolean      value)
{
  sqlite3_bind_text (stmt, i, value ? "true" : "false", -1, SQLITE_STATIC);
}

static gint64
cadre_or_null (sqlite3_stmt *stmt,
               int           i,
               gint64        cadre_id)
{
  if (cadre_id > 0)
    sqlite3_bind_int64 (stmt, i, cadre_id);
  else
    sqlite3_bind_null (stmt, i);
  return cadre_id > 0 ? cadre_id : 0;
}

/* Saves @filter as @name (trimmed, 1 to KD_SAVED_VIEW_MAX_NAME characters,
 * on one line) for @cadre_id, or for everyone when 0. */
KdSavedView *
kd_saved_view_insert (KdDb               *db,
                      gint64              cadre_id,
                      const char         *name,
                      const KdViewFilter *f,
                      KdChanges          *changes,
                      GError            **error)
{
  g_autofree char *clean = g_strstrip (g_strdup (name ? name : ""));
  KdSavedView *view;
  sqlite3_stmt *stmt;

  if (*clean == '\0' || !g_utf8_validate (clean, -1, NULL) || strpbrk (clean, "\r\n") != NULL
      || g_utf8_strlen (clean, -1) > KD_SAVED_VIEW_MAX_NAME)
    {
      g_set_error (error, KD_SAVED_VIEW_ERROR, KD_SAVED_VIEW_ERROR_INVALID,
                   _("A view needs a name of one line, at most %d characters."), KD_SAVED_VIEW_MAX_NAME);
      return NULL;
    }

  stmt = kd_db_prepare (db, "INSERT INTO saved_views (cadre_id, name, filter)"
                            " VALUES (?1, ?2, " FILTER_JSON ")", error);
  if (stmt == NULL)
    return NULL;
  cadre_id = cadre_or_null (stmt, 1, cadre_id);
  kd_db_bind_text (stmt, 2, clean);
  sqlite3_bind_int (stmt, 3, MAX (f->status, -1));
  sqlite3_bind_int (stmt, 4, MAX (f->kind, -1));
  sqlite3_bind_int64 (stmt, 5, MAX (f->village_id, 0));
  sqlite3_bind_int64 (stmt, 6, MAX (f->category_id, 0));
  bind_bool (stmt, 7, f->urgent);
  bind_bool (stmt, 8, f->overdue);
  bind_bool (stmt, 9, f->mine);
  bind_bool (stmt, 10, f->unassigned);
  if (!kd_db_step_done (db, stmt, error))
    return NULL;

  view = g_object_new (KD_TYPE_SAVED_VIEW, NULL);
  view->id = sqlite3_last_insert_rowid (kd_db_get_handle (db));
  view->cadre_id = cadre_id;
  view->name = g_steal_pointer (&clean);
  view->filter = *f;
  kd_changes_add (changes, "saved_views", view->id);

  return view;
}

/* Deletes the view @id, which must be @cadre_id's own or everyone's. */
gboolean
kd_saved_view_delete (KdDb       *db,
                      gint64      id,
                      gint64      cadre_id,
                      KdChanges  *changes,
                      GError    **error)
{
  sqlite3_stmt *stmt = kd_db_prepare (db, "DELETE FROM saved_views WHERE id = ?1"
                                          " AND (cadre_id IS NULL OR cadre_id = ?2)", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, id);
  sqlite3_bind_int64 (stmt, 2, cadre_id);
  if (!kd_db_step_done (db, stmt, error))
    return FALSE;
  if (sqlite3_changes (kd_db_get_handle (db)) == 0)
    {
      g_set_error (error, KD_SAVED_VIEW_ERROR, KD_SAVED_VIEW_ERROR_NOT_FOUND,
                   _("This view no longer exists."));
      return FALSE;
    }
  kd_changes_add (changes, "saved_views", id);
  return TRUE;
}

/* On the writer. */

typedef struct
{
  gint64       id;
  gint64       cadre_id;
  char        *name;
  KdViewFilter filter;
} Job;

static void
job_free (gpointer data)
{
  Job *job = data;

  g_free (job->name);
  g_free (job);
}

static gpointer
add_job (KdDb      *db,
         gpointer   data,
         KdChanges *changes,
         GError   **error)
{
  Job *job = data;

  return kd_saved_view_insert (db, job->cadre_id, job->name, &job->filter, changes, error);
}

static gpointer
delete_job (KdDb      *db,
            gpointer   data,
            KdChanges *changes,
            GError   **error)
{
  Job *job = data;

  return kd_saved_view_delete (db, job->id, job->cadre_id, changes, error) ? GINT_TO_POINTER (TRUE) : NULL;
}

void
kd_store_add_saved_view_async (KdStore             *self,
                               gint64               cadre_id,
                               const char          *name,
                               const KdViewFilter  *filter,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  Job *job;

  g_return_if_fail (KD_IS_STORE (self));
  g_return_if_fail (filter != NULL);

  job = g_new0 (Job, 1);
  job->cadre_id = cadre_id;
  job->name = g_strdup (name);
  job->filter = *filter;
  kd_writer_submit (kd_store_get_writer (self), add_job, job, job_free, g_object_unref,
                    cancellable, callback, user_data);
}

KdSavedView *
kd_store_add_saved_view_finish (KdStore       *self,
                                GAsyncResult  *result,
                                GError       **error)
{
  return kd_writer_submit_finish (result, error);
}

void
kd_store_delete_saved_view_async (KdStore             *self,
                                  gint64               id,
                                  gint64               cadre_id,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  Job *job;

  g_return_if_fail (KD_IS_STORE (self));

  job = g_new0 (Job, 1);
  job->id = id;
  job->cadre_id = cadre_id;
  kd_writer_submit (kd_store_get_writer (self), delete_job, job, job_free, NULL,
                    cancellable, callback, user_data);
}

gboolean
kd_store_delete_saved_view_finish (KdStore       *self,
                                   GAsyncResult  *result,
                                   GError       **error)
{
  return kd_writer_submit_finish (result, error) != NULL;
}
