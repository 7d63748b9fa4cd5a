# bn_story.py — what the stories told through the accessibility bus share:
# finding and operating the app's controls as a screen reader does (AT-SPI),
# keys through XTest, screenshots, a notification server, the build's own
# catalogues for $LANGUAGE, and Bram's and Chris's buurtnet-cli. Imported by
# test-story.py, test-story-meet.py and test-a11y-walk.py, which run as
#
#   SCRIPT BUURTNET BUURTNET_CLI
#
# A script sets app_for_debug (bn_story.app_for_debug = app) so that a bail
# out shows the app, and calls neighbours_in(work) before using cli().
#
# SPDX-License-Identifier: GPL-3.0-or-later

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
C_ = _translation.pgettext
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


def pump(seconds=0.0):
    """Lets the accessibility events in (they arrive on GLib's main loop), so
    that what we look at next is the tree as it is now."""
    context = GLib.MainContext.default()
    end = time.monotonic() + seconds
    while True:
        while context.pending():
            context.iteration(False)
        if time.monotonic() >= end:
            return
        time.sleep(0.01)


def poll(predicate, timeout=TIMEOUT):
    """Polls @predicate until it returns something true, and returns that;
    None when @timeout seconds pass first. Between two looks the tree's
    changes come in."""
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        try:
            value = predicate()
        except (GLibError, AttributeError):
            # the tree changes under our feet while the app redraws: look again
            value = None
        if value:
            return value
        pump(0.1)
    return None


def wait_for(what, predicate, timeout=TIMEOUT):
    """As poll(), and bails out saying what it waited for when time is up."""
    value = poll(predicate, timeout)
    if not value:
        bail("timed out after %.0f s waiting for %s" % (timeout, what))
    return value


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

notifications = []          # (summary, body) of each notification, in order
notification_actions = []   # the actions each one offers ("default" is a click on it)
notification_bus = []       # the connection the server owns its name on


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
                notification_actions.append(list(args[5][0::2]))
                invocation.return_value(GLib.Variant("(u)", (len(notifications),)))
            elif method == "GetCapabilities":
                invocation.return_value(GLib.Variant("(as)", (["body", "actions"],)))
            elif method == "GetServerInformation":
                invocation.return_value(GLib.Variant("(ssss)", ("test", "buurtnet", "1", "1.2")))
            else:
                invocation.return_value(None)

        bus = Gio.bus_get_sync(Gio.BusType.SESSION, None)
        notification_bus.append(bus)
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


def click_notification(contains):
    """What a desktop does when the person clicks the notification: the
    server says ActionInvoked(id, "default") on the bus, and the app acts."""
    for index, (summary, body) in enumerate(notifications):
        if contains in summary or contains in body:
            if "default" not in notification_actions[index]:
                bail("the notification '%s' does nothing when clicked" % summary)
            notification_bus[0].emit_signal(None, "/org/freedesktop/Notifications",
                                            "org.freedesktop.Notifications", "ActionInvoked",
                                            GLib.Variant("(us)", (index + 1, "default")))
            return
    bail("no notification says '%s'" % contains)


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


def has_label(root, contains, on_screen=False):
    for node in find_all(root, "label", on_screen=on_screen):
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
Gdk_KEY_Down = 0xff54
Gdk_KEY_Return = 0xff0d
KEYCODES = {}


def have_xtest():
    import ctypes
    try:
        ctypes.CDLL("libX11.so.6")
        ctypes.CDLL("libXtst.so.6")
        return True
    except OSError:
        return False


def press(keysym, modifier=None):
    """Types a key or a shortcut through XTest, as a keyboard would. There is no
    window manager here, so the app's window is given the keyboard first."""
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
    mod = x11.XKeysymToKeycode(display, modifiers[modifier]) if modifier else None
    key = x11.XKeysymToKeycode(display, keysym)
    # PointerRoot: the keyboard goes to whichever window is under the pointer.
    x11.XSetInputFocus(display, 1, 1, 0)
    xtst.XTestFakeMotionEvent.argtypes = [ctypes.c_void_p, ctypes.c_int, ctypes.c_int, ctypes.c_int,
                                          ctypes.c_ulong]
    xtst.XTestFakeMotionEvent(display, -1, 300, 200, 0)
    for code, down in ((mod, 1), (key, 1), (key, 0), (mod, 0)):
        if code is None:
            continue
        xtst.XTestFakeKeyEvent(display, code, down, 0)
        x11.XFlush(display)
        time.sleep(0.05)
    x11.XCloseDisplay(display)


