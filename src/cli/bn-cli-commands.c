/* bn-cli-commands.c — every command of buurtnet-cli, in one table
 *
 * A command's run() lives in the file of its noun; its row here gives its name,
 * its usage line and its one-line summary for --help, in the order --help lists
 * them. Adding a noun: its file (bn-cli-<noun>.c), and here a declaration and a
 * row for each of its commands.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "bn-cli.h"

#include <glib/gi18n-lib.h>

#define BN_CLI_RUN(name) \
  int bn_cli_cmd_##name (BnCliContext *ctx, const BnCliCommand *self, int argc, char **argv)

BN_CLI_RUN (init);        /* bn-cli-identity.c */
BN_CLI_RUN (whoami);
BN_CLI_RUN (hood);        /* bn-cli-hood.c */
BN_CLI_RUN (profile);     /* bn-cli-profile.c */
BN_CLI_RUN (post);        /* bn-cli-posts.c */
BN_CLI_RUN (list);
BN_CLI_RUN (show);
BN_CLI_RUN (reply);
BN_CLI_RUN (accept);
BN_CLI_RUN (status);
BN_CLI_RUN (thanks);
BN_CLI_RUN (delete);
BN_CLI_RUN (reply_withdraw);
BN_CLI_RUN (unaccept);
BN_CLI_RUN (message);     /* bn-cli-messages.c */
BN_CLI_RUN (messages);
BN_CLI_RUN (event);       /* bn-cli-events.c */
BN_CLI_RUN (events);
BN_CLI_RUN (rsvp);
BN_CLI_RUN (neighbours);  /* bn-cli-neighbours.c */
BN_CLI_RUN (members);     /* bn-cli-roster.c */
BN_CLI_RUN (invites);
BN_CLI_RUN (connector);
BN_CLI_RUN (member);
BN_CLI_RUN (leave);
BN_CLI_RUN (block);       /* bn-cli-moderation.c */
BN_CLI_RUN (unblock);
BN_CLI_RUN (blocked);
BN_CLI_RUN (report);
BN_CLI_RUN (reports);
BN_CLI_RUN (report_handled);
BN_CLI_RUN (hide);
BN_CLI_RUN (unhide);
BN_CLI_RUN (moderation);
BN_CLI_RUN (log);         /* bn-cli-log.c */
BN_CLI_RUN (verify);      /* bn-cli-verify.c */
BN_CLI_RUN (serve);       /* bn-cli-serve.c */
BN_CLI_RUN (peers);       /* bn-cli-peers.c */
BN_CLI_RUN (peer);
BN_CLI_RUN (sync);        /* bn-cli-sync.c */
BN_CLI_RUN (doctor);      /* bn-cli-doctor.c */
BN_CLI_RUN (service);     /* bn-cli-services.c */
BN_CLI_RUN (services);
BN_CLI_RUN (refer);       /* bn-cli-referrals.c */
BN_CLI_RUN (referral);
BN_CLI_RUN (referrals);
BN_CLI_RUN (stats);       /* bn-cli-stats.c */

