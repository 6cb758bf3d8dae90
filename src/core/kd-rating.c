#define G_LOG_DOMAIN "kd-rating"

#include "config.h"

#include <glib/gi18n.h>

#include "kd-rating.h"

G_DEFINE_QUARK (kd-rating-error-quark, kd_rating_error)

typedef struct
{
  char *code;
  int   efficiency;
  int   satisfaction;
  char *comment;
} Rating;

static void
rating_free (gpointer data)
{
  Rating *r = data;

  g_free (r->code);
  g_free (r->comment);
  g_free (r);
}

/* Everything that needs no database. */
gboolean
kd_rating_check (int          efficiency,
                 int          satisfaction,
                 const char  *comment,
                 GError     **error)
{
  if (efficiency < 1 || efficiency > 5 || satisfaction < 1 || satisfaction > 5)
    {
      g_set_error (error, KD_RATING_ERROR, KD_RATING_ERROR_INVALID,
                   _("Choose from 1 to 5 stars for both the speed and the result."));
      return FALSE;
    }
  if (comment != NULL &&
      (!kd_text_is_plain (comment, TRUE) || g_utf8_strlen (comment, -1) > KD_RATING_MAX_COMMENT))
    {
      g_set_error (error, KD_RATING_ERROR, KD_RATING_ERROR_INVALID,
                   _("A comment must be plain text of at most %d characters."), KD_RATING_MAX_COMMENT);
      return FALSE;
    }
  return TRUE;
}

/* The case's id and current resolution, when it can be rated now. */
static gint64
rateable_case (KdDb        *db,
               const char  *code,
               int         *resolution,
               GError     **error)
{
  g_autofree char *normal = kd_tracking_code_normalize (code);
  sqlite3_stmt *stmt = kd_db_prepare (db, "SELECT c.id, c.status, c.resolutions,"
                                          " (SELECT count(*) FROM ratings r"
                                          "   WHERE r.case_id = c.id AND r.resolution = c.resolutions)"
                                          " FROM cases c WHERE c.tracking_code = ?1", error);
  gint64 id = 0;
  int status = -1, rated = 0;

  if (stmt == NULL)
    return 0;
  kd_db_bind_text (stmt, 1, normal ? normal : "");
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      id = sqlite3_column_int64 (stmt, 0);
      status = sqlite3_column_int (stmt, 1);
      *resolution = sqlite3_column_int (stmt, 2);
      rated = sqlite3_column_int (stmt, 3);
    }
  sqlite3_reset (stmt);

  if (id == 0)
    g_set_error (error, KD_RATING_ERROR, KD_RATING_ERROR_NOT_FOUND,
                 _("There is no case with this tracking code."));
  else if (rated > 0)
    g_set_error (error, KD_RATING_ERROR, KD_RATING_ERROR_ALREADY_RATED,
                 _("This result has been rated already. Thank you."));
  else if (status != KD_CASE_STATUS_RESOLVED)
    g_set_error (error, KD_RATING_ERROR, KD_RATING_ERROR_NOT_RESOLVED,
                 _("A case can be rated once the township has resolved it."));
  else
    return id;

  return 0;
}

static gboolean
insert_rating (KdDb       *db,
               gint64      case_id,
               int         resolution,
               Rating     *r,
               gint64      now,
               KdChanges  *changes,
               GError    **error)
{
  sqlite3_stmt *stmt = kd_db_prepare (db, "INSERT INTO ratings (case_id, resolution, at, efficiency,"
                                          " satisfaction, comment) VALUES (?1, ?2, ?3, ?4, ?5, ?6)", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, case_id);
  sqlite3_bind_int (stmt, 2, resolution);
  sqlite3_bind_int64 (stmt, 3, now);
  sqlite3_bind_int (stmt, 4, r->efficiency);
  sqlite3_bind_int (stmt, 5, r->satisfaction);
  kd_db_bind_text (stmt, 6, r->comment);
  if (!kd_db_step_done (db, stmt, error))
    return FALSE;

  kd_changes_add (changes, "ratings", sqlite3_last_insert_rowid (kd_db_get_handle (db)));
  return TRUE;
}

static gboolean
set_rated_status (KdDb          *db,
                  gint64         case_id,
                  KdCaseStatus   status,
                  gint64         now,
                  KdChanges     *changes,
                  GError       **error)
{
  sqlite3_stmt *stmt = kd_db_prepare (db, "UPDATE cases SET status = ?2, updated_at = ?3,"
                                          " closed_at = CASE WHEN ?2 = 5 THEN ?3 ELSE closed_at END"
                                          " WHERE id = ?1", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, case_id);
  sqlite3_bind_int (stmt, 2, status);
  sqlite3_bind_int64 (stmt, 3, now);
  if (!kd_db_step_done (db, stmt, error))
    return FALSE;

  kd_changes_add (changes, "cases", case_id);
  return TRUE;
}

/* On the writer: the rating, then closed (or reopened when a score is
 * poor), with both on the public timeline. The comment stays in ratings. */
static gpointer
rate_job (KdDb      *db,
          gpointer   data,
          KdChanges *changes,
          GError   **error)
{
  Rating *r = data;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  int resolution = 0;
  gboolean poor = r->efficiency <= KD_RATING_POOR || r->satisfaction <= KD_RATING_POOR;
  KdCaseStatus status = poor ? KD_CASE_STATUS_REOPENED : KD_CASE_STATUS_CLOSED;
  gint64 case_id;

  if (!kd_rating_check (r->efficiency, r->satisfaction, r->comment, error))
    return NULL;
  case_id = rateable_case (db, r->code, &resolution, error);
  if (case_id == 0)
    return NULL;

  if (!insert_rating (db, case_id, resolution, r, now, changes, error) ||
      !set_rated_status (db, case_id, status, now, changes, error) ||
      !kd_case_add_event (db, case_id, now, "rated", NULL, -1, NULL, TRUE, changes, error) ||
      !kd_case_add_event (db, case_id, now, "status", NULL, status, NULL, TRUE, changes, error))
    return NULL;

  return GINT_TO_POINTER (TRUE);
}

void
kd_store_rate_async (KdStore             *self,
                     const char          *tracking_code,
                     int                  efficiency,
                     int                  satisfaction,
                     const char          *comment,
                     GCancellable        *cancellable,
                     GAsyncReadyCallback  callback,
                     gpointer             user_data)
{
  Rating *r;

  g_return_if_fail (KD_IS_STORE (self));

  r = g_new0 (Rating, 1);
  r->code = g_strdup (tracking_code);
  r->efficiency = efficiency;
  r->satisfaction = satisfaction;
  r->comment = comment != NULL ? g_strstrip (g_strdup (comment)) : NULL;
  if (r->comment != NULL && *r->comment == '\0')
    g_clear_pointer (&r->comment, g_free);

  kd_writer_submit (kd_store_get_writer (self), rate_job, r, rating_free, NULL,
                    cancellable, callback, user_data);
}

gboolean
kd_store_rate_finish (KdStore       *self,
                      GAsyncResult  *result,
                      GError       **error)
{
  return kd_writer_submit_finish (result, error) != NULL;
}
