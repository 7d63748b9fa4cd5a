#!/usr/bin/python3
# test-story-meet.py — from a match to an agreed time, and a meetup, as two
# neighbours live it, through the accessibility bus (what a screen reader sees
# and does):
#
#   Anna starts the neighbourhood "Kerkstraat"; Bram joins with her code
#   (buurtnet-cli on his own data directory); Anna asks for help with her
#   groceries, Bram offers, Anna accepts. From the match Anna writes to Bram:
#   "Propose a Time" puts the question into the field in her language, she
#   sends it; Bram reads it on his computer and answers that it suits him;
#   Anna reads the answer. Bram proposes a second time with
#   "buurtnet-cli message --propose"; Anna clicks "That Suits Me" and Bram's
#   computer shows the time agreed. A further message raises a notification and the
#   Messages count. Then Anna organises a coffee morning;
#   Bram says yes with a guest; Anna sees who comes and says she comes too.
#
# Anna's app runs its own peer on a loopback port (--no-mdns); Bram syncs with
# "buurtnet-cli sync 127.0.0.1:PORT", so every step crosses the real network
# layer. The helpers are in bn_story.py, shared with test-story.py and
# test-a11y-walk.py. Screenshots land in $BN_SCREENSHOT_DIR/story-meet*-*.png.
#
# Run under tests/app/run-headless.sh (Xvfb + a session bus). TAP on stdout.
#
#   test-story-meet.py BUURTNET BUURTNET_CLI
#
# SPDX-License-Identifier: GPL-3.0-or-later

import datetime
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

# The helpers all three AT-SPI scripts share, next to this file.
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import bn_story  # noqa: E402 (skips the test when AT-SPI is missing)
from bn_story import *  # noqa: E402,F401,F403
from bn_story import _, _n, C_  # noqa: E402,F401


# --- the story ----------------------------------------------------------------

bn_story.SUFFIX = "-meet" + bn_story.SUFFIX
work = tempfile.mkdtemp(prefix="buurtnet-story-meet-")
ANNA, BRAM, CHRIS, PORT = bn_story.neighbours_in(work)
app_process = None


def conversation_with(peer_id):
    bram_syncs()
    return json.loads(cli("messages", peer_id, "--json"))


def meetups():
    bram_syncs()
    return json.loads(cli("events", "--json"))


def proposal_pattern():
    """The question "Propose a Time" writes, in Anna's language, whatever the day."""
    parts = [re.escape(part) for part in re.split(r"%\d\$s", _("Would %1$s at %2$s suit you?"))]
    return re.compile("^" + parts[0] + ".+" + parts[1] + r"\d\d:\d\d" + parts[2] + "$")


def agreement_pattern():
    """The yes "That Suits Me" sends, in Anna's language, whatever the day."""
    parts = [re.escape(part) for part in re.split(r"%\d\$s", _("That suits me: %1$s at %2$s."))]
    return re.compile("^" + parts[0] + ".+" + parts[1] + r"\d\d:\d\d" + parts[2] + "$")


