/* bn-bench-sync.c — helpers for the Buurtnet side of the sync benchmark
 *
 *   bn-bench-sync proxy LISTEN_PORT TARGET_PORT
 *       a TCP forwarder on 127.0.0.1 that counts application bytes each way and
 *       request/answer turns; prints "listening PORT" (LISTEN_PORT 0: any free
 *       port), then one JSON object when it gets SIGTERM
 *   bn-bench-sync measure OUT_FILE CMD...
 *       runs CMD, then writes its wall time, CPU seconds and peak RSS as JSON
 *       to OUT_FILE
 *   bn-bench-sync live DATA_DIR PORT PEER_PORT COUNT GAP_MS
 *       runs a peer on DATA_DIR linked to PEER_PORT; when linked, posts COUNT
 *       entries GAP_MS apart and prints "post SEQ MONOTONIC_NS" for each
 *   bn-bench-sync watch DATA_DIR PORT
 *       runs a peer and prints "stored SEQ MONOTONIC_NS" for every entry it
 *       stores from the network (CLOCK_MONOTONIC is shared by both processes)
 *
 * bench/sync/run.sh puts these together; see bench/sync/README.md.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "bn-sync-node.h"

#include <arpa/inet.h>
#include <errno.h>
#include <glib-unix.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static gint64
monotonic_ns (void)
{
  struct timespec ts;
  clock_gettime (CLOCK_MONOTONIC, &ts);
  return (gint64) ts.tv_sec * 1000000000 + ts.tv_nsec;
}

/* proxy */

static gint64 bytes_up, bytes_down, turns, connections;
static gint last_direction;  /* 1 up, 2 down */

typedef struct
{
  int    from;
  int    to;
  gint   direction;
} Pipe;

static gpointer
pump (gpointer data)
{
  Pipe *p = data;
  char buffer[65536];
  ssize_t n;

  while ((n = read (p->from, buffer, sizeof buffer)) > 0)
    {
      /* A turn is the client speaking after the server did (or first). */
      if (p->direction == 1 && g_atomic_int_exchange (&last_direction, 1) != 1)
        g_atomic_pointer_add (&turns, 1);
      else if (p->direction == 2)
        g_atomic_int_set (&last_direction, 2);
      g_atomic_pointer_add (p->direction == 1 ? &bytes_up : &bytes_down, n);
      for (ssize_t off = 0; off < n;)
        {
          ssize_t w = write (p->to, buffer + off, n - off);
          if (w <= 0)
            goto out;
          off += w;
        }
    }
out:
  shutdown (p->to, SHUT_WR);
  shutdown (p->from, SHUT_RD);
  g_free (p);
  return NULL;
}

