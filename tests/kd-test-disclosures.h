/* kd-test-disclosures.h: what test-display-disclosures.c builds on. */
#pragma once

#include <adwaita.h>

#include "kd-cadre.h"
#include "kd-disclosure.h"
#include "kd-disclosure-dialog.h"
#include "kd-disclosures-page.h"
#include "kd-server.h"
#include "kd-store.h"
#include "kd-window.h"

G_BEGIN_DECLS

typedef struct
{
  char              *dir;
  KdStore           *store;
  KdServer          *server;
  char              *base;      /* "http://127.0.0.1:PORT/" */
  KdCadre           *admin;
  KdCadre           *staff;
  KdCadre           *secretary; /* of 魁多村 */
  KdCadre           *discipline;
  gint64             kuiduo;
  gint64             other;     /* a village not the secretary's */
  KdWindow          *window;
  KdDisclosuresPage *page;
} Fixture;

void                kd_test_disclosures_setup    (Fixture            *f,
                                                  gconstpointer       data);
void                kd_test_disclosures_teardown (Fixture            *f,
                                                  gconstpointer       data);
gint64              query_int                    (Fixture            *f,
                                                  const char         *sql);

/* Through the core, as another desk would. */
gint64              seed                         (Fixture            *f,
                                                  KdCadre            *by,
                                                  KdDisclosureKind    kind,
                                                  gint64              village_id,
                                                  const char         *period,
                                                  const char         *title,
                                                  guint               n_lines);
gint64              act                          (Fixture            *f,
                                                  KdCadre            *by,
                                                  gint64              id,
                                                  KdDisclosureAction  action);
gint64              seed_published               (Fixture            *f,
                                                  const char         *title,
                                                  guint               n_lines);

/* On screen. */
void                open_window                  (Fixture            *f,
                                                  KdCadre            *cadre);
GtkWidget          *named                        (gpointer            root,
                                                  const char         *name);
gboolean            shown                        (gpointer            root,
                                                  const char         *name);
KdDisclosureDialog *open_dialog                  (Fixture            *f,
                                                  gint64              id);
void                close_dialog                 (KdDisclosureDialog *dialog);
void                click                        (GtkWidget          *button);
gboolean            is_idle                      (gpointer            data);
KdDisclosureState   state_after                  (KdDisclosureDialog *dialog);
void                confirm                      (const char         *says,
                                                  const char         *response);
gboolean            text_in                      (gpointer            root,
                                                  const char         *text);
gboolean            dialog_shown                 (gpointer            data);
gboolean            no_dialog                    (gpointer            data);

#define add_test(path, func) \
  g_test_add (path, Fixture, NULL, kd_test_disclosures_setup, func, kd_test_disclosures_teardown)

G_END_DECLS
