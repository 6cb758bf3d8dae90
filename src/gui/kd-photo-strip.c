/* kd-photo-strip.c: reads a case's photos (a few hundred kB each, on the
 * UI thread's reader), decodes them on a worker thread (JPEG decoding takes
 * milliseconds) and shows them as thumbnails. Hidden while there are none. */
#define G_LOG_DOMAIN "kd-photo-strip"

#include "config.h"

#include <glib/gi18n.h>
#include <adwaita.h>

#include "kd-photo-strip.h"
#include "kd-photo.h"

#define THUMB_WIDTH  160
#define THUMB_HEIGHT 120

struct _KdPhotoStrip
{
  GtkWidget     parent_instance;

  GtkWidget    *box;
  GPtrArray    *textures;     /* GdkTexture, in position order */
  GCancellable *cancellable;  /* of the load under way */
  gint64        case_id;
};

G_DEFINE_FINAL_TYPE (KdPhotoStrip, kd_photo_strip, GTK_TYPE_WIDGET)

/* Worker thread: JPEG bytes → textures (GdkTexture is immutable and needs no
 * display). A photo that fails to decode is left out. */
static void
decode_thread (GTask        *task,
               gpointer      source,
               gpointer      data,
               GCancellable *cancellable)
{
  GPtrArray *blobs = data;
  g_autoptr(GPtrArray) textures = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < blobs->len && !g_cancellable_is_cancelled (cancellable); i++)
    {
      g_autoptr(GError) error = NULL;
      GdkTexture *texture = gdk_texture_new_from_bytes (g_ptr_array_index (blobs, i), &error);

      if (texture == NULL)
        g_warning ("A photo could not be decoded: %s", error->message);
      else
        g_ptr_array_add (textures, texture);
    }

  g_task_return_pointer (task, g_steal_pointer (&textures), (GDestroyNotify) g_ptr_array_unref);
}

static void
show_large (KdPhotoStrip *self,
            guint         index)
{
  (void) kd_photo_strip_open (self, index);
}

static void
thumb_clicked_cb (GtkButton    *button,
                  KdPhotoStrip *self)
{
  show_large (self, GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (button), "kd-index")));
}

static void
clear_thumbs (KdPhotoStrip *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (self->box)) != NULL)
    gtk_box_remove (GTK_BOX (self->box), child);
  g_ptr_array_set_size (self->textures, 0);
  gtk_widget_set_visible (GTK_WIDGET (self), FALSE);
}

static void
add_thumb (KdPhotoStrip *self,
           GdkTexture   *texture,
           guint         index)
{
  GtkWidget *picture = gtk_picture_new_for_paintable (GDK_PAINTABLE (texture));
  GtkWidget *button = gtk_button_new ();
  g_autofree char *tooltip = g_strdup_printf (_("Photo %u: click to enlarge"), index + 1);

  gtk_picture_set_content_fit (GTK_PICTURE (picture), GTK_CONTENT_FIT_COVER);
  gtk_picture_set_can_shrink (GTK_PICTURE (picture), TRUE);
  gtk_widget_set_size_request (picture, THUMB_WIDTH, THUMB_HEIGHT);
  gtk_button_set_child (GTK_BUTTON (button), picture);
  gtk_widget_set_tooltip_text (button, tooltip);
  gtk_widget_add_css_class (button, "photo-thumb");
  g_object_set_data (G_OBJECT (button), "kd-index", GUINT_TO_POINTER (index));
  g_signal_connect_object (button, "clicked", G_CALLBACK (thumb_clicked_cb), self, 0);
  gtk_box_append (GTK_BOX (self->box), button);
}

static void
decoded_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GPtrArray) textures = g_task_propagate_pointer (G_TASK (result), NULL);
  KdPhotoStrip *self;

  /* Cancelled: the strip moved on to another case or went away. */
  if (textures == NULL || g_task_had_error (G_TASK (result)))
    return;

  self = KD_PHOTO_STRIP (source);
  g_clear_object (&self->cancellable);
  for (guint i = 0; i < textures->len; i++)
    {
      g_ptr_array_add (self->textures, g_object_ref (g_ptr_array_index (textures, i)));
      add_thumb (self, g_ptr_array_index (textures, i), i);
    }
  gtk_widget_set_visible (GTK_WIDGET (self), self->textures->len > 0);
}

