/* kd-stats.h: the hotline rates (12345 style) of the case queue, per village,
 * per cadre or for the whole town, over the cases received in a time range.
 *
 * - cases: every case received, except duplicates (counted with the case
 *   they were merged into) and 清风 reports (never in these figures);
 * - response rate: the share responded to (accepted, replied publicly,
 *   rejected, merged or resolved);
 * - on-time rate: of the cases whose timeliness is decided — resolved, or
 *   past the resolution deadline at @now — the share responded to before the
 *   response deadline and resolved before the resolution deadline (rejected
 *   cases are not counted);
 * - resolution rate: the share resolved or closed;
 * - satisfaction rate: the share of the villagers' ratings with satisfaction
 *   4 or 5;
 * - repeat reports: cases whose reporter's phone reported the same category
 *   within the 30 days before.
 *
 * A rate whose denominator is 0 is -1 ("no data"). */
#pragma once

#include <gio/gio.h>

#include "kd-types.h"
#include "kd-db.h"

G_BEGIN_DECLS

#define KD_TYPE_STATS_ROW (kd_stats_row_get_type ())

G_DECLARE_FINAL_TYPE (KdStatsRow, kd_stats_row, KD, STATS_ROW, GObject)

typedef enum {
  KD_STATS_BY_VILLAGE,    /* every village, by the village the case came from */
  KD_STATS_BY_ASSIGNEE,   /* every active cadre, and any other with cases assigned */
  KD_STATS_TOWN,          /* one row for the whole town */
} KdStatsGroup;

#define KD_STATS_REPEAT_DAYS 30

GListModel *kd_stats_query                (KdDb         *db,
                                           KdStatsGroup  group,
                                           gint64        from,
                                           gint64        to,
                                           gint64        now,
                                           GError      **error);

gint64      kd_stats_row_get_id           (KdStatsRow *self);
const char *kd_stats_row_get_name         (KdStatsRow *self);
guint       kd_stats_row_get_cases        (KdStatsRow *self);
guint       kd_stats_row_get_responded    (KdStatsRow *self);
guint       kd_stats_row_get_on_time      (KdStatsRow *self);
guint       kd_stats_row_get_decided      (KdStatsRow *self);
guint       kd_stats_row_get_resolved     (KdStatsRow *self);
guint       kd_stats_row_get_ratings      (KdStatsRow *self);
guint       kd_stats_row_get_satisfied    (KdStatsRow *self);
guint       kd_stats_row_get_repeats      (KdStatsRow *self);
double      kd_stats_row_get_response_rate     (KdStatsRow *self);
double      kd_stats_row_get_on_time_rate      (KdStatsRow *self);
double      kd_stats_row_get_resolution_rate   (KdStatsRow *self);
double      kd_stats_row_get_satisfaction_rate (KdStatsRow *self);

G_END_DECLS
