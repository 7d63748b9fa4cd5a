/* bn-post-list-bench.c — what the app's cold-start benchmark reads
 *
 * Only when BUURTNET_BENCH is set in the environment (bench/app/run.sh sets
 * it): the Requests list prints one line on stdout per frame the window
 * paints,
 *
 *   bench-frame MONOTONIC_US PAGE AT_END CPU_US ROWS SHOWN
 *
 * (CLOCK_MONOTONIC in microseconds, the name of the window's page shown: browse
 * or post, whether the list is scrolled to its end, its last row shown, the
 * CPU time the main thread has used so far in microseconds, how many rows the
 * list holds (each bound to a post and laid out in every frame) and how many
 * of them show), and one line per key the list is sent,
 *
 *   bench-key MONOTONIC_US CPU_US KEYVAL
 *
 * so that what a key costs can be read in CPU time too, which the machine's
 * load moves far less than the time on the clock. Once the first frame is
 * painted it puts the keyboard focus on the list's first row, as a neighbour's
 * Tab would, so the benchmark's End and Return keys (sent through XTest) reach
 * the list. Nothing else changes: no line is printed without the variable.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "bn-post-list-private.h"

#include <stdio.h>
#include <time.h>

typedef struct
{
  GtkWidget      *list;       /* weak: the Requests list */
  GtkWidget      *rows;       /* the widget whose first row takes the focus */
  GtkAdjustment  *scroll;     /* owned */
  GdkFrameClock  *clock;      /* owned */
  gulong          paint_id;
  gboolean        focused;
} Bench;

/* At the end once the last row shows: below it the list keeps a margin. */
#define END_SLACK 24

static void
bench_free (gpointer data)
{
  Bench *bench = data;

  g_clear_signal_handler (&bench->paint_id, bench->clock);
  g_clear_object (&bench->clock);
  g_clear_object (&bench->scroll);
  g_free (bench);
}

/* The window's own stack (browse, post, compose), the list's nearest GtkStack
 * ancestor that is not inside the list itself. */
static const char *
page_shown (GtkWidget *list)
{
  for (GtkWidget *w = gtk_widget_get_parent (list); w != NULL; w = gtk_widget_get_parent (w))
    if (GTK_IS_STACK (w))
      return gtk_stack_get_visible_child_name (GTK_STACK (w));
  return "none";
}

/* The CPU time the calling (main) thread has used, in microseconds. */
static gint64
thread_cpu_us (void)
{
  struct timespec now;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &now);
  return (gint64) now.tv_sec * G_USEC_PER_SEC + now.tv_nsec / 1000;
}

/* How many rows the list view holds (each bound to a post and measured in
 * every layout), and how many of them it shows (allocated and drawn: GTK
 * keeps the others' widgets unmapped). */
static void
count_rows (Bench *bench,
            guint *held,
            guint *shown)
{
  *held = *shown = 0;
  for (GtkWidget *row = gtk_widget_get_first_child (bench->rows); row != NULL;
       row = gtk_widget_get_next_sibling (row))
    {
      if (!gtk_widget_get_visible (row))
        continue;
      (*held)++;
      if (gtk_widget_get_mapped (row))
        (*shown)++;
    }
}

static gboolean
on_key_pressed (GtkEventControllerKey *keys,
                guint                  keyval,
                guint                  keycode,
                GdkModifierType        state,
                Bench                 *bench)
{
  printf ("bench-key %" G_GINT64_FORMAT " %" G_GINT64_FORMAT " %u\n", g_get_monotonic_time (),
          thread_cpu_us (), keyval);
  fflush (stdout);
  return GDK_EVENT_PROPAGATE;
}

static gboolean
focus_first_row (gpointer data)
{
  Bench *bench = data;

  GtkWidget *first = bench->rows;

  if (GTK_IS_LIST_BOX (first))
    first = GTK_WIDGET (gtk_list_box_get_row_at_index (GTK_LIST_BOX (first), 0));
  if (first != NULL)
    gtk_widget_grab_focus (first);
  return G_SOURCE_REMOVE;
}

static void
on_after_paint (GdkFrameClock *clock,
                Bench         *bench)
{
  double value = gtk_adjustment_get_value (bench->scroll);
  double end = gtk_adjustment_get_upper (bench->scroll) - gtk_adjustment_get_page_size (bench->scroll);
  gint64 cpu = thread_cpu_us ();
  guint held, shown;

  count_rows (bench, &held, &shown);
  printf ("bench-frame %" G_GINT64_FORMAT " %s %d %" G_GINT64_FORMAT " %u %u\n",
          g_get_monotonic_time (), page_shown (bench->list), end > 0 && value >= end - END_SLACK,
          cpu, held, shown);
  fflush (stdout);
  if (!bench->focused)
    {
      bench->focused = TRUE;
      g_idle_add (focus_first_row, bench);
    }
}

static void
on_realize (GtkWidget *list,
            Bench     *bench)
{
  if (bench->clock != NULL)
    return;
  bench->clock = g_object_ref (gtk_widget_get_frame_clock (list));
  bench->paint_id = g_signal_connect (bench->clock, "after-paint", G_CALLBACK (on_after_paint),
                                      bench);
}

/* Called by the Requests list at init; does nothing unless BUURTNET_BENCH is set. */
void
_bn_post_list_bench_attach (GtkWidget     *list,
                            GtkWidget     *rows,
                            GtkAdjustment *scroll)
{
  Bench *bench;

  if (g_getenv ("BUURTNET_BENCH") == NULL)
    return;
  bench = g_new0 (Bench, 1);
  bench->list = list;
  bench->rows = rows;
  bench->scroll = g_object_ref (scroll);
  g_object_set_data_full (G_OBJECT (list), "bn-bench", bench, bench_free);
  g_signal_connect (list, "realize", G_CALLBACK (on_realize), bench);
  {
    GtkEventController *keys = gtk_event_controller_key_new ();

    /* On the page around the rows, in the capture phase: before anything
     * the key asks of the list is done. */
    gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
    g_signal_connect (keys, "key-pressed", G_CALLBACK (on_key_pressed), bench);
    gtk_widget_add_controller (list, keys);
  }
}