/* The photos' bytes, at most KD_PHOTO_MAX_PER_CASE. */
static GPtrArray *
read_blobs (KdDb   *reader,
            gint64  case_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) photos = kd_photo_list (reader, case_id, &error);
  GPtrArray *blobs = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);

  if (photos == NULL)
    g_warning ("Could not list the photos of case %" G_GINT64_FORMAT ": %s", case_id, error->message);
  for (guint i = 0; photos != NULL && i < photos->len && blobs->len < KD_PHOTO_MAX_PER_CASE; i++)
    {
      KdPhoto *listed = g_ptr_array_index (photos, i);
      g_autoptr(KdPhoto) photo = kd_photo_load (reader, case_id, listed->position, &error);

      if (photo == NULL)
        {
          g_warning ("Could not read a photo of case %" G_GINT64_FORMAT ": %s", case_id, error->message);
          g_clear_error (&error);
          continue;
        }
      g_ptr_array_add (blobs, g_bytes_ref (photo->data));
    }

  return blobs;
}

static void
kd_photo_strip_dispose (GObject *object)
{
  KdPhotoStrip *self = KD_PHOTO_STRIP (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->box, gtk_widget_unparent);
  g_clear_pointer (&self->textures, g_ptr_array_unref);

  G_OBJECT_CLASS (kd_photo_strip_parent_class)->dispose (object);
}

static void
kd_photo_strip_class_init (KdPhotoStripClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kd_photo_strip_dispose;

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "photostrip");
}

static void
kd_photo_strip_init (KdPhotoStrip *self)
{
  self->textures = g_ptr_array_new_with_free_func (g_object_unref);
  self->box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
  gtk_widget_set_parent (self->box, GTK_WIDGET (self));
  gtk_widget_set_visible (GTK_WIDGET (self), FALSE);
}

GtkWidget *
kd_photo_strip_new (void)
{
  return g_object_new (KD_TYPE_PHOTO_STRIP, NULL);
}

/* Shows the photos of @case_id (0: none); the same case again keeps them
 * (photos never change once stored). */
void
kd_photo_strip_set_case (KdPhotoStrip *self,
                         KdStore      *store,
                         gint64        case_id)
{
  g_autoptr(GTask) task = NULL;
  GPtrArray *blobs;

  g_return_if_fail (KD_IS_PHOTO_STRIP (self));
  g_return_if_fail (store == NULL || KD_IS_STORE (store));

  if (store == NULL)
    case_id = 0;
  if (case_id == self->case_id)
    return;

  self->case_id = case_id;
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  clear_thumbs (self);
  if (case_id == 0)
    return;

  blobs = read_blobs (kd_store_get_reader (store), case_id);
  if (blobs->len == 0)
    {
      g_ptr_array_unref (blobs);
      return;
    }

  self->cancellable = g_cancellable_new ();
  task = g_task_new (self, self->cancellable, decoded_cb, NULL);
  g_task_set_source_tag (task, kd_photo_strip_set_case);
  g_task_set_return_on_cancel (task, TRUE);
  g_task_set_task_data (task, blobs, (GDestroyNotify) g_ptr_array_unref);
  g_task_run_in_thread (task, decode_thread);
}

/* How many thumbnails are on show (0 while they are being decoded). */
guint
kd_photo_strip_get_n_shown (KdPhotoStrip *self)
{
  g_return_val_if_fail (KD_IS_PHOTO_STRIP (self), 0);

  return self->textures->len;
}

/* Opens photo @index large in a window of its own; returns the window. */
GtkWidget *
kd_photo_strip_open (KdPhotoStrip *self,
                     guint         index)
{
  GtkWidget *window, *picture, *header, *box;
  GtkEventController *shortcuts;
  g_autofree char *title = NULL;

  g_return_val_if_fail (KD_IS_PHOTO_STRIP (self), NULL);
  g_return_val_if_fail (index < self->textures->len, NULL);

  title = g_strdup_printf (_("Photo %u of %u"), index + 1, self->textures->len);
  window = adw_window_new ();
  gtk_window_set_title (GTK_WINDOW (window), title);
  gtk_window_set_transient_for (GTK_WINDOW (window), GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))));
  gtk_window_set_modal (GTK_WINDOW (window), TRUE);
  gtk_window_set_destroy_with_parent (GTK_WINDOW (window), TRUE);
  gtk_window_set_default_size (GTK_WINDOW (window), 960, 720);

  header = adw_header_bar_new ();
  picture = gtk_picture_new_for_paintable (g_ptr_array_index (self->textures, index));
  gtk_picture_set_can_shrink (GTK_PICTURE (picture), TRUE);
  gtk_widget_set_vexpand (picture, TRUE);
  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  gtk_box_append (GTK_BOX (box), header);
  gtk_box_append (GTK_BOX (box), picture);
  adw_window_set_content (ADW_WINDOW (window), box);

  shortcuts = gtk_shortcut_controller_new ();
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts),
                                        gtk_shortcut_new (gtk_shortcut_trigger_parse_string ("Escape"),
                                                          gtk_named_action_new ("window.close")));
  gtk_widget_add_controller (window, shortcuts);

  gtk_window_present (GTK_WINDOW (window));
  return window;
}
