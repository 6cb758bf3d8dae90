#define G_LOG_DOMAIN "kd-rate-limit"

#include "config.h"

#include <math.h>

#include "kd-rate-limit.h"

#define PRUNE_EVERY 1024

typedef struct
{
  double tokens;
  gint64 updated;   /* µs, monotonic */
} Bucket;

struct _KdRateLimit
{
  GHashTable *buckets;   /* address → Bucket */
  double      burst;
  double      per_usec;  /* tokens refilled per µs */
  guint       takes;
};

KdRateLimit *
kd_rate_limit_new (guint  burst,
                   double refill_seconds)
{
  KdRateLimit *self = g_new0 (KdRateLimit, 1);

  self->buckets = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->burst = burst;
  self->per_usec = 1.0 / (refill_seconds * G_USEC_PER_SEC);

  return self;
}

void
kd_rate_limit_free (KdRateLimit *self)
{
  if (self == NULL)
    return;

  g_hash_table_unref (self->buckets);
  g_free (self);
}

static void
refill (KdRateLimit *self,
        Bucket      *b,
        gint64       now)
{
  b->tokens = MIN (self->burst, b->tokens + (now - b->updated) * self->per_usec);
  b->updated = now;
}

/* Full buckets carry no information: forget them, so the table stays as
 * small as the set of phones that are busy right now. */
static void
prune (KdRateLimit *self,
       gint64       now)
{
  GHashTableIter iter;
  Bucket *b;

  g_hash_table_iter_init (&iter, self->buckets);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &b))
    {
      refill (self, b, now);
      if (b->tokens >= self->burst)
        g_hash_table_iter_remove (&iter);
    }
}

/* Takes one token for @address. When there is none, returns FALSE and the
 * whole seconds after which one will be there. */
gboolean
kd_rate_limit_take (KdRateLimit *self,
                    const char  *address,
                    gint64       now_usec,
                    guint       *retry_after)
{
  Bucket *b;

  if (++self->takes % PRUNE_EVERY == 0)
    prune (self, now_usec);

  b = g_hash_table_lookup (self->buckets, address);
  if (b == NULL)
    {
      b = g_new0 (Bucket, 1);
      b->tokens = self->burst;
      b->updated = now_usec;
      g_hash_table_insert (self->buckets, g_strdup (address), b);
    }

  refill (self, b, now_usec);
  if (b->tokens >= 1.0)
    {
      b->tokens -= 1.0;
      return TRUE;
    }

  if (retry_after != NULL)
    *retry_after = (guint) ceil ((1.0 - b->tokens) / self->per_usec / G_USEC_PER_SEC);
  return FALSE;
}
