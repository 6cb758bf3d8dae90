/* kd-disclosure-sheet.h: a disclosure as printed for the notice board: the
 * heading, the text, the ledger as a table with its totals, and on every
 * page a footer with the version, the fingerprint and a QR code of the same
 * version on the phones. Drawn on any cairo_t, in points, page by page. */
#pragma once

#include <gtk/gtk.h>

#include "kd-disclosure.h"

G_BEGIN_DECLS

typedef struct _KdDisclosureSheet KdDisclosureSheet;

char              *kd_disclosure_url              (const char         *base_url,
                                                   gint64              id);
char              *kd_disclosure_heading          (const KdDisclosure *disclosure,
                                                   const char         *town);

KdDisclosureSheet *kd_disclosure_sheet_new        (const KdDisclosure *disclosure,
                                                   const char         *town,
                                                   const char         *base_url);
void               kd_disclosure_sheet_free       (KdDisclosureSheet  *sheet);
const char        *kd_disclosure_sheet_get_url    (KdDisclosureSheet  *sheet);
int                kd_disclosure_sheet_paginate   (KdDisclosureSheet  *sheet,
                                                   cairo_t            *cr,
                                                   double              width,
                                                   double              height);
void               kd_disclosure_sheet_draw_page  (KdDisclosureSheet  *sheet,
                                                   cairo_t            *cr,
                                                   double              width,
                                                   double              height,
                                                   int                 page);
void               kd_disclosure_sheet_print      (KdDisclosureSheet  *sheet,
                                                   GtkWindow          *parent);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KdDisclosureSheet, kd_disclosure_sheet_free)

G_END_DECLS
