/* kd-audit.h: the audit log, one row for every change and every sign-in.
 *
 * Actions are dotted names: "case.created", "case.status", "case.reply",
 * "case.note" (one per timeline event), "cadre.create", "cadre.password",
 * "cadre.role", "cadre.deactivate", "cadre.reactivate", "sign-in",
 * "sign-in.failed", "sign-in.locked", "sign-out", "attendance.in",
 * "attendance.out", "settings.*" and "category.*" (kd-settings.h). The
 * detail never holds a villager's text or identity
 * (清风 reports are visible to discipline inspection only; the log is not). */
#pragma once

#include <gio/gio.h>

#include "kd-types.h"
#include "kd-db.h"

G_BEGIN_DECLS

#define KD_TYPE_AUDIT_ENTRY (kd_audit_entry_get_type ())

G_DECLARE_FINAL_TYPE (KdAuditEntry, kd_audit_entry, KD, AUDIT_ENTRY, GObject)

#define KD_AUDIT_DEFAULT_LIMIT 500

/* What kd_audit_query() keeps; zero and NULL fields match everything. */
typedef struct
{
  gint64      cadre_id;
  const char *action;      /* "case" matches "case" and every "case.…" */
  const char *target;
  gint64      target_id;
  gint64      from;        /* at >= from */
  gint64      to;          /* at < to */
  const char *text;        /* in the detail or the actor's name */
  gint64      before_at;   /* paging: entries older than (before_at, before_id) */
  gint64      before_id;
  guint       limit;       /* 0: KD_AUDIT_DEFAULT_LIMIT */
} KdAuditFilter;

gboolean    kd_audit_add                (KdDb                *db,
                                         gint64               at,
                                         gint64               cadre_id,
                                         const char          *actor,
                                         const char          *action,
                                         const char          *target,
                                         gint64               target_id,
                                         const char          *detail,
                                         const char          *address,
                                         KdChanges           *changes,
                                         GError             **error);
GListModel *kd_audit_query              (KdDb                *db,
                                         const KdAuditFilter *filter,
                                         GError             **error);
const char *kd_audit_action_label       (const char          *action);

gint64      kd_audit_entry_get_id        (KdAuditEntry *self);
gint64      kd_audit_entry_get_at        (KdAuditEntry *self);
gint64      kd_audit_entry_get_cadre_id  (KdAuditEntry *self);
const char *kd_audit_entry_get_actor     (KdAuditEntry *self);
const char *kd_audit_entry_get_action    (KdAuditEntry *self);
const char *kd_audit_entry_get_target    (KdAuditEntry *self);
gint64      kd_audit_entry_get_target_id (KdAuditEntry *self);
const char *kd_audit_entry_get_detail    (KdAuditEntry *self);
const char *kd_audit_entry_get_address   (KdAuditEntry *self);

G_END_DECLS
