/* kd-rating.h: the villager's rating of a resolved case (two scores of 1–5
 * and a comment), which closes the case or, when poor, reopens it. */
#pragma once

#include <gio/gio.h>

#include "kd-store.h"

G_BEGIN_DECLS

#define KD_RATING_ERROR (kd_rating_error_quark ())

typedef enum {
  KD_RATING_ERROR_INVALID,        /* a score outside 1–5, a comment too long or not plain text */
} KdRatingError;

#define KD_RATING_MAX_COMMENT 1000
#define KD_RATING_POOR        2     /* a score this low or lower reopens the case */

GQuark   kd_rating_error_quark (void);
gboolean kd_rating_check       (int                  efficiency,
                                int                  satisfaction,
                                const char          *comment,
                                GError             **error);

G_END_DECLS
