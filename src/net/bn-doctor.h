/* bn-doctor.h — “Why can't I see my neighbours?”: checks of this computer's
 * network, Avahi, the port and the firewall, and each known neighbour, each
 * saying ok or what to do in plain words
 *
 * No GTK: `buurtnet-cli doctor` prints the checks, and the app can show the same
 * list in a panel. The checks run on a thread of their own with a main context
 * of their own (Avahi's calls wait for the daemon), on a read-only connection to
 * the data directory.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>
#include "bn-store.h"

G_BEGIN_DECLS

/**
 * BnDoctorStatus:
 * @BN_DOCTOR_OK: this is as it should be
 * @BN_DOCTOR_NOTE: worth knowing, nothing to fix
 * @BN_DOCTOR_PROBLEM: this keeps neighbours apart; the message says what to do
 */
typedef enum {
  BN_DOCTOR_OK,
  BN_DOCTOR_NOTE,
  BN_DOCTOR_PROBLEM,
} BnDoctorStatus;

/**
 * BnDoctorCheck:
 * @check: which check: "hood", "network", "avahi", "services", "running",
 *   "firewall" or "neighbour" (one per known neighbour's machine)
 * @status: what it found
 * @title: what was checked, translated (“Avahi”, a neighbour's name and address)
 * @message: what was found and, unless all is well, what to do, translated
 * @details: the figures behind it, for --json (members per check: see the man page)
 */
typedef struct
{
  char           *check;
  BnDoctorStatus  status;
  char           *title;
  char           *message;
  JsonObject     *details;
} BnDoctorCheck;

void bn_doctor_check_free (BnDoctorCheck *check);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (BnDoctorCheck, bn_doctor_check_free)

/**
 * BnDoctorOptions:
 * @port: the port Buurtnet listens on here, or would (0: BN_SYNC_DEFAULT_PORT)
 * @serving: a node in this process listens on @port (the app): no test listener
 * @browse_ms: how long to listen for Buurtnet services (0: 2.5 s)
 * @connect_ms: how long to wait for a connection to our own port (0: 2 s)
 */
typedef struct
{
  guint16   port;
  gboolean  serving;
  guint     browse_ms;
  guint     connect_ms;
} BnDoctorOptions;

GPtrArray   *bn_doctor_run          (const char             *data_dir,
                                     const BnDoctorOptions  *options,
                                     GCancellable           *cancellable,
                                     GError                **error);
void         bn_doctor_run_async    (const char             *data_dir,
                                     const BnDoctorOptions  *options,
                                     GCancellable           *cancellable,
                                     GAsyncReadyCallback     callback,
                                     gpointer                user_data);
GPtrArray   *bn_doctor_run_finish   (GAsyncResult           *result,
                                     GError                **error);

/**
 * BnLocalAddress:
 * @interface: "wlan0"
 * @address: "192.168.1.23"
 * @prefix: 24
 * @network: "192.168.1.0"
 */
typedef struct
{
  char  *interface;
  char  *address;
  guint  prefix;
  char  *network;
} BnLocalAddress;

void         bn_local_address_free      (BnLocalAddress     *address);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (BnLocalAddress, bn_local_address_free)
GPtrArray   *bn_doctor_list_addresses   (void);

guint        bn_doctor_count_problems   (GPtrArray          *checks);
const char  *bn_doctor_status_to_string (BnDoctorStatus      status);
const char  *bn_doctor_status_label     (BnDoctorStatus      status);
char        *bn_doctor_format_text      (GPtrArray          *checks,
                                         const char         *program);
JsonNode    *bn_doctor_check_to_json    (const BnDoctorCheck *check);

/* What the peer manager keeps of a failed attempt, and what it means in words
 * (bn-doctor-failure.c). */
const char  *bn_doctor_failure_kind  (const GError *error);
char        *bn_doctor_failure_words (const char   *kind,
                                      const char   *message);
void         bn_doctor_note_failure  (BnStore      *store,
                                      const char   *address,
                                      const GError *error);

G_END_DECLS
