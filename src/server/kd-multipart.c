#define G_LOG_DOMAIN "kd-multipart"

#include "config.h"

#include <string.h>
#include <glib/gi18n.h>

#include "kd-multipart.h"

G_DEFINE_QUARK (kd-multipart-error-quark, kd_multipart_error)

void
kd_multipart_part_free (KdMultipartPart *part)
{
  if (part == NULL)
    return;

  g_free (part->name);
  g_free (part->filename);
  g_free (part->content_type);
  g_clear_pointer (&part->data, g_bytes_unref);
  g_free (part);
}

/* RFC 2046: 1 to 70 of these, not ending in a space. */
gboolean
kd_multipart_boundary_is_valid (const char *boundary)
{
  gsize len = boundary ? strlen (boundary) : 0;

  if (len == 0 || len > KD_MULTIPART_MAX_BOUNDARY || boundary[len - 1] == ' ')
    return FALSE;
  for (gsize i = 0; i < len; i++)
    if (!g_ascii_isalnum (boundary[i]) && strchr ("'()+_,-./:=? ", boundary[i]) == NULL)
      return FALSE;

  return TRUE;
}

/* The first @needle in @data[from, len), or -1. The needle starts with '\r'
 * and has no other: each byte is looked at a bounded number of times. */
static gssize
find (const guint8 *data,
      gsize         len,
      gsize         from,
      const char   *needle,
      gsize         nlen)
{
  for (gsize i = from; i + nlen <= len; i++)
    {
      const guint8 *hit = memchr (data + i, needle[0], len - nlen + 1 - i);

      if (hit == NULL)
        return -1;
      i = hit - data;
      if (memcmp (hit, needle, nlen) == 0)
        return i;
    }
  return -1;
}

static gboolean
fail (GError     **error,
      int          code,
      const char  *message)
{
  g_set_error_literal (error, KD_MULTIPART_ERROR, code, message);
  return FALSE;
}

/* One parameter value of Content-Disposition: a quoted string (with
 * backslash escapes) or a token. Advances *p past it. */
static char *
param_value (const char **p)
{
  GString *v = g_string_new (NULL);
  const char *s = *p;

  if (*s == '"')
    {
      for (s++; *s && *s != '"'; s++)
        {
          if (*s == '\\' && s[1] != '\0')
            s++;
          g_string_append_c (v, *s);
        }
      if (*s == '"')
        s++;
    }
  else
    for (; *s && *s != ';' && *s != ' ' && *s != '\t'; s++)
      g_string_append_c (v, *s);

  *p = s;
  return g_string_free (v, FALSE);
}

/* "form-data; name=…; filename=…" (anything else is refused). */
static gboolean
parse_disposition (const char       *value,
                   KdMultipartPart  *part)
{
  const char *p = value;

  if (g_ascii_strncasecmp (p, "form-data", 9) != 0)
    return FALSE;
  p += 9;

  while (*p)
    {
      const char *key;
      gsize key_len;
      char *v;

      while (*p == ' ' || *p == '\t' || *p == ';')
        p++;
      key = p;
      while (*p && *p != '=' && *p != ';' && *p != ' ' && *p != '\t')
        p++;
      key_len = p - key;
      while (*p == ' ' || *p == '\t')
        p++;
      if (*p != '=')
        continue;
      p++;
      while (*p == ' ' || *p == '\t')
        p++;

      v = param_value (&p);
      if (key_len == 4 && g_ascii_strncasecmp (key, "name", 4) == 0 && part->name == NULL)
        part->name = v;
      else if (key_len == 8 && g_ascii_strncasecmp (key, "filename", 8) == 0 && part->filename == NULL)
        part->filename = v;
      else
        g_free (v);
    }

  return part->name != NULL && *part->name != '\0' &&
         strlen (part->name) <= KD_MULTIPART_MAX_NAME &&
         g_utf8_validate (part->name, -1, NULL);
}

/* One header line (without its CRLF). */
static gboolean
parse_header (const char       *line,
              KdMultipartPart  *part)
{
  const char *colon = strchr (line, ':');
  g_autofree char *value = NULL;
  gsize name_len;

  if (colon == NULL || colon == line)
    return FALSE;
  name_len = colon - line;
  value = g_strstrip (g_strdup (colon + 1));

  if (name_len == 19 && g_ascii_strncasecmp (line, "Content-Disposition", 19) == 0)
    return part->name == NULL && parse_disposition (value, part);
  if (name_len == 12 && g_ascii_strncasecmp (line, "Content-Type", 12) == 0 && part->content_type == NULL)
    part->content_type = g_steal_pointer (&value);

  return TRUE;
}

