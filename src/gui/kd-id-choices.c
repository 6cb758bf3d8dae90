/* kd-id-choices.c: see kd-id-choices.h. */
#include "config.h"

#include "kd-id-choices.h"

/* The id of @dropdown's row, or @none when nothing is chosen. */
gint64
kd_id_choices_get (GtkDropDown *dropdown,
                   GArray      *ids,
                   gint64       none)
{
  guint selected = gtk_drop_down_get_selected (dropdown);

  return selected < ids->len ? g_array_index (ids, gint64, selected) : none;
}

/* Starts filling @dropdown and @ids again; the first row is chosen unless
 * a row added has the id chosen before. */
void
kd_id_choices_begin (KdIdChoices *self,
                     GtkDropDown *dropdown,
                     GArray      *ids)
{
  self->dropdown = dropdown;
  self->ids = ids;
  self->names = gtk_string_list_new (NULL);
  self->chosen = kd_id_choices_get (dropdown, ids, G_MININT64);
  self->selected = 0;
  g_array_set_size (ids, 0);
}

void
kd_id_choices_add (KdIdChoices *self,
                   gint64       id,
                   const char  *name)
{
  if (id == self->chosen && self->chosen != G_MININT64)
    self->selected = self->ids->len;
  gtk_string_list_append (self->names, name);
  g_array_append_val (self->ids, id);
}

/* Sets the rows and the choice (the drop-down's "notify::selected" runs). */
void
kd_id_choices_end (KdIdChoices *self)
{
  gtk_drop_down_set_model (self->dropdown, G_LIST_MODEL (self->names));
  gtk_drop_down_set_selected (self->dropdown, self->selected);
  g_clear_object (&self->names);
}
