#define G_LOG_DOMAIN "kd-open311-out"

#include "config.h"

#include <json-glib/json-glib.h>

#include "kd-http.h"
#include "kd-open311-out.h"

typedef struct
{
  char *tag;    /* the element to close */
  char *item;   /* for a list: the element of each item */
} Level;

struct _KdOpen311Out
{
  KdOpen311Format  format;
  JsonBuilder     *json;
  GString         *xml;
  GArray          *stack;   /* of Level */
};

static void
level_clear (gpointer data)
{
  Level *level = data;

  g_free (level->tag);
  g_free (level->item);
}

KdOpen311Out *
kd_open311_out_new (KdOpen311Format format)
{
  KdOpen311Out *out = g_new0 (KdOpen311Out, 1);

  out->format = format == KD_OPEN311_FORMAT_JSON ? KD_OPEN311_FORMAT_JSON : KD_OPEN311_FORMAT_XML;
  out->stack = g_array_new (FALSE, TRUE, sizeof (Level));
  g_array_set_clear_func (out->stack, level_clear);
  if (out->format == KD_OPEN311_FORMAT_JSON)
    out->json = json_builder_new ();
  else
    out->xml = g_string_new ("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");

  return out;
}

void
kd_open311_out_free (KdOpen311Out *out)
{
  if (out == NULL)
    return;
  g_clear_object (&out->json);
  if (out->xml != NULL)
    g_string_free (out->xml, TRUE);
  g_array_unref (out->stack);
  g_free (out);
}

/* Text content: escaped, and without what XML 1.0 cannot carry (control
 * characters, U+FFFE, U+FFFF, invalid UTF-8). */
static void
append_xml_text (GString    *xml,
                 const char *text)
{
  g_autofree char *valid = g_utf8_make_valid (text, -1);

  for (const char *p = valid; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      switch (c)
        {
        case '&':  g_string_append (xml, "&amp;"); break;
        case '<':  g_string_append (xml, "&lt;"); break;
        case '>':  g_string_append (xml, "&gt;"); break;
        case '"':  g_string_append (xml, "&quot;"); break;
        case '\'': g_string_append (xml, "&apos;"); break;
        default:
          if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0xfffe || c == 0xffff)
            break;
          g_string_append_unichar (xml, c);
        }
    }
}

static void
push (KdOpen311Out *out,
      const char   *tag,
      const char   *item)
{
  Level level = { g_strdup (tag), g_strdup (item) };

  g_string_append_printf (out->xml, "<%s>", tag);
  g_array_append_val (out->stack, level);
}

static void
pop (KdOpen311Out *out)
{
  Level *top;

  g_return_if_fail (out->stack->len > 0);
  top = &g_array_index (out->stack, Level, out->stack->len - 1);
  g_string_append_printf (out->xml, "</%s>", top->tag);
  g_array_set_size (out->stack, out->stack->len - 1);
}

static void
json_member (KdOpen311Out *out,
             const char   *name)
{
  if (out->stack->len > 0)
    json_builder_set_member_name (out->json, name);
}

void
kd_open311_out_begin_object (KdOpen311Out *out,
                             const char   *name)
{
  if (out->json != NULL)
    {
      json_member (out, name);
      json_builder_begin_object (out->json);
      g_array_set_size (out->stack, out->stack->len + 1);
    }
  else
    push (out, name, NULL);
}

void
kd_open311_out_end_object (KdOpen311Out *out)
{
  if (out->json != NULL)
    {
      json_builder_end_object (out->json);
      g_array_set_size (out->stack, out->stack->len - 1);
    }
  else
    pop (out);
}

void
kd_open311_out_begin_list (KdOpen311Out *out,
                           const char   *name,
                           const char   *item)
{
  if (out->json != NULL)
    {
      json_member (out, name);
      json_builder_begin_array (out->json);
      g_array_set_size (out->stack, out->stack->len + 1);
    }
  else
    push (out, name, item);
}

void
kd_open311_out_end_list (KdOpen311Out *out)
{
  if (out->json != NULL)
    {
      json_builder_end_array (out->json);
      g_array_set_size (out->stack, out->stack->len - 1);
    }
  else
    pop (out);
}

static const char *
item_name (KdOpen311Out *out)
{
  g_return_val_if_fail (out->stack->len > 0, "item");
  return g_array_index (out->stack, Level, out->stack->len - 1).item;
}

void
kd_open311_out_begin_item (KdOpen311Out *out)
{
  if (out->json != NULL)
    {
      json_builder_begin_object (out->json);
      g_array_set_size (out->stack, out->stack->len + 1);
    }
  else
    push (out, item_name (out), NULL);
}

void
kd_open311_out_end_item (KdOpen311Out *out)
{
  kd_open311_out_end_object (out);
}

static void
xml_element (KdOpen311Out *out,
             const char   *name,
             const char   *text)
{
  if (text == NULL)
    {
      g_string_append_printf (out->xml, "<%s/>", name);
      return;
    }
  g_string_append_printf (out->xml, "<%s>", name);
  append_xml_text (out->xml, text);
  g_string_append_printf (out->xml, "</%s>", name);
}

void
kd_open311_out_string (KdOpen311Out *out,
                       const char   *name,
                       const char   *value)
{
  if (out->json == NULL)
    {
      xml_element (out, name, value);
      return;
    }
  json_builder_set_member_name (out->json, name);
  if (value != NULL)
    json_builder_add_string_value (out->json, value);
  else
    json_builder_add_null_value (out->json);
}

void
kd_open311_out_int (KdOpen311Out *out,
                    const char   *name,
                    gint64        value)
{
  g_autofree char *text = NULL;

  if (out->json != NULL)
    {
      json_builder_set_member_name (out->json, name);
      json_builder_add_int_value (out->json, value);
      return;
    }
  text = g_strdup_printf ("%" G_GINT64_FORMAT, value);
  xml_element (out, name, text);
}

void
kd_open311_out_bool (KdOpen311Out *out,
                     const char   *name,
                     gboolean      value)
{
  if (out->json != NULL)
    {
      json_builder_set_member_name (out->json, name);
      json_builder_add_boolean_value (out->json, value);
      return;
    }
  xml_element (out, name, value ? "true" : "false");
}

void
kd_open311_out_double (KdOpen311Out *out,
                       const char   *name,
                       double        value)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  if (out->json != NULL)
    {
      json_builder_set_member_name (out->json, name);
      json_builder_add_double_value (out->json, value);
      return;
    }
  xml_element (out, name, g_ascii_formatd (buf, sizeof buf, "%.8f", value));
}

void
kd_open311_out_item_string (KdOpen311Out *out,
                            const char   *value)
{
  if (out->json != NULL)
    json_builder_add_string_value (out->json, value);
  else
    xml_element (out, item_name (out), value);
}

char *
kd_open311_out_dup_text (KdOpen311Out *out)
{
  g_autoptr(JsonGenerator) gen = NULL;
  g_autoptr(JsonNode) root = NULL;

  if (out->xml != NULL)
    return g_strconcat (out->xml->str, "\n", NULL);

  root = json_builder_get_root (out->json);
  gen = json_generator_new ();
  json_generator_set_root (gen, root);
  return json_generator_to_data (gen, NULL);
}

void
kd_open311_out_send (KdOpen311Out      *out,
                     SoupServerMessage *msg,
                     guint              status)
{
  char *text = kd_open311_out_dup_text (out);

  kd_http_add_security_headers (msg);
  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, out->json != NULL ? "application/json; charset=utf-8"
                                                           : "text/xml; charset=utf-8",
                                    SOUP_MEMORY_TAKE, text, strlen (text));
}
