#define G_LOG_DOMAIN "kd-open311-parse"

#include "config.h"

#include <math.h>
#include <glib/gi18n.h>

#include "kd-open311-parse.h"

G_DEFINE_QUARK (kd-open311-error-quark, kd_open311_error)

#define DAY_SECONDS (24 * 60 * 60)

/* A parameter's value; empty counts as absent (the spec's "optional"). */
static const char *
field (GHashTable *table,
       const char *name)
{
  const char *value = table != NULL ? g_hash_table_lookup (table, name) : NULL;

  if (value == NULL)
    return NULL;
  for (const char *p = value; *p; p++)
    if (!g_ascii_isspace (*p))
      return value;
  return NULL;
}

static const struct {
  const char     *name;
  KdOpen311Route  route;
  gboolean        has_arg;
} routes[] = {
  { "discovery", KD_OPEN311_ROUTE_DISCOVERY, FALSE },
  { "services",  KD_OPEN311_ROUTE_SERVICES,  FALSE },
  { "requests",  KD_OPEN311_ROUTE_REQUESTS,  FALSE },
  { "services/", KD_OPEN311_ROUTE_SERVICE,   TRUE },
  { "requests/", KD_OPEN311_ROUTE_REQUEST,   TRUE },
  { "tokens/",   KD_OPEN311_ROUTE_TOKEN,     TRUE },
};

static KdOpen311Format
format_of (const char *ext)
{
  if (g_str_equal (ext, "json"))
    return KD_OPEN311_FORMAT_JSON;
  if (g_str_equal (ext, "xml"))
    return KD_OPEN311_FORMAT_XML;
  return KD_OPEN311_FORMAT_NONE;
}

/* "/open311/v2/services/roads.json" → SERVICE, JSON, "roads". The format is
 * the extension of the last segment; without a known one the route is
 * unknown (and @format NONE). */
KdOpen311Route
kd_open311_parse_path (const char       *path,
                       KdOpen311Format  *format,
                       char            **arg)
{
  g_autofree char *rest = NULL;
  char *dot;

  *format = KD_OPEN311_FORMAT_NONE;
  *arg = NULL;

  if (path == NULL || !g_str_has_prefix (path, KD_OPEN311_PREFIX))
    return KD_OPEN311_ROUTE_UNKNOWN;

  rest = g_strdup (path + strlen (KD_OPEN311_PREFIX));
  dot = strrchr (rest, '.');
  if (dot == NULL || strchr (dot, '/') != NULL)
    return KD_OPEN311_ROUTE_UNKNOWN;
  *format = format_of (dot + 1);
  *dot = '\0';
  if (*format == KD_OPEN311_FORMAT_NONE)
    return KD_OPEN311_ROUTE_UNKNOWN;

  for (guint i = 0; i < G_N_ELEMENTS (routes); i++)
    {
      const char *name = routes[i].name;

      if (!routes[i].has_arg && g_str_equal (rest, name))
        return routes[i].route;

      if (routes[i].has_arg && g_str_has_prefix (rest, name))
        {
          const char *value = rest + strlen (name);

          if (*value == '\0' || strchr (value, '/') != NULL || strlen (value) > KD_OPEN311_MAX_ARG)
            return KD_OPEN311_ROUTE_UNKNOWN;
          *arg = g_strdup (value);
          return routes[i].route;
        }
    }

  return KD_OPEN311_ROUTE_UNKNOWN;
}

/* A plain decimal number (no exponent, no inf or nan) within ±@limit. */
gboolean
kd_open311_parse_coordinate (const char *text,
                             double      limit,
                             double     *out)
{
  g_autofree char *s = NULL;
  char *end = NULL;
  gboolean digit = FALSE;
  double v;

  if (text == NULL || strlen (text) > 32)
    return FALSE;
  s = g_strstrip (g_strdup (text));

  for (const char *p = s; *p; p++)
    {
      if (g_ascii_isdigit (*p))
        digit = TRUE;
      else if (!((*p == '-' || *p == '+') && p == s) && *p != '.')
        return FALSE;
    }
  if (!digit)
    return FALSE;

  v = g_ascii_strtod (s, &end);
  if (end == s || *end != '\0' || !isfinite (v) || fabs (v) > limit)
    return FALSE;

  *out = v;
  return TRUE;
}

static void
append_number (GString *s,
               double   v)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];
  char *p;

  g_ascii_formatd (buf, sizeof buf, "%.8f", v);
  p = buf + strlen (buf) - 1;
  while (p > buf && *p == '0')
    *p-- = '\0';
  if (*p == '.')
    *p = '\0';
  if (g_str_equal (buf, "-0"))
    g_strlcpy (buf, "0", sizeof buf);
  g_string_append (s, buf);
}

/* How a place is kept in cases.location: the address as given, then the
 * point as "(lat, long)" when there is one. */
char *
kd_open311_join_location (const char *address,
                          gboolean    has_point,
                          double      lat,
                          double      lng)
{
  GString *s = g_string_new (address);

  g_strstrip (s->str);
  g_string_set_size (s, strlen (s->str));
  if (has_point)
    {
      if (s->len > 0)
        g_string_append_c (s, ' ');
      g_string_append_c (s, '(');
      append_number (s, lat);
      g_string_append (s, ", ");
      append_number (s, lng);
      g_string_append_c (s, ')');
    }

  return g_string_free (s, FALSE);
}

