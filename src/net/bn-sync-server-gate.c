/* bn-sync-server-gate.c — judging a request by its head alone
 *
 * BnSyncListener reads a request's head (nothing more) and asks here what to do
 * with it. The checks run in the order of docs/sync-protocol.md §3, cheapest
 * first: the address's request budget; a known path and method; well-formed
 * Bn-* headers, the clock and that Bn-To names us; the signature of the identity
 * in Bn-Peer; that identity's place on our roster; a nonce not seen before; a
 * body length within the endpoint's limit. A request that fails gets its
 * refusal from the listener, which has read nothing of its body; a 401 is bare:
 * no body, no Bn-* header, nothing about members or posts. Only an admitted
 * request reaches libsoup, which then reads its body (within the limit checked
 * here) and calls the endpoint's handler.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "bn-sync-server-private.h"
#include "bn-sync-node.h"
#include "bn-sync-request.h"

#include <glib/gi18n-lib.h>
#include <string.h>

static const struct
{
  const char *path;
  const char *method;
  gsize       max_body;     /* 0: no body */
} endpoints[] = {
  [BN_ENDPOINT_HEADS] = { "/v2/heads", "GET", 0 },
  [BN_ENDPOINT_PULL] = { "/v2/pull", "POST", BN_LIMIT_PULL_BODY },
  [BN_ENDPOINT_PUSH] = { "/v2/push", "POST", BN_LIMIT_PUSH_BODY },
  [BN_ENDPOINT_EVENTS] = { "/v2/events", "GET", 0 },
  [BN_ENDPOINT_JOIN] = { "/v2/join", "POST", BN_LIMIT_JOIN_BODY },
  [BN_ENDPOINT_SKETCH] = { "/v2/sketch", "POST", BN_LIMIT_SKETCH_BODY },
  [BN_ENDPOINT_DELTA] = { "/v2/delta", "GET", 0 },
};

/* Returns: the endpoint of @method @path, or -1 */
int
_bn_sync_server_find_endpoint (const char *method,
                               const char *path)
{
  for (guint i = 0; i < G_N_ELEMENTS (endpoints); i++)
    if (g_strcmp0 (path, endpoints[i].path) == 0 && g_strcmp0 (method, endpoints[i].method) == 0)
      return (int) i;
  return -1;
}

void
_bn_request_auth_free (BnRequestAuth *auth)
{
  g_free (auth->peer_id);
  sodium_memzero (auth, sizeof *auth);
  g_free (auth);
}

static void
refuse (BnSyncServer *self, const BnRequestHead *head, BnHeadVerdict *verdict, guint status,
        const char *why)
{
  g_autofree char *what = g_strdup_printf ("%s %s", head->method, head->path);

  bn_request_guard_log (self->guard, head->host, what, why);
  verdict->status = status;
}

static goffset
content_length (SoupMessageHeaders *headers)
{
  return soup_message_headers_get_encoding (headers) == SOUP_ENCODING_CONTENT_LENGTH
         ? soup_message_headers_get_content_length (headers) : 0;
}

/* Headers well formed, clock, Bn-To, signature. Returns the reason for a 401,
 * or NULL with @auth filled. */
static const char *
check_signature (BnSyncServer *self, const BnRequestHead *head, BnRequestAuth *auth)
{
  SoupMessageHeaders *headers = head->headers;
  const char *peer = soup_message_headers_get_one (headers, BN_WIRE_HEADER_PEER);
  const char *to = soup_message_headers_get_one (headers, BN_WIRE_HEADER_TO);
  const char *time = soup_message_headers_get_one (headers, BN_WIRE_HEADER_TIME);
  const char *nonce = soup_message_headers_get_one (headers, BN_WIRE_HEADER_NONCE);
  const char *sig = soup_message_headers_get_one (headers, BN_WIRE_HEADER_SIG);
  gint64 now_ms = g_get_real_time () / 1000, when = 0;
  g_autofree char *text = NULL;

  if (!bn_sync_peer_key_from_id (peer, auth->peer) || !bn_wire_parse_nonce (nonce, auth->nonce)
      || !bn_wire_parse_signature (sig, auth->sig))
    return _("no identity or a malformed one");
  if ((endpoints[auth->endpoint].max_body > 0 || auth->endpoint == BN_ENDPOINT_EVENTS)
      && to == NULL)
    return _("no Bn-To where one is required");
  if (!bn_wire_time_acceptable (time, now_ms, &when))
    return _("its clock is more than 120 s off, or it sent no time");
  if (to != NULL && !g_str_equal (to, self->my_id))
    return _("addressed to another neighbour");
  text = bn_wire_request_text (head->method, head->path, peer, to, time, nonce,
                               soup_message_headers_get_one (headers, "If-None-Match"),
                               (gsize) content_length (headers));
  if (!bn_wire_verify (auth->peer, text, auth->sig))
    return _("a bad signature");
  auth->peer_id = g_strdup (peer);
  auth->has_to = to != NULL;
  return NULL;
}

