/* kd-disclosure.h: the three public disclosures — village affairs (村务公开),
 * finance (财务公开) and party affairs (党务公开) — per village (or the town)
 * and period.
 *
 * A disclosure is written as a draft, reviewed by a second cadre, and
 * published. A published version never changes (the database refuses it) and
 * carries the SHA-256 fingerprint of its content, printed on the notice-board
 * sheet and shown on the phones, so a villager can tell the paper and the
 * screen show the same thing. A mistake is corrected by a new version that
 * supersedes the old one; both stay readable.
 *
 * Who may do what (checked here, whoever asks):
 *   write and edit drafts, ask for a correction: town admin and staff (any
 *     village or the town); a village secretary (their own village);
 *   review: any of those, and discipline inspection (监督), but never the
 *     cadre who last edited the draft;
 *   publish: town admin and staff, once reviewed. */
#pragma once

#include <gio/gio.h>

#include "kd-db.h"
#include "kd-store.h"
#include "kd-types.h"
#include "kd-workflow.h"

G_BEGIN_DECLS

#define KD_DISCLOSURE_MAX_TITLE  100
#define KD_DISCLOSURE_MAX_BODY   8000
#define KD_DISCLOSURE_MAX_LINES  500
#define KD_DISCLOSURE_MAX_ITEM   200
/* 100 million yuan: beyond any township ledger line, and far from overflow. */
#define KD_DISCLOSURE_MAX_FEN    G_GINT64_CONSTANT (10000000000)

#define KD_DISCLOSURE_ERROR (kd_disclosure_error_quark ())

/* The error code names what is at fault. */
typedef enum {
  KD_DISCLOSURE_ERROR_TITLE,
  KD_DISCLOSURE_ERROR_BODY,
  KD_DISCLOSURE_ERROR_PERIOD,
  KD_DISCLOSURE_ERROR_VILLAGE,
  KD_DISCLOSURE_ERROR_LINE,       /* a ledger line: its date, item or amounts */
  KD_DISCLOSURE_ERROR_MONEY,      /* an amount that does not parse */
  KD_DISCLOSURE_ERROR_STATE,      /* not allowed in its present state */
  KD_DISCLOSURE_ERROR_FORBIDDEN,  /* not allowed for this cadre */
  KD_DISCLOSURE_ERROR_NOT_FOUND,
  KD_DISCLOSURE_ERROR_KIND,
} KdDisclosureError;

typedef enum {
  KD_DISCLOSURE_VILLAGE_AFFAIRS = 0,  /* 村务公开 */
  KD_DISCLOSURE_FINANCE = 1,          /* 财务公开: with a ledger */
  KD_DISCLOSURE_PARTY_AFFAIRS = 2,    /* 党务公开 */
} KdDisclosureKind;

#define KD_DISCLOSURE_N_KINDS 3

typedef enum {
  KD_DISCLOSURE_DRAFT = 0,
  KD_DISCLOSURE_REVIEWED = 1,
  KD_DISCLOSURE_PUBLISHED = 2,
} KdDisclosureState;

typedef enum {
  KD_DISCLOSURE_REVIEW,    /* draft → reviewed */
  KD_DISCLOSURE_PUBLISH,   /* reviewed → published: version and fingerprint */
  KD_DISCLOSURE_DELETE,    /* a draft or reviewed version; never a published one */
  KD_DISCLOSURE_CORRECT,   /* published → a new draft that will supersede it */
} KdDisclosureAction;

/* One line of a finance ledger. */
typedef struct
{
  char   *day;           /* YYYY-MM-DD */
  char   *item;
  gint64  income_fen;
  gint64  expense_fen;
} KdLedgerLine;

typedef struct
{
  gint64             id;
  KdDisclosureKind   kind;
  gint64             village_id;      /* 0: the town */
  char              *village_name;    /* NULL: the town */
  char              *period;          /* YYYY, YYYY-Qn or YYYY-MM */
  char              *title;
  char              *body;
  GPtrArray         *lines;           /* KdLedgerLine; finance only, else empty */
  KdDisclosureState  state;
  gint64             version;         /* 0 until published */
  gint64             supersedes_id;   /* the published version this corrects, or 0 */
  gint64             superseded_by;   /* the published version that corrects this, or 0 */
  gint64             updated_at;
  gint64             updated_by;
  char              *updated_by_name;
  gint64             reviewed_at;
  char              *reviewed_by_name;
  gint64             published_at;
  char              *published_by_name;
  char              *fingerprint;     /* SHA-256 hex once published, else NULL */
  char              *village_code;    /* NULL: the town */
} KdDisclosure;

/* What a list shows. */
typedef struct
{
  int     kind;          /* a KdDisclosureKind, or -1: every kind */
  gint64  village_id;    /* -1: every village and the town; 0: the town only */
  int     state;         /* a KdDisclosureState, or -1: every state */
  gboolean current_only; /* published versions not superseded by a newer one */
  guint   limit;         /* 0: all */
  guint   offset;
} KdDisclosureQuery;

