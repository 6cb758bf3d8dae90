/* kd-saved-view.h: the queue's saved views — a named set of filters, kept in
 * saved_views as JSON, for one cadre or (cadre 0) for everyone. The JSON is
 * written and read by SQLite's own json functions. */
#pragma once

#include <gio/gio.h>

#include "kd-types.h"
#include "kd-db.h"
#include "kd-store.h"
#include "kd-case-list.h"

G_BEGIN_DECLS

#define KD_SAVED_VIEW_ERROR (kd_saved_view_error_quark ())

typedef enum {
  KD_SAVED_VIEW_ERROR_INVALID,     /* no name, or a name too long */
  KD_SAVED_VIEW_ERROR_NOT_FOUND,   /* no such view, or someone else's */
} KdSavedViewError;

#define KD_SAVED_VIEW_MAX_NAME 40

/* The queue's filters, as a view keeps them. */
typedef struct
{
  int      status;        /* a KdCaseStatus; < 0: any */
  int      kind;          /* a KdCaseKind; < 0: any */
  gint64   village_id;    /* 0: any */
  gint64   category_id;   /* 0: any */
  gboolean urgent;
  gboolean overdue;
  gboolean mine;          /* assigned to the cadre looking */
  gboolean unassigned;
} KdViewFilter;

#define KD_TYPE_SAVED_VIEW (kd_saved_view_get_type ())

G_DECLARE_FINAL_TYPE (KdSavedView, kd_saved_view, KD, SAVED_VIEW, GObject)

GQuark              kd_saved_view_error_quark (void);

void                kd_view_filter_init      (KdViewFilter       *filter);
gboolean            kd_view_filter_equal     (const KdViewFilter *a,
                                              const KdViewFilter *b);
guint               kd_view_filter_count     (const KdViewFilter *filter);
void                kd_view_filter_apply     (const KdViewFilter *filter,
                                              KdCaseList         *list,
                                              gint64              me);

gint64              kd_saved_view_get_id       (KdSavedView *self);
gint64              kd_saved_view_get_cadre_id (KdSavedView *self);
const char         *kd_saved_view_get_name     (KdSavedView *self);
const KdViewFilter *kd_saved_view_get_filter   (KdSavedView *self);

/* Reads, on any reader: @cadre_id's views and everyone's, by name. */
GListModel *kd_saved_view_list   (KdDb               *db,
                                  gint64              cadre_id,
                                  GError            **error);
/* Writes, inside a writer job. */
KdSavedView *kd_saved_view_insert (KdDb              *db,
                                  gint64              cadre_id,
                                  const char         *name,
                                  const KdViewFilter *filter,
                                  KdChanges          *changes,
                                  GError            **error);
gboolean    kd_saved_view_delete (KdDb               *db,
                                  gint64              id,
                                  gint64              cadre_id,
                                  KdChanges          *changes,
                                  GError            **error);

/* The same on the writer. */
void         kd_store_add_saved_view_async     (KdStore             *self,
                                                gint64               cadre_id,
                                                const char          *name,
                                                const KdViewFilter  *filter,
                                                GCancellable        *cancellable,
                                                GAsyncReadyCallback  callback,
                                                gpointer             user_data);
KdSavedView *kd_store_add_saved_view_finish    (KdStore             *self,
                                                GAsyncResult        *result,
                                                GError             **error);
void         kd_store_delete_saved_view_async  (KdStore             *self,
                                                gint64               id,
                                                gint64               cadre_id,
                                                GCancellable        *cancellable,
                                                GAsyncReadyCallback  callback,
                                                gpointer             user_data);
gboolean     kd_store_delete_saved_view_finish (KdStore             *self,
                                                GAsyncResult        *result,
                                                GError             **error);

G_END_DECLS
