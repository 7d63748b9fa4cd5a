/* bn-service.h — the connector's toolkit: where to get help (a directory of
 * services connectors keep, every neighbour reads), and referrals of a request
 * to a service (docs/protocol.md §6.3, §6.4)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "bn-home.h"

G_BEGIN_DECLS

/* A service's information is stale when last checked this long ago. */
#define BN_SERVICE_STALE_MS  (G_GINT64_CONSTANT (365) * 24 * 3600 * 1000)
/* A closed referral's payload is erased this long after it was closed. */
#define BN_REFERRAL_KEEP_MS  (G_GINT64_CONSTANT (183) * 24 * 3600 * 1000)

/* A service of the directory: an organisation's details, never a person's.
 * Every string may be %NULL but id, version and name. */
typedef struct
{
  char   *id;             /* the service's ID: the entry ID of its first version */
  char   *version;        /* the entry ID of the version shown */
  char   *name;
  char   *org;
  char  **categories;     /* category IDs, at least one */
  char   *words;          /* what it helps with, in words */
  char   *audience;       /* for whom */
  char  **languages;      /* language codes: nl, fr, en, ... */
  char   *area;
  char   *address;
  char   *phone;
  char   *email;
  char   *url;
  char   *hours;          /* opening hours, as words */
  char   *cost;           /* free, paid, means-tested */
  char   *access;         /* walk-in, appointment, referral */
  char   *accessibility;
  char   *source;         /* where the information comes from */
  char   *checked;        /* YYYY-MM-DD: when it was last checked */
  char   *author;         /* peer ID of the connector who wrote this version */
  char   *author_name;
  gint64  ts;             /* this version's timestamp */
  gboolean stale;         /* last checked more than 12 months ago */
} BnService;

void        bn_service_free      (BnService *self);
BnService  *bn_service_copy      (const BnService *self);
JsonNode   *bn_service_to_json   (const BnService *self);
gboolean    bn_service_cost_is_valid   (const char *cost);
gboolean    bn_service_access_is_valid (const char *access);
/* Checks a service before it is written; the message says what to change. */
gboolean    bn_service_check     (const BnService *self,
                                  GError         **error);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (BnService, bn_service_free)

/* Reading: the services in force (written by a connector on the roster as it
 * stands, not removed), by name; @category may be %NULL. */
GPtrArray  *bn_store_list_services (BnStore    *self,
                                    const char *category,
                                    gint64      now_ms);
BnService  *bn_store_get_service   (BnStore    *self,
                                    const char *id_or_prefix,
                                    gint64      now_ms);

/* Writing (connectors only). @service's id and version are ignored by add;
 * edit writes a new version of the service @id. */
BnEntry    *bn_home_add_service    (BnHome          *self,
                                    const BnService *service,
                                    GError         **error);
BnEntry    *bn_home_edit_service   (BnHome          *self,
                                    const char      *id,
                                    const BnService *service,
                                    GError         **error);
BnEntry    *bn_home_remove_service (BnHome          *self,
                                    const char      *id,
                                    GError         **error);

/* CSV (RFC 4180) of the directory, with the columns of docs/services-csv.md. */
extern const char *const bn_service_csv_columns[];
char       *bn_services_to_csv     (GPtrArray       *services);
/* Reads every row, checks every one, then writes all of them or none. Rows
 * with an ID of a service in force that change nothing are skipped. */
gboolean    bn_home_import_services (BnHome         *self,
                                    const char      *csv,
                                    gsize            len,
                                    guint           *added,
                                    guint           *changed,
                                    guint           *unchanged,
                                    GError         **error);

/* Referrals */

typedef struct
{
  char     *id;
  char     *post;           /* the request's ID */
  char     *post_title;     /* nullable: when this peer reads the post */
  char     *asker;          /* peer ID of the post's author */
  char     *asker_name;
  char     *service_id;
  BnService *service;       /* nullable: the service as it stands here */
  char     *note;
  char     *consent;        /* how the asker said yes: in-person, phone, message, writing */
  char     *status;         /* suggested ... closed */
  char     *author;         /* the connector who referred */
  char     *author_name;
  gint64    ts;
  gint64    updated;
} BnReferral;

void        bn_referral_free     (BnReferral *self);
JsonNode   *bn_referral_to_json  (const BnReferral *self);
gboolean    bn_referral_status_is_valid  (const char *status);
gboolean    bn_referral_consent_is_valid (const char *consent);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (BnReferral, bn_referral_free)

/* The referrals this peer reads whose referrer is a connector as it stands:
 * those of my requests, and as a connector every one. */
GPtrArray  *bn_store_list_referrals (BnStore   *self);
BnEntry    *bn_home_refer          (BnHome     *self,
                                    const char *post_id,
                                    const char *service_id,
                                    const char *consent,
                                    const char *note,
                                    GError    **error);
BnEntry    *bn_home_set_referral_status (BnHome     *self,
                                    const char *referral_id,
                                    const char *status,
                                    GError    **error);

G_END_DECLS
