/* kd-rate-limit.h: per-address token buckets for writes, so one flooding
 * phone does not slow the others. Used on the server thread only. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _KdRateLimit KdRateLimit;

/* A burst of this many writes, then one every KD_RATE_REFILL_SECONDS. */
#define KD_RATE_BURST          30
#define KD_RATE_REFILL_SECONDS 2.0

KdRateLimit *kd_rate_limit_new    (guint        burst,
                                   double       refill_seconds);
void         kd_rate_limit_free   (KdRateLimit *self);
gboolean     kd_rate_limit_take   (KdRateLimit *self,
                                   const char  *address,
                                   gint64       now_usec,
                                   guint       *retry_after);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KdRateLimit, kd_rate_limit_free)

G_END_DECLS
