/* kd-workflow.h: the workflow of 你呼我应 — what may happen to a case, who
 * did it, and the SLA clock that runs meanwhile.
 *
 *   new ──accept──▶ accepted ──assign──▶ assigned ──start──▶ in_progress
 *                      │  ╲──start──────────────────────────▶   │
 *                      ╰──────────────resolve───────────────────┴──▶ resolved ──▶ closed
 *                                                                       │
 *                                   reopened ◀──rating ≤ 2 / reopen─────╯
 *
 * The rules (kd_case_status_can_change() holds the graph; each function
 * below checks the rest, and refuses with a KD_WORKFLOW_ERROR that says why —
 * whoever asks: desktop, phone or test):
 *
 * - accept: from new. The first response: responded_at is set (so is it by
 *   the first public reply, a rejection or a merge).
 * - assign: to a village, a cadre or both (at least one; a cadre must be an
 *   active account; a cadre of a village without a village given assigns
 *   that village too). From accepted or reopened; again from assigned or in
 *   progress to reassign (the case goes back to assigned: the new assignee
 *   starts it).
 * - start: from accepted, assigned or reopened.
 * - resolve: from accepted, assigned, in progress or reopened. The villager
 *   must be told what was done: either a note is given (it is public) or a
 *   public reply was written since the case was last accepted or reopened.
 *   Counts a resolution (cases.resolutions) and sets resolved_at.
 * - reject (不予受理): from new or accepted only — once a case is assigned it
 *   is the township's work and is resolved, with an explanation, instead. A
 *   reason is required; it is kept in cases.reject_reason and shown to the
 *   villager.
 * - merge (已合并): from any open state (new, accepted, assigned, in progress,
 *   reopened) into a different case that is neither a duplicate nor
 *   rejected. The duplicate's villager gets a public event and follows the
 *   kept case (kd_workflow_dup_kept_case()); the kept case lists its
 *   duplicates (kd_workflow_list_duplicates()) and gets an internal event.
 *   Duplicates of the merged case move to the kept one, so a duplicate is
 *   always one step from the case it follows.
 * - reopen: from resolved, by the villager's rating (see rate) or by a cadre
 *   with a reason (the villager phoned to say it is not fixed). A new
 *   resolution deadline runs from the reopening; the escalation mark is
 *   cleared so the new deadline can escalate again.
 * - close: from resolved — by a cadre, by a satisfactory rating, or by
 *   kd_workflow_sweep() 7 days after resolution without a rating.
 * - pause / resume: the clock stops while the township waits on the villager
 *   (a document, a visit at home). Pause from accepted, assigned, in progress
 *   or reopened, with a reason (public: it tells the villager what is
 *   needed); resume pushes both deadlines back by the time paused (working
 *   time or clock time as the case's rule counts). A paused case is never
 *   overdue. Resolving, rejecting or merging ends a pause.
 * - rate: by tracking code (what a phone has), only while the case is
 *   resolved, once per resolution: efficiency and satisfaction 1–5 and an
 *   optional plain-text comment of at most 1000 characters. Satisfaction ≤ 2
 *   OR efficiency ≤ 2 reopens the case: either one means the villager does
 *   not accept the result ("slow" is a complaint the 12345 hotlines treat
 *   as unsatisfied too); otherwise the case is closed.
 * - closed, rejected and duplicate are final.
 *
 * Every change writes a case_events row (kind 'status', or 'pause',
 * 'resume', 'merged', 'escalated') with the actor's name and cadre id and
 * the note, and an audit_log row. The functions named kd_workflow_* run
 * inside a writer job (@at is the time of the change); the kd_store_*_async
 * wrappers run them on the writer at the current time. */
#pragma once

#include <gio/gio.h>

#include "kd-types.h"
#include "kd-store.h"

G_BEGIN_DECLS

#define KD_WORKFLOW_ERROR (kd_workflow_error_quark ())

typedef enum {
  KD_WORKFLOW_ERROR_NOT_ALLOWED,      /* the case's state does not allow it */
  KD_WORKFLOW_ERROR_REASON_REQUIRED,  /* a reason (or a resolution) must be given */
  KD_WORKFLOW_ERROR_INVALID,          /* a bad assignee, case to merge into, rating or text */
  KD_WORKFLOW_ERROR_ALREADY_RATED,    /* this resolution has its rating */
} KdWorkflowError;

/* Who does it: a signed-in cadre, or (cadre_id 0) the system or a villager. */
typedef struct
{
  gint64      cadre_id;
  const char *name;       /* shown on the timeline and in the audit log; may be NULL */
} KdActor;

/* What a change to a status needs besides an optional note. */
typedef enum {
  KD_STATUS_INPUT_NONE,
  KD_STATUS_INPUT_REASON,     /* reject, reopen by a cadre */
  KD_STATUS_INPUT_ASSIGNEE,   /* assign: a village or a cadre */
  KD_STATUS_INPUT_CASE,       /* merge: the case kept */
} KdStatusInput;

#define KD_WORKFLOW_MAX_NOTE     1000
#define KD_WORKFLOW_CLOSE_AFTER  (7 * 24 * 3600)   /* a resolution unrated for a week */

GQuark        kd_workflow_error_quark      (void);
KdStatusInput kd_workflow_status_input     (KdCaseStatus   to);

gboolean   kd_workflow_accept       (KdDb *db, gint64 case_id, const KdActor *actor, const char *note,
                                     gint64 at, KdChanges *changes, GError **error);
gboolean   kd_workflow_assign       (KdDb *db, gint64 case_id, gint64 village_id, gint64 cadre_id,
                                     const KdActor *actor, const char *note,
                                     gint64 at, KdChanges *changes, GError **error);
