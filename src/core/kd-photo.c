#define G_LOG_DOMAIN "kd-photo"

#include "config.h"

#include <string.h>
#include <glib/gi18n.h>
#include <gdk-pixbuf/gdk-pixbuf.h>

#include "kd-photo.h"
#include "kd-db.h"
#include "kd-writer.h"

#define PHOTO_MIME "image/jpeg"

/* Decoding a big photo takes a core for a while and ~200 MB: at most this
 * many at once, whatever the number of phones sending. */
#define PREPARE_THREADS 2

G_DEFINE_QUARK (kd-photo-error-quark, kd_photo_error)

void
kd_photo_free (KdPhoto *photo)
{
  if (photo == NULL)
    return;

  g_free (photo->mime);
  g_clear_pointer (&photo->data, g_bytes_unref);
  g_free (photo);
}

KdPhoto *
kd_photo_copy (const KdPhoto *photo)
{
  KdPhoto *copy = g_memdup2 (photo, sizeof *photo);

  copy->mime = g_strdup (photo->mime);
  copy->data = photo->data ? g_bytes_ref (photo->data) : NULL;

  return copy;
}

/* The format by its first bytes, never by a name or a declared type. */
static const char *
sniff_format (const guint8 *data,
              gsize         len)
{
  static const guint8 png[] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n' };

  if (len >= 3 && data[0] == 0xff && data[1] == 0xd8 && data[2] == 0xff)
    return "jpeg";
  if (len >= sizeof png && memcmp (data, png, sizeof png) == 0)
    return "png";

  return NULL;
}

typedef struct
{
  gboolean too_many_pixels;
  int      width;
  int      height;
} SizeCheck;

/* Runs on the image's header, before any pixel is allocated: refuses a
 * decompression bomb, and asks the loader for the size we keep (the JPEG
 * loader then decodes at a fraction of the size directly). */
static void
size_prepared_cb (GdkPixbufLoader *loader,
                  int              width,
                  int              height,
                  gpointer         data)
{
  SizeCheck *check = data;
  int longest = MAX (width, height);

  if (width <= 0 || height <= 0 || (gint64) width * height > KD_PHOTO_MAX_PIXELS)
    {
      check->too_many_pixels = TRUE;
      /* A size of 0 makes the loaders stop with an error. */
      gdk_pixbuf_loader_set_size (loader, 0, 0);
      return;
    }

  check->width = width;
  check->height = height;
  if (longest > KD_PHOTO_MAX_SIDE)
    {
      check->width = MAX (1, (int) ((gint64) width * KD_PHOTO_MAX_SIDE / longest));
      check->height = MAX (1, (int) ((gint64) height * KD_PHOTO_MAX_SIDE / longest));
      gdk_pixbuf_loader_set_size (loader, check->width, check->height);
    }
}

static GdkPixbuf *
decode (GBytes     *upload,
        const char *format,
        GError    **error)
{
  g_autoptr(GdkPixbufLoader) loader = gdk_pixbuf_loader_new_with_type (format, NULL);
  g_autoptr(GError) local = NULL;
  SizeCheck check = { 0 };
  GdkPixbuf *pixbuf;
  gboolean ok;

  if (loader == NULL)
    {
      g_set_error (error, KD_PHOTO_ERROR, KD_PHOTO_ERROR_NOT_AN_IMAGE,
                   _("This computer cannot read photos of this kind."));
      return NULL;
    }

  g_signal_connect (loader, "size-prepared", G_CALLBACK (size_prepared_cb), &check);
  ok = gdk_pixbuf_loader_write_bytes (loader, upload, &local);
  /* Always closed (a loader left open warns); its error only if writing went well. */
  ok = gdk_pixbuf_loader_close (loader, ok ? &local : NULL) && ok;
  pixbuf = gdk_pixbuf_loader_get_pixbuf (loader);

  if (check.too_many_pixels)
    {
      g_set_error (error, KD_PHOTO_ERROR, KD_PHOTO_ERROR_TOO_MANY_PIXELS,
                   _("The photo has more than %d million pixels."), KD_PHOTO_MAX_PIXELS / 1000000);
      return NULL;
    }
  if (!ok || pixbuf == NULL || check.width == 0 ||
      (gint64) gdk_pixbuf_get_width (pixbuf) * gdk_pixbuf_get_height (pixbuf) > KD_PHOTO_MAX_PIXELS)
    {
      g_debug ("photo refused: %s", local ? local->message : "no image");
      g_set_error (error, KD_PHOTO_ERROR, KD_PHOTO_ERROR_NOT_AN_IMAGE,
                   _("The photo could not be read. Send a JPEG or PNG photo."));
      return NULL;
    }

  return g_object_ref (pixbuf);
}

