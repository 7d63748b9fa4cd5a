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
# layer. The helpers are those of test-story.py (copied: that file runs its
# story when loaded). Screenshots land in $BN_SCREENSHOT_DIR/story-meet*-*.png.
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
import socket
import subprocess
import sys
import tempfile
import time
import warnings

warnings.simplefilter("ignore", DeprecationWarning)

try:
    import gi
    gi.require_version("Atspi", "2.0")
    from gi.repository import Atspi, Gio, GLib
except (ImportError, ValueError) as e:
    print("1..0 # SKIP no gi.repository.Atspi (Debian: python3-gi gir1.2-atspi-2.0): %s" % e)
    sys.exit(0)

APP, CLI = sys.argv[1], sys.argv[2]

# The same story in the language of $LANGUAGE: find the controls by the names
# a Dutch or French screen reader user hears, from the build's own catalogues.
import gettext
LANGUAGE = os.environ.get("LANGUAGE", "en").split(":")[0]
_translation = gettext.translation("buurtnet", localedir=os.environ.get("BN_LOCALEDIR"),
                                   languages=[LANGUAGE], fallback=True)
_ = _translation.gettext
_n = _translation.ngettext
SUFFIX = "" if LANGUAGE == "en" else "-" + LANGUAGE
TIMEOUT = float(os.environ.get("BN_STORY_TIMEOUT", "20"))
SHOTS = os.environ.get("BN_SCREENSHOT_DIR")

tests_run = 0
app_for_debug = None


def ok(description):
    global tests_run
    tests_run += 1
    print("ok %d - %s" % (tests_run, description), flush=True)


def bail(message):
    if "view switcher" in message and app_for_debug is not None:
        for node in walk(app_for_debug):
            try:
                if "eighbour" in (node.get_name() or ""):
                    print("# %s %r" % (node.get_role_name(), node.get_name()), flush=True)
            except GLibError:
                pass
    if "menu button" in message and app_for_debug is not None:
        for node in walk(app_for_debug):
            try:
                if "Chris" in (node.get_name() or "") or "choices" in (node.get_name() or ""):
                    component = node.get_component_iface()
                    extents = component.get_extents(Atspi.CoordType.WINDOW) if component else None
                    action = node.get_action_iface()
                    print("# %s %r %s %s" % (node.get_role_name(), node.get_name(),
                          (extents.x, extents.y, extents.width, extents.height) if extents else None,
                          [action.get_action_name(i) for i in range(action.get_n_actions())] if action else None), flush=True)
            except GLibError:
                pass
    if app_for_debug is not None and SHOTS and "screenshot" not in message:
        try:
            screenshot(app_for_debug, "failure")
        except SystemExit:
            pass
    print("Bail out! %s" % message, flush=True)
    sys.exit(1)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(what, predicate, timeout=TIMEOUT):
    """Polls @predicate until it returns something true; says what it waited for."""
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        try:
            value = predicate()
        except (GLibError, AttributeError):
            # the tree changes under our feet while the app redraws: look again
            value = None
        if value:
            return value
        time.sleep(0.1)
    bail("timed out after %.0f s waiting for %s" % (timeout, what))


GLibError = GLib.Error


# --- a notification server, to see what the app tells Anna ---------------------

NOTIFICATIONS_XML = """
<node>
  <interface name="org.freedesktop.Notifications">
    <method name="Notify">
      <arg type="s" direction="in"/><arg type="u" direction="in"/><arg type="s" direction="in"/>
      <arg type="s" direction="in"/><arg type="s" direction="in"/><arg type="as" direction="in"/>
      <arg type="a{sv}" direction="in"/><arg type="i" direction="in"/>
      <arg type="u" direction="out"/>
    </method>
    <method name="CloseNotification"><arg type="u" direction="in"/></method>
    <method name="GetCapabilities"><arg type="as" direction="out"/></method>
    <method name="GetServerInformation">
      <arg type="s" direction="out"/><arg type="s" direction="out"/>
      <arg type="s" direction="out"/><arg type="s" direction="out"/>
    </method>
    <signal name="NotificationClosed"><arg type="u"/><arg type="u"/></signal>
    <signal name="ActionInvoked"><arg type="u"/><arg type="s"/></signal>
  </interface>
</node>
"""

notifications = []


