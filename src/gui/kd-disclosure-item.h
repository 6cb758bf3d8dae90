/* kd-disclosure-item.h: one disclosure as a list item (a GObject for the
 * page's GtkColumnView), holding the core's KdDisclosure. */
#pragma once

#include <gio/gio.h>

#include "kd-disclosure.h"

G_BEGIN_DECLS

#define KD_TYPE_DISCLOSURE_ITEM (kd_disclosure_item_get_type ())

G_DECLARE_FINAL_TYPE (KdDisclosureItem, kd_disclosure_item, KD, DISCLOSURE_ITEM, GObject)

KdDisclosureItem   *kd_disclosure_item_new         (KdDisclosure       *disclosure);
const KdDisclosure *kd_disclosure_item_get         (KdDisclosureItem   *self);
char               *kd_disclosure_dup_state_label  (const KdDisclosure *disclosure);
const char         *kd_disclosure_place_label      (const KdDisclosure *disclosure);

G_END_DECLS
