/* bn-test-util.h — helpers for the app's widget tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>
#include "bn-core.h"

G_BEGIN_DECLS

void       bn_test_init          (int          *argc,
                                  char       ***argv);
char      *bn_test_make_dir      (const char   *name);
gboolean   bn_test_wait_until    (gboolean    (*done) (gpointer data),
                                  gpointer      data,
                                  guint         timeout_ms);
void       bn_test_iterate       (guint         ms);
gboolean   bn_test_screenshot    (GtkWidget    *widget,
                                  const char   *name);
void       bn_test_exchange      (BnHome       *a,
                                  BnHome       *b);
BnHome    *bn_test_neighbour     (const char   *dir_name,
                                  BnHome       *member,
                                  const char   *name,
                                  const char   *street,
                                  const char   *building,
                                  const char   *floor,
                                  const char   *talent);
GtkWidget *bn_test_find_label    (GtkWidget    *root,
                                  const char   *text);
char      *bn_test_collect_text  (GtkWidget    *root);
void       bn_test_assert_described      (GtkWidget  *widget,
                                          const char *words);
guint      bn_test_assert_rows_described (GtkWidget  *root);
void       bn_test_serve_notifications (void);
guint      bn_test_n_notifications     (void);

G_END_DECLS
