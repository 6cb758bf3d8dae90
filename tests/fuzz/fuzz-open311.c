/* libFuzzer target: the parameters of Open311 (/open311/v2/): the form body of
 * POST requests, the query of GET requests, the path, and the places and
 * dates read from them. The first line of the input is also read as a path,
 * a place and a date; the rest (or all of it) as a form or query. */
#include "config.h"

#include <math.h>
#include <stdint.h>
#include <libsoup/soup.h>

#include "kd-open311-parse.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

static void
fuzz_post (GHashTable *form)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KdReport) report = kd_open311_parse_post (form, "kuiduo", &error);

  g_assert ((report == NULL) != (error == NULL));
  if (report != NULL)
    {
      g_autofree char *address = NULL;
      double lat, lng;

      /* What is accepted is what a phone report may be. */
      g_assert (kd_report_validate (report, NULL));
      g_assert (report->location != NULL);
      if (kd_open311_split_location (report->location, &address, &lat, &lng))
        g_assert (fabs (lat) <= 90 && fabs (lng) <= 180);
    }
}

static void
fuzz_query (GHashTable *query)
{
  g_autoptr(GError) error = NULL;
  KdOpen311Query q;

  if (kd_open311_parse_query (query, 1700000000, &q, &error))
    {
      g_assert (q.limit == KD_OPEN311_LIMIT);
      g_assert (q.ids != NULL || q.end - q.start <= (gint64) KD_OPEN311_DAYS * 24 * 3600);
      g_assert (q.ids != NULL || q.start <= q.end);
      g_assert (q.n_ids <= KD_OPEN311_MAX_LIST);
      kd_open311_query_clear (&q);
    }
  else
    g_assert (error != NULL);
}

static void
fuzz_place (const char *text)
{
  g_autofree char *address = NULL;
  g_autofree char *again = NULL;
  g_autofree char *address2 = NULL;
  double lat, lng, lat2, lng2;

  if (!kd_open311_split_location (text, &address, &lat, &lng))
    return;

  /* A place read back is written, and read, the same way again. */
  again = kd_open311_join_location (address, TRUE, lat, lng);
  g_assert (kd_open311_split_location (again, &address2, &lat2, &lng2));
  g_assert (fabs (lat - lat2) < 1e-7 && fabs (lng - lng2) < 1e-7);
  g_assert (g_strcmp0 (address, address2) == 0);
}

static void
fuzz_text (const char *text)
{
  g_autofree char *arg = NULL;
  KdOpen311Format format;
  KdOpen311Route route = kd_open311_parse_path (text, &format, &arg);
  gint64 t;

  if (route != KD_OPEN311_ROUTE_UNKNOWN)
    g_assert (format != KD_OPEN311_FORMAT_NONE);
  if (arg != NULL)
    g_assert (*arg != '\0' && strchr (arg, '/') == NULL && strlen (arg) <= KD_OPEN311_MAX_ARG);

  fuzz_place (text);

  if (kd_open311_parse_datetime (text, &t))
    {
      g_autofree char *shown = kd_open311_format_datetime (t);
      gint64 back;

      if (t >= 0 && t < G_GINT64_CONSTANT (253402300800))
        g_assert (kd_open311_parse_datetime (shown, &back) && back == t);
    }
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autofree char *text = g_strndup ((const char *) data, size);
  char *newline = strchr (text, '\n');
  g_autoptr(GHashTable) form = NULL;

  if (newline != NULL)
    *newline = '\0';
  fuzz_text (text);

  form = soup_form_decode (newline != NULL ? newline + 1 : text);
  fuzz_post (form);
  fuzz_query (form);

  return 0;
}
