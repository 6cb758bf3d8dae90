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
} KdCaseSort;

const char *kd_case_status_to_string   (KdCaseStatus  status);
gboolean    kd_case_status_from_string (const char   *str,
                                        KdCaseStatus *status);
const char *kd_case_status_label       (KdCaseStatus  status);
gboolean    kd_case_status_can_change  (KdCaseStatus  from,
                                        KdCaseStatus  to);
gboolean    kd_case_status_is_open     (KdCaseStatus  status);

G_END_DECLS
