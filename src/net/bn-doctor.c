/* bn-doctor.c — running the doctor's checks; this computer's addresses, its
 * neighbourhood, and each neighbour's machine it knows
 *
 * The checks that wait (Avahi's browse, a connection to our own port) run
 * together on the doctor's main context; the rest read the interfaces and the
 * data directory. Each check says ok, or what to do, in words a neighbour can
 * act on or read out to whoever helps.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "bn-doctor-private.h"
#include "bn-queries.h"
#include "bn-roster.h"
#include "bn-store-peers.h"
#include "bn-sync-node.h"
#include "bn-sync-request.h"
#include "bn-sync-server.h"

#include <arpa/inet.h>
#include <glib/gi18n-lib.h>
#include <ifaddrs.h>
#include <net/if.h>
#include <netinet/in.h>

#define DEFAULT_BROWSE_MS 2500
#define DEFAULT_CONNECT_MS 2000

void
bn_doctor_check_free (BnDoctorCheck *check)
{
  g_free (check->check);
  g_free (check->title);
  g_free (check->message);
  g_clear_pointer (&check->details, json_object_unref);
  g_free (check);
}

/* Takes @message. */
BnDoctorCheck *
_bn_doctor_check_new (const char     *check,
                      BnDoctorStatus  status,
                      const char     *title,
                      char           *message)
{
  BnDoctorCheck *self = g_new0 (BnDoctorCheck, 1);

  self->check = g_strdup (check);
  self->status = status;
  self->title = g_strdup (title);
  self->message = message;
  self->details = json_object_new ();
  return self;
}

void
_bn_doctor_part_done (BnDoctorRun *run)
{
  if (run->pending > 0 && --run->pending == 0)
    g_main_loop_quit (run->loop);
}

GSource *
_bn_doctor_add_timeout (guint       ms,
                        GSourceFunc func,
                        gpointer    data)
{
  GSource *source = g_timeout_source_new (ms);

  g_source_set_callback (source, func, data, NULL);
  g_source_attach (source, g_main_context_get_thread_default ());
  return source;
}

void
_bn_doctor_remove_source (GSource **source)
{
  if (*source == NULL)
    return;
  g_source_destroy (*source);
  g_clear_pointer (source, g_source_unref);
}

const char *
bn_doctor_status_to_string (BnDoctorStatus status)
{
  switch (status)
    {
    case BN_DOCTOR_OK:
      return "ok";
    case BN_DOCTOR_NOTE:
      return "note";
    case BN_DOCTOR_PROBLEM:
    default:
      return "problem";
    }
}

guint
bn_doctor_count_problems (GPtrArray *checks)
{
  guint n = 0;

  for (guint i = 0; i < checks->len; i++)
    n += ((BnDoctorCheck *) g_ptr_array_index (checks, i))->status == BN_DOCTOR_PROBLEM;
  return n;
}

JsonNode *
bn_doctor_check_to_json (const BnDoctorCheck *check)
{
  JsonObject *object = json_object_new ();
  JsonNode *node = json_node_new (JSON_NODE_OBJECT);

  json_object_set_string_member (object, "check", check->check);
  json_object_set_string_member (object, "status", bn_doctor_status_to_string (check->status));
  json_object_set_string_member (object, "title", check->title);
  json_object_set_string_member (object, "message", check->message);
  json_object_set_object_member (object, "details", json_object_ref (check->details));
  json_node_take_object (node, object);
  return node;
}

/* ------------------------------------------------------------ the neighbourhood */

