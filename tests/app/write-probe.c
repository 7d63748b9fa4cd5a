/* write-probe.c — an LD_PRELOAD module for check-main-thread-writes.py
 *
 * Records every SQLite statement that writes and runs on the process's main
 * thread (the thread that loaded the module), with a backtrace, into
 * $BN_WRITE_PROBE_LOG. It changes nothing else: statements run as they would.
 * sqlite3_exec() runs its statements through sqlite3_step(), so one wrapper
 * sees them all.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <execinfo.h>
#include <pthread.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

static pthread_t main_thread;
static FILE *out;
static int (*real_step) (sqlite3_stmt *stmt);

__attribute__((constructor)) static void
probe_init (void)
{
  const char *path = getenv ("BN_WRITE_PROBE_LOG");

  main_thread = pthread_self ();
  real_step = (int (*) (sqlite3_stmt *)) dlsym (RTLD_NEXT, "sqlite3_step");
  if (path != NULL)
    out = fopen (path, "a");
}

int
sqlite3_step (sqlite3_stmt *stmt)
{
  if (out != NULL && pthread_equal (pthread_self (), main_thread) && !sqlite3_stmt_readonly (stmt))
    {
      void *frames[24];
      int n = backtrace (frames, 24);

      fprintf (out, "WRITE %d %.120s\n", (int) getpid (), sqlite3_sql (stmt));
      fflush (out);
      backtrace_symbols_fd (frames, n, fileno (out));
      fputs ("--\n", out);
      fflush (out);
    }
  return real_step (stmt);
}
