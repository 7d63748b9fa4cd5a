/* bn-doctor-avahi.c — is Avahi running, and which Buurtnet services does it see
 *
 * One browse of _buurtnet._tcp for a couple of seconds, each service resolved
 * once (by name: a service seen over several interfaces or protocols counts
 * once). A service's TXT tells whether it is of our neighbourhood: its `tag`
 * is the day's tag of one of our discovery keys (docs/sync-protocol.md §7),
 * the same test the peer's own discovery makes. Our own service (Avahi marks
 * it local) is not counted.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "bn-doctor-private.h"
#include "bn-discovery.h"
#include "bn-wire.h"

#include <avahi-client/client.h>
#include <avahi-client/lookup.h>
#include <avahi-common/error.h>
#include <avahi-common/malloc.h>
#include <avahi-glib/glib-watch.h>
#include <glib/gi18n-lib.h>

/* How long resolves may go on after the browse, at most. */
#define RESOLVE_GRACE_MS 3000

typedef struct
{
  gboolean  local;
  gboolean  resolved;
  gboolean  ours;
  char     *address;
} Service;

typedef struct
{
  BnDoctorRun         *run;
  GPtrArray           *keys;       /* GBytes: our discovery keys */
  AvahiGLibPoll       *poll;
  AvahiClient         *client;
  GHashTable          *services;   /* name → Service */
  guint                resolving;
  gboolean             listened;
  GSource             *listen_timer;
  GSource             *deadline_timer;
  GSource             *finishing;
  char                *failure;
} Browse;

static void
service_free (Service *service)
{
  g_free (service->address);
  g_free (service);
}

static char *
txt_value (AvahiStringList *txt, const char *key)
{
  AvahiStringList *item = avahi_string_list_find (txt, key);
  char *k = NULL, *v = NULL, *copy;

  if (item == NULL || avahi_string_list_get_pair (item, &k, &v, NULL) < 0)
    return NULL;
  copy = g_strdup (v);
  avahi_free (k);
  avahi_free (v);
  return copy;
}

/* Today's, yesterday's or tomorrow's tag of any key we hold, as discovery takes. */
static gboolean
tag_is_ours (Browse *b, const char *tag)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  for (guint k = 0; tag != NULL && k < b->keys->len; k++)
    for (int d = -1; d <= 1; d++)
      {
        g_autoptr(GDateTime) day = g_date_time_add_days (now, d);
        g_autofree char *ours = bn_wire_discovery_tag (
            g_bytes_get_data (g_ptr_array_index (b->keys, k), NULL), day);

        if (g_str_equal (ours, tag))
          return TRUE;
      }
  return FALSE;
}

static BnDoctorCheck *
services_check (Browse *b)
{
  const char *title = _("Buurtnet on this network");
  GHashTableIter iter;
  Service *service;
  guint seen = 0, ours = 0;
  gboolean here = FALSE;
  JsonArray *array = json_array_new ();
  BnDoctorCheck *check;
  char *message;
  BnDoctorStatus status;

  g_hash_table_iter_init (&iter, b->services);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &service))
    {
      JsonObject *object;

      here |= service->local;
      if (service->local)
        continue;
      seen++;
      ours += service->ours;
      object = json_object_new ();
      json_object_set_string_member (object, "address", service->address);
      json_object_set_boolean_member (object, "ours", service->ours);
      json_array_add_object_element (array, object);
    }
  if (seen == 0)
    {
      status = BN_DOCTOR_PROBLEM;
      message = g_strdup (_("No other Buurtnet computer announces itself on this network. If "
                            "neighbours have Buurtnet open now, this network keeps devices "
                            "apart (a guest Wi-Fi, “client isolation”) or blocks multicast: "
                            "ask a neighbour for their computer’s address and add it by "
                            "address. Neighbours met before are still tried where they were."));
    }
  else if (b->keys->len == 0)
    {
      status = BN_DOCTOR_NOTE;
      message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
          "%u Buurtnet computer on this network; which are your neighbours’ shows once you "
          "are in a neighbourhood.",
          "%u Buurtnet computers on this network; which are your neighbours’ shows once you "
          "are in a neighbourhood.", seen), seen);
    }
  else if (ours == 0)
    {
      status = BN_DOCTOR_PROBLEM;
      message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
          "%u Buurtnet computer on this network, but not of your neighbourhood: it belongs to "
          "another one, or it is on an old invite, or its clock is days off. Compare "
          "fingerprints with your neighbours, or ask a connector.",
          "%u Buurtnet computers on this network, but none of your neighbourhood: they belong "
          "to another one, or are on an old invite, or their clocks are days off. Compare "
          "fingerprints with your neighbours, or ask a connector.", seen), seen);
    }
  else if (ours < seen)
    {
      status = BN_DOCTOR_NOTE;
      message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
          "%u Buurtnet computer on this network, %u of your neighbourhood. The others belong "
          "to another neighbourhood, or are on an old invite or a wrong clock.",
          "%u Buurtnet computers on this network, %u of your neighbourhood. The others belong "
          "to another neighbourhood, or are on an old invite or a wrong clock.", seen),
          seen, ours);
    }
  else
    {
      status = BN_DOCTOR_OK;
      message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
          "%u Buurtnet computer on this network, of your neighbourhood.",
          "%u Buurtnet computers on this network, all of your neighbourhood.", seen), seen);
    }
  check = _bn_doctor_check_new ("services", status, title, message);
  json_object_set_int_member (check->details, "seen", seen);
  json_object_set_int_member (check->details, "ours", ours);
  json_object_set_boolean_member (check->details, "this_computer", here);
  json_object_set_array_member (check->details, "services", array);
  return check;
}

