/* kd-ledger-editor.h: a finance disclosure's ledger as editable lines —
 * date, item, income, expense — with the totals kept up to date and each
 * line's problem shown beside it. */
#pragma once

#include <adwaita.h>

#include "kd-disclosure.h"

G_BEGIN_DECLS

#define KD_TYPE_LEDGER_EDITOR (kd_ledger_editor_get_type ())

G_DECLARE_FINAL_TYPE (KdLedgerEditor, kd_ledger_editor, KD, LEDGER_EDITOR, AdwBin)

GtkWidget *kd_ledger_editor_new          (void);
void       kd_ledger_editor_set_lines    (KdLedgerEditor *self,
                                          GPtrArray      *lines);
gboolean   kd_ledger_editor_collect      (KdLedgerEditor *self,
                                          GPtrArray      *lines,
                                          GError        **error);
void       kd_ledger_editor_add_line     (KdLedgerEditor *self);
guint      kd_ledger_editor_get_n_lines  (KdLedgerEditor *self);
void       kd_ledger_editor_set_line     (KdLedgerEditor *self,
                                          guint           n,
                                          const char     *day,
                                          const char     *item,
                                          const char     *income,
                                          const char     *expense);
void       kd_ledger_editor_get_totals   (KdLedgerEditor *self,
                                          gint64         *income_fen,
                                          gint64         *expense_fen);
void       kd_ledger_editor_set_editable (KdLedgerEditor *self,
                                          gboolean        editable);

G_END_DECLS