def click_with_mouse(node):
    """A click in the middle of @node of the main window (with no window
    manager, the window sits at the screen's corner)."""
    import ctypes
    x11 = ctypes.CDLL("libX11.so.6")
    xtst = ctypes.CDLL("libXtst.so.6")
    x11.XOpenDisplay.restype = ctypes.c_void_p
    x11.XFlush.argtypes = [ctypes.c_void_p]
    x11.XCloseDisplay.argtypes = [ctypes.c_void_p]
    xtst.XTestFakeMotionEvent.argtypes = [ctypes.c_void_p, ctypes.c_int, ctypes.c_int, ctypes.c_int,
                                          ctypes.c_ulong]
    xtst.XTestFakeButtonEvent.argtypes = [ctypes.c_void_p, ctypes.c_uint, ctypes.c_int, ctypes.c_ulong]
    extents = node.get_component_iface().get_extents(Atspi.CoordType.WINDOW)
    display = x11.XOpenDisplay(None)
    xtst.XTestFakeMotionEvent(display, -1, extents.x + extents.width // 2,
                              extents.y + extents.height // 2, 0)
    xtst.XTestFakeButtonEvent(display, 1, 1, 0)
    xtst.XTestFakeButtonEvent(display, 1, 0, 0)
    x11.XFlush(display)
    x11.XCloseDisplay(display)


def choose_in_drop_down(root, name, position):
    """Opens the drop-down @name and picks its item at @position with the
    keyboard (Down, then Enter), as a person without a mouse would."""
    def drop_down_button():
        return (find(root, "toggle button", name, on_screen=True)
                or find(root, "push button", name, on_screen=True))
    button = wait_for("the drop-down '%s'" % name, drop_down_button)
    do_action(button, "click")
    time.sleep(0.5)
    for _ in range(position):
        press(Gdk_KEY_Down)
        time.sleep(0.1)
    press(Gdk_KEY_Return)
    time.sleep(0.3)


def screenshot(app, step, attempts=1):
    """Asks the app (win.screenshot, only there with BN_SCREENSHOT_DIR) for a
    PNG. A window caught between two frames renders nothing: with @attempts
    above one it asks again, that many times in all within the same time, and
    goes on without one; with one attempt, no screenshot bails out."""
    if not SHOTS:
        return
    before = set(os.listdir(SHOTS)) if os.path.isdir(SHOTS) else set()
    frame = main_frame(app)

    def new_shots():
        return [f for f in os.listdir(SHOTS) if f.startswith("shot-") and f not in before] \
            if os.path.isdir(SHOTS) else None
    for attempt in range(attempts):
        do_action(frame, "win.screenshot")
        shot = poll(new_shots, TIMEOUT / attempts)
        if shot:
            os.replace(os.path.join(SHOTS, shot[0]), os.path.join(SHOTS, "story%s-%s.png" % (SUFFIX, step)))
            return
    if attempts == 1:
        bail("timed out after %.0f s waiting for the screenshot of %s" % (TIMEOUT, step))
    print("# no screenshot of %s" % step, flush=True)


def try_screenshot(app, step):
    """As screenshot(), asking again a few times, and going on without one."""
    screenshot(app, step, attempts=5)


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

# Where each neighbour's data lives, and Anna's peer's port: see neighbours_in().
ANNA = BRAM = CHRIS = None
PORT = None


def neighbours_in(work):
    """Anna's, Bram's and Chris's data directories in @work, and a free port
    for Anna's peer; the CLI helpers below use them."""
    global ANNA, BRAM, CHRIS, PORT
    ANNA, BRAM, CHRIS = (os.path.join(work, name) for name in ("anna", "bram", "chris"))
    PORT = free_port()
    return ANNA, BRAM, CHRIS, PORT


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
    """The Neighbours page counts people, Anna included."""
    return _n("%u person in %s, you included. Nearest first.",
              "%u people in %s, you included. Nearest first.", n + 1) % (n + 1, "Kerkstraat")


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


def is_question(frame, heading):
    """A question's window: a label says exactly @heading (the main window may
    hold a button whose words begin the same, "Refer to a Service…")."""
    for node in find_all(frame, "label"):
        try:
            if label_text(node) == heading:
                return True
        except (GLibError, AttributeError):
            continue
    return False


def question(app, heading):
    return wait_for("the question '%s'" % heading, lambda: [
        f for f in frames(app) if f is not None and is_question(f, heading)])[0]


def answer_question(app, heading, response):
    """Clicks @response in the question asking @heading, a window of its own
    (libadwaita 1.2 names its buttons by their label, once or twice)."""
    def button():
        for frame in frames(app):
            if frame is None or not is_question(frame, heading):
                continue
            for node in find_all(frame, "push button", on_screen=True):
                if (node.get_name() or "").startswith(response):
                    return node
        return None
    do_action(wait_for("the button '%s' of the question '%s'" % (response, heading), button), "click")
    wait_for("the question '%s' to close" % heading, lambda: not any(
        frame is not None and is_question(frame, heading) for frame in frames(app)))


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