/* The reverse of kd_open311_join_location(): @address is NULL when there is
 * none; FALSE (and NaN) for a location without a point. */
gboolean
kd_open311_split_location (const char  *location,
                           char       **address,
                           double      *lat,
                           double      *lng)
{
  g_autofree char *inner = NULL;
  g_auto(GStrv) parts = NULL;
  const char *open;
  gsize len;

  *address = NULL;
  *lat = *lng = NAN;
  if (location == NULL)
    return FALSE;

  len = strlen (location);
  open = strrchr (location, '(');
  if (len < 2 || location[len - 1] != ')' || open == NULL)
    goto no_point;

  inner = g_strndup (open + 1, location + len - 1 - (open + 1));
  parts = g_strsplit (inner, ",", -1);
  if (g_strv_length (parts) != 2 ||
      !kd_open311_parse_coordinate (parts[0], 90, lat) ||
      !kd_open311_parse_coordinate (parts[1], 180, lng))
    {
      *lat = *lng = NAN;
      goto no_point;
    }

  *address = g_strstrip (g_strndup (location, open - location));
  if (**address == '\0')
    g_clear_pointer (address, g_free);
  return TRUE;

no_point:
  *address = g_strstrip (g_strdup (location));
  if (**address == '\0')
    g_clear_pointer (address, g_free);
  return FALSE;
}

static gboolean
set_bad (GError    **error,
         const char *message)
{
  g_set_error_literal (error, KD_OPEN311_ERROR, KD_OPEN311_ERROR_BAD_REQUEST, message);
  return FALSE;
}

static char *
location_from_form (GHashTable  *form,
                    GError     **error)
{
  const char *lat_text = field (form, "lat");
  const char *long_text = field (form, "long");
  const char *address = field (form, "address_string");
  double lat = 0, lng = 0;

  if (address == NULL)
    address = field (form, "address_id");

  if ((lat_text == NULL) != (long_text == NULL))
    {
      set_bad (error, _("Send both lat and long, or neither."));
      return NULL;
    }
  if (lat_text != NULL &&
      (!kd_open311_parse_coordinate (lat_text, 90, &lat) ||
       !kd_open311_parse_coordinate (long_text, 180, &lng)))
    {
      set_bad (error, _("lat and long must be decimal degrees (WGS84)."));
      return NULL;
    }
  if (lat_text == NULL && address == NULL)
    {
      set_bad (error, _("A location is required: lat and long, address_string or address_id."));
      return NULL;
    }

  return kd_open311_join_location (address, lat_text != NULL, lat, lng);
}

static char *
name_from_form (GHashTable *form)
{
  const char *first = field (form, "first_name");
  const char *last = field (form, "last_name");

  if (first != NULL && last != NULL)
    return g_strdup_printf ("%s %s", first, last);
  return g_strdup (first != NULL ? first : last);
}

/* POST requests: a report, checked as a phone's is (kd_report_validate), or
 * an error (KD_OPEN311_ERROR or KD_REPORT_ERROR). The village is the
 * attribute "village" (a village code), else @default_village. The api_key is
 * not looked at here; email, device_id, account_id, media_url and other
 * attributes are ignored. */
KdReport *
kd_open311_parse_post (GHashTable  *form,
                       const char  *default_village,
                       GError     **error)
{
  g_autoptr(KdReport) r = NULL;
  const char *code = field (form, "service_code");
  const char *village = field (form, KD_OPEN311_VILLAGE_ATTR);
  char *location;

  if (code == NULL)
    {
      set_bad (error, _("service_code was not provided."));
      return NULL;
    }

  location = location_from_form (form, error);
  if (location == NULL)
    return NULL;

  r = kd_report_new ();
  r->location = location;
  r->category = g_strdup (code);
  r->village = g_strdup (village != NULL ? village : default_village);
  r->description = g_strdup (field (form, "description"));
  r->reporter_name = name_from_form (form);
  r->reporter_phone = g_strdup (field (form, "phone"));
  r->channel = g_strdup ("open311");

  if (!kd_report_validate (r, error))
    return NULL;

  return g_steal_pointer (&r);
}

/* A W3C date and time with its zone (the spec), or a bare date (UTC). */
gboolean
kd_open311_parse_datetime (const char *text,
                           gint64     *out)
{
  g_autoptr(GDateTime) dt = NULL;
  g_autofree char *full = NULL;

  if (text == NULL || strlen (text) > 40 || !g_utf8_validate (text, -1, NULL))
    return FALSE;

  if (strlen (text) == 10 && text[4] == '-' && text[7] == '-')
    text = full = g_strconcat (text, "T00:00:00Z", NULL);

  dt = g_date_time_new_from_iso8601 (text, NULL);
  if (dt == NULL)
    return FALSE;

  *out = g_date_time_to_unix (dt);
  return TRUE;
}

