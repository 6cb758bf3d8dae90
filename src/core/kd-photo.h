/* kd-photo.h: villagers' photos — checked, re-encoded (which drops EXIF and
 * with it any location), and kept in the database beside their case. */
#pragma once

#include <gio/gio.h>

#include "kd-types.h"

G_BEGIN_DECLS

#define KD_PHOTO_ERROR (kd_photo_error_quark ())

typedef enum {
  KD_PHOTO_ERROR_TOO_LARGE,      /* more bytes than KD_PHOTO_MAX_BYTES */
  KD_PHOTO_ERROR_NOT_AN_IMAGE,   /* not a JPEG or PNG, or damaged */
  KD_PHOTO_ERROR_TOO_MANY_PIXELS,
  KD_PHOTO_ERROR_TOO_MANY,       /* more than KD_PHOTO_MAX_PER_CASE */
} KdPhotoError;

#define KD_PHOTO_MAX_BYTES    (5 * 1024 * 1024)
#define KD_PHOTO_MAX_PIXELS   (40 * 1000 * 1000)
#define KD_PHOTO_MAX_SIDE     1600
#define KD_PHOTO_QUALITY      82
#define KD_PHOTO_MAX_PER_CASE 3

/* A stored (or ready to store) photo. @data is NULL in lists. */
typedef struct
{
  gint64  id;
  int     position;   /* 0 .. KD_PHOTO_MAX_PER_CASE - 1 */
  char   *mime;       /* "image/jpeg" */
  int     width;
  int     height;
  GBytes *data;
} KdPhoto;

GQuark     kd_photo_error_quark        (void);
KdPhoto   *kd_photo_new_from_upload    (GBytes              *upload,
                                        GError             **error);
KdPhoto   *kd_photo_copy               (const KdPhoto       *photo);
void       kd_photo_free               (KdPhoto             *photo);

/* Re-encodes each upload (GBytes) on a worker thread; the result is a
 * GPtrArray of KdPhoto in the same order, or the first upload's error. */
void       kd_photo_prepare_async      (GPtrArray           *uploads,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data);
GPtrArray *kd_photo_prepare_finish     (GAsyncResult        *result,
                                        GError             **error);

/* Readers. The list is of KdPhoto without data, by position. */
GPtrArray *kd_photo_list               (KdDb                *db,
                                        gint64               case_id,
                                        GError             **error);
KdPhoto   *kd_photo_load               (KdDb                *db,
                                        gint64               case_id,
                                        int                  position,
                                        GError             **error);

/* On the writer, inside the transaction of the case's insert. */
gboolean   kd_photo_insert_all         (KdDb                *db,
                                        gint64               case_id,
                                        GPtrArray           *photos,
                                        KdChanges           *changes,
                                        GError             **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KdPhoto, kd_photo_free)

G_END_DECLS
