/* kd-disclosure-dialog.h: one disclosure, to write, review, publish,
 * correct and print — what the signed-in cadre may do with it in its state. */
#pragma once

#include <adwaita.h>

#include "kd-disclosure.h"
#include "kd-disclosure-sheet.h"
#include "kd-server.h"
#include "kd-store.h"

G_BEGIN_DECLS

#define KD_TYPE_DISCLOSURE_DIALOG (kd_disclosure_dialog_get_type ())

G_DECLARE_FINAL_TYPE (KdDisclosureDialog, kd_disclosure_dialog, KD, DISCLOSURE_DIALOG, AdwWindow)

GtkWidget          *kd_disclosure_dialog_new            (GtkWindow          *parent,
                                                         KdStore            *store,
                                                         KdServer           *server,
                                                         gint64              id);
const KdDisclosure *kd_disclosure_dialog_get_disclosure (KdDisclosureDialog *self);
gboolean            kd_disclosure_dialog_get_busy       (KdDisclosureDialog *self);
KdDisclosureSheet  *kd_disclosure_dialog_dup_sheet      (KdDisclosureDialog *self);

G_END_DECLS
