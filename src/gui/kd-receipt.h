/* kd-receipt.h: the slip a villager takes home when a cadre enters their
 * report: the tracking code, and a QR code of the case's status page. */
#pragma once

#include <gtk/gtk.h>

#include "kd-case.h"

G_BEGIN_DECLS

typedef struct
{
  char   *town;            /* the township's name */
  char   *tracking_code;   /* as shown: "ABCDE-12345" */
  char   *url;             /* the status page; NULL while the endpoint is stopped */
  gint64  created_at;
  char   *village;
  char   *category;
  char   *description;     /* the villager's own words: plain text */
} KdReceipt;

KdReceipt *kd_receipt_new_for_case (KdCase          *kase,
                                    const char      *town,
                                    const char      *base_url);
void       kd_receipt_free         (KdReceipt       *receipt);
char      *kd_receipt_status_url   (const char      *base_url,
                                    const char      *tracking_code);
GStrv      kd_receipt_dup_text     (const KdReceipt *receipt);
void       kd_receipt_draw         (cairo_t         *cr,
                                    double           width,
                                    double           height,
                                    const KdReceipt *receipt);
void       kd_receipt_print        (const KdReceipt *receipt,
                                    GtkWindow       *parent);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KdReceipt, kd_receipt_free)

G_END_DECLS
