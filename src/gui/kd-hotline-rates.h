/* kd-hotline-rates.h: the Overview's hotline rates (12345 style) — the
 * town's figures for a period, the overdue count, and tables per village
 * and per cadre. Computed off the UI thread. */
#pragma once

#include <gtk/gtk.h>

#include "kd-store.h"

G_BEGIN_DECLS

#define KD_TYPE_HOTLINE_RATES (kd_hotline_rates_get_type ())

G_DECLARE_FINAL_TYPE (KdHotlineRates, kd_hotline_rates, KD, HOTLINE_RATES, GtkWidget)

typedef enum {
  KD_RATES_THIS_MONTH,
  KD_RATES_LAST_30_DAYS,
  KD_RATES_THIS_YEAR,
} KdRatesPeriod;

void        kd_hotline_rates_set_store   (KdHotlineRates *self,
                                          KdStore        *store);
void        kd_hotline_rates_set_period  (KdHotlineRates *self,
                                          KdRatesPeriod   period);
void        kd_hotline_rates_get_range   (KdRatesPeriod   period,
                                          gint64          now,
                                          gint64         *from,
                                          gint64         *to);
gboolean    kd_hotline_rates_get_busy    (KdHotlineRates *self);
GListModel *kd_hotline_rates_get_town    (KdHotlineRates *self);
GListModel *kd_hotline_rates_get_villages (KdHotlineRates *self);
GListModel *kd_hotline_rates_get_cadres  (KdHotlineRates *self);
gint64      kd_hotline_rates_get_overdue (KdHotlineRates *self);

G_END_DECLS
