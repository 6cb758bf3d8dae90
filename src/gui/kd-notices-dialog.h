/* kd-notices-dialog.h: the notices the phones' home page shows, written,
 * edited and deleted on the desktop. */
#pragma once

#include <adwaita.h>

#include "kd-store.h"

G_BEGIN_DECLS

#define KD_TYPE_NOTICES_DIALOG (kd_notices_dialog_get_type ())

G_DECLARE_FINAL_TYPE (KdNoticesDialog, kd_notices_dialog, KD, NOTICES_DIALOG, AdwWindow)

GtkWidget *kd_notices_dialog_new      (GtkWindow       *parent,
                                       KdStore         *store);
gboolean   kd_notices_dialog_get_busy (KdNoticesDialog *self);

G_END_DECLS