static BnDoctorCheck *
check_hood (BnHome *home)
{
  const BnHood *hood = bn_home_get_hood (home);
  const char *title = _("Neighbourhood");
  g_autoptr(GBytes) request = NULL;

  if (hood == NULL)
    {
      request = bn_home_get_join_request (home);
      if (request != NULL)
        return _bn_doctor_check_new ("hood", BN_DOCTOR_NOTE, title,
            g_strdup (_("Waiting to be let in: the first neighbour’s computer that Buurtnet "
                        "reaches checks your invite code. Keep Buurtnet open near a neighbour "
                        "who is a member.")));
      return _bn_doctor_check_new ("hood", BN_DOCTOR_PROBLEM, title,
          g_strdup (_("This computer has not joined a neighbourhood yet: join with the invite "
                      "code a neighbour gave you, or create a neighbourhood.")));
    }
  switch (bn_home_get_standing (home, NULL, NULL))
    {
    case BN_MEMBER_ACTIVE:
      return _bn_doctor_check_new ("hood", BN_DOCTOR_OK, title,
                                   g_strdup_printf (_("You are a member of “%s”."), hood->name));
    case BN_MEMBER_UNKNOWN:
      return _bn_doctor_check_new ("hood", BN_DOCTOR_NOTE, title,
          g_strdup_printf (_("A neighbour’s computer has not let you into “%s” yet: keep "
                             "Buurtnet open while a member’s computer is on."), hood->name));
    default:
      return _bn_doctor_check_new ("hood", BN_DOCTOR_PROBLEM, title,
          g_strdup_printf (_("You are no longer a member of “%s”: neighbours’ computers do not "
                             "sync with this one any more. To take part again, ask a connector "
                             "for a new invite."), hood->name));
    }
}

/* ------------------------------------------------------------ this computer */

static guint
prefix_length (const struct in_addr *mask)
{
  return (guint) __builtin_popcount (ntohl (mask->s_addr));
}

static void
add_address (JsonArray *array, const char *interface, const char *address, guint prefix,
             const char *network)
{
  JsonObject *object = json_object_new ();

  json_object_set_string_member (object, "interface", interface);
  json_object_set_string_member (object, "address", address);
  json_object_set_int_member (object, "prefix", prefix);
  json_object_set_string_member (object, "network", network);
  json_array_add_object_element (array, object);
}

void
bn_local_address_free (BnLocalAddress *address)
{
  g_free (address->interface);
  g_free (address->address);
  g_free (address->network);
  g_free (address);
}

/**
 * bn_doctor_list_addresses:
 *
 * The IPv4 addresses neighbours can reach this computer at (up, not loopback),
 * with their networks: what a neighbour types to add this computer by hand.
 *
 * Returns: (transfer full) (element-type BnLocalAddress): possibly empty
 */
GPtrArray *
bn_doctor_list_addresses (void)
{
  GPtrArray *addresses = g_ptr_array_new_with_free_func ((GDestroyNotify) bn_local_address_free);
  struct ifaddrs *interfaces = NULL;

  if (getifaddrs (&interfaces) != 0)
    return addresses;
  for (struct ifaddrs *i = interfaces; i != NULL; i = i->ifa_next)
    {
      const struct sockaddr_in *addr = (const struct sockaddr_in *) i->ifa_addr;
      const struct sockaddr_in *mask = (const struct sockaddr_in *) i->ifa_netmask;
      char ip[INET_ADDRSTRLEN], net[INET_ADDRSTRLEN];
      struct in_addr network;
      BnLocalAddress *address;

      if (addr == NULL || mask == NULL || addr->sin_family != AF_INET
          || !(i->ifa_flags & IFF_UP) || (i->ifa_flags & IFF_LOOPBACK))
        continue;
      network.s_addr = addr->sin_addr.s_addr & mask->sin_addr.s_addr;
      inet_ntop (AF_INET, &addr->sin_addr, ip, sizeof ip);
      inet_ntop (AF_INET, &network, net, sizeof net);
      address = g_new0 (BnLocalAddress, 1);
      address->interface = g_strdup (i->ifa_name);
      address->address = g_strdup (ip);
      address->network = g_strdup (net);
      address->prefix = prefix_length (&mask->sin_addr);
      g_ptr_array_add (addresses, address);
    }
  freeifaddrs (interfaces);
  return addresses;
}