GQuark        kd_disclosure_error_quark     (void);

const char   *kd_disclosure_kind_to_string  (KdDisclosureKind    kind);
gboolean      kd_disclosure_kind_from_string (const char         *string,
                                             KdDisclosureKind   *kind);
const char   *kd_disclosure_kind_label      (KdDisclosureKind    kind);
const char   *kd_disclosure_state_label     (KdDisclosureState   state);

gboolean      kd_disclosure_check_period    (const char         *period,
                                             GError            **error);
char         *kd_disclosure_period_label    (const char         *period);
char         *kd_disclosure_format_fen      (gint64              fen);
gboolean      kd_disclosure_parse_fen       (const char         *text,
                                             gint64             *fen,
                                             GError            **error);

KdLedgerLine *kd_ledger_line_new            (const char         *day,
                                             const char         *item,
                                             gint64              income_fen,
                                             gint64              expense_fen);
void          kd_ledger_line_free           (KdLedgerLine       *line);
gboolean      kd_ledger_line_check          (const KdLedgerLine *line,
                                             guint               n,
                                             GError            **error);

KdDisclosure *kd_disclosure_new             (KdDisclosureKind    kind);
void          kd_disclosure_free            (KdDisclosure       *disclosure);
void          kd_disclosure_totals          (const KdDisclosure *disclosure,
                                             gint64             *income_fen,
                                             gint64             *expense_fen);
char         *kd_disclosure_compute_fingerprint (const KdDisclosure *disclosure);
gboolean      kd_disclosure_verify          (const KdDisclosure *disclosure);
char         *kd_disclosure_short_fingerprint (const char       *fingerprint);

gboolean      kd_disclosure_can_edit        (KdRole              role,
                                             gint64              cadre_village_id,
                                             gint64              village_id);
gboolean      kd_disclosure_can_review      (KdRole              role,
                                             gint64              cadre_village_id,
                                             gint64              village_id);
gboolean      kd_disclosure_can_publish     (KdRole              role);

/* What the phones ask for: @kind a kind's code, @village a village's code or
 * "town"; NULL or "" for every one. Fills @query for the current versions. */
gboolean      kd_disclosure_query_parse     (KdDb               *db,
                                             const char         *kind,
                                             const char         *village,
                                             KdDisclosureQuery  *query,
                                             GError            **error);

/* Reads, on any reader. A list's disclosures carry no ledger lines. */
GPtrArray    *kd_disclosure_list            (KdDb                    *db,
                                             const KdDisclosureQuery *query,
                                             GError                 **error);
KdDisclosure *kd_disclosure_load            (KdDb                    *db,
                                             gint64                   id,
                                             GError                 **error);

/* Inside a writer job. @draft->id 0 adds a draft; otherwise edits that draft
 * (a reviewed one goes back to draft). Returns the id, or 0 with @error set. */
gint64        kd_disclosure_save            (KdDb                *db,
                                             const KdDisclosure  *draft,
                                             const KdActor       *actor,
                                             gint64               now,
                                             KdChanges           *changes,
                                             GError             **error);
/* Returns the disclosure's id (for CORRECT, the new draft's), or 0. */
gint64        kd_disclosure_act             (KdDb                *db,
                                             gint64               id,
                                             KdDisclosureAction   action,
                                             const KdActor       *actor,
                                             gint64               now,
                                             KdChanges           *changes,
                                             GError             **error);

/* The demo town's disclosures (kuiduo --demo), once its demo accounts
 * exist; does nothing when there are disclosures already. In a writer job. */
gboolean      kd_disclosure_demo_seed       (KdDb                *db,
                                             gint64               now,
                                             KdChanges           *changes,
                                             GError             **error);

/* Through the writer; the finish functions return what the above return. */
void          kd_disclosure_save_async      (KdStore             *store,
                                             const KdDisclosure  *draft,
                                             const KdActor       *actor,
                                             GCancellable        *cancellable,
                                             GAsyncReadyCallback  callback,
                                             gpointer             user_data);
gint64        kd_disclosure_save_finish     (KdStore             *store,
                                             GAsyncResult        *result,
                                             GError             **error);
void          kd_disclosure_act_async       (KdStore             *store,
                                             gint64               id,
                                             KdDisclosureAction   action,
                                             const KdActor       *actor,
                                             GCancellable        *cancellable,
                                             GAsyncReadyCallback  callback,
                                             gpointer             user_data);
gint64        kd_disclosure_act_finish      (KdStore             *store,
                                             GAsyncResult        *result,
                                             GError             **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KdDisclosure, kd_disclosure_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KdLedgerLine, kd_ledger_line_free)

G_END_DECLS
