/* bn-stranger.c — a stranger on the network attacking a peer's sync server, for
 * the limits tests (tests/net/test-limits.sh) and the figures in bench/README.md
 *
 *   bn-stranger flood HOST:PORT COUNT
 *       stranger requests (no identity), each on a connection of its own, from 16
 *       addresses at once (127.5.0.1 …); COUNT in all, or (COUNT 0) until SIGTERM
 *   bn-stranger slowloris HOST:PORT N
 *       N connections from N addresses (127.6.x.y), each trickling a request head
 *       that never ends, a byte a second; a connection the server closes is opened
 *       again; until SIGTERM
 *   bn-stranger greedy HOST:PORT N
 *       N connections from N addresses (127.7.x.y) that each announce an 8 MiB
 *       push and send all of it, again and again; until SIGTERM
 *   bn-stranger half-open HOST:PORT N [FIRST_ADDRESS]
 *       N connections, each from an address of its own (counting up from
 *       FIRST_ADDRESS, default 127.8.0.1), each sending half a request head;
 *       prints "open N" once all are open, then holds them until SIGTERM, then
 *       closes them and prints "closed"
 *
 * Each prints what the server answered as "key: value" lines when it ends:
 * counts of statuses, connections the server closed, connections refused. Only
 * loopback addresses are ever used.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <gio/gio.h>

#include <arpa/inet.h>
#include <errno.h>
#include <signal.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#define FLOOD_THREADS 16
#define GREEDY_BYTES (8 * 1024 * 1024)

typedef struct
{
  struct sockaddr_in server;
  gint               stop;
  gboolean           counted;       /* flood: COUNT requests, not until SIGTERM */
  gint               remaining;     /* flood: requests left to send */
  gint               answered[600]; /* count per status */
  gint               no_answer;     /* closed or reset before any status line */
  gint               closed_by_server;
  gint               connect_failed;
} Attack;

static void
address_from_number (struct sockaddr_in *address, guint32 host_order)
{
  memset (address, 0, sizeof *address);
  address->sin_family = AF_INET;
  address->sin_addr.s_addr = htonl (host_order);
}

/* A TCP connection from @source (host order) to the server, or -1. */
static int
connect_from (Attack *attack, guint32 source)
{
  struct sockaddr_in local;
  int fd = socket (AF_INET, SOCK_STREAM, 0);

  address_from_number (&local, source);
  if (fd < 0)
    return -1;
  if (bind (fd, (struct sockaddr *) &local, sizeof local) != 0
      || connect (fd, (struct sockaddr *) &attack->server, sizeof attack->server) != 0)
    {
      close (fd);
      g_atomic_int_inc (&attack->connect_failed);
      return -1;
    }
  return fd;
}

static gboolean
send_all (int fd, const char *data, gsize len)
{
  while (len > 0)
    {
      ssize_t n = send (fd, data, len, MSG_NOSIGNAL);

      if (n <= 0)
        return FALSE;
      data += n;
      len -= (gsize) n;
    }
  return TRUE;
}

/* Reads the status line's code; 0 when the connection ends before one. */
static guint
read_status (int fd)
{
  char answer[13] = { 0 };
  gsize got = 0;
  ssize_t n;

  while (got < 12 && (n = recv (fd, answer + got, 12 - got, 0)) > 0)
    got += (gsize) n;
  if (got < 12 || strncmp (answer, "HTTP/1.1 ", 9) != 0)
    return 0;
  return (guint) g_ascii_strtoull (answer + 9, NULL, 10);
}

static void
count_status (Attack *attack, guint status)
{
  if (status == 0 || status >= G_N_ELEMENTS (attack->answered))
    g_atomic_int_inc (&attack->no_answer);
  else
    g_atomic_int_inc (&attack->answered[status]);
}

static gboolean
keep_going (Attack *attack)
{
  if (g_atomic_int_get (&attack->stop))
    return FALSE;
  return !attack->counted || g_atomic_int_add (&attack->remaining, -1) > 0;
}

typedef struct
{
  Attack  *attack;
  guint32  source;
} Worker;

static gpointer
flood_worker (gpointer data)
{
  Worker *worker = data;
  static const char request[] = "GET /v2/heads HTTP/1.1\r\nHost: buurtnet\r\n\r\n";

  while (keep_going (worker->attack))
    {
      int fd = connect_from (worker->attack, worker->source);

      if (fd < 0)
        continue;
      if (send_all (fd, request, sizeof request - 1))
        count_status (worker->attack, read_status (fd));
      else
        g_atomic_int_inc (&worker->attack->no_answer);
      close (fd);
    }
  return NULL;
}

/* The server closed the connection (or reset it): recv says so at once. */
static gboolean
closed_by_server (int fd)
{
  char byte;
  ssize_t n = recv (fd, &byte, 1, MSG_DONTWAIT);

  return n == 0 || (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK);
}

static gpointer
slowloris_worker (gpointer data)
{
  Worker *worker = data;
  Attack *attack = worker->attack;
  static const char start[] = "GET /v2/heads HTTP/1.1\r\nHost: buurtnet\r\nX-Padding: ";

  while (!g_atomic_int_get (&attack->stop))
    {
      int fd = connect_from (attack, worker->source);

      if (fd < 0)
        {
          g_usleep (G_USEC_PER_SEC / 10);
          continue;
        }
      send_all (fd, start, sizeof start - 1);
      while (!g_atomic_int_get (&attack->stop))
        {
          g_usleep (G_USEC_PER_SEC);
          if (closed_by_server (fd) || !send_all (fd, "x", 1))
            {
              g_atomic_int_inc (&attack->closed_by_server);
              break;
            }
        }
      close (fd);
    }
  return NULL;
}