static int
connect_local (int port)
{
  struct sockaddr_in addr = { .sin_family = AF_INET, .sin_port = htons (port) };
  int fd = socket (AF_INET, SOCK_STREAM, 0), one = 1;

  addr.sin_addr.s_addr = htonl (INADDR_LOOPBACK);
  setsockopt (fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  if (connect (fd, (struct sockaddr *) &addr, sizeof addr) != 0)
    {
      close (fd);
      return -1;
    }
  return fd;
}

static void
print_proxy (int sig)
{
  char line[256];
  int n = snprintf (line, sizeof line,
                    "{\"bytes_up\": %" G_GINT64_FORMAT ", \"bytes_down\": %" G_GINT64_FORMAT
                    ", \"turns\": %" G_GINT64_FORMAT ", \"connections\": %" G_GINT64_FORMAT "}\n",
                    (gint64) g_atomic_pointer_get (&bytes_up), (gint64) g_atomic_pointer_get (&bytes_down),
                    (gint64) g_atomic_pointer_get (&turns), (gint64) g_atomic_pointer_get (&connections));
  if (write (STDOUT_FILENO, line, n) < 0)
    _exit (1);
  _exit (0);
}

static int
run_proxy (int listen_port, int target_port)
{
  struct sockaddr_in addr = { .sin_family = AF_INET, .sin_port = htons (listen_port) };
  int server = socket (AF_INET, SOCK_STREAM, 0), one = 1;

  addr.sin_addr.s_addr = htonl (INADDR_LOOPBACK);
  setsockopt (server, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  if (bind (server, (struct sockaddr *) &addr, sizeof addr) != 0 || listen (server, 64) != 0)
    {
      g_printerr ("proxy: cannot listen on %d: %s\n", listen_port, g_strerror (errno));
      return 1;
    }
  {
    socklen_t len = sizeof addr;
    getsockname (server, (struct sockaddr *) &addr, &len);
    printf ("listening %d\n", ntohs (addr.sin_port));
    fflush (stdout);
  }
  /* A side that hangs up while the other still writes must not end the count. */
  signal (SIGPIPE, SIG_IGN);
  signal (SIGTERM, print_proxy);
  signal (SIGINT, print_proxy);
  for (;;)
    {
      int client = accept (server, NULL, NULL), upstream;
      Pipe *up, *down;

      if (client < 0)
        continue;
      setsockopt (client, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
      if ((upstream = connect_local (target_port)) < 0)
        {
          close (client);
          continue;
        }
      g_atomic_pointer_add (&connections, 1);
      up = g_new0 (Pipe, 1);
      down = g_new0 (Pipe, 1);
      *up = (Pipe) { client, upstream, 1 };
      *down = (Pipe) { upstream, client, 2 };
      g_thread_unref (g_thread_new ("up", pump, up));
      g_thread_unref (g_thread_new ("down", pump, down));
    }
}

/* measure */

static pid_t measured_child;

/* SIGTERM to `measure` stops what it measures, which then exits and is counted. */
static void
forward_signal (int sig)
{
  if (measured_child > 0)
    kill (measured_child, sig);
}

static int
run_measure (const char *out_file, char **argv)
{
  FILE *out;
  gint64 t0 = monotonic_ns ();
  pid_t pid = fork ();
  struct rusage usage;
  int status = 0;

  if (pid == 0)
    {
      execvp (argv[0], argv);
      _exit (127);
    }
  measured_child = pid;
  signal (SIGTERM, forward_signal);
  signal (SIGINT, forward_signal);
  while (wait4 (pid, &status, 0, &usage) < 0)
    if (errno != EINTR)
      return 1;
  out = fopen (out_file, "w");
  if (out == NULL)
    return 1;
  fprintf (out, "{\"wall_s\": %.4f, \"cpu_s\": %.4f, \"rss_peak_mb\": %.1f, \"exit\": %d}\n",
          (monotonic_ns () - t0) / 1e9,
          usage.ru_utime.tv_sec + usage.ru_utime.tv_usec / 1e6
          + usage.ru_stime.tv_sec + usage.ru_stime.tv_usec / 1e6,
          usage.ru_maxrss / 1024.0, WIFEXITED (status) ? WEXITSTATUS (status) : -1);
  fclose (out);
  return WIFEXITED (status) ? WEXITSTATUS (status) : 1;
}

/* live and watch */

typedef struct
{
  GMainLoop  *loop;
  BnHome     *home;
  BnSyncNode *node;
  guint       count;
  guint       gap_ms;
  guint       posted;
} Live;

static void
on_stored (BnSyncNode *node, GPtrArray *entries, gpointer user_data)
{
  gint64 t = monotonic_ns ();

  for (guint i = 0; i < entries->len; i++)
    printf ("stored %" G_GUINT64_FORMAT " %" G_GINT64_FORMAT "\n",
            ((BnEntry *) g_ptr_array_index (entries, i))->seq, t);
  fflush (stdout);
}

static gboolean
post_one (gpointer user_data)
{
  Live *live = user_data;
  BnPostDraft draft = { .kind = "offer", .category = "errands",
                        .title = "Live latency probe: I can take your parcel in" };
  g_autoptr(GError) error = NULL;
  g_autoptr(BnEntry) entry = NULL;
  gint64 t = monotonic_ns ();

  entry = bn_home_publish_post (live->home, &draft, &error);
  if (entry == NULL)
    g_error ("post: %s", error->message);
  printf ("post %" G_GUINT64_FORMAT " %" G_GINT64_FORMAT "\n", entry->seq, t);
  if (++live->posted >= live->count)
    {
      fflush (stdout);
      g_main_loop_quit (live->loop);
      return G_SOURCE_REMOVE;
    }
  return G_SOURCE_CONTINUE;
}

static gboolean
start_posting (gpointer user_data)
{
  Live *live = user_data;

  g_timeout_add (live->gap_ms, post_one, live);
  return G_SOURCE_REMOVE;
}

static void
on_online (BnSyncNode *node, GParamSpec *pspec, Live *live)
{
  static gboolean started;

  if (bn_sync_node_get_n_online (node) > 0 && !started && live->count > 0)
    {
      started = TRUE;
      /* Let the first sync settle before timing anything. */
      g_timeout_add (1000, start_posting, live);
    }
}

static gboolean
quit_loop (gpointer loop)
{
  g_main_loop_quit (loop);
  return G_SOURCE_REMOVE;
}

static int
run_peer (const char *dir, int port, int peer_port, guint count, guint gap_ms)
{
  g_autoptr(GError) error = NULL;
  Live live = { g_main_loop_new (NULL, FALSE), NULL, NULL, count, gap_ms, 0 };
  g_autofree char *peer = peer_port > 0 ? g_strdup_printf ("127.0.0.1:%d", peer_port) : NULL;

  live.home = bn_home_open (dir, FALSE, &error);
  if (live.home == NULL)
    g_error ("%s", error->message);
  live.node = bn_sync_node_new (live.home);
  g_signal_connect (live.node, "entries-received", G_CALLBACK (on_stored), NULL);
  g_signal_connect (live.node, "notify::n-online", G_CALLBACK (on_online), &live);
  if (peer != NULL && !bn_sync_node_add_peer (live.node, peer, &error))
    g_error ("%s", error->message);
  if (!bn_sync_node_start (live.node, port, FALSE, &error))
    g_error ("%s", error->message);
  printf ("ready %u\n", bn_sync_node_get_port (live.node));
  fflush (stdout);
  g_unix_signal_add (SIGTERM, quit_loop, live.loop);
  g_main_loop_run (live.loop);
  if (count > 0)
    {
      /* Stay a moment so the last posts leave before we close the link. */
      g_timeout_add (300, quit_loop, live.loop);
      g_main_loop_run (live.loop);
    }
  bn_sync_node_stop (live.node);
  g_object_unref (live.node);
  g_object_unref (live.home);
  g_main_loop_unref (live.loop);
  return 0;
}

int
main (int argc, char **argv)
{
  if (argc >= 4 && g_str_equal (argv[1], "proxy"))
    return run_proxy (atoi (argv[2]), atoi (argv[3]));
  if (argc >= 4 && g_str_equal (argv[1], "measure"))
    return run_measure (argv[2], argv + 3);
  if (argc == 7 && g_str_equal (argv[1], "live"))
    return run_peer (argv[2], atoi (argv[3]), atoi (argv[4]), atoi (argv[5]), atoi (argv[6]));
  if (argc == 4 && g_str_equal (argv[1], "watch"))
    return run_peer (argv[2], atoi (argv[3]), 0, 0, 0);
  g_printerr ("usage: bn-bench-sync proxy LISTEN TARGET | measure OUT CMD… | "
              "live DIR PORT PEER_PORT COUNT GAP_MS | watch DIR PORT\n");
  return 2;
}