static void
finish (Browse *b)
{
  BnDoctorRun *run = b->run;

  if (b->failure != NULL)
    run->services = _bn_doctor_check_new ("services", BN_DOCTOR_PROBLEM,
        _("Buurtnet on this network"),
        g_strdup_printf (_("Looking for Buurtnet on this network failed: %s"), b->failure));
  else
    run->services = services_check (b);
  _bn_doctor_remove_source (&b->listen_timer);
  _bn_doctor_remove_source (&b->deadline_timer);
  _bn_doctor_remove_source (&b->finishing);
  /* Frees its browser and resolvers too. */
  g_clear_pointer (&b->client, avahi_client_free);
  g_clear_pointer (&b->poll, avahi_glib_poll_free);
  g_clear_pointer (&b->services, g_hash_table_unref);
  g_clear_pointer (&b->keys, g_ptr_array_unref);
  g_free (b->failure);
  g_free (b);
  _bn_doctor_part_done (run);
}

static gboolean
finish_now (gpointer user_data)
{
  finish (user_data);
  return G_SOURCE_REMOVE;
}

/* Avahi's objects are freed outside Avahi's own callbacks. */
static void
finish_soon (Browse *b)
{
  if (b->finishing == NULL)
    b->finishing = _bn_doctor_add_timeout (0, finish_now, b);
}

static void
maybe_finish (Browse *b)
{
  if (b->listened && b->resolving == 0)
    finish_soon (b);
}

static gboolean
listened (gpointer user_data)
{
  Browse *b = user_data;

  b->listened = TRUE;
  maybe_finish (b);
  return G_SOURCE_REMOVE;
}

static void
resolve_callback (AvahiServiceResolver   *resolver,
                  AvahiIfIndex            interface,
                  AvahiProtocol           protocol,
                  AvahiResolverEvent      event,
                  const char             *name,
                  const char             *type,
                  const char             *domain,
                  const char             *host_name,
                  const AvahiAddress     *address,
                  uint16_t                port,
                  AvahiStringList        *txt,
                  AvahiLookupResultFlags  flags,
                  void                   *user_data)
{
  Browse *b = user_data;
  Service *service = g_hash_table_lookup (b->services, name);

  if (event == AVAHI_RESOLVER_FOUND && service != NULL)
    {
      g_autofree char *version = txt_value (txt, "v");
      g_autofree char *tag = txt_value (txt, "tag");
      char ip[AVAHI_ADDRESS_STR_MAX];

      avahi_address_snprint (ip, sizeof ip, address);
      service->resolved = TRUE;
      service->ours = g_strcmp0 (version, BN_WIRE_VERSION_TXT) == 0 && tag_is_ours (b, tag);
      g_free (service->address);
      service->address = address->proto == AVAHI_PROTO_INET6
                         ? g_strdup_printf ("[%s]:%u", ip, port)
                         : g_strdup_printf ("%s:%u", ip, port);
    }
  avahi_service_resolver_free (resolver);
  b->resolving--;
  maybe_finish (b);
}