try:
    print("1..10", flush=True)
    serve_notifications()
    env = dict(os.environ, G_DEBUG=os.environ.get("BN_APP_G_DEBUG", ""))
    app_process = subprocess.Popen([APP, "--data-dir", ANNA, "--port", str(PORT), "--no-mdns"],
                                   env=env)
    app = wait_for("Anna's app on the accessibility bus", lambda: find_app(app_process.pid))
    bn_story.app_for_debug = app
    click(app, contains=_("Get Started"))
    type_into(app, _("Your name"), "Anna")
    click(app, contains=_("Continue"))
    type_into(app, _("Name, like “Kerkstraat” or “Block C”"), "Kerkstraat")
    click(app, contains=_("Start a Neighbourhood"))
    code_label = wait_for("the invite code", lambda: invite_code_label(app))
    invite = label_text(code_label).strip()
    dialog = wait_for("the invite dialog", lambda: invite_dialog(app))
    do_action(dialog, "window.close")
    wait_for("the invite dialog to close", lambda: invite_dialog(app) is None)
    cli("init", "--name", "Bram")
    cli("hood", "join", invite)
    bram_syncs()
    cli("profile", "set", "--talent", "errands")
    bram_syncs()
    anna_id = wait_for("Anna among Bram's neighbours", lambda: [
        n["peer_id"] for n in json.loads(cli("neighbours", "--json")) if n.get("name") == "Anna"])[0]
    ok("Anna starts the neighbourhood and Bram joins")

    do_action(main_frame(app), "win.ask")
    wait_for("the Ask for Help form", lambda: "win.back" in frame_actions(app))
    click(wait_for("the form's categories", lambda: find(app, name=_("What is it about?"), role="panel")),
          name=_("Errands & groceries"))
    type_into(app, _("In a few words"), "Groceries on Saturday")
    click(app, name=_("Ask"))
    wait_for("Anna's request on her post page",
             lambda: has_label(app, _("No replies yet. Neighbours nearby can see your request.")))
    post = wait_for("Anna's request to reach Bram", bram_sees(groceries))
    cli("reply", post["id"], "--text", "Happy to help, I go on Saturday morning anyway.")
    bram_syncs()
    accept = wait_for("Bram's reply on Anna's post page",
                      lambda: find(app, "push button", _("Accept help from %s") % "Bram"))
    do_action(accept, "click")
    wait_for("the match on Anna's side", lambda: has_label(app, _("%s is helping you") % "Bram"))
    try_screenshot(app, "1-matched")
    check_names(app, "the matched post")
    ok("Anna asks for help with her groceries, Bram offers, Anna accepts")

    click(app, name=_("Message %s") % "Bram")
    wait_for("the conversation with Bram",
             lambda: has_label(app, _("Say hello, and agree on a time that suits you both.")))
    open_menu(app, _("Propose a Time"))
    click(app, name=_("Write It in the Message"))
    field = wait_for("the proposal in the message field",
                     lambda: [f for f in find_all(app, "text", _("Message"), on_screen=True)
                              if proposal_pattern().match(label_text(f))])[0]
    proposal = label_text(field)
    try_screenshot(app, "2-proposal")
    check_names(app, "the conversation")
    ok("“Propose a Time” writes the question in Anna's language: %s" % proposal)

    click(app, name=_("Send"))
    wait_for("the proposal sent", lambda: has_label(app, proposal))
    sent = wait_for("the proposal to reach Bram",
                    lambda: [m for m in conversation_with(anna_id) if m.get("text") == proposal])
    if sent[0].get("about") != post["id"]:
        bail("the message does not name the post it is about: %s" % sent[0])
    ok("Bram reads Anna's proposal on his computer, about the post")

    cli("message", anna_id, "--text", "That suits me, see you then!")
    bram_syncs()
    wait_for("Bram's answer in the conversation", lambda: has_label(app, "That suits me, see you then!"))
    try_screenshot(app, "3-agreed")
    ok("Anna reads Bram's answer: they agree on a time")

    # Bram proposes a second time from his computer; Anna says yes in one click.
    day = (datetime.date.today() + datetime.timedelta(days=3)).isoformat()
    bram_proposal = cli("message", anna_id, "--propose", day + "T10:00",
                        "--text", "And shall we bring the bags back together?").split()[-1]
    bram_syncs()
    suits = wait_for("“That Suits Me” under Bram's proposal",
                     lambda: find(app, "push button", _("That Suits Me"), on_screen=True))
    check_names(app, "the conversation with a proposed time")
    do_action(suits, "click")
    wait_for("“Add to Calendar” under Anna's yes",
             lambda: find(app, "push button", _("Add to Calendar"), on_screen=True))
    try_screenshot(app, "3-that-suits-me")
    said = wait_for("Anna's yes to reach Bram", lambda: [
        m for m in conversation_with(anna_id) if m.get("agrees") == bram_proposal])[0]
    asked = [m for m in conversation_with(anna_id) if m.get("id") == bram_proposal][0]
    if not asked.get("proposes", "").startswith(day + "T10:00:00+0") or said.get("agreed") != asked["proposes"]:
        bail("Bram's side does not show the agreed time: %s / %s" % (asked, said))
    if not asked.get("answered") or said.get("mine"):
        bail("Bram's proposal is not answered by Anna on his side: %s / %s" % (asked, said))
    if not agreement_pattern().match(said.get("text", "")):
        bail("Anna's yes is not in her language: %r" % said.get("text"))
    ok("Anna clicks “That Suits Me” under Bram's proposal; Bram's computer shows it agreed: %s"
       % said["text"])

    do_action(main_frame(app), "win.back")
    wait_for("the lists again", lambda: "win.back" not in frame_actions(app))
    notified_before = len(notifications)
    cli("message", anna_id, "--text", "I will bring two bags.")
    bram_syncs()
    wait_for("a notification of Bram's message", lambda: any(
        _("%s wrote to you") % "Bram" in summary + body
        for summary, body in notifications[notified_before:]))
    show_view(app, _("Messages"))
    wait_for("the unread count on the Messages page",
             lambda: find(app, contains=_n("%s, %u new message", "%s, %u new messages", 1) % ("Bram", 1)))
    try_screenshot(app, "4-messages")
    check_names(app, "the Messages page")
    ok("A new message raises a notification and shows as new on the Messages page")

    do_action(main_frame(app), "win.new-meetup")
    wait_for("the meetup form", lambda: find(app, "text", _("Title, such as “Coffee in the courtyard”")))
    type_into(app, _("Title, such as “Coffee in the courtyard”"), "Coffee in the courtyard")
    type_into(app, _("Place, in words"), "Zaaltje Karreveld")
    try_screenshot(app, "5-meetup-form")
    check_names(app, "the meetup form")
    # What a screen reader says of the time and the places: each name once,
    # the minutes as a clock shows them.
    minutes = wait_for("the start's minutes", lambda: find(app, "spin button", _("%s, minutes") % _("Starts"),
                                                            on_screen=True))
    if label_text(minutes) != "00":
        bail("the start's minutes read %r, not \"00\"" % label_text(minutes))
    wait_for("the places, named once", lambda: find(app, "spin button", _("Places"), on_screen=True))
    click(app, name=_("Organise"))
    wait_for("the meetup's page", lambda: has_label(app, _("You have not answered yet.")))
    ok("Anna organises a coffee morning")

    meetup = wait_for("the meetup to reach Bram",
                      lambda: [e for e in meetups() if e.get("title") == "Coffee in the courtyard"])[0]
    cli("rsvp", meetup["id"], "yes", "--guests", "1")
    bram_syncs()
    taken = _n("%u coming", "%u coming", 2) % 2
    wait_for("Bram and his guest among who comes", lambda: has_label(app, taken))
    ok("Bram says yes with a guest, and Anna sees who comes")

    click(app, name=_("I’ll Come"))
    wait_for("Anna's answer", lambda: has_label(app, _("You said you’ll come. See you there!")))
    try_screenshot(app, "6-meetup")
    check_names(app, "the meetup's page")
    seen = wait_for("Anna's yes to reach Bram",
                    lambda: [e for e in meetups() if e.get("id") == meetup["id"] and e.get("going") == 3])
    ok("Anna says she comes too: three coming on Bram's computer as well")
finally:
    if app_process is not None:
        app_process.terminate()
        try:
            app_process.wait(10)
        except subprocess.TimeoutExpired:
            app_process.kill()
    shutil.rmtree(work, ignore_errors=True)
