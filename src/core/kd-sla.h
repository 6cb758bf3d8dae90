/* kd-sla.h: the SLA clock of 你呼我应. Working time (the township's working
 * days, working hours and holidays, in its time zone) and the deadlines
 * that the rules of sla_rules give each case.
 *
 * A KdCalendar is plain arithmetic, with no database: build one with
 * kd_calendar_new() and kd_calendar_add_holiday(), or read the town's from
 * the settings (work_days, work_hours, timezone) and the holidays table with
 * kd_calendar_load(). Times are unix seconds.
 *
 * - A day is a working day when it is in work_days ("12345": ISO weekdays,
 *   Monday = 1), unless the holidays table lists it with is_workday = 0 (a
 *   public holiday); a day listed with is_workday = 1 is a working day
 *   whatever its weekday (调休: the Saturday worked to make up a bridge day).
 * - On a working day the working time is the periods of work_hours
 *   ("09:00-12:00,13:30-17:30"), local time. Everything else — nights, the
 *   lunch break, weekends, holidays — does not count.
 *
 * Deadlines (kd_sla_deadline()): a rule of working time adds working
 * minutes; a rule of clock time (emergencies: 2 h to respond, 24 h to
 * resolve) adds minutes of the clock, nights and holidays included. */
#pragma once

#include <glib.h>

#include "kd-types.h"
#include "kd-db.h"

G_BEGIN_DECLS

typedef struct _KdCalendar KdCalendar;

typedef struct
{
  int      response_minutes;
  int      resolution_minutes;
  gboolean working_time;      /* TRUE: minutes of working time; FALSE: of the clock */
} KdSlaRule;

GTimeZone  *kd_time_zone_new             (const char *identifier);
KdCalendar *kd_calendar_new              (const char        *work_days,
                                          const char        *work_hours,
                                          const char        *timezone,
                                          GError           **error);
KdCalendar *kd_calendar_load             (KdDb              *db,
                                          GError           **error);
void        kd_calendar_free             (KdCalendar        *self);
void        kd_calendar_add_holiday      (KdCalendar        *self,
                                          const char        *day,
                                          gboolean           is_workday);
gboolean    kd_calendar_is_working_day   (KdCalendar        *self,
                                          GDateTime         *local_day);
gint64      kd_calendar_add_working_seconds (KdCalendar     *self,
                                          gint64             from,
                                          gint64             seconds);
gint64      kd_calendar_add_working_minutes (KdCalendar     *self,
                                          gint64             from,
                                          gint64             minutes);
gint64      kd_calendar_working_seconds  (KdCalendar        *self,
                                          gint64             from,
                                          gint64             to);
gint64      kd_calendar_working_minutes  (KdCalendar        *self,
                                          gint64             from,
                                          gint64             to);

gboolean    kd_sla_rule_load             (KdDb              *db,
                                          KdCaseKind         kind,
                                          gboolean           urgent,
                                          KdSlaRule         *rule,
                                          GError           **error);
gint64      kd_sla_deadline              (KdCalendar        *calendar,
                                          const KdSlaRule   *rule,
                                          gint64             from,
                                          int                minutes);
gint64      kd_sla_shift                 (KdCalendar        *calendar,
                                          const KdSlaRule   *rule,
                                          gint64             due,
                                          gint64             paused_from,
                                          gint64             paused_to);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KdCalendar, kd_calendar_free)

G_END_DECLS