static void
browse_callback (AvahiServiceBrowser    *browser,
                 AvahiIfIndex            interface,
                 AvahiProtocol           protocol,
                 AvahiBrowserEvent       event,
                 const char             *name,
                 const char             *type,
                 const char             *domain,
                 AvahiLookupResultFlags  flags,
                 void                   *user_data)
{
  Browse *b = user_data;
  Service *service;

  if (event == AVAHI_BROWSER_FAILURE)
    {
      g_free (b->failure);
      b->failure = g_strdup (avahi_strerror (avahi_client_errno (b->client)));
      finish_soon (b);
      return;
    }
  if (event != AVAHI_BROWSER_NEW)
    return;
  service = g_hash_table_lookup (b->services, name);
  if (service != NULL)
    {
      service->local |= (flags & AVAHI_LOOKUP_RESULT_LOCAL) != 0;
      return;
    }
  service = g_new0 (Service, 1);
  service->local = (flags & AVAHI_LOOKUP_RESULT_LOCAL) != 0;
  g_hash_table_insert (b->services, g_strdup (name), service);
  if (!service->local
      && avahi_service_resolver_new (b->client, interface, protocol, name, type, domain,
                                     AVAHI_PROTO_UNSPEC, 0, resolve_callback, b) != NULL)
    b->resolving++;
}

static void
client_callback (AvahiClient *client, AvahiClientState state, void *user_data)
{
  /* The state is read once the client exists (avahi_client_get_state). */
}

static void
avahi_not_running (BnDoctorRun *run, int error)
{
  const char *title = _("Avahi (finding neighbours)");

  if (error == AVAHI_ERR_NO_DAEMON)
    run->avahi = _bn_doctor_check_new ("avahi", BN_DOCTOR_PROBLEM, title,
        g_strdup (_("Avahi is not running, so Buurtnet cannot find neighbours on this network "
                    "by itself (neighbours met before, and ones added by address, still sync). "
                    "Start it: sudo systemctl enable --now avahi-daemon")));
  else
    run->avahi = _bn_doctor_check_new ("avahi", BN_DOCTOR_PROBLEM, title,
        g_strdup_printf (_("Buurtnet cannot talk to Avahi (%s), so it cannot find neighbours on "
                           "this network by itself. Check that avahi-daemon and D-Bus run: "
                           "systemctl status avahi-daemon"), avahi_strerror (error)));
  json_object_set_boolean_member (run->avahi->details, "running", FALSE);
  json_object_set_string_member (run->avahi->details, "error", avahi_strerror (error));
  run->services = _bn_doctor_check_new ("services", BN_DOCTOR_NOTE,
      _("Buurtnet on this network"),
      g_strdup (_("Not looked for: that needs Avahi.")));
}

void
_bn_doctor_avahi_start (BnDoctorRun *run)
{
  Browse *b = g_new0 (Browse, 1);
  int error = 0;

  b->run = run;
  b->poll = avahi_glib_poll_new (g_main_context_get_thread_default (), G_PRIORITY_DEFAULT);
  b->client = avahi_client_new (avahi_glib_poll_get (b->poll), 0, client_callback, b, &error);
  if (b->client == NULL || avahi_client_get_state (b->client) != AVAHI_CLIENT_S_RUNNING)
    {
      avahi_not_running (run, b->client == NULL ? error : AVAHI_ERR_BAD_STATE);
      g_clear_pointer (&b->client, avahi_client_free);
      avahi_glib_poll_free (b->poll);
      g_free (b);
      _bn_doctor_part_done (run);
      return;
    }
  run->avahi = _bn_doctor_check_new ("avahi", BN_DOCTOR_OK, _("Avahi (finding neighbours)"),
      g_strdup (_("Avahi is running: Buurtnet can find neighbours on this network, and be "
                  "found.")));
  json_object_set_boolean_member (run->avahi->details, "running", TRUE);
  json_object_set_string_member (run->avahi->details, "version",
                                 avahi_client_get_version_string (b->client));
  b->keys = bn_home_list_discovery_keys (run->home);
  b->services = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                       (GDestroyNotify) service_free);
  if (avahi_service_browser_new (b->client, AVAHI_IF_UNSPEC, AVAHI_PROTO_UNSPEC,
                                 BN_DISCOVERY_SERVICE_TYPE, NULL, 0, browse_callback, b) == NULL)
    {
      b->failure = g_strdup (avahi_strerror (avahi_client_errno (b->client)));
      finish (b);
      return;
    }
  b->listen_timer = _bn_doctor_add_timeout (run->options.browse_ms, listened, b);
  b->deadline_timer = _bn_doctor_add_timeout (run->options.browse_ms + RESOLVE_GRACE_MS,
                                              finish_now, b);
}
