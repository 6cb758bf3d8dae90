/* kd-id-choices.h: a GtkDropDown of names, each standing for an id (a
 * village, a cadre, or a row such as "every place" with an id of its own),
 * filled again when the store changes without losing the choice. */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

typedef struct
{
  GtkDropDown   *dropdown;
  GArray        *ids;        /* gint64, parallel to the rows */
  GtkStringList *names;
  gint64         chosen;     /* the id chosen before */
  guint          selected;
} KdIdChoices;

void   kd_id_choices_begin (KdIdChoices *self,
                            GtkDropDown *dropdown,
                            GArray      *ids);
void   kd_id_choices_add   (KdIdChoices *self,
                            gint64       id,
                            const char  *name);
void   kd_id_choices_end   (KdIdChoices *self);
gint64 kd_id_choices_get   (GtkDropDown *dropdown,
                            GArray      *ids,
                            gint64       none);

G_END_DECLS