/* The headers of a part, from *pos up to and including the empty line. */
static gboolean
parse_headers (const guint8     *data,
               gsize             len,
               gsize            *pos,
               KdMultipartPart  *part,
               GError          **error)
{
  for (guint n = 0; ; n++)
    {
      gsize limit = MIN (len, *pos + KD_MULTIPART_MAX_HEADER_LINE + 2);
      gssize eol = find (data, limit, *pos, "\r\n", 2);
      g_autofree char *line = NULL;

      if (eol < 0)
        return fail (error, KD_MULTIPART_ERROR_MALFORMED, _("A header line of the form is too long or unfinished."));
      if ((gsize) eol == *pos)
        {
          *pos += 2;
          break;
        }
      if (n >= KD_MULTIPART_MAX_HEADERS)
        return fail (error, KD_MULTIPART_ERROR_MALFORMED, _("A part of the form has too many headers."));

      line = g_strndup ((const char *) data + *pos, eol - *pos);
      if (strlen (line) != (gsize) (eol - *pos) || !parse_header (line, part))
        return fail (error, KD_MULTIPART_ERROR_MALFORMED, _("A part of the form has a header that cannot be read."));
      *pos = eol + 2;
    }

  if (part->name == NULL)
    return fail (error, KD_MULTIPART_ERROR_MALFORMED, _("A part of the form has no name."));
  return TRUE;
}

static gboolean
check_part_size (KdMultipartPart  *part,
                 gsize             size,
                 guint            *n_files,
                 GError          **error)
{
  if (part->filename == NULL)
    return size <= KD_MULTIPART_MAX_FIELD ||
           fail (error, KD_MULTIPART_ERROR_FIELD_TOO_LARGE, _("A field of the form is too long."));

  if (size > KD_MULTIPART_MAX_FILE)
    return fail (error, KD_MULTIPART_ERROR_FILE_TOO_LARGE, _("A photo may have at most 5 MB."));
  /* An empty file input sends an empty part: not a file. */
  if (size > 0 && ++*n_files > KD_MULTIPART_MAX_FILES)
    return fail (error, KD_MULTIPART_ERROR_TOO_MANY_FILES, _("At most 3 photos can be sent with a report."));

  return TRUE;
}

/* After the opening delimiter: the parts, until the closing one. */
static gboolean
parse_parts (GBytes      *body,
             gsize        pos,
             const char  *delim,
             GPtrArray   *parts,
             GError     **error)
{
  gsize len;
  const guint8 *data = g_bytes_get_data (body, &len);
  gsize dlen = strlen (delim);
  guint n_files = 0;

  for (guint n = 0; ; n++)
    {
      g_autoptr(KdMultipartPart) part = NULL;
      gssize end;

      if (pos + 2 <= len && data[pos] == '-' && data[pos + 1] == '-')
        return TRUE;   /* the closing delimiter; the epilogue is ignored */
      for (guint pad = 0; pos < len && (data[pos] == ' ' || data[pos] == '\t') && pad < 64; pad++)
        pos++;
      if (pos + 2 > len || data[pos] != '\r' || data[pos + 1] != '\n')
        return fail (error, KD_MULTIPART_ERROR_MALFORMED, _("The form is not valid multipart data."));
      pos += 2;
      if (n >= KD_MULTIPART_MAX_PARTS)
        return fail (error, KD_MULTIPART_ERROR_TOO_MANY_PARTS, _("The form has too many parts."));

      part = g_new0 (KdMultipartPart, 1);
      if (!parse_headers (data, len, &pos, part, error))
        return FALSE;
      end = find (data, len, pos, delim, dlen);
      if (end < 0)
        return fail (error, KD_MULTIPART_ERROR_MALFORMED, _("The form ends before its last part does."));
      if (!check_part_size (part, end - pos, &n_files, error))
        return FALSE;

      part->data = g_bytes_new_from_bytes (body, pos, end - pos);
      pos = end + dlen;
      if (part->filename == NULL || g_bytes_get_size (part->data) > 0)
        g_ptr_array_add (parts, g_steal_pointer (&part));
    }
}

/* Parses @body into its parts (KdMultipartPart, in order), or refuses it
 * whole with an error a person can read. Nothing is kept from a refusal. */
GPtrArray *
kd_multipart_parse (const char  *boundary,
                    GBytes      *body,
                    GError     **error)
{
  g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func ((GDestroyNotify) kd_multipart_part_free);
  g_autofree char *delim = NULL;
  gsize len;
  const guint8 *data = g_bytes_get_data (body, &len);
  gsize dlen, pos;

  if (!kd_multipart_boundary_is_valid (boundary))
    {
      fail (error, KD_MULTIPART_ERROR_MALFORMED, _("The form has no valid boundary."));
      return NULL;
    }

  /* "\r\n--boundary"; the first delimiter may also open the body. */
  delim = g_strconcat ("\r\n--", boundary, NULL);
  dlen = strlen (delim);
  if (len >= dlen - 2 && memcmp (data, delim + 2, dlen - 2) == 0)
    pos = dlen - 2;
  else
    {
      gssize first = data ? find (data, len, 0, delim, dlen) : -1;

      if (first < 0)
        {
          fail (error, KD_MULTIPART_ERROR_MALFORMED, _("The form is not valid multipart data."));
          return NULL;
        }
      pos = first + dlen;
    }

  if (!parse_parts (body, pos, delim, parts, error))
    return NULL;

  return g_steal_pointer (&parts);
}

KdMultipartPart *
kd_multipart_find (GPtrArray  *parts,
                   const char *name)
{
  for (guint i = 0; parts != NULL && i < parts->len; i++)
    {
      KdMultipartPart *part = g_ptr_array_index (parts, i);

      if (g_str_equal (part->name, name))
        return part;
    }
  return NULL;
}
