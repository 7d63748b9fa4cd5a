/* bn-test-street.h — Anna's street for tests that look at every page: posts
 * of every status, a match with thanks, a conversation, a meetup
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "bn-test-util.h"
#include "bn-application.h"
#include "bn-window-private.h"

G_BEGIN_DECLS

typedef void (*BnTestLook) (GtkWidget  *window,
                            const char *page,
                            gpointer    data);

typedef struct
{
  BnApplication *app;
  BnWindow      *window;
  BnSession     *session;
  BnHome        *anna;    /* the app's home */
  BnHome        *bram;
  BnHome        *dina;
  char          *anna_post;
  char          *dina_post;
  char          *event_id;
} BnTestStreet;

void bn_test_street_open  (BnTestStreet *street,
                           int           width,
                           int           height,
                           BnTestLook    look,
                           gpointer      data);
void bn_test_street_visit (BnTestStreet *street,
                           BnWindow     *window,
                           BnTestLook    look,
                           gpointer      data);
void bn_test_street_close (BnTestStreet *street);

G_END_DECLS
