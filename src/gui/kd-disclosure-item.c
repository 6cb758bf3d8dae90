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
  char         *period;
  char         *state;
  char         *changed;
};

G_DEFINE_FINAL_TYPE (KdDisclosureItem, kd_disclosure_item, G_TYPE_OBJECT)

/* What the page's columns show, as text (ui/kd-disclosures-page.ui). */
enum {
  PROP_0,
  PROP_PERIOD,
  PROP_KIND,
  PROP_PLACE,
  PROP_TITLE,
  PROP_STATE,
  PROP_CHANGED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
kd_disclosure_item_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  KdDisclosureItem *self = KD_DISCLOSURE_ITEM (object);

  switch (prop_id)
    {
    case PROP_PERIOD:  g_value_set_string (value, self->period); break;
    case PROP_KIND:    g_value_set_string (value, kd_disclosure_kind_label (self->disclosure->kind)); break;
    case PROP_PLACE:   g_value_set_string (value, kd_disclosure_place_label (self->disclosure)); break;
    case PROP_TITLE:   g_value_set_string (value, self->disclosure->title); break;
    case PROP_STATE:   g_value_set_string (value, self->state); break;
    case PROP_CHANGED: g_value_set_string (value, self->changed); break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kd_disclosure_item_finalize (GObject *object)
{
  KdDisclosureItem *self = (KdDisclosureItem *)object;

  g_clear_pointer (&self->disclosure, kd_disclosure_free);
  g_free (self->period);
  g_free (self->state);
  g_free (self->changed);

  G_OBJECT_CLASS (kd_disclosure_item_parent_class)->finalize (object);
}

static void
kd_disclosure_item_class_init (KdDisclosureItemClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const char *names[N_PROPS] = { NULL, "period", "kind", "place", "title", "state", "changed" };

  object_class->finalize = kd_disclosure_item_finalize;
  object_class->get_property = kd_disclosure_item_get_property;

  for (guint i = 1; i < N_PROPS; i++)
    properties[i] = g_param_spec_string (names[i], NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
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
  g_autoptr(GDateTime) when = NULL;

  g_return_val_if_fail (disclosure != NULL, NULL);

  self = g_object_new (KD_TYPE_DISCLOSURE_ITEM, NULL);
  self->disclosure = disclosure;
  self->period = kd_disclosure_period_label (disclosure->period);
  self->state = kd_disclosure_dup_state_label (disclosure);
  /* Published: when; otherwise the last edit. */
  when = g_date_time_new_from_unix_local (disclosure->state == KD_DISCLOSURE_PUBLISHED ? disclosure->published_at
                                                                                       : disclosure->updated_at);
  self->changed = when ? g_date_time_format (when, "%Y-%m-%d %H:%M") : g_strdup ("");
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