static gpointer
greedy_worker (gpointer data)
{
  Worker *worker = data;
  Attack *attack = worker->attack;
  g_autofree char *head = g_strdup_printf ("POST /v2/push HTTP/1.1\r\nHost: buurtnet\r\n"
                                           "Content-Type: application/octet-stream\r\n"
                                           "Content-Length: %d\r\n\r\n", GREEDY_BYTES);
  g_autofree char *chunk = g_malloc0 (64 * 1024);

  while (!g_atomic_int_get (&attack->stop))
    {
      int fd = connect_from (attack, worker->source);
      gsize sent = 0;

      if (fd < 0)
        {
          g_usleep (G_USEC_PER_SEC / 10);
          continue;
        }
      if (send_all (fd, head, strlen (head)))
        while (sent < GREEDY_BYTES && send_all (fd, chunk, 64 * 1024))
          sent += 64 * 1024;
      count_status (attack, read_status (fd));
      close (fd);
    }
  return NULL;
}

static volatile sig_atomic_t terminated;

static void
on_terminate (int signal_number)
{
  terminated = 1;
}

/* Until SIGTERM: the workers look at the flag between steps. */
static gpointer
wait_for_sigterm (gpointer data)
{
  Attack *attack = data;

  while (!terminated)
    g_usleep (G_USEC_PER_SEC / 20);
  g_atomic_int_set (&attack->stop, TRUE);
  return NULL;
}

static guint32
loopback (guint8 second, guint index)
{
  /* 127.S.x.y, y from 1 to 250 */
  return (127u << 24) | ((guint32) second << 16) | ((index / 250) << 8) | (1 + index % 250);
}

static void
run_workers (Attack *attack, GThreadFunc func, guint n, guint8 second)
{
  g_autofree GThread **threads = g_new0 (GThread *, n);
  g_autofree Worker *workers = g_new0 (Worker, n);

  for (guint i = 0; i < n; i++)
    {
      workers[i].attack = attack;
      workers[i].source = loopback (second, i);
      threads[i] = g_thread_new ("attack", func, &workers[i]);
    }
  for (guint i = 0; i < n; i++)
    g_thread_join (threads[i]);
}

static void
print_outcome (Attack *attack)
{
  for (guint status = 0; status < G_N_ELEMENTS (attack->answered); status++)
    if (attack->answered[status] > 0)
      g_print ("status-%u: %d\n", status, attack->answered[status]);
  g_print ("no-answer: %d\nclosed-by-server: %d\nconnect-failed: %d\n", attack->no_answer,
           attack->closed_by_server, attack->connect_failed);
}

static int
half_open (Attack *attack, guint n, guint32 first)
{
  static const char half[] = "GET /v2/heads HTTP/1.1\r\nHost: bu";
  g_autofree int *fds = g_new0 (int, n);
  guint open_now = 0;

  for (guint i = 0; i < n; i++)
    if ((fds[i] = connect_from (attack, first + i)) >= 0)
      {
        send_all (fds[i], half, sizeof half - 1);
        open_now++;
      }
  g_print ("open %u\n", open_now);
  fflush (stdout);
  while (!terminated)
    g_usleep (G_USEC_PER_SEC / 20);
  for (guint i = 0; i < n; i++)
    if (fds[i] >= 0)
      {
        attack->closed_by_server += closed_by_server (fds[i]) ? 1 : 0;
        close (fds[i]);
      }
  g_print ("closed\n");
  print_outcome (attack);
  return 0;
}

static gboolean
parse_server (const char *text, struct sockaddr_in *server)
{
  const char *colon = strrchr (text, ':');
  g_autofree char *host = colon != NULL ? g_strndup (text, colon - text) : NULL;

  memset (server, 0, sizeof *server);
  server->sin_family = AF_INET;
  server->sin_port = htons ((guint16) atoi (colon != NULL ? colon + 1 : "0"));
  return host != NULL && inet_pton (AF_INET, host, &server->sin_addr) == 1;
}

int
main (int argc, char **argv)
{
  Attack attack = { 0 };
  guint n = argc > 3 ? (guint) atoi (argv[3]) : 0;

  signal (SIGTERM, on_terminate);
  signal (SIGINT, on_terminate);
  if (argc < 4 || !parse_server (argv[2], &attack.server))
    {
      g_printerr ("usage: bn-stranger flood|slowloris|greedy|half-open HOST:PORT N [FIRST_ADDRESS]\n");
      return 2;
    }
  if (g_str_equal (argv[1], "half-open"))
    {
      struct in_addr first = { htonl (loopback (8, 0)) };

      if (argc > 4 && inet_pton (AF_INET, argv[4], &first) != 1)
        return 2;
      return half_open (&attack, n, ntohl (first.s_addr));
    }
  attack.counted = g_str_equal (argv[1], "flood") && n > 0;
  attack.remaining = (gint) n;
  if (!attack.counted)
    g_thread_unref (g_thread_new ("sigterm", wait_for_sigterm, &attack));
  if (g_str_equal (argv[1], "flood"))
    run_workers (&attack, flood_worker, FLOOD_THREADS, 5);
  else if (g_str_equal (argv[1], "slowloris"))
    run_workers (&attack, slowloris_worker, n, 6);
  else if (g_str_equal (argv[1], "greedy"))
    run_workers (&attack, greedy_worker, n, 7);
  else
    {
      g_printerr ("bn-stranger: no attack “%s”\n", argv[1]);
      return 2;
    }
  print_outcome (&attack);
  return 0;
}