char *
kd_open311_format_datetime (gint64 unix_time)
{
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_utc (unix_time);

  if (dt == NULL)
    return g_strdup ("1970-01-01T00:00:00Z");
  return g_date_time_format (dt, "%Y-%m-%dT%H:%M:%SZ");
}

gboolean
kd_open311_parse_id (const char *text,
                     gint64     *out)
{
  guint64 v;

  if (text == NULL || !g_ascii_string_to_unsigned (text, 10, 1, G_MAXINT64, &v, NULL))
    return FALSE;
  *out = (gint64) v;
  return TRUE;
}

/* The non-empty, trimmed items of a comma-separated list; NULL (and an
 * error) past KD_OPEN311_MAX_LIST. */
static GStrv
split_list (const char  *text,
            const char  *name,
            GError     **error)
{
  g_auto(GStrv) parts = g_strsplit (text, ",", -1);
  g_autoptr(GStrvBuilder) b = g_strv_builder_new ();
  guint n = 0;

  for (guint i = 0; parts[i] != NULL; i++)
    {
      g_strstrip (parts[i]);
      if (*parts[i] == '\0')
        continue;
      if (++n > KD_OPEN311_MAX_LIST)
        {
          g_set_error (error, KD_OPEN311_ERROR, KD_OPEN311_ERROR_BAD_REQUEST,
                       _("%s may list at most %d values."), name, KD_OPEN311_MAX_LIST);
          return NULL;
        }
      g_strv_builder_add (b, parts[i]);
    }

  return g_strv_builder_end (b);
}

static gboolean
parse_ids (const char      *text,
           KdOpen311Query  *out,
           GError         **error)
{
  g_auto(GStrv) ids = split_list (text, "service_request_id", error);

  if (ids == NULL)
    return FALSE;

  out->ids = g_new0 (gint64, g_strv_length (ids) + 1);
  for (guint i = 0; ids[i] != NULL; i++)
    if (kd_open311_parse_id (ids[i], &out->ids[out->n_ids]))
      out->n_ids++;     /* an id that cannot exist is simply not found */

  return TRUE;
}

static gboolean
parse_status (const char      *text,
              KdOpen311Query  *out,
              GError         **error)
{
  g_auto(GStrv) items = split_list (text, "status", error);
  guint flags = 0;

  if (items == NULL)
    return FALSE;
  for (guint i = 0; items[i] != NULL; i++)
    {
      if (g_ascii_strcasecmp (items[i], "open") == 0)
        flags |= KD_OPEN311_STATUS_OPEN;
      else if (g_ascii_strcasecmp (items[i], "closed") == 0)
        flags |= KD_OPEN311_STATUS_CLOSED;
      else
        return set_bad (error, _("status must be open, closed, or both."));
    }

  out->status = flags == (KD_OPEN311_STATUS_OPEN | KD_OPEN311_STATUS_CLOSED) ? KD_OPEN311_STATUS_ANY : flags;
  return TRUE;
}

/* Without dates, the last 90 days; with one, the 90 days from or to it. */
static gboolean
parse_dates (GHashTable      *query,
             gint64           now,
             KdOpen311Query  *out,
             GError         **error)
{
  const char *start = field (query, "start_date");
  const char *end = field (query, "end_date");
  const gint64 span = (gint64) KD_OPEN311_DAYS * DAY_SECONDS;

  if (start != NULL && !kd_open311_parse_datetime (start, &out->start))
    return set_bad (error, _("start_date must be a W3C date and time, such as 2010-01-01T00:00:00Z."));
  if (end != NULL && !kd_open311_parse_datetime (end, &out->end))
    return set_bad (error, _("end_date must be a W3C date and time, such as 2010-01-01T00:00:00Z."));

  if (start == NULL && end == NULL)
    out->end = now;
  if (start == NULL)
    out->start = out->end - span;
  else if (end == NULL)
    out->end = out->start + span;

  if (out->end < out->start)
    return set_bad (error, _("end_date is before start_date."));
  if (out->end - out->start > span)
    return set_bad (error, _("The range from start_date to end_date may not span more than 90 days."));

  return TRUE;
}

/* GET requests. service_request_id, when given, overrides the rest. */
gboolean
kd_open311_parse_query (GHashTable      *query,
                        gint64           now,
                        KdOpen311Query  *out,
                        GError         **error)
{
  const char *ids = field (query, "service_request_id");
  const char *codes = field (query, "service_code");
  const char *status = field (query, "status");

  memset (out, 0, sizeof *out);
  out->limit = KD_OPEN311_LIMIT;

  if (ids != NULL)
    {
      if (parse_ids (ids, out, error))
        return TRUE;
      kd_open311_query_clear (out);
      return FALSE;
    }

  if (codes != NULL)
    {
      out->service_codes = split_list (codes, "service_code", error);
      if (out->service_codes == NULL)
        return FALSE;
      if (out->service_codes[0] == NULL)
        g_clear_pointer (&out->service_codes, g_strfreev);
    }

  if ((status != NULL && !parse_status (status, out, error)) ||
      !parse_dates (query, now, out, error))
    {
      kd_open311_query_clear (out);
      return FALSE;
    }

  return TRUE;
}