const BnCliCommand bn_cli_commands[] = {
  /* Translators: in usage lines like this one, keep command words and --options
   * as they are; translate only the capitalised placeholders (NAME, FILE, …). */
  { "init", N_("--name NAME"),
    N_("Set up this computer as a neighbour"), bn_cli_cmd_init },
  { "whoami", N_("[--json]"),
    N_("Show your name, fingerprint and neighbourhood"), bn_cli_cmd_whoami },
  { "hood", N_("create NAME | join CODE | invite [--uses N] [--expires-in DAYS] | "
               "revoke-invite CODE | renew"),
    N_("Create or join a neighbourhood, invite neighbours, renew its key"), bn_cli_cmd_hood },
  { "profile", N_("set [--name N] [--talent CAT]…"),
    N_("Change your profile"), bn_cli_cmd_profile },
  { "post", N_("request|offer --category CAT --title T"),
    N_("Ask for help or offer it"), bn_cli_cmd_post },
  { "list", N_("[--kind request|offer] [--json]"),
    N_("List requests and offers, near to far"), bn_cli_cmd_list },
  { "show", N_("ID [--json]"),
    N_("Show a post with its replies"), bn_cli_cmd_show },
  { "reply", N_("POST_ID --text T"),
    N_("Answer a post: “I can help” or “I’d like that”"), bn_cli_cmd_reply },
  { "accept", N_("POST_ID REPLY_ID"),
    N_("Choose who helps with your post"), bn_cli_cmd_accept },
  { "status", N_("POST_ID open|matched|done|withdrawn"),
    N_("Mark your post done, withdrawn, …"), bn_cli_cmd_status },
  { "thanks", N_("POST_ID --text T"),
    N_("Say thank you"), bn_cli_cmd_thanks },
  { "delete", N_("ID"),
    N_("Erase something you posted, everywhere"), bn_cli_cmd_delete },
  { "reply-withdraw", N_("POST_ID"),
    N_("Take back your offer to help: “I can’t make it after all”"), bn_cli_cmd_reply_withdraw },
  { "unaccept", N_("POST_ID"),
    N_("Undo your choice of helper, to choose someone else"), bn_cli_cmd_unaccept },
  { "message", N_("PEER_ID --text T [--about POST_ID] [--expires-in DAYS] [--propose ISO | --agree MESSAGE_ID] | delete ID"),
    N_("Write to a neighbour, only the two of you can read it"), bn_cli_cmd_message },
  { "messages", N_("[PEER_ID] [--json]"),
    N_("List your conversations, or read one"), bn_cli_cmd_messages },
  { "event", N_("create --title T --start ISO --end ISO --place P [--category C] [--capacity N] "
                "[--repeat R] [--until DATE] | edit ID [...] | show ID [--json] | cancel ID | "
                "ics ID FILE"),
    N_("Organise a neighbourhood meetup; change, show or cancel it, or add it to your calendar"),
    bn_cli_cmd_event },
  { "events", N_("[--json]"),
    N_("List the meetups to come, the soonest first"), bn_cli_cmd_events },
  { "rsvp", N_("EVENT_ID yes|maybe|no [--guests N] [--date YYYY-MM-DD]"),
    N_("Say whether you come to a meetup"), bn_cli_cmd_rsvp },
  { "neighbours", N_("[--json]"),
    N_("List neighbours, near to far"), bn_cli_cmd_neighbours },
  { "members", N_("[--json]"),
    N_("List who belongs to the neighbourhood, connectors first"), bn_cli_cmd_members },
  { "invites", N_("[--json]"),
    N_("List the invites made, and whether they still admit anyone"), bn_cli_cmd_invites },
  { "connector", N_("appoint PEER_ID | dismiss PEER_ID"),
    N_("Make a neighbour a connector, or no longer one (connectors only)"), bn_cli_cmd_connector },
  { "member", N_("remove PEER_ID [--reason R] | replace OLD_PEER_ID NEW_PEER_ID"),
    N_("Remove a neighbour, or move one to a new computer (connectors only)"), bn_cli_cmd_member },
  { "leave", NULL,
    N_("Leave the neighbourhood"), bn_cli_cmd_leave },
  { "block", N_("PEER_ID"),
    N_("No longer see a neighbour’s posts on this computer (they are not told)"), bn_cli_cmd_block },
  { "unblock", N_("PEER_ID"),
    N_("See a blocked neighbour’s posts again"), bn_cli_cmd_unblock },
  { "blocked", N_("[--json]"),
    N_("List the neighbours you block on this computer"), bn_cli_cmd_blocked },
  { "report", N_("ID|PEER_ID --reason spam|harassment|privacy|unsafe|other [--text T]"),
    N_("Tell the connectors about a post, a reply or a neighbour"), bn_cli_cmd_report },
  { "reports", N_("[--json]"),
    N_("List reports: all of them for connectors, your own for others"), bn_cli_cmd_reports },
  { "report-handled", N_("REPORT_ID"),
    N_("Mark a report handled (connectors only)"), bn_cli_cmd_report_handled },
  { "hide", N_("ID|PEER_ID --reason TEXT [--erase]"),
    N_("Hide a post, a reply or a neighbour’s posts for everyone (connectors)"), bn_cli_cmd_hide },
  { "unhide", N_("ID|PEER_ID"),
    N_("Show again what was hidden"), bn_cli_cmd_unhide },
  { "moderation", N_("[--json]"),
    N_("The moderation log: every hide, removal and change of role"), bn_cli_cmd_moderation },
  { "service", N_("add --name N --category C… [--org O] [--phone P] [--email E] [--url U] "
                  "[--address A] [--hours H] [--languages nl,fr,en] "
                  "[--access walk-in|appointment|referral] [--cost free|paid|means-tested] | "
                  "edit ID [options] | remove ID | import FILE.csv | export FILE.csv"),
    N_("Keep the list of where to get help (connectors only)"), bn_cli_cmd_service },
  { "services", N_("[--category C] [--json]"),
    N_("Where to get help: services for what neighbours cannot do"), bn_cli_cmd_services },
  { "refer", N_("POST_ID SERVICE_ID --consent in-person|phone|message|writing [--note T]"),
    N_("Refer a request to a service, once the neighbour agreed (connectors only)"), bn_cli_cmd_refer },
  { "referral", N_("status REFERRAL_ID suggested|contacted|appointment|helped|not-helped|closed"),
    N_("Say how a referral goes (the neighbour who asked, or a connector)"), bn_cli_cmd_referral },
  { "referrals", N_("[--json]"),
    N_("List referrals: of your requests, and all of them for connectors"), bn_cli_cmd_referrals },
  { "stats", N_("[--from YYYY-MM] [--to YYYY-MM] [--json|--csv] [--pdf FILE]"),
    N_("How the neighbourhood is doing, month by month: figures safe to hand over"), bn_cli_cmd_stats },
  { "log", N_("export FILE | import FILE"),
    N_("Move entries by file (a USB stick, e-mail)"), bn_cli_cmd_log },
  { "verify", NULL,
    N_("Check every stored log from its first entry"), bn_cli_cmd_verify },
  { "serve", N_("[--port P] [--no-mdns] [--peer HOST:PORT]…"),
    N_("Run a headless peer that syncs with neighbours until stopped"), bn_cli_cmd_serve },
  { "peers", N_("[--json]"),
    N_("List the neighbours’ machines this one knows"), bn_cli_cmd_peers },
  { "peer", N_("add HOST[:PORT]"),
    N_("Remember a neighbour’s machine by address"), bn_cli_cmd_peer },
  { "sync", N_("HOST[:PORT]"),
    N_("Sync once with a neighbour’s machine, then exit"), bn_cli_cmd_sync },
  { "doctor", N_("[--json] [--port P]"),
    N_("Check why neighbours cannot be seen: network, Avahi, firewall, each neighbour"),
    bn_cli_cmd_doctor },
};
const guint bn_cli_n_commands = G_N_ELEMENTS (bn_cli_commands);
