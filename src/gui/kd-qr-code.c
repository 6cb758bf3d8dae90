/* kd-qr-code.c: encodes its text with libqrencode and draws one rectangle per
 * run of dark modules in a row, snapped to whole pixels so it stays sharp at
 * any size a phone camera needs. */
#define G_LOG_DOMAIN "kd-qr-code"

#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <qrencode.h>

#include "kd-qr-code.h"

#define MIN_MODULE_PX 2
#define NAT_MODULE_PX 6

struct _KdQrCode
{
  GtkWidget  parent_instance;

  char      *text;
  guint      size;      /* modules per side, without the quiet zone; 0: nothing */
  guint8    *modules;   /* size × size, 1 = dark */
};

G_DEFINE_FINAL_TYPE (KdQrCode, kd_qr_code, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_TEXT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* The modules of @text, @size × @size, 1 = dark; NULL for no text (or text
 * too long for a QR code). */
guint8 *
kd_qr_encode (const char *text,
              guint      *size)
{
  guint8 *modules;
  QRcode *qr;

  *size = 0;
  if (text == NULL || *text == '\0')
    return NULL;

  qr = QRcode_encodeString (text, 0, QR_ECLEVEL_M, QR_MODE_8, 1);
  if (qr == NULL)
    {
      g_warning ("Could not encode “%s” as a QR code: %s", text, g_strerror (errno));
      return NULL;
    }

  *size = qr->width;
  modules = g_new (guint8, (gsize) qr->width * qr->width);
  for (int i = 0; i < qr->width * qr->width; i++)
    modules[i] = qr->data[i] & 1;
  QRcode_free (qr);

  return modules;
}

/* Draws @text as a QR code, quiet zone included, in the square of @side at
 * (@x, @y) — for paper, where the widget cannot go. FALSE: nothing to draw. */
gboolean
kd_qr_draw (cairo_t    *cr,
            const char *text,
            double      x,
            double      y,
            double      side)
{
  g_autofree guint8 *modules = NULL;
  guint size, total;
  double module;

  modules = kd_qr_encode (text, &size);
  if (modules == NULL)
    return FALSE;

  total = size + 2 * KD_QR_CODE_QUIET_ZONE;
  module = side / total;

  cairo_save (cr);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_rectangle (cr, x, y, side, side);
  cairo_fill (cr);

  cairo_set_source_rgb (cr, 0, 0, 0);
  for (guint row = 0; row < size; row++)
    for (guint col = 0; col < size;)
      {
        guint run = 0;

        while (col + run < size && modules[(gsize) row * size + col + run])
          run++;
        if (run > 0)
          cairo_rectangle (cr, x + module * (KD_QR_CODE_QUIET_ZONE + col),
                           y + module * (KD_QR_CODE_QUIET_ZONE + row), module * run, module);
        col += MAX (run, 1);
      }
  cairo_fill (cr);
  cairo_restore (cr);

  return TRUE;
}

static void
kd_qr_code_encode (KdQrCode *self)
{
  g_clear_pointer (&self->modules, g_free);
  self->modules = kd_qr_encode (self->text, &self->size);
}

static void
kd_qr_code_measure (GtkWidget      *widget,
                    GtkOrientation  orientation,
                    int             for_size,
                    int            *minimum,
                    int            *natural,
                    int            *minimum_baseline,
                    int            *natural_baseline)
{
  KdQrCode *self = KD_QR_CODE (widget);
  guint total = self->size > 0 ? self->size + 2 * KD_QR_CODE_QUIET_ZONE : 0;

  *minimum = total * MIN_MODULE_PX;
  *natural = total * NAT_MODULE_PX;
}

static void
kd_qr_code_snapshot (GtkWidget   *widget,
                     GtkSnapshot *snapshot)
{
  KdQrCode *self = KD_QR_CODE (widget);
  static const GdkRGBA white = { 1, 1, 1, 1 };
  static const GdkRGBA black = { 0, 0, 0, 1 };
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  guint total = self->size + 2 * KD_QR_CODE_QUIET_ZONE;
  int px, x0, y0;

  if (self->size == 0)
    return;

  /* Whole pixels per module: no module is blurred across two pixels. */
  px = MAX (1, MIN (width, height) / (int) total);
  x0 = (width - px * (int) total) / 2;
  y0 = (height - px * (int) total) / 2;

  gtk_snapshot_append_color (snapshot, &white,
                             &GRAPHENE_RECT_INIT (x0, y0, px * total, px * total));

  x0 += px * KD_QR_CODE_QUIET_ZONE;
  y0 += px * KD_QR_CODE_QUIET_ZONE;
  for (guint y = 0; y < self->size; y++)
    {
      const guint8 *row = self->modules + (gsize) y * self->size;

      for (guint x = 0; x < self->size;)
        {
          guint run = 0;

          while (x + run < self->size && row[x + run])
            run++;
          if (run > 0)
            gtk_snapshot_append_color (snapshot, &black,
                                       &GRAPHENE_RECT_INIT (x0 + px * x, y0 + px * y, px * run, px));
          x += MAX (run, 1);
        }
    }
}

static void
kd_qr_code_finalize (GObject *object)
{
  KdQrCode *self = (KdQrCode *)object;

  g_clear_pointer (&self->text, g_free);
  g_clear_pointer (&self->modules, g_free);

  G_OBJECT_CLASS (kd_qr_code_parent_class)->finalize (object);
}

static void
kd_qr_code_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  KdQrCode *self = KD_QR_CODE (object);

  switch (prop_id)
    {
    case PROP_TEXT:
      g_value_set_string (value, self->text);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kd_qr_code_set_property (GObject      *object,
                         guint         prop_id,
                         const GValue *value,
                         GParamSpec   *pspec)
{
  KdQrCode *self = KD_QR_CODE (object);

  switch (prop_id)
    {
    case PROP_TEXT:
      kd_qr_code_set_text (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kd_qr_code_class_init (KdQrCodeClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = kd_qr_code_finalize;
  object_class->get_property = kd_qr_code_get_property;
  object_class->set_property = kd_qr_code_set_property;

  widget_class->measure = kd_qr_code_measure;
  widget_class->snapshot = kd_qr_code_snapshot;

  properties[PROP_TEXT] =
    g_param_spec_string ("text", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_css_name (widget_class, "qrcode");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
kd_qr_code_init (KdQrCode *self)
{
}

GtkWidget *
kd_qr_code_new (void)
{
  return g_object_new (KD_TYPE_QR_CODE, NULL);
}

const char *
kd_qr_code_get_text (KdQrCode *self)
{
  g_return_val_if_fail (KD_IS_QR_CODE (self), NULL);

  return self->text;
}

void
kd_qr_code_set_text (KdQrCode   *self,
                     const char *text)
{
  g_autofree char *label = NULL;

  g_return_if_fail (KD_IS_QR_CODE (self));

  if (g_strcmp0 (self->text, text) == 0)
    return;
  g_free (self->text);
  self->text = g_strdup (text);

  kd_qr_code_encode (self);
  /* Translators: what a screen reader says for the QR code; %s is the address */
  label = g_strdup_printf (_("QR code of %s"), text ? text : "");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
  gtk_widget_queue_resize (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TEXT]);
}

/* Modules per side without the quiet zone; 0 when there is nothing to show. */
guint
kd_qr_code_get_size (KdQrCode *self)
{
  g_return_val_if_fail (KD_IS_QR_CODE (self), 0);

  return self->size;
}

gboolean
kd_qr_code_get_module (KdQrCode *self,
                       guint     x,
                       guint     y)
{
  g_return_val_if_fail (KD_IS_QR_CODE (self), FALSE);

  if (x >= self->size || y >= self->size)
    return FALSE;

  return self->modules[(gsize) y * self->size + x] != 0;
}