/* The IPv4 addresses neighbours can reach (not loopback), with their networks. */
static BnDoctorCheck *
check_network (BnDoctorRun *run)
{
  g_autoptr(GPtrArray) addresses = bn_doctor_list_addresses ();
  g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func (g_free);
  JsonArray *array = json_array_new ();
  BnDoctorCheck *check;
  const char *title = _("This computer’s network address");

  for (guint i = 0; i < addresses->len; i++)
    {
      const BnLocalAddress *a = g_ptr_array_index (addresses, i);

      if (run->lan_ip == NULL)
        run->lan_ip = g_strdup (a->address);
      add_address (array, a->interface, a->address, a->prefix, a->network);
      /* Translators: an address, the interface's name, and its network, e.g.
       * “192.168.1.23 on wlan0 (network 192.168.1.0/24)” */
      g_ptr_array_add (lines, g_strdup_printf (_("%s on %s (network %s/%u)"), a->address,
                                               a->interface, a->network, a->prefix));
    }
  if (lines->len == 0)
    check = _bn_doctor_check_new ("network", BN_DOCTOR_PROBLEM, title,
        g_strdup (_("This computer has no network address: connect it to the Wi-Fi or plug in "
                    "the network cable, then look again.")));
  else
    {
      g_autofree char *joined = NULL;

      g_ptr_array_add (lines, NULL);
      joined = g_strjoinv ("; ", (char **) lines->pdata);
      check = _bn_doctor_check_new ("network", BN_DOCTOR_OK, title,
          g_strdup_printf (_("%s. Neighbours on the same network can find it."), joined));
    }
  json_object_set_array_member (check->details, "addresses", array);
  return check;
}

/* ------------------------------------------------------------ known neighbours */

static char *
format_time (gint64 ms)
{
  g_autoptr(GDateTime) when = g_date_time_new_from_unix_local (ms / 1000);

  return g_date_time_format (when, "%Y-%m-%d %H:%M");
}

static char *
neighbour_title (BnStore *store, const BnPeerRecord *record, BnMemberStatus *status)
{
  guint8 key[BN_PUBLIC_KEY_LEN];
  g_autoptr(BnProfile) profile = NULL;

  *status = BN_MEMBER_UNKNOWN;
  if (!bn_sync_peer_key_from_id (record->peer_id, key))
    return g_strdup (record->address);
  *status = bn_store_get_member_status (store, key, NULL);
  profile = bn_store_get_profile (store, key);
  if (profile == NULL || profile->name == NULL)
    return g_strdup (record->address);
  /* Translators: a neighbour's name and their computer's address */
  return g_strdup_printf (_("%s at %s"), profile->name, record->address);
}

static BnDoctorCheck *
check_neighbour (BnStore *store, const BnPeerRecord *record)
{
  BnMemberStatus member;
  g_autofree char *title = neighbour_title (store, record, &member);
  g_autofree char *synced = record->last_sync > 0 ? format_time (record->last_sync) : NULL;
  g_autofree char *last = synced != NULL ? g_strdup_printf (_("Last synced %s."), synced)
                                         : g_strdup (_("Never synced yet."));
  BnDoctorCheck *check;
  JsonObject *d;

  if (member > BN_MEMBER_ACTIVE)
    check = _bn_doctor_check_new ("neighbour", BN_DOCTOR_NOTE, title,
        g_strdup_printf ("%s %s", _("No longer a member of the neighbourhood: Buurtnet does not "
                                    "sync with this computer any more."), last));
  else if (record->failures > 0)
    {
      g_autofree char *words = bn_doctor_failure_words (record->failure, record->failure_message);
      check = _bn_doctor_check_new ("neighbour", BN_DOCTOR_PROBLEM, title,
                                    g_strdup_printf ("%s %s", words, last));
    }
  else if (synced != NULL)
    check = _bn_doctor_check_new ("neighbour", BN_DOCTOR_OK, title, g_steal_pointer (&last));
  else
    check = _bn_doctor_check_new ("neighbour", BN_DOCTOR_NOTE, title, g_steal_pointer (&last));
  d = check->details;
  json_object_set_string_member (d, "address", record->address);
  json_object_set_string_member (d, "source", record->source);
  json_object_set_string_member (d, "peer_id", record->peer_id);
  json_object_set_int_member (d, "last_sync_ms", record->last_sync);
  json_object_set_int_member (d, "failures", record->failures);
  json_object_set_string_member (d, "failure", record->failures > 0 ? record->failure : NULL);
  json_object_set_int_member (d, "failure_at_ms", record->failure_at);
  json_object_set_string_member (d, "failure_message",
                                 record->failures > 0 ? record->failure_message : NULL);
  return check;
}

