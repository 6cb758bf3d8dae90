/* kd-case-list-private.h: what KdCaseList shares with kd-case-filter.c and
 * kd-case-list-refresh.c. */
#pragma once

#include "kd-case-list.h"
#include "kd-case-filter.h"
#include "kd-fts.h"
#include "kd-store.h"

G_BEGIN_DECLS

/* Where the pages start, rows above the first (kd-case-list.c): room for
 * a hundred billion cases on top before the page numbers run out of a guint. */
#define KD_CASE_LIST_ORIGIN ((gint64) KD_CASE_LIST_PAGE_SIZE << 30)

/* A page of rows, read in the snapshot whose newest case id is @stamp (0:
 * none that a refresh held; see kd-case-list-refresh.c). */
typedef struct
{
  GPtrArray *rows;             /* of KdCase */
  gint64     stamp;
} KdCaseListPage;

struct _KdCaseList
{
  GObject     parent_instance;

  KdStore    *store;
  KdDb       *db;              /* the store's reader for this thread */
  GHashTable *pages;           /* page number → KdCaseListPage */
  gint64      origin;          /* rows from the start of page 0 to the first row */
  guint       n_items;
  guint       pages_loaded;
  guint       refresh_source;

  /* filter and sort */
  int         status;          /* < 0: any */
  gint64      village_id;      /* 0: any */
  gint64      category_id;     /* 0: any */
  gboolean    urgent_only;
  KdCaseFilter workflow;       /* kind, assignee, overdue, viewer */
  char       *search;          /* as typed, trimmed; NULL: none */
  KdFtsQuery *query;           /* what the search became; NULL: none */
  KdCaseSort  sort;
  gboolean    descending;
  KdCaseSort  sort_before_search;
  gboolean    descending_before_search;

  char       *filter_sql;      /* " AND …" on c for the filters, or "" */
  gboolean    pending;         /* cases are queued for indexing (as of the last count) */

  /* the refreshes (kd-case-list-refresh.c) */
  gint64      stamp;           /* newest case id in the snapshot of n_items; 0: unknown */
  gint64      snapshot;        /* while a refresh holds its snapshot: the stamp pages get */
  gint64      recent_from;     /* cases newer than this are read again by a quick refresh */
  guint       n_recent;        /* how many of them the list has: its first rows */
  gint64      newest_seen;     /* the newest case id a change was announced for */
  gboolean    old_changed;     /* a change came for a case not newer than recent_from */
  gboolean    adding_new;      /* announcing a quick refresh */
};

KdCaseFilter *kd_case_list_get_workflow_filter (KdCaseList *self);
void          kd_case_list_filter_changed      (KdCaseList *self);

/* kd-case-list.c */
guint         kd_case_list_count_rows          (KdCaseList   *self);
void          kd_case_list_bind_filter         (KdCaseList   *self,
                                                sqlite3_stmt *stmt);
void          kd_case_list_page_free           (gpointer      page);
guint         kd_case_list_page_start          (KdCaseList   *self,
                                                guint         page);
guint         kd_case_list_page_end            (KdCaseList   *self,
                                                guint         page);

/* kd-case-list-refresh.c */
void          kd_case_list_watch_store         (KdCaseList   *self);

G_END_DECLS