def serve_notifications():
    """Owns org.freedesktop.Notifications on the session bus, on its own thread."""
    import threading
    ready = threading.Event()

    def run():
        context = GLib.MainContext.new()
        context.push_thread_default()
        info = Gio.DBusNodeInfo.new_for_xml(NOTIFICATIONS_XML).interfaces[0]

        def on_call(connection, sender, path, interface, method, params, invocation):
            if method == "Notify":
                args = params.unpack()
                notifications.append((args[3], args[4]))
                invocation.return_value(GLib.Variant("(u)", (len(notifications),)))
            elif method == "GetCapabilities":
                invocation.return_value(GLib.Variant("(as)", (["body", "actions"],)))
            elif method == "GetServerInformation":
                invocation.return_value(GLib.Variant("(ssss)", ("test", "buurtnet", "1", "1.2")))
            else:
                invocation.return_value(None)

        bus = Gio.bus_get_sync(Gio.BusType.SESSION, None)
        bus.register_object("/org/freedesktop/Notifications", info, on_call, None, None)
        Gio.bus_own_name_on_connection(bus, "org.freedesktop.Notifications",
                                       Gio.BusNameOwnerFlags.NONE,
                                       lambda *a: ready.set(), lambda *a: ready.set())
        loop = GLib.MainLoop.new(context, False)
        loop.run()

    threading.Thread(target=run, daemon=True).start()
    ready.wait(10)


def notified(contains):
    return any(contains in summary or contains in body for summary, body in notifications)


# --- the accessibility tree -------------------------------------------------

def find_app(pid):
    desktop = Atspi.get_desktop(0)
    for i in range(desktop.get_child_count()):
        app = desktop.get_child_at_index(i)
        if app is not None and app.get_process_id() == pid:
            return app
    return None


def walk(node):
    yield node
    for i in range(node.get_child_count()):
        child = node.get_child_at_index(i)
        if child is not None:
            yield from walk(child)


def is_on_screen(node):
    """GTK 4.8 marks every widget "visible", even on a stack page not shown;
    only widgets on screen have a size."""
    component = node.get_component_iface()
    if component is None:
        return True
    extents = component.get_extents(Atspi.CoordType.WINDOW)
    return extents.width > 0 and extents.height > 0


def find_all(root, role=None, name=None, contains=None, on_screen=False):
    found = []
    for node in walk(root):
        try:
            if role is not None and node.get_role_name() != role:
                continue
            node_name = node.get_name() or ""
        except GLibError:
            continue
        if name is not None and node_name != name:
            continue
        if contains is not None and contains not in node_name:
            continue
        try:
            if on_screen and not is_on_screen(node):
                continue
        except GLibError:
            continue
        found.append(node)
    return found


def find(root, role=None, name=None, contains=None, on_screen=False):
    nodes = find_all(root, role, name, contains, on_screen)
    return nodes[0] if nodes else None


def frames(app):
    return [app.get_child_at_index(i) for i in range(app.get_child_count())]


def do_action(node, action_name):
    """Does @action_name once. A window's list of actions changes as pages
    come and go, and a loaded bus may fail to answer: look again a while."""
    def index():
        action = node.get_action_iface()
        for i in range(action.get_n_actions()):
            try:
                if action.get_action_name(i) == action_name:
                    return (action, i)
            except GLibError:
                continue
        return None
    end = time.monotonic() + TIMEOUT
    while time.monotonic() < end:
        try:
            found = index()
        except GLibError:
            found = None
        if found is not None:
            try:
                return found[0].do_action(found[1])
            except GLibError as e:
                # Asked, and a loaded app answered late (a screenshot takes a
                # while): the callers wait for what the action does.
                print("# %s: %s" % (action_name, e.message), flush=True)
                return None
        time.sleep(0.2)
    bail("%s '%s' has no action %s" % (node.get_role_name(), node.get_name(), action_name))


def click(root, name=None, contains=None, what=None):
    button = wait_for(what or "a button '%s'" % (name or contains),
                      lambda: find(root, "push button", name, contains, on_screen=True)
                      or find(root, "toggle button", name, contains, on_screen=True))
    do_action(button, "click")
    return button


def frame_actions(app):
    """The window's enabled actions: win.back only off the browsing page."""
    action = main_frame(app).get_action_iface()
    names = []
    for i in range(action.get_n_actions()):
        try:
            names.append(action.get_action_name(i))
        except GLibError:
            pass
    return names


def tab_selected(app, title):
    for tab in find_all(app, "page tab", contains=title):
        states = tab.get_state_set()
        if states.contains(Atspi.StateType.SELECTED) or states.contains(Atspi.StateType.CHECKED):
            return tab
    return None


def show_view(app, title):
    """The view switcher's buttons are named by both their wide and narrow labels."""
    button = wait_for("the view switcher button %s" % title,
                      lambda: find(app, "page tab", contains=title)
                      or find(app, "toggle button", contains=title))
    do_action(button, "click")


