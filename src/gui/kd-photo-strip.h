/* kd-photo-strip.h: a case's photos as a row of thumbnails; a click shows
 * one large. */
#pragma once

#include <gtk/gtk.h>

#include "kd-store.h"

G_BEGIN_DECLS

#define KD_TYPE_PHOTO_STRIP (kd_photo_strip_get_type ())

G_DECLARE_FINAL_TYPE (KdPhotoStrip, kd_photo_strip, KD, PHOTO_STRIP, GtkWidget)

GtkWidget *kd_photo_strip_new          (void);
void       kd_photo_strip_set_case     (KdPhotoStrip *self,
                                        KdStore      *store,
                                        gint64        case_id);
guint      kd_photo_strip_get_n_shown  (KdPhotoStrip *self);
GtkWidget *kd_photo_strip_open         (KdPhotoStrip *self,
                                        guint         index);

G_END_DECLS
