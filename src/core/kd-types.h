/* kd-types.h: shared typedefs and enums of the Kuiduo core. */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

typedef struct _KdDb        KdDb;
typedef struct _KdWriter    KdWriter;
typedef struct _KdChanges   KdChanges;
typedef struct _KdReport    KdReport;

/* Stored as integers in cases.status: never renumber. */
typedef enum {
  KD_CASE_STATUS_NEW = 0,
  KD_CASE_STATUS_ACCEPTED = 1,
  KD_CASE_STATUS_ASSIGNED = 2,
  KD_CASE_STATUS_IN_PROGRESS = 3,
  KD_CASE_STATUS_RESOLVED = 4,
  KD_CASE_STATUS_CLOSED = 5,
  KD_CASE_STATUS_REJECTED = 6,
  KD_CASE_STATUS_DUPLICATE = 7,
  KD_CASE_STATUS_REOPENED = 8,
} KdCaseStatus;

#define KD_CASE_N_STATUSES 9

/* The kinds of report of the township's platform. Stored as integers in
 * cases.kind and as bit (1 << kind) of categories.kinds: never renumber. */
typedef enum {
  KD_CASE_KIND_LIVELIHOOD = 0,  /* 民生上报 */
  KD_CASE_KIND_EMERGENCY = 1,   /* 应急上报 */
  KD_CASE_KIND_POLICY = 2,      /* 政策咨询 */
  KD_CASE_KIND_SERVICE = 3,     /* 我要办事 */
  KD_CASE_KIND_INTEGRITY = 4,   /* 清风: the discipline-inspection role only */
} KdCaseKind;

#define KD_CASE_N_KINDS 5

/* The roles of cadres' accounts; stored as cadres.role strings. */
typedef enum {
  KD_ROLE_TOWN_ADMIN = 0,         /* everything, including accounts and settings */
  KD_ROLE_TOWN_STAFF = 1,         /* the queue, except 清风 */
  KD_ROLE_VILLAGE_SECRETARY = 2,  /* the cases of their own village, except 清风 */
  KD_ROLE_DISCIPLINE = 3,         /* 清风 only */
} KdRole;

#define KD_N_ROLES 4

/* The columns of the case queue that can be sorted on (in SQL). */
typedef enum {
  KD_CASE_SORT_ID,
  KD_CASE_SORT_CREATED,
  KD_CASE_SORT_VILLAGE,
  KD_CASE_SORT_CATEGORY,
  KD_CASE_SORT_URGENT,
  KD_CASE_SORT_STATUS,
  KD_CASE_SORT_TITLE,
  KD_CASE_SORT_RELEVANCE,   /* rank in the search (kd_rank); the default while one is set */
  KD_CASE_SORT_KIND,
  KD_CASE_SORT_ASSIGNEE,    /* the cadre's id; unassigned (0) first */
  KD_CASE_SORT_DUE,         /* the resolution deadline; none (0) first */
} KdCaseSort;

const char *kd_case_status_to_string   (KdCaseStatus  status);
gboolean    kd_case_status_from_string (const char   *str,
                                        KdCaseStatus *status);
const char *kd_case_status_label       (KdCaseStatus  status);
gboolean    kd_case_status_can_change  (KdCaseStatus  from,
                                        KdCaseStatus  to);
gboolean    kd_case_status_is_open     (KdCaseStatus  status);

const char *kd_case_kind_to_string     (KdCaseKind    kind);
gboolean    kd_case_kind_from_string   (const char   *str,
                                        KdCaseKind   *kind);
const char *kd_case_kind_label         (KdCaseKind    kind);

const char *kd_role_to_string          (KdRole        role);
gboolean    kd_role_from_string        (const char   *str,
                                        KdRole       *role);
const char *kd_role_label              (KdRole        role);

gboolean    kd_code_lookup             (const char * const *codes,
                                        guint               n,
                                        const char         *str,
                                        int                *value);

G_END_DECLS
