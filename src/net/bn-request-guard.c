/* bn-request-guard.c — request budgets, the replay cache and refusal logging
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "bn-request-guard.h"
#include "bn-wire.h"

struct _BnRequestGuard
{
  GHashTable *nonces;      /* peer ID + nonce hex → time ms */
  GHashTable *buckets;     /* remote host → Bucket */
  GHashTable *join_buckets; /* remote host → Bucket, for /v2/join */
  GHashTable *log_limits;  /* "host\nreason" → LogLimit */
};

typedef struct
{
  double tokens;
  gint64 updated;
} Bucket;

typedef struct
{
  gint64 last_log;     /* monotonic µs of the last line for this address and reason */
  guint  unlogged;     /* refusals since then, summed up in the next line */
} LogLimit;

BnRequestGuard *
bn_request_guard_new (void)
{
  BnRequestGuard *self = g_new0 (BnRequestGuard, 1);

  self->nonces = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->buckets = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->join_buckets = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->log_limits = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  return self;
}

void
bn_request_guard_free (BnRequestGuard *self)
{
  g_hash_table_unref (self->nonces);
  g_hash_table_unref (self->buckets);
  g_hash_table_unref (self->join_buckets);
  g_hash_table_unref (self->log_limits);
  g_free (self);
}

static gboolean
take_token (GHashTable *buckets, const char *host, double per_second, double burst)
{
  Bucket *bucket = g_hash_table_lookup (buckets, host);
  gint64 now = g_get_monotonic_time ();

  if (bucket == NULL)
    {
      if (g_hash_table_size (buckets) > BN_LIMIT_ADDRESSES)
        g_hash_table_remove_all (buckets);
      bucket = g_new0 (Bucket, 1);
      bucket->tokens = burst;
      bucket->updated = now;
      g_hash_table_insert (buckets, g_strdup (host), bucket);
    }
  bucket->tokens = MIN (burst, bucket->tokens + (now - bucket->updated) * per_second / G_USEC_PER_SEC);
  bucket->updated = now;
  if (bucket->tokens < 1.0)
    return FALSE;
  bucket->tokens -= 1.0;
  return TRUE;
}

/* Token bucket per remote address: a flood gets 429 long before it costs much. */
gboolean
bn_request_guard_take_token (BnRequestGuard *self,
                             const char     *host)
{
  return take_token (self->buckets, host, BN_LIMIT_REQUESTS_PER_SECOND, BN_LIMIT_REQUEST_BURST);
}

/* Join requests are not signed by a member: far fewer of them per address. */
gboolean
bn_request_guard_take_join_token (BnRequestGuard *self,
                                  const char     *host)
{
  return take_token (self->join_buckets, host, BN_LIMIT_JOINS_PER_MINUTE / 60.0,
                     BN_LIMIT_JOINS_PER_MINUTE);
}

static void
prune_nonces (BnRequestGuard *self, gint64 now_ms)
{
  GHashTableIter iter;
  gpointer value;

  g_hash_table_iter_init (&iter, self->nonces);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    if (now_ms - *(gint64 *) value > 2 * BN_LIMIT_CLOCK_SKEW_MS)
      g_hash_table_iter_remove (&iter);
}

/* A nonce seen before is a replay. Requests older than the time window are refused
 * anyway, so the cache only needs two windows' worth; when it is full of fresh
 * nonces we refuse rather than forget one too early. */
gboolean
bn_request_guard_fresh_nonce (BnRequestGuard *self,
                              const char     *peer_id,
                              const guint8   *nonce,
                              gint64          now_ms)
{
  g_autofree char *nonce_hex = bn_hex_encode (nonce, BN_WIRE_NONCE_LEN);
  g_autofree char *key = g_strconcat (peer_id, nonce_hex, NULL);
  gint64 *stamp;

  if (g_hash_table_contains (self->nonces, key))
    return FALSE;
  if (g_hash_table_size (self->nonces) >= BN_LIMIT_NONCES)
    prune_nonces (self, now_ms);
  if (g_hash_table_size (self->nonces) >= BN_LIMIT_NONCES)
    return FALSE;
  stamp = g_new (gint64, 1);
  *stamp = now_ms;
  g_hash_table_insert (self->nonces, g_steal_pointer (&key), stamp);
  return TRUE;
}

/* One line per refusal, but at most one a second per address and reason: a flood
 * must not flood the log too. The next line says how many were not logged.
 * @what: "GET /v2/heads", "a connection" */
void
bn_request_guard_log (BnRequestGuard *self,
                      const char     *host,
                      const char     *what,
                      const char     *why)
{
  g_autofree char *key = g_strdup_printf ("%s\n%s", host, why);
  LogLimit *limit = g_hash_table_lookup (self->log_limits, key);
  gint64 now = g_get_monotonic_time ();

  if (limit == NULL)
    {
      if (g_hash_table_size (self->log_limits) > BN_LIMIT_ADDRESSES)
        g_hash_table_remove_all (self->log_limits);
      limit = g_new0 (LogLimit, 1);
      g_hash_table_insert (self->log_limits, g_steal_pointer (&key), limit);
    }
  if (limit->last_log != 0 && now - limit->last_log < G_USEC_PER_SEC)
    {
      limit->unlogged++;
      return;
    }
  if (limit->unlogged > 0)
    g_message ("Refused %s from %s: %s (and %u more refusals from there in the last seconds)",
               what, host, why, limit->unlogged);
  else
    g_message ("Refused %s from %s: %s", what, host, why);
  limit->last_log = now;
  limit->unlogged = 0;
}