def type_into(root, name, text):
    field = wait_for("a text field '%s'" % name, lambda: find(root, "text", name))
    field.get_editable_text_iface().set_text_contents(text)
    return field


def label_text(node):
    text = node.get_text_iface()
    return text.get_text(0, text.get_character_count())


def has_label(root, contains):
    for node in find_all(root, "label"):
        try:
            if contains in label_text(node):
                return node
        except (GLibError, AttributeError):
            continue
    return None


CONTROL_ROLES = ("push button", "toggle button", "check box", "radio button", "text", "combo box",
                 "spin button", "switch", "page tab", "slider", "entry", "password text")


def unnamed_controls(app):
    """Controls on screen that a screen reader could only call "button"."""
    missing = []
    for node in walk(main_frame(app)):
        try:
            role = node.get_role_name()
            if role in CONTROL_ROLES and not (node.get_name() or "").strip() and is_on_screen(node):
                parent = node.get_parent()
                missing.append("%s in %s '%s'" % (role, parent.get_role_name(), parent.get_name()))
        except GLibError:
            continue
    return missing


def check_names(app, screen):
    missing = unnamed_controls(app)
    if missing:
        bail("controls without an accessible name on %s: %s" % (screen, "; ".join(missing)))


Gdk_KEY_1 = 0x031
Gdk_KEY_n = 0x06e
KEYCODES = {}


def have_xtest():
    import ctypes
    try:
        ctypes.CDLL("libX11.so.6")
        ctypes.CDLL("libXtst.so.6")
        return True
    except OSError:
        return False


def press(keysym, modifier):
    """Types a shortcut through XTest, as a keyboard would. There is no window
    manager here, so the app's window is given the keyboard first."""
    import ctypes
    x11 = ctypes.CDLL("libX11.so.6")
    xtst = ctypes.CDLL("libXtst.so.6")
    x11.XOpenDisplay.restype = ctypes.c_void_p
    x11.XKeysymToKeycode.argtypes = [ctypes.c_void_p, ctypes.c_ulong]
    x11.XSetInputFocus.argtypes = [ctypes.c_void_p, ctypes.c_ulong, ctypes.c_int, ctypes.c_ulong]
    x11.XFlush.argtypes = [ctypes.c_void_p]
    x11.XCloseDisplay.argtypes = [ctypes.c_void_p]
    xtst.XTestFakeKeyEvent.argtypes = [ctypes.c_void_p, ctypes.c_uint, ctypes.c_int, ctypes.c_ulong]
    display = x11.XOpenDisplay(None)
    if not display:
        bail("cannot open the X display to type a shortcut")
    modifiers = {"Control": 0xffe3, "Alt": 0xffe9}
    mod = x11.XKeysymToKeycode(display, modifiers[modifier])
    key = x11.XKeysymToKeycode(display, keysym)
    # PointerRoot: the keyboard goes to whichever window is under the pointer.
    x11.XSetInputFocus(display, 1, 1, 0)
    xtst.XTestFakeMotionEvent.argtypes = [ctypes.c_void_p, ctypes.c_int, ctypes.c_int, ctypes.c_int,
                                          ctypes.c_ulong]
    xtst.XTestFakeMotionEvent(display, -1, 300, 200, 0)
    for code, down in ((mod, 1), (key, 1), (key, 0), (mod, 0)):
        xtst.XTestFakeKeyEvent(display, code, down, 0)
        x11.XFlush(display)
        time.sleep(0.05)
    x11.XCloseDisplay(display)


def screenshot(app, step):
    """Asks the app (win.screenshot, only there with BN_SCREENSHOT_DIR) for a PNG."""
    if not SHOTS:
        return
    before = set(os.listdir(SHOTS)) if os.path.isdir(SHOTS) else set()
    frame = main_frame(app)
    action = frame.get_action_iface()
    names = []
    for i in range(action.get_n_actions()):
        try:
            names.append(action.get_action_name(i))
        except GLibError:
            names.append(None)
    # A window caught between two frames renders nothing: ask again, a few times.
    def new_shots():
        return [f for f in os.listdir(SHOTS) if f.startswith("shot-") and f not in before] \
            if os.path.isdir(SHOTS) else None
    for attempt in range(5):
        do_action(frame, "win.screenshot")
        end = time.monotonic() + TIMEOUT / 5
        while time.monotonic() < end and not new_shots():
            time.sleep(0.2)
        shot = new_shots()
        if shot:
            os.replace(os.path.join(SHOTS, shot[0]), os.path.join(SHOTS, "story%s-%s.png" % (SUFFIX, step)))
            return
    print("# no screenshot of %s" % step, flush=True)


INVITE_CODE = re.compile(r"^[0-9A-Z]{4}(-[0-9A-Z]{4}){4}$")


