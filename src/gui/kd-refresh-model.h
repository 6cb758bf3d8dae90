/* kd-refresh-model.h: passes a paged list of KdCase rows to a GTK 4.8 list
 * view without letting a full refresh read every row or rebuild every row
 * widget. */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define KD_TYPE_REFRESH_MODEL (kd_refresh_model_get_type ())

G_DECLARE_FINAL_TYPE (KdRefreshModel, kd_refresh_model, KD, REFRESH_MODEL, GObject)

KdRefreshModel *kd_refresh_model_new       (GListModel     *model);
GListModel     *kd_refresh_model_get_model (KdRefreshModel *self);
void            kd_refresh_model_set_holding      (KdRefreshModel *self,
                                                   gboolean        holding);
guint           kd_refresh_model_get_n_hidden     (KdRefreshModel *self);
void            kd_refresh_model_reveal           (KdRefreshModel *self);
guint           kd_refresh_model_from_list        (KdRefreshModel *self,
                                                   guint           position);

G_END_DECLS
