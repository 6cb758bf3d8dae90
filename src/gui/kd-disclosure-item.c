/* kd-disclosure-item.c: a disclosure in a list model, and the words the
 * desktop uses for its state and its place. */
#define G_LOG_DOMAIN "kd-disclosure-item"

#include "config.h"

#include <glib/gi18n.h>

#include "kd-disclosure-item.h"

struct _KdDisclosureItem
{
  GObject       parent_instance;

  KdDisclosure *disclosure;
};

G_DEFINE_FINAL_TYPE (KdDisclosureItem, kd_disclosure_item, G_TYPE_OBJECT)

static void
kd_disclosure_item_finalize (GObject *object)
{
  KdDisclosureItem *self = (KdDisclosureItem *)object;

  g_clear_pointer (&self->disclosure, kd_disclosure_free);

  G_OBJECT_CLASS (kd_disclosure_item_parent_class)->finalize (object);
}

static void
kd_disclosure_item_class_init (KdDisclosureItemClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = kd_disclosure_item_finalize;
}

static void
kd_disclosure_item_init (KdDisclosureItem *self)
{
}

/* Takes @disclosure. */
KdDisclosureItem *
kd_disclosure_item_new (KdDisclosure *disclosure)
{
  KdDisclosureItem *self;

  g_return_val_if_fail (disclosure != NULL, NULL);

  self = g_object_new (KD_TYPE_DISCLOSURE_ITEM, NULL);
  self->disclosure = disclosure;
  return self;
}

const KdDisclosure *
kd_disclosure_item_get (KdDisclosureItem *self)
{
  g_return_val_if_fail (KD_IS_DISCLOSURE_ITEM (self), NULL);

  return self->disclosure;
}

/* “Draft”, “Reviewed”, “Published v2”, “Superseded (v1)”; a correction's
 * draft says which version it corrects. */
char *
kd_disclosure_dup_state_label (const KdDisclosure *d)
{
  g_return_val_if_fail (d != NULL, NULL);

  if (d->state == KD_DISCLOSURE_PUBLISHED && d->superseded_by != 0)
    /* TRANSLATORS: a published version a correction has replaced; %d is its version number */
    return g_strdup_printf (_("Superseded (v%d)"), (int) d->version);
  if (d->state == KD_DISCLOSURE_PUBLISHED)
    /* TRANSLATORS: %d is the version number */
    return g_strdup_printf (_("Published v%d"), (int) d->version);
  if (d->supersedes_id != 0)
    /* TRANSLATORS: %s is “Draft” or “Reviewed”: a correction of a published version */
    return g_strdup_printf (_("%s (correction)"), kd_disclosure_state_label (d->state));
  return g_strdup (kd_disclosure_state_label (d->state));
}

/* The village's name, or the town. */
const char *
kd_disclosure_place_label (const KdDisclosure *d)
{
  g_return_val_if_fail (d != NULL, NULL);

  return d->village_id != 0 && d->village_name != NULL ? d->village_name : _("The whole town");
}
