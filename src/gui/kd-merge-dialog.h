/* kd-merge-dialog.h: merges a case into the one kept, picked by its number
 * or tracking code, with the kept case's title shown to confirm. */
#pragma once

#include <adwaita.h>

#include "kd-case.h"

G_BEGIN_DECLS

#define KD_TYPE_MERGE_DIALOG (kd_merge_dialog_get_type ())

G_DECLARE_FINAL_TYPE (KdMergeDialog, kd_merge_dialog, KD, MERGE_DIALOG, AdwMessageDialog)

#define KD_MERGE_DIALOG_MERGE "merge"

KdMergeDialog *kd_merge_dialog_new         (GtkWindow     *parent,
                                            KdDb          *reader,
                                            KdCase        *duplicate);
void           kd_merge_dialog_set_query   (KdMergeDialog *self,
                                            const char    *number_or_code);
KdCase        *kd_merge_dialog_get_kept    (KdMergeDialog *self);

G_END_DECLS