def invite_code_label(app):
    """The invite dialog's code: five groups of four, as Anna reads it out."""
    for node in find_all(app, "label"):
        try:
            if INVITE_CODE.match(label_text(node).strip()):
                return node
        except (GLibError, AttributeError):
            continue
    return None


def invite_dialog(app):
    for frame in frames(app):
        if frame is not None and frame.get_name() == _("Invite a Neighbour"):
            return frame
    return None


def main_frame(app):
    for frame in frames(app):
        if frame is not None and frame.get_name() in ("Buurtnet", _("Buurtnet")):
            return frame
    return frames(app)[0]


# --- Bram, on the command line ----------------------------------------------

def cli(*args, check=True, data_dir=None):
    result = subprocess.run([CLI, "--data-dir", data_dir or BRAM] + list(args), capture_output=True,
                            text=True, timeout=60)
    if check and result.returncode != 0:
        bail("buurtnet-cli %s failed: %s%s" % (" ".join(args), result.stdout, result.stderr))
    return result.stdout


def bram_syncs():
    cli("sync", "127.0.0.1:%d" % PORT)


def chris(*args, check=True):
    return cli(*args, check=check, data_dir=CHRIS)


def member(name, data_dir=None):
    """Someone on the roster as a neighbour's computer reads it."""
    for m in json.loads(cli("members", "--json", data_dir=data_dir)):
        if m.get("name") == name:
            return m
    return None


def titles(data_dir=None):
    return [p.get("title") for p in json.loads(cli("list", "--kind", "request", "--json",
                                                   data_dir=data_dir))]


def neighbours_summary(n):
    return _n("%u neighbour in %s, nearest first.", "%u neighbours in %s, nearest first.", n) \
        % (n, "Kerkstraat")


def open_menu(app, name):
    """A menu button: GTK 4.8 puts a toggle button inside; whichever of the
    two the accessibility bus offers a click on, click it."""
    def clickable():
        for node in find_all(app, name=name, on_screen=True):
            action = node.get_action_iface()
            if node.get_role_name() in ("push button", "toggle button") and action is not None \
                    and "click" in [action.get_action_name(i) for i in range(action.get_n_actions())]:
                return node
        return None
    button = wait_for("the menu button '%s'" % name, clickable)
    do_action(button, "click")


def browse(app, title):
    """Back from a post to the lists (the window's Back), then the view @title."""
    if "win.back" in frame_actions(app):
        do_action(main_frame(app), "win.back")
        wait_for("the lists again", lambda: "win.back" not in frame_actions(app))
    show_view(app, title)


def answer_question(app, heading, response):
    """Clicks @response in the question asking @heading, a window of its own
    (libadwaita 1.2 names its buttons by their label, once or twice)."""
    def button():
        for frame in frames(app):
            if frame is None or not has_label(frame, heading):
                continue
            for node in find_all(frame, "push button", on_screen=True):
                if (node.get_name() or "").startswith(response):
                    return node
        return None
    do_action(wait_for("the button '%s' of the question '%s'" % (response, heading), button), "click")
    wait_for("the question '%s' to close" % heading, lambda: not any(
        frame is not None and has_label(frame, heading) for frame in frames(app)))


def bram_sees(predicate):
    def look():
        bram_syncs()
        return predicate(json.loads(cli("list", "--kind", "request", "--json")))
    return look


def groceries(posts):
    for post in posts:
        if post.get("title") == "Groceries on Saturday":
            return post
    return None


# --- the story ----------------------------------------------------------------

SUFFIX = "-meet" + SUFFIX
work = tempfile.mkdtemp(prefix="buurtnet-story-meet-")
ANNA = os.path.join(work, "anna")
BRAM = os.path.join(work, "bram")
CHRIS = os.path.join(work, "chris")
PORT = free_port()
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
    app_for_debug = app
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
    screenshot(app, "1-matched")
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
    screenshot(app, "2-proposal")
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
    screenshot(app, "3-agreed")
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
    screenshot(app, "3-that-suits-me")
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
    screenshot(app, "4-messages")
    check_names(app, "the Messages page")
    ok("A new message raises a notification and shows as new on the Messages page")

    do_action(main_frame(app), "win.new-meetup")
    wait_for("the meetup form", lambda: find(app, "text", _("Title, such as “Coffee in the courtyard”")))
    type_into(app, _("Title, such as “Coffee in the courtyard”"), "Coffee in the courtyard")
    type_into(app, _("Place, in words"), "Zaaltje Karreveld")
    screenshot(app, "5-meetup-form")
    check_names(app, "the meetup form")
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
    screenshot(app, "6-meetup")
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
