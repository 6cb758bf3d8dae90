/* kd-stats.c: the hotline rates (kd-stats.h). */
#define G_LOG_DOMAIN "kd-stats"

#include "config.h"

#include "kd-stats.h"

enum {
  N_CASES,
  N_RESPONDED,
  N_ON_TIME,
  N_DECIDED,
  N_RESOLVED,
  N_RATINGS,
  N_SATISFIED,
  N_REPEATS,
  N_COUNTS
};

struct _KdStatsRow
{
  GObject  parent_instance;

  gint64   id;
  char    *name;
  guint    counts[N_COUNTS];
};

G_DEFINE_FINAL_TYPE (KdStatsRow, kd_stats_row, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_NAME,
  PROP_CASES,
  PROP_REPEATS,
  PROP_RESPONSE_RATE,
  PROP_ON_TIME_RATE,
  PROP_RESOLUTION_RATE,
  PROP_SATISFACTION_RATE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
kd_stats_row_finalize (GObject *object)
{
  KdStatsRow *self = (KdStatsRow *)object;

  g_clear_pointer (&self->name, g_free);

  G_OBJECT_CLASS (kd_stats_row_parent_class)->finalize (object);
}

static void
kd_stats_row_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  KdStatsRow *self = KD_STATS_ROW (object);

  switch (prop_id)
    {
    case PROP_NAME:              g_value_set_string (value, self->name); break;
    case PROP_CASES:             g_value_set_uint (value, self->counts[N_CASES]); break;
    case PROP_REPEATS:           g_value_set_uint (value, self->counts[N_REPEATS]); break;
    case PROP_RESPONSE_RATE:     g_value_set_double (value, kd_stats_row_get_response_rate (self)); break;
    case PROP_ON_TIME_RATE:      g_value_set_double (value, kd_stats_row_get_on_time_rate (self)); break;
    case PROP_RESOLUTION_RATE:   g_value_set_double (value, kd_stats_row_get_resolution_rate (self)); break;
    case PROP_SATISFACTION_RATE: g_value_set_double (value, kd_stats_row_get_satisfaction_rate (self)); break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kd_stats_row_class_init (KdStatsRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS;

  object_class->finalize = kd_stats_row_finalize;
  object_class->get_property = kd_stats_row_get_property;

  properties[PROP_NAME] = g_param_spec_string ("name", NULL, NULL, NULL, flags);
  properties[PROP_CASES] = g_param_spec_uint ("cases", NULL, NULL, 0, G_MAXUINT, 0, flags);
  properties[PROP_REPEATS] = g_param_spec_uint ("repeats", NULL, NULL, 0, G_MAXUINT, 0, flags);
  /* Shares from 0 to 1, or -1 when there is nothing to count. */
  properties[PROP_RESPONSE_RATE] = g_param_spec_double ("response-rate", NULL, NULL, -1, 1, -1, flags);
  properties[PROP_ON_TIME_RATE] = g_param_spec_double ("on-time-rate", NULL, NULL, -1, 1, -1, flags);
  properties[PROP_RESOLUTION_RATE] = g_param_spec_double ("resolution-rate", NULL, NULL, -1, 1, -1, flags);
  properties[PROP_SATISFACTION_RATE] = g_param_spec_double ("satisfaction-rate", NULL, NULL, -1, 1, -1, flags);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
kd_stats_row_init (KdStatsRow *self)
{
}

/* The groups: what the cases are joined with, ?1..?3 being from, to, now. */
static const struct { const char *from, *order; } groups[] = {
  [KD_STATS_BY_VILLAGE] = { " FROM villages g LEFT JOIN cases c ON c.village_id = g.id", " GROUP BY g.id ORDER BY g.position, g.id" },
  [KD_STATS_BY_ASSIGNEE] = { " FROM cadres g LEFT JOIN cases c ON c.assignee_id = g.id",
                             " GROUP BY g.id HAVING count (c.id) > 0 OR g.active ORDER BY g.display_name, g.id" },
  [KD_STATS_TOWN] = { " FROM (SELECT 0 AS id, (SELECT value FROM settings WHERE key = 'town_name') AS name) g"
                      " LEFT JOIN cases c ON 1", " GROUP BY g.id" },
};

#define COUNTS_SQL \
  "count (c.id)," \
  " coalesce (sum (c.responded_at IS NOT NULL), 0)," \
  " coalesce (sum (c.status <> 6 AND c.responded_at <= c.response_due_at" \
  "   AND c.resolved_at <= c.resolution_due_at), 0)," \
  " coalesce (sum (c.status <> 6 AND (c.resolved_at IS NOT NULL OR c.resolution_due_at < ?3)), 0)," \
  " coalesce (sum (c.status IN (4, 5)), 0)," \
  " coalesce (sum ((SELECT count (*) FROM ratings r WHERE r.case_id = c.id)), 0)," \
  " coalesce (sum ((SELECT count (*) FROM ratings r WHERE r.case_id = c.id AND r.satisfaction >= 4)), 0)," \
  " coalesce (sum (EXISTS (SELECT 1 FROM cases p WHERE p.reporter_phone = c.reporter_phone" \
  "   AND p.category_id = c.category_id AND p.created_at >= c.created_at - ?4" \
  "   AND p.created_at <= c.created_at AND p.id <> c.id" \
  "   AND (p.created_at < c.created_at OR p.id < c.id))), 0)"

/* The cases counted: received in [?1, ?2), no duplicates, no 清风. */
#define CASES_IN_RANGE \
  " AND c.created_at >= ?1 AND c.created_at < ?2 AND c.kind <> 4 AND c.status <> 7"

static char *
stats_sql (KdStatsGroup group)
{
  const char *name = group == KD_STATS_BY_ASSIGNEE ? "g.display_name" : "g.name";

  return g_strconcat ("SELECT g.id, ", name, ", ", COUNTS_SQL, groups[group].from, CASES_IN_RANGE,
                      groups[group].order, NULL);
}

/* One row per village, per cadre or for the town (KdStatsGroup) of the cases
 * received from @from until @to (unix seconds); @now decides which
 * deadlines have passed. Returns a GListModel of KdStatsRow. */
GListModel *
kd_stats_query (KdDb          *db,
                KdStatsGroup   group,
                gint64         from,
                gint64         to,
                gint64         now,
                GError       **error)
{
  g_autoptr(GListStore) store = g_list_store_new (KD_TYPE_STATS_ROW);
  g_autofree char *sql = NULL;
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (group <= KD_STATS_TOWN, NULL);

  sql = stats_sql (group);
  stmt = kd_db_prepare (db, sql, error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, from);
  sqlite3_bind_int64 (stmt, 2, to);
  sqlite3_bind_int64 (stmt, 3, now);
  sqlite3_bind_int64 (stmt, 4, (gint64) KD_STATS_REPEAT_DAYS * 86400);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_autoptr(KdStatsRow) row = g_object_new (KD_TYPE_STATS_ROW, NULL);

      row->id = sqlite3_column_int64 (stmt, 0);
      row->name = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
      for (guint i = 0; i < N_COUNTS; i++)
        row->counts[i] = (guint) MAX (sqlite3_column_int64 (stmt, 2 + i), 0);
      g_list_store_append (store, row);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      kd_db_set_error (db, rc, "hotline rates", error);
      return NULL;
    }

  return G_LIST_MODEL (g_steal_pointer (&store));
}

static double
share (guint part,
       guint whole)
{
  return whole == 0 ? -1 : (double) part / whole;
}

gint64      kd_stats_row_get_id        (KdStatsRow *self) { return self->id; }
const char *kd_stats_row_get_name      (KdStatsRow *self) { return self->name; }
guint       kd_stats_row_get_cases     (KdStatsRow *self) { return self->counts[N_CASES]; }
guint       kd_stats_row_get_responded (KdStatsRow *self) { return self->counts[N_RESPONDED]; }
guint       kd_stats_row_get_on_time   (KdStatsRow *self) { return self->counts[N_ON_TIME]; }
guint       kd_stats_row_get_decided   (KdStatsRow *self) { return self->counts[N_DECIDED]; }
guint       kd_stats_row_get_resolved  (KdStatsRow *self) { return self->counts[N_RESOLVED]; }
guint       kd_stats_row_get_ratings   (KdStatsRow *self) { return self->counts[N_RATINGS]; }
guint       kd_stats_row_get_satisfied (KdStatsRow *self) { return self->counts[N_SATISFIED]; }
guint       kd_stats_row_get_repeats   (KdStatsRow *self) { return self->counts[N_REPEATS]; }

double
kd_stats_row_get_response_rate (KdStatsRow *self)
{
  return share (self->counts[N_RESPONDED], self->counts[N_CASES]);
}

double
kd_stats_row_get_on_time_rate (KdStatsRow *self)
{
  return share (self->counts[N_ON_TIME], self->counts[N_DECIDED]);
}

double
kd_stats_row_get_resolution_rate (KdStatsRow *self)
{
  return share (self->counts[N_RESOLVED], self->counts[N_CASES]);
}

double
kd_stats_row_get_satisfaction_rate (KdStatsRow *self)
{
  return share (self->counts[N_SATISFIED], self->counts[N_RATINGS]);
}