/* JPEG has no transparency: what was transparent becomes white. */
static GdkPixbuf *
flatten (GdkPixbuf *pixbuf)
{
  int w = gdk_pixbuf_get_width (pixbuf);
  int h = gdk_pixbuf_get_height (pixbuf);
  GdkPixbuf *flat;

  if (!gdk_pixbuf_get_has_alpha (pixbuf))
    return g_object_ref (pixbuf);

  flat = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8, w, h);
  gdk_pixbuf_fill (flat, 0xffffffff);
  gdk_pixbuf_composite (pixbuf, flat, 0, 0, w, h, 0, 0, 1, 1, GDK_INTERP_NEAREST, 255);

  return flat;
}

/* Checks an uploaded photo and re-encodes it: upright (EXIF orientation
 * applied), at most KD_PHOTO_MAX_SIDE pixels on its long side, JPEG without
 * any metadata. Runs for a while on big photos: see kd_photo_prepare_async(). */
KdPhoto *
kd_photo_new_from_upload (GBytes  *upload,
                          GError **error)
{
  g_autoptr(GdkPixbuf) decoded = NULL;
  g_autoptr(GdkPixbuf) upright = NULL;
  g_autoptr(GdkPixbuf) flat = NULL;
  gsize len = 0;
  const guint8 *data;
  const char *format;
  char *buffer = NULL;
  gsize buffer_len = 0;
  KdPhoto *photo;

  g_return_val_if_fail (upload != NULL, NULL);

  data = g_bytes_get_data (upload, &len);
  if (len > KD_PHOTO_MAX_BYTES)
    {
      g_set_error (error, KD_PHOTO_ERROR, KD_PHOTO_ERROR_TOO_LARGE,
                   _("A photo may have at most %d MB."), KD_PHOTO_MAX_BYTES / (1024 * 1024));
      return NULL;
    }

  format = sniff_format (data, len);
  if (format == NULL)
    {
      g_set_error (error, KD_PHOTO_ERROR, KD_PHOTO_ERROR_NOT_AN_IMAGE,
                   _("Only JPEG and PNG photos can be sent."));
      return NULL;
    }

  decoded = decode (upload, format, error);
  if (decoded == NULL)
    return NULL;

  upright = gdk_pixbuf_apply_embedded_orientation (decoded);
  flat = flatten (upright);
  if (!gdk_pixbuf_save_to_buffer (flat, &buffer, &buffer_len, "jpeg", error,
                                  "quality", G_STRINGIFY (KD_PHOTO_QUALITY), NULL))
    return NULL;

  photo = g_new0 (KdPhoto, 1);
  photo->mime = g_strdup (PHOTO_MIME);
  photo->width = gdk_pixbuf_get_width (flat);
  photo->height = gdk_pixbuf_get_height (flat);
  photo->data = g_bytes_new_take (buffer, buffer_len);

  return photo;
}

/* Off the calling thread: a pool of its own bounds how many run at once. */

static void
prepare_in_pool (gpointer data,
                 gpointer unused)
{
  g_autoptr(GTask) task = data;
  GPtrArray *uploads = g_task_get_task_data (task);
  g_autoptr(GPtrArray) photos = g_ptr_array_new_with_free_func ((GDestroyNotify) kd_photo_free);
  GError *error = NULL;

  if (uploads->len > KD_PHOTO_MAX_PER_CASE)
    {
      g_task_return_new_error (task, KD_PHOTO_ERROR, KD_PHOTO_ERROR_TOO_MANY,
                               _("At most %d photos can be sent with a report."), KD_PHOTO_MAX_PER_CASE);
      return;
    }

  for (guint i = 0; i < uploads->len; i++)
    {
      KdPhoto *photo;

      if (g_task_return_error_if_cancelled (task))
        return;
      photo = kd_photo_new_from_upload (g_ptr_array_index (uploads, i), &error);
      if (photo == NULL)
        {
          g_task_return_error (task, error);
          return;
        }
      photo->position = i;
      g_ptr_array_add (photos, photo);
    }

  g_task_return_pointer (task, g_steal_pointer (&photos), (GDestroyNotify) g_ptr_array_unref);
}

static GThreadPool *
prepare_pool (void)
{
  static GThreadPool *pool;

  if (g_once_init_enter (&pool))
    g_once_init_leave (&pool, g_thread_pool_new (prepare_in_pool, NULL, PREPARE_THREADS, FALSE, NULL));

  return pool;
}