static void
add_neighbours (BnHome *home, GPtrArray *checks)
{
  BnStore *store = bn_home_get_store (home);
  g_autoptr(GPtrArray) records = bn_store_list_peers (store);
  g_autofree char *me = bn_home_dup_peer_id (home);
  guint n = 0;

  for (guint i = 0; i < records->len; i++)
    {
      const BnPeerRecord *record = g_ptr_array_index (records, i);

      if (g_strcmp0 (record->peer_id, me) == 0)
        continue;
      g_ptr_array_add (checks, check_neighbour (store, record));
      n++;
    }
  if (n == 0)
    g_ptr_array_add (checks, _bn_doctor_check_new ("neighbour", BN_DOCTOR_NOTE,
        _("Neighbours’ computers"),
        g_strdup (_("This computer has not met a neighbour’s computer yet. Once Buurtnet finds "
                    "one on the network, or you add one by address, it is listed here."))));
}

/* ------------------------------------------------------------ running them all */

/**
 * bn_doctor_run:
 * @data_dir: the data directory, opened for reading only
 *
 * Runs every check on the calling thread (within a few seconds: Avahi's browse
 * and a connection with a timeout each). Neighbours' computers are not called.
 *
 * Returns: (transfer full) (element-type BnDoctorCheck): the checks in the order
 *   to show them; %NULL when the data directory cannot be read
 */
GPtrArray *
bn_doctor_run (const char             *data_dir,
               const BnDoctorOptions  *options,
               GCancellable           *cancellable,
               GError                **error)
{
  g_autoptr(GMainContext) context = g_main_context_new ();
  GPtrArray *checks;
  BnDoctorRun run = { 0 };

  run.home = bn_home_open_for_reading (data_dir, error);
  if (run.home == NULL)
    return NULL;
  g_main_context_push_thread_default (context);
  run.options = *options;
  run.options.port = options->port != 0 ? options->port : BN_SYNC_DEFAULT_PORT;
  /* Where the port asked for was taken before, Buurtnet listens on the one it
   * got then (a node in this process already says where it listens). */
  if (!options->serving)
    {
      guint16 remembered = bn_sync_port_remembered (bn_home_get_store (run.home),
                                                    run.options.port);

      if (remembered != 0)
        run.options.port = remembered;
    }
  run.options.browse_ms = options->browse_ms != 0 ? options->browse_ms : DEFAULT_BROWSE_MS;
  run.options.connect_ms = options->connect_ms != 0 ? options->connect_ms : DEFAULT_CONNECT_MS;
  run.cancellable = cancellable;
  run.loop = g_main_loop_new (context, FALSE);

  checks = g_ptr_array_new_with_free_func ((GDestroyNotify) bn_doctor_check_free);
  g_ptr_array_add (checks, check_hood (run.home));
  g_ptr_array_add (checks, check_network (&run));
  run.pending = 2;
  _bn_doctor_avahi_start (&run);
  _bn_doctor_port_start (&run);
  if (run.pending > 0)
    g_main_loop_run (run.loop);
  g_ptr_array_add (checks, g_steal_pointer (&run.avahi));
  g_ptr_array_add (checks, g_steal_pointer (&run.services));
  g_ptr_array_add (checks, g_steal_pointer (&run.running));
  g_ptr_array_add (checks, g_steal_pointer (&run.firewall));
  add_neighbours (run.home, checks);

  g_main_context_pop_thread_default (context);
  g_main_loop_unref (run.loop);
  g_free (run.lan_ip);
  g_object_unref (run.home);
  return checks;
}

typedef struct
{
  char            *data_dir;
  BnDoctorOptions  options;
} RunData;

static void
run_data_free (RunData *data)
{
  g_free (data->data_dir);
  g_free (data);
}

static void
run_in_thread (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  RunData *data = task_data;
  GError *error = NULL;
  GPtrArray *checks = bn_doctor_run (data->data_dir, &data->options, cancellable, &error);

  if (checks == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, checks, (GDestroyNotify) g_ptr_array_unref);
}

/* The same on a thread of its own, for a caller whose main loop must not wait. */
void
bn_doctor_run_async (const char             *data_dir,
                     const BnDoctorOptions  *options,
                     GCancellable           *cancellable,
                     GAsyncReadyCallback     callback,
                     gpointer                user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  RunData *data = g_new0 (RunData, 1);

  g_task_set_source_tag (task, bn_doctor_run_async);
  data->data_dir = g_strdup (data_dir);
  data->options = *options;
  g_task_set_task_data (task, data, (GDestroyNotify) run_data_free);
  g_task_run_in_thread (task, run_in_thread);
}