gboolean   kd_workflow_start        (KdDb *db, gint64 case_id, const KdActor *actor, const char *note,
                                     gint64 at, KdChanges *changes, GError **error);
gboolean   kd_workflow_resolve      (KdDb *db, gint64 case_id, const KdActor *actor, const char *note,
                                     gint64 at, KdChanges *changes, GError **error);
gboolean   kd_workflow_reject       (KdDb *db, gint64 case_id, const KdActor *actor, const char *reason,
                                     gint64 at, KdChanges *changes, GError **error);
gboolean   kd_workflow_merge        (KdDb *db, gint64 case_id, gint64 kept_id, const KdActor *actor,
                                     const char *note, gint64 at, KdChanges *changes, GError **error);
gboolean   kd_workflow_reopen       (KdDb *db, gint64 case_id, const KdActor *actor, const char *reason,
                                     gint64 at, KdChanges *changes, GError **error);
gboolean   kd_workflow_close        (KdDb *db, gint64 case_id, const KdActor *actor, const char *note,
                                     gint64 at, KdChanges *changes, GError **error);
gboolean   kd_workflow_pause        (KdDb *db, gint64 case_id, const KdActor *actor, const char *reason,
                                     gint64 at, KdChanges *changes, GError **error);
gboolean   kd_workflow_resume       (KdDb *db, gint64 case_id, const KdActor *actor, const char *note,
                                     gint64 at, KdChanges *changes, GError **error);
gboolean   kd_workflow_change_status (KdDb *db, gint64 case_id, KdCaseStatus status,
                                     const KdActor *actor, const char *note,
                                     gint64 at, KdChanges *changes, GError **error);
KdCase    *kd_workflow_rate         (KdDb *db, const char *tracking_code, int efficiency,
                                     int satisfaction, const char *comment,
                                     gint64 at, KdChanges *changes, GError **error);
GPtrArray *kd_workflow_escalate     (KdDb *db, gint64 now, KdChanges *changes, GError **error);
int        kd_workflow_sweep        (KdDb *db, gint64 now, KdChanges *changes, GError **error);

/* Reading (any connection). */
KdCase     *kd_workflow_dup_kept_case   (KdDb *db, KdCase *duplicate, GError **error);
GListModel *kd_workflow_list_duplicates (KdDb *db, gint64 case_id, GError **error);

/* Recording (inside a writer job). */
gboolean   kd_workflow_add_event    (KdDb *db, gint64 case_id, gint64 at, const char *kind,
                                     const KdActor *actor, int status, const char *body,
                                     gboolean is_public, KdChanges *changes, GError **error);

/* The same on the writer, at the current time (kd-workflow-async.c). Every
 * one but rate and the SLA run finishes with kd_store_case_action_finish(). */
void       kd_store_accept_async    (KdStore *self, gint64 case_id, const KdActor *actor, const char *note,
                                     GCancellable *cancellable, GAsyncReadyCallback callback, gpointer user_data);
void       kd_store_assign_async    (KdStore *self, gint64 case_id, gint64 village_id, gint64 cadre_id,
                                     const KdActor *actor, const char *note,
                                     GCancellable *cancellable, GAsyncReadyCallback callback, gpointer user_data);
void       kd_store_start_async     (KdStore *self, gint64 case_id, const KdActor *actor, const char *note,
                                     GCancellable *cancellable, GAsyncReadyCallback callback, gpointer user_data);
void       kd_store_resolve_async   (KdStore *self, gint64 case_id, const KdActor *actor, const char *note,
                                     GCancellable *cancellable, GAsyncReadyCallback callback, gpointer user_data);
void       kd_store_reject_async    (KdStore *self, gint64 case_id, const KdActor *actor, const char *reason,
                                     GCancellable *cancellable, GAsyncReadyCallback callback, gpointer user_data);
void       kd_store_merge_async     (KdStore *self, gint64 case_id, gint64 kept_id, const KdActor *actor,
                                     const char *note,
                                     GCancellable *cancellable, GAsyncReadyCallback callback, gpointer user_data);
void       kd_store_reopen_async    (KdStore *self, gint64 case_id, const KdActor *actor, const char *reason,
                                     GCancellable *cancellable, GAsyncReadyCallback callback, gpointer user_data);
void       kd_store_close_async     (KdStore *self, gint64 case_id, const KdActor *actor, const char *note,
                                     GCancellable *cancellable, GAsyncReadyCallback callback, gpointer user_data);
void       kd_store_pause_async     (KdStore *self, gint64 case_id, const KdActor *actor, const char *reason,
                                     GCancellable *cancellable, GAsyncReadyCallback callback, gpointer user_data);
void       kd_store_resume_async    (KdStore *self, gint64 case_id, const KdActor *actor, const char *note,
                                     GCancellable *cancellable, GAsyncReadyCallback callback, gpointer user_data);
gboolean   kd_store_case_action_finish (KdStore *self, GAsyncResult *result, GError **error);

void       kd_store_rate_async      (KdStore *self, const char *tracking_code, int efficiency,
                                     int satisfaction, const char *comment,
                                     GCancellable *cancellable, GAsyncReadyCallback callback, gpointer user_data);
KdCase    *kd_store_rate_finish     (KdStore *self, GAsyncResult *result, GError **error);

/* Escalates the overdue cases, then closes the resolutions left unrated for
 * a week. Meant to run every minute; the result is a GPtrArray of the
 * KdCases escalated by this run (for notifications), possibly empty. */
void       kd_store_run_sla_async   (KdStore *self, GCancellable *cancellable,
                                     GAsyncReadyCallback callback, gpointer user_data);
GPtrArray *kd_store_run_sla_finish  (KdStore *self, GAsyncResult *result, GError **error);

G_END_DECLS
