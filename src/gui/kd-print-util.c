/* kd-print-util.c: see kd-print-util.h. */
#define G_LOG_DOMAIN "kd-print"

#include "config.h"

#include "kd-print-util.h"

/* @text as plain text (never markup) in @family at @size points, wrapped
 * at @width points (0: not wrapped). */
PangoLayout *
kd_print_layout_new (cairo_t        *cr,
                     const char     *family,
                     double          size,
                     PangoWeight     weight,
                     double          width,
                     PangoAlignment  align,
                     const char     *text)
{
  PangoLayout *layout = pango_cairo_create_layout (cr);
  PangoFontDescription *font = pango_font_description_new ();

  pango_font_description_set_family (font, family);
  pango_font_description_set_weight (font, weight);
  pango_font_description_set_absolute_size (font, size * PANGO_SCALE);
  pango_layout_set_font_description (layout, font);
  pango_font_description_free (font);

  if (width > 0)
    pango_layout_set_width (layout, (int) (width * PANGO_SCALE));
  pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
  pango_layout_set_alignment (layout, align);
  pango_layout_set_text (layout, text, -1);
  return layout;
}

/* @path (no leading slash) under the endpoint's @base_url; NULL when there
 * is no base (the endpoint is stopped). */
char *
kd_print_lan_url (const char *base_url,
                  const char *path)
{
  if (base_url == NULL || *base_url == '\0')
    return NULL;

  return g_strconcat (base_url, g_str_has_suffix (base_url, "/") ? "" : "/", path, NULL);
}
