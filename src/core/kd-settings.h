/* kd-settings.h: the township's settings that the town administrator edits
 * (Township Settings): working time (work days, working hours, holidays),
 * the SLA rules per kind and urgency, and the categories offered per kind.
 *
 * Readers take any connection. Writers run inside a writer job; each change
 * is checked first (bad input: a KD_SETTINGS_ERROR and nothing written) and
 * adds one audit row ("settings.work-time", "settings.holiday-add",
 * "settings.holiday-delete", "settings.sla-rule", "category.edit",
 * "category.add") with @actor. A change applies to what comes after it: the
 * deadlines of cases already open are not recomputed. */
#pragma once

#include <gio/gio.h>

#include "kd-types.h"
#include "kd-db.h"
#include "kd-sla.h"
#include "kd-store.h"
#include "kd-workflow.h"

G_BEGIN_DECLS

#define KD_SETTINGS_ERROR (kd_settings_error_quark ())

typedef enum {
  KD_SETTINGS_ERROR_WORK_TIME,   /* work days or working hours that do not parse */
  KD_SETTINGS_ERROR_HOLIDAY,     /* a bad date or name */
  KD_SETTINGS_ERROR_SLA_RULE,    /* a bad kind or number of minutes */
  KD_SETTINGS_ERROR_CATEGORY,    /* a bad name or no kind */
  KD_SETTINGS_ERROR_NOT_FOUND,   /* no such holiday or category */
} KdSettingsError;

#define KD_SETTINGS_NAME_MAX     40
#define KD_SETTINGS_MINUTES_MAX  (366 * 24 * 60)
#define KD_SETTINGS_ALL_KINDS    ((1u << KD_CASE_N_KINDS) - 1)

typedef struct
{
  char     *day;          /* YYYY-MM-DD */
  char     *name;
  gboolean  is_workday;   /* a weekend day worked (调休) */
} KdHoliday;

GQuark      kd_settings_error_quark    (void);
void        kd_holiday_free            (KdHoliday *holiday);

/* Readers. */
char       *kd_settings_dup            (KdDb          *db,
                                        const char    *key,
                                        GError       **error);
GPtrArray  *kd_holiday_list            (KdDb          *db,
                                        GError       **error);

/* In-transaction writes. */
gboolean    kd_settings_set_work_time  (KdDb          *db,
                                        const char    *work_days,
                                        const char    *work_hours,
                                        const KdActor *actor,
                                        gint64         at,
                                        KdChanges     *changes,
                                        GError       **error);
gboolean    kd_settings_add_holiday    (KdDb          *db,
                                        const char    *day,
                                        const char    *name,
                                        gboolean       is_workday,
                                        const KdActor *actor,
                                        gint64         at,
                                        KdChanges     *changes,
                                        GError       **error);
gboolean    kd_settings_delete_holiday (KdDb          *db,
                                        const char    *day,
                                        const KdActor *actor,
                                        gint64         at,
                                        KdChanges     *changes,
                                        GError       **error);
gboolean    kd_settings_set_sla_rule   (KdDb          *db,
                                        KdCaseKind     kind,
                                        gboolean       urgent,
                                        const KdSlaRule *rule,
                                        const KdActor *actor,
                                        gint64         at,
                                        KdChanges     *changes,
                                        GError       **error);
gboolean    kd_settings_set_category   (KdDb          *db,
                                        gint64         id,
                                        const char    *name,
                                        guint          kinds,
                                        const KdActor *actor,
                                        gint64         at,
                                        KdChanges     *changes,
                                        GError       **error);
gint64      kd_settings_add_category   (KdDb          *db,
                                        const char    *name,
                                        guint          kinds,
                                        const KdActor *actor,
                                        gint64         at,
                                        KdChanges     *changes,
                                        GError       **error);

/* The same on the writer, at the current time. Finish with
 * kd_store_settings_finish(): the new category's id, else 1; 0 with @error
 * set on failure. Changes notify KdStore::changed::settings, ::holidays,
 * ::sla_rules or ::categories. */
void        kd_store_save_work_time_async     (KdStore *self, const char *work_days,
                                               const char *work_hours, const KdActor *actor,
                                               GCancellable *cancellable,
                                               GAsyncReadyCallback callback, gpointer user_data);
void        kd_store_add_holiday_async        (KdStore *self, const char *day, const char *name,
                                               gboolean is_workday, const KdActor *actor,
                                               GCancellable *cancellable,
                                               GAsyncReadyCallback callback, gpointer user_data);
void        kd_store_delete_holiday_async     (KdStore *self, const char *day, const KdActor *actor,
                                               GCancellable *cancellable,
                                               GAsyncReadyCallback callback, gpointer user_data);
void        kd_store_save_sla_rule_async      (KdStore *self, KdCaseKind kind, gboolean urgent,
                                               const KdSlaRule *rule, const KdActor *actor,
                                               GCancellable *cancellable,
                                               GAsyncReadyCallback callback, gpointer user_data);
/* @id 0 adds a category. */
void        kd_store_save_category_async      (KdStore *self, gint64 id, const char *name,
                                               guint kinds, const KdActor *actor,
                                               GCancellable *cancellable,
                                               GAsyncReadyCallback callback, gpointer user_data);
gint64      kd_store_settings_finish          (KdStore       *self,
                                               GAsyncResult  *result,
                                               GError       **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KdHoliday, kd_holiday_free)

G_END_DECLS