/* Only members of our roster get further. A former member gets 401 like any
 * refusal (docs/protocol.md §9.7), but with the roster entries that ended its
 * membership as the body: it could read them anyway, and its app can then say
 * so kindly. */
static gboolean
check_member (BnSyncServer *self, const BnRequestHead *head, const BnRequestAuth *auth,
              BnHeadVerdict *verdict)
{
  BnStore *store = bn_home_get_store (self->home);
  g_autoptr(GBytes) notice = NULL;

  switch (bn_store_get_member_status (store, auth->peer, NULL))
    {
    case BN_MEMBER_ACTIVE:
      return TRUE;
    case BN_MEMBER_UNKNOWN:
      refuse (self, head, verdict, SOUP_STATUS_UNAUTHORIZED, _("not a member of this neighbourhood"));
      return FALSE;
    default:
      refuse (self, head, verdict, SOUP_STATUS_UNAUTHORIZED,
              _("no longer a member of this neighbourhood"));
      notice = bn_store_get_removal_notice (store, auth->peer);
      if (notice != NULL && g_bytes_get_size (notice) > 0)
        verdict->body = g_steal_pointer (&notice);
      return FALSE;
    }
}

/* A body only where the endpoint takes one, with a length, within its limit. */
static gboolean
check_length (BnSyncServer *self, const BnRequestHead *head, BnEndpoint endpoint,
              BnHeadVerdict *verdict)
{
  SoupEncoding encoding = soup_message_headers_get_encoding (head->headers);

  if (encoding != SOUP_ENCODING_CONTENT_LENGTH && encoding != SOUP_ENCODING_NONE)
    refuse (self, head, verdict, SOUP_STATUS_LENGTH_REQUIRED, _("a body without a length"));
  else if (endpoints[endpoint].max_body > 0 && encoding == SOUP_ENCODING_NONE)
    refuse (self, head, verdict, SOUP_STATUS_LENGTH_REQUIRED, _("a body without a length"));
  else if (content_length (head->headers) > (goffset) endpoints[endpoint].max_body)
    refuse (self, head, verdict, SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE,
            _("a request over the size limit"));
  else
    return TRUE;
  return FALSE;
}

static void
admit (BnHeadVerdict *verdict, BnRequestAuth *auth)
{
  verdict->status = 0;
  verdict->admitted = auth;
  verdict->admitted_free = (GDestroyNotify) _bn_request_auth_free;
}

/* A newcomer's join request proves no identity: it is held to a few a minute
 * per address and a small body, and the body itself is the proof. */
static void
judge_join (BnSyncServer *self, const BnRequestHead *head, BnHeadVerdict *verdict)
{
  BnRequestAuth *auth;

  if (!bn_request_guard_take_join_token (self->guard, head->host))
    {
      refuse (self, head, verdict, BN_HTTP_TOO_MANY_REQUESTS, _("too many join requests"));
      return;
    }
  if (!check_length (self, head, BN_ENDPOINT_JOIN, verdict))
    return;
  auth = g_new0 (BnRequestAuth, 1);
  auth->endpoint = BN_ENDPOINT_JOIN;
  admit (verdict, auth);
}

/**
 * _bn_sync_server_judge:
 *
 * The BnHeadJudge of the server's listener: steps 2 to 8 of
 * docs/sync-protocol.md §3, on the head alone.
 */
void
_bn_sync_server_judge (const BnRequestHead *head,
                       BnHeadVerdict       *verdict,
                       gpointer             user_data)
{
  BnSyncServer *self = user_data;
  int endpoint = _bn_sync_server_find_endpoint (head->method, head->path);
  BnRequestAuth *auth;
  const char *why;

  if (endpoint == BN_ENDPOINT_JOIN)
    {
      judge_join (self, head, verdict);
      return;
    }
  if (!bn_request_guard_take_token (self->guard, head->host))
    {
      refuse (self, head, verdict, BN_HTTP_TOO_MANY_REQUESTS, _("too many requests"));
      return;
    }
  if (endpoint < 0)
    {
      refuse (self, head, verdict, SOUP_STATUS_UNAUTHORIZED, _("an unknown path or method"));
      return;
    }
  auth = g_new0 (BnRequestAuth, 1);
  auth->endpoint = endpoint;
  if ((why = check_signature (self, head, auth)) != NULL)
    refuse (self, head, verdict, SOUP_STATUS_UNAUTHORIZED, why);
  else if (!check_member (self, head, auth, verdict))
    ;
  else if (!bn_request_guard_fresh_nonce (self->guard, auth->peer_id, auth->nonce,
                                          g_get_real_time () / 1000))
    refuse (self, head, verdict, SOUP_STATUS_UNAUTHORIZED, _("a replayed request"));
  else if (check_length (self, head, endpoint, verdict))
    {
      admit (verdict, auth);
      return;
    }
  _bn_request_auth_free (auth);
}