void
kd_photo_prepare_async (GPtrArray           *uploads,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  GTask *task = g_task_new (NULL, cancellable, callback, user_data);

  g_return_if_fail (uploads != NULL);

  g_task_set_source_tag (task, kd_photo_prepare_async);
  g_task_set_task_data (task, g_ptr_array_ref (uploads), (GDestroyNotify) g_ptr_array_unref);
  g_thread_pool_push (prepare_pool (), task, NULL);
}

GPtrArray *
kd_photo_prepare_finish (GAsyncResult  *result,
                         GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Readers. */

static KdPhoto *
photo_from_row (sqlite3_stmt *stmt,
                gboolean      with_data)
{
  KdPhoto *photo = g_new0 (KdPhoto, 1);

  photo->id = sqlite3_column_int64 (stmt, 0);
  photo->position = sqlite3_column_int (stmt, 1);
  photo->mime = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
  photo->width = sqlite3_column_int (stmt, 3);
  photo->height = sqlite3_column_int (stmt, 4);
  if (with_data)
    photo->data = g_bytes_new (sqlite3_column_blob (stmt, 5), sqlite3_column_bytes (stmt, 5));

  return photo;
}

GPtrArray *
kd_photo_list (KdDb    *db,
               gint64   case_id,
               GError **error)
{
  sqlite3_stmt *stmt = kd_db_prepare (db,
                                      "SELECT id, position, mime, width, height FROM case_photos"
                                      " WHERE case_id = ?1 ORDER BY position",
                                      error);
  GPtrArray *photos;
  int rc;

  if (stmt == NULL)
    return NULL;

  photos = g_ptr_array_new_with_free_func ((GDestroyNotify) kd_photo_free);
  sqlite3_bind_int64 (stmt, 1, case_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (photos, photo_from_row (stmt, FALSE));
  sqlite3_reset (stmt);

  if (rc != SQLITE_DONE)
    {
      kd_db_set_error (db, rc, "listing photos", error);
      g_ptr_array_unref (photos);
      return NULL;
    }

  return photos;
}

KdPhoto *
kd_photo_load (KdDb    *db,
               gint64   case_id,
               int      position,
               GError **error)
{
  sqlite3_stmt *stmt = kd_db_prepare (db,
                                      "SELECT id, position, mime, width, height, data FROM case_photos"
                                      " WHERE case_id = ?1 AND position = ?2",
                                      error);
  KdPhoto *photo = NULL;
  int rc;

  if (stmt == NULL)
    return NULL;

  sqlite3_bind_int64 (stmt, 1, case_id);
  sqlite3_bind_int (stmt, 2, position);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    photo = photo_from_row (stmt, TRUE);
  sqlite3_reset (stmt);

  if (rc == SQLITE_DONE)
    g_set_error (error, KD_DB_ERROR, KD_DB_ERROR_NOT_FOUND, _("No such photo."));
  else if (rc != SQLITE_ROW)
    kd_db_set_error (db, rc, "loading a photo", error);

  return photo;
}

gboolean
kd_photo_insert_all (KdDb       *db,
                     gint64      case_id,
                     GPtrArray  *photos,
                     KdChanges  *changes,
                     GError    **error)
{
  sqlite3_stmt *stmt;

  if (photos == NULL || photos->len == 0)
    return TRUE;

  if (photos->len > KD_PHOTO_MAX_PER_CASE)
    {
      g_set_error (error, KD_PHOTO_ERROR, KD_PHOTO_ERROR_TOO_MANY,
                   _("At most %d photos can be sent with a report."), KD_PHOTO_MAX_PER_CASE);
      return FALSE;
    }

  stmt = kd_db_prepare (db,
                        "INSERT INTO case_photos (case_id, position, mime, width, height, data)"
                        " VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                        error);
  if (stmt == NULL)
    return FALSE;

  for (guint i = 0; i < photos->len; i++)
    {
      KdPhoto *photo = g_ptr_array_index (photos, i);
      gsize len;
      const void *data = g_bytes_get_data (photo->data, &len);

      sqlite3_reset (stmt);
      sqlite3_bind_int64 (stmt, 1, case_id);
      sqlite3_bind_int (stmt, 2, i);
      kd_db_bind_text (stmt, 3, photo->mime);
      sqlite3_bind_int (stmt, 4, photo->width);
      sqlite3_bind_int (stmt, 5, photo->height);
      sqlite3_bind_blob64 (stmt, 6, data, len, SQLITE_STATIC);
      if (!kd_db_step_done (db, stmt, error))
        return FALSE;
      kd_changes_add (changes, "case_photos", sqlite3_last_insert_rowid (kd_db_get_handle (db)));
    }

  return TRUE;
}
