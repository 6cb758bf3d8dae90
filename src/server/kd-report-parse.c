#define G_LOG_DOMAIN "kd-report-parse"

#include "config.h"

#include <glib/gi18n.h>
#include <libsoup/soup.h>

#include "kd-http.h"
#include "kd-report-parse.h"
#include "kd-multipart.h"

/* A string member, or NULL when absent or null; FALSE on a wrong type. */
static gboolean
get_string (JsonObject     *obj,
            KdReportField   field,
            char          **out,
            GError        **error)
{
  JsonNode *node = json_object_get_member (obj, kd_report_field_name (field));

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;

  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    {
      g_set_error (error, KD_REPORT_ERROR, field, _("The field “%s” must be a string."),
                   kd_report_field_name (field));
      return FALSE;
    }

  *out = g_strdup (json_node_get_string (node));
  return TRUE;
}

/* The kind a phone chose. Absent (older forms and clients): -1, taken from
 * the category and urgency (KdReport.kind). Anything else, and 清风 (which
 * has its own channel), is -2, which kd_report_validate() refuses. */
static int
parse_kind (const char *value)
{
  KdCaseKind kind;

  if (value == NULL)
    return -1;
  if (!kd_case_kind_from_string (value, &kind) || kind == KD_CASE_KIND_INTEGRITY)
    return -2;
  return kind;
}

static KdReport *
report_from_object (JsonNode  *root,
                    GError   **error)
{
  static const KdReportField strings[] = {
    KD_REPORT_FIELD_VILLAGE, KD_REPORT_FIELD_CATEGORY, KD_REPORT_FIELD_TITLE,
    KD_REPORT_FIELD_DESCRIPTION, KD_REPORT_FIELD_REPORTER_NAME,
    KD_REPORT_FIELD_REPORTER_PHONE, KD_REPORT_FIELD_LOCATION,
  };
  g_autoptr(KdReport) r = kd_report_new ();
  char **slots[] = { &r->village, &r->category, &r->title, &r->description,
                     &r->reporter_name, &r->reporter_phone, &r->location };
  g_autofree char *kind = NULL;
  JsonObject *obj;
  JsonNode *urgent;

  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error (error, KD_REPORT_ERROR, KD_REPORT_FIELD_BODY, _("The body must be a JSON object."));
      return NULL;
    }
  obj = json_node_get_object (root);

  for (guint i = 0; i < G_N_ELEMENTS (strings); i++)
    if (!get_string (obj, strings[i], slots[i], error))
      return NULL;

  urgent = json_object_get_member (obj, "urgent");
  if (urgent != NULL && !JSON_NODE_HOLDS_NULL (urgent))
    {
      if (!JSON_NODE_HOLDS_VALUE (urgent) || json_node_get_value_type (urgent) != G_TYPE_BOOLEAN)
        {
          g_set_error (error, KD_REPORT_ERROR, KD_REPORT_FIELD_URGENT,
                       _("The field “urgent” must be true or false."));
          return NULL;
        }
      r->urgent = json_node_get_boolean (urgent);
    }

  if (!get_string (obj, KD_REPORT_FIELD_KIND, &kind, error))
    return NULL;
  r->kind = parse_kind (kind);
  r->channel = g_strdup ("api");
  return g_steal_pointer (&r);
}

KdReport *
kd_report_parse_json (const char *data,
                      gsize       len,
                      GError    **error)
{
  g_autoptr(JsonParser) parser = NULL;

  if (!g_utf8_validate_len (data, len, NULL))
    {
      g_set_error (error, KD_REPORT_ERROR, KD_REPORT_FIELD_BODY, _("The body is not valid UTF-8."));
      return NULL;
    }
  /* json-glib 1.6 recurses without a limit: refuse deep nesting first. */
  if (!kd_json_depth_ok (data, len, KD_JSON_MAX_DEPTH))
    {
      g_set_error (error, KD_REPORT_ERROR, KD_REPORT_FIELD_BODY, _("The JSON is nested too deeply."));
      return NULL;
    }

  parser = json_parser_new_immutable ();
  if (!json_parser_load_from_data (parser, data, len, error))
    return NULL;

  return report_from_object (json_parser_get_root (parser), error);
}

static KdReport *
report_from_table (GHashTable *form)
{
  KdReport *r = kd_report_new ();

  r->village = g_strdup (g_hash_table_lookup (form, "village"));
  r->category = g_strdup (g_hash_table_lookup (form, "category"));
  r->description = g_strdup (g_hash_table_lookup (form, "description"));
  r->reporter_name = g_strdup (g_hash_table_lookup (form, "reporter_name"));
  r->reporter_phone = g_strdup (g_hash_table_lookup (form, "reporter_phone"));
  r->location = g_strdup (g_hash_table_lookup (form, "location"));
  r->urgent = g_hash_table_contains (form, "urgent");
  r->kind = parse_kind (g_hash_table_lookup (form, "kind"));
  r->channel = g_strdup ("phone");

  return r;
}

/* Never fails: what is missing or wrong is for kd_report_validate() to say. */
KdReport *
kd_report_parse_form (const char *data,
                      gsize       len)
{
  g_autofree char *text = g_strndup (data, len);
  g_autoptr(GHashTable) form = soup_form_decode (text);

  return report_from_table (form);
}

/* The text fields of a multipart form (the first of each name), and its
 * files in @uploads (GBytes, as sent: kd_photo_new_from_upload() checks
 * them). Never fails, like kd_report_parse_form(). */
KdReport *
kd_report_parse_multipart (GPtrArray  *parts,
                           GPtrArray **uploads)
{
  g_autoptr(GHashTable) form = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);

  *uploads = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  for (guint i = 0; i < parts->len; i++)
    {
      KdMultipartPart *part = g_ptr_array_index (parts, i);
      gsize len;
      const char *data = g_bytes_get_data (part->data, &len);

      if (part->filename != NULL)
        g_ptr_array_add (*uploads, g_bytes_ref (part->data));
      else if (!g_hash_table_contains (form, part->name))
        /* A NUL inside is a control character: the check refuses \x01 the same way. */
        g_hash_table_insert (form, part->name,
                             len > 0 && memchr (data, '\0', len) ? g_strdup ("\x01") : g_strndup (data, len));
    }

  return report_from_table (form);
}
