/* bn-doctor-private.h — what the doctor's files share
 *
 *   bn-doctor.c          running the checks; this computer's addresses; the
 *                        neighbourhood; the known neighbours
 *   bn-doctor-avahi.c    Avahi's state, and the Buurtnet services on the network
 *   bn-doctor-port.c     whether Buurtnet runs here, and whether the firewall lets
 *                        a connection to its port in
 *   bn-doctor-failure.c  a failed attempt to reach a neighbour, in a word
 *
 * Every part runs on the doctor's thread and its main context; a part that
 * waits (Avahi, a connection) calls _bn_doctor_part_done() when it has its
 * checks.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "bn-doctor.h"
#include "bn-home.h"

G_BEGIN_DECLS

typedef struct
{
  BnHome           *home;
  BnDoctorOptions   options;
  GCancellable     *cancellable;
  GMainLoop        *loop;
  guint             pending;      /* parts still waiting */
  char             *lan_ip;       /* the address the firewall check connects to */

  /* Filled by the parts; NULL until then */
  BnDoctorCheck    *avahi;
  BnDoctorCheck    *services;
  BnDoctorCheck    *running;
  BnDoctorCheck    *firewall;
} BnDoctorRun;

BnDoctorCheck *_bn_doctor_check_new   (const char     *check,
                                       BnDoctorStatus  status,
                                       const char     *title,
                                       char           *message);
void           _bn_doctor_part_done   (BnDoctorRun    *run);
/* A timeout on the doctor's main context; the caller owns the returned source. */
GSource       *_bn_doctor_add_timeout (guint           ms,
                                       GSourceFunc     func,
                                       gpointer        data);
void           _bn_doctor_remove_source (GSource     **source);

/* bn-doctor-avahi.c: fills run->avahi and run->services */
void           _bn_doctor_avahi_start (BnDoctorRun    *run);
/* bn-doctor-port.c: fills run->running and run->firewall */
void           _bn_doctor_port_start  (BnDoctorRun    *run);

G_END_DECLS
