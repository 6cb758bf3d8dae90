/* kd-canned-replies-dialog.h: the township's canned replies, listed with
 * add, edit and delete. */
#pragma once

#include <adwaita.h>

#include "kd-store.h"

G_BEGIN_DECLS

#define KD_TYPE_CANNED_REPLIES_DIALOG (kd_canned_replies_dialog_get_type ())

G_DECLARE_FINAL_TYPE (KdCannedRepliesDialog, kd_canned_replies_dialog, KD, CANNED_REPLIES_DIALOG, AdwWindow)

KdCannedRepliesDialog *kd_canned_replies_dialog_new (GtkWindow *parent,
                                                     KdStore   *store);

G_END_DECLS