/* Returns: (transfer full) (element-type BnDoctorCheck): see bn_doctor_run() */
GPtrArray *
bn_doctor_run_finish (GAsyncResult  *result,
                      GError       **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* ------------------------------------------------------------ as text */

#define TEXT_WIDTH 78

static const char *
status_label (BnDoctorStatus status)
{
  switch (status)
    {
    case BN_DOCTOR_OK:
      /* Translators: the mark of a check in buurtnet-cli doctor; keep it short */
      return C_("doctor", "ok");
    case BN_DOCTOR_NOTE:
      /* Translators: the mark of a check in buurtnet-cli doctor; keep it short */
      return C_("doctor", "note");
    case BN_DOCTOR_PROBLEM:
    default:
      /* Translators: the mark of a check in buurtnet-cli doctor; keep it short */
      return C_("doctor", "problem");
    }
}

/**
 * bn_doctor_status_label:
 *
 * Returns: the translated mark of @status: “ok”, “note” or “problem”
 */
const char *
bn_doctor_status_label (BnDoctorStatus status)
{
  return status_label (status);
}

/* Appends @text in lines of at most TEXT_WIDTH columns, each after @indent spaces. */
static void
append_wrapped (GString *out, const char *text, guint indent)
{
  g_auto(GStrv) words = g_strsplit (text, " ", -1);
  glong column = 0;

  for (guint i = 0; words[i] != NULL; i++)
    {
      glong len = g_utf8_strlen (words[i], -1);

      if (len == 0)
        continue;
      if (column > 0 && indent + column + 1 + len > TEXT_WIDTH)
        {
          g_string_append_c (out, '\n');
          column = 0;
        }
      if (column == 0)
        g_string_append_printf (out, "%*s%s", indent, "", words[i]);
      else
        g_string_append_printf (out, " %s", words[i]);
      column += (column > 0 ? 1 : 0) + len;
    }
  g_string_append_c (out, '\n');
}

static guint
label_width (void)
{
  guint width = 0;

  for (BnDoctorStatus s = BN_DOCTOR_OK; s <= BN_DOCTOR_PROBLEM; s++)
    width = MAX (width, (guint) g_utf8_strlen (status_label (s), -1));
  return width + 2;
}

/**
 * bn_doctor_format_text:
 * @program: what ran the checks: "buurtnet-cli", "Buurtnet"
 *
 * The checks as one block of plain text a neighbour can copy whole and hand to
 * whoever helps them: a dated header, each check's mark, title and message,
 * and a last line that says whether anything is to be done.
 *
 * Returns: (transfer full): the text, ending in a newline
 */
char *
bn_doctor_format_text (GPtrArray *checks, const char *program)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *when = g_date_time_format (now, "%Y-%m-%d %H:%M");
  GString *out = g_string_new (NULL);
  guint width = label_width ();
  guint problems = bn_doctor_count_problems (checks);

  /* Translators: the date and time, the program ("buurtnet-cli" or "Buurtnet")
   * and its version */
  g_string_append_printf (out, _("Buurtnet doctor, %s (%s %s)\n"), when, program, BN_VERSION);
  for (guint i = 0; i < checks->len; i++)
    {
      const BnDoctorCheck *check = g_ptr_array_index (checks, i);
      const char *label = status_label (check->status);

      g_string_append_printf (out, "\n%s%*s%s\n", label,
                              (int) (width - g_utf8_strlen (label, -1)), "", check->title);
      append_wrapped (out, check->message, width);
    }
  g_string_append_c (out, '\n');
  if (problems == 0)
    g_string_append_printf (out, "%s\n",
                            _("All is well: nothing here keeps you from your neighbours."));
  else
    g_string_append_printf (out, g_dngettext (GETTEXT_PACKAGE,
                                              "%u problem: above, each says what to do.\n",
                                              "%u problems: above, each says what to do.\n",
                                              problems), problems);
  return g_string_free (out, FALSE);
}
