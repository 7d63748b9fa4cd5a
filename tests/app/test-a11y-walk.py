#!/usr/bin/python3
# test-a11y-walk.py — every page and dialog as a screen reader and a keyboard
# meet them. Through the accessibility bus (what Orca reads) and real key
# presses (XTest), in the language of $LANGUAGE:
#
#   - every control on screen has a name a screen reader can say (not empty,
#     not a toolkit type such as "GtkToggleButton"), and so has everything the
#     Tab key lands on;
#   - a control tied to words by a "described-by" relation (the note under a
#     row, a problem under a field) carries those words as its description:
#     GTK 4.8 gives the bus the relation without them, and a screen reader
#     reads the description;
#   - Tab and Shift+Tab each go round the whole window and come back where
#     they started, with no control that keeps the focus (a tab trap) and no
#     smaller circle that never lets one out.
#
# What it walks is what the window offers, not a fixed list: the first-run
# pages, each view of the view switcher (pages added later are walked too),
# the Ask and Offer forms, a post of mine with a reply and a neighbour's post,
# a weekly meetup (one of its coming dates opened),
# each header menu's popover, and each window the main menu opens.
#
# Run under tests/app/run-headless.sh (Xvfb + a session bus). TAP on stdout.
#
#   test-a11y-walk.py BUURTNET BUURTNET_CLI
#
# SPDX-License-Identifier: GPL-3.0-or-later

import ctypes
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import warnings

warnings.simplefilter("ignore", DeprecationWarning)

# What the AT-SPI scripts share (the skip without AT-SPI, the catalogues,
# the notification server), next to this file.
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from bn_story import (Atspi, APP, CLI, _, GLibError,  # noqa: E402
                      bail, free_port, serve_notifications, find_app, pump, poll, wait_for)

try:
    X11 = ctypes.CDLL("libX11.so.6")
    XTST = ctypes.CDLL("libXtst.so.6")
except OSError as e:
    print("1..0 # SKIP no libXtst to press keys (Debian: libxtst6): %s" % e)
    sys.exit(0)


# What a person operates; each must have a name.
CONTROL_ROLES = {"push button", "toggle button", "check box", "radio button", "text", "entry",
                 "password text", "combo box", "spin button", "switch", "page tab", "slider",
                 "menu item", "check menu item", "radio menu item", "link", "list item",
                 "table cell", "calendar"}
# The name GTK 4.8 gives an accessible nobody named: its type.
TYPE_NAME = re.compile(r"^(Gtk|Adw|Bn)[A-Z][A-Za-z]*$")
# A window's Tab circle is longer than this only if something is wrong.
MAX_TABS = 150

tests_run = 0
failures = []


def ok(description):
    global tests_run
    tests_run += 1
    print("ok %d - %s" % (tests_run, description), flush=True)


def not_ok(description, problems, todo=None):
    """@todo: why a failure is the toolkit's, not ours (a TAP TODO: shown,
    not failing)."""
    global tests_run
    tests_run += 1
    if todo is None:
        failures.append(description)
        print("not ok %d - %s" % (tests_run, description), flush=True)
    else:
        print("not ok %d - %s # TODO %s" % (tests_run, description, todo), flush=True)
    for problem in problems:
        print("#   %s" % problem, flush=True)


# --- the accessibility tree -----------------------------------------------------

def on_screen(node):
    """GTK 4.8 says every widget is visible, even on a stack page not shown:
    only what is on screen has a size."""
    component = node.get_component_iface()
    if component is None:
        return True
    extents = component.get_extents(Atspi.CoordType.WINDOW)
    return extents.width > 0 and extents.height > 0


def walk(node, shown_only=True):
    """Every node under @node; with @shown_only, not into what is off screen."""
    yield node
    try:
        count = node.get_child_count()
    except GLibError:
        return
    for i in range(count):
        try:
            child = node.get_child_at_index(i)
            if child is None or (shown_only and child.get_role_name() != "page tab list"
                                 and not on_screen(child)
                                 and child.get_role_name() not in ("panel",)):
                continue
        except GLibError:
            continue
        yield from walk(child, shown_only)


def name_of(node):
    try:
        return (node.get_name() or "").strip()
    except GLibError:
        return ""


def is_named(node):
    name = name_of(node)
    return name != "" and not TYPE_NAME.match(name)


def describe(node):
    try:
        if os.environ.get("BN_WALK_DEBUG"):
            path = []
            up = node
            while up is not None and up.get_role_name() != "frame":
                path.append("%s:%s" % (up.get_role_name(), name_of(up)[:20]))
                up = up.get_parent()
            print("# path: " + " < ".join(path), flush=True)
        parent = node.get_parent()
        where = ""
        while parent is not None and not is_named(parent) and parent.get_role_name() != "frame":
            parent = parent.get_parent()
        if parent is not None:
            where = " in %s '%s'" % (parent.get_role_name(), name_of(parent))
        return "%s '%s'%s" % (node.get_role_name(), name_of(node), where)
    except GLibError:
        return "(gone)"


def find(root, role=None, name=None, contains=None):
    for node in walk(root):
        try:
            if role is not None and node.get_role_name() != role:
                continue
        except GLibError:
            continue
        node_name = name_of(node)
        if name is not None and node_name != name:
            continue
        if contains is not None and contains not in node_name:
            continue
        if on_screen(node):
            return node
    return None


def find_all(root, role):
    found = []
    for node in walk(root):
        try:
            if node.get_role_name() == role and on_screen(node):
                found.append(node)
        except GLibError:
            continue
    return found


def frames(app):
    result = []
    for i in range(app.get_child_count()):
        frame = app.get_child_at_index(i)
        if frame is not None:
            result.append(frame)
    return result


def actions(node):
    action = node.get_action_iface()
    names = []
    if action is None:
        return names
    for i in range(action.get_n_actions()):
        try:
            names.append(action.get_action_name(i))
        except GLibError:
            names.append(None)
    return names


def do_action(node, action_name):
    def index():
        names = actions(node)
        return names.index(action_name) if action_name in names else None
    i = wait_for("the action %s of %s" % (action_name, describe(node)),
                 lambda: (index(),) if index() is not None else None)[0]
    try:
        node.get_action_iface().do_action(i)
    except GLibError as e:
        print("# %s: %s" % (action_name, e.message), flush=True)


def click(node):
    do_action(node, "click" if "click" in actions(node) else "activate")


def unnamed_controls(root):
    missing = []
    for node in walk(root):
        try:
            role = node.get_role_name()
            if role in CONTROL_ROLES and not is_named(node) and on_screen(node):
                missing.append(describe(node))
        except GLibError:
            continue
    return missing


def text_of(node):
    text = node.get_text_iface()
    if text is not None:
        return (text.get_text(0, text.get_character_count()) or "").strip()
    return name_of(node)


def described_by(node):
    """The words of what @node's described-by relation points at."""
    words = []
    for relation in node.get_relation_set():
        if relation.get_relation_type() != Atspi.RelationType.DESCRIBED_BY:
            continue
        for i in range(relation.get_n_targets()):
            said = text_of(relation.get_target(i))
            if said:
                words.append(said)
    return words


def undescribed_controls(root):
    missing = []
    for node in walk(root):
        try:
            if node.get_role_name() not in CONTROL_ROLES or not on_screen(node):
                continue
            description = node.get_description() or ""
            for said in described_by(node):
                # (a button described by its own label says it in its name)
                if said not in description and said not in name_of(node):
                    missing.append("%s is described by '%s', but its description is '%s'"
                                   % (describe(node), said, description))
        except GLibError:
            continue
    return missing


# --- the keyboard -----------------------------------------------------------------

KEY_TAB, KEY_SHIFT = 0xff09, 0xffe1
X11.XOpenDisplay.restype = ctypes.c_void_p
X11.XKeysymToKeycode.argtypes = [ctypes.c_void_p, ctypes.c_ulong]
X11.XSetInputFocus.argtypes = [ctypes.c_void_p, ctypes.c_ulong, ctypes.c_int, ctypes.c_ulong]
X11.XFlush.argtypes = [ctypes.c_void_p]
XTST.XTestFakeKeyEvent.argtypes = [ctypes.c_void_p, ctypes.c_uint, ctypes.c_int, ctypes.c_ulong]
XTST.XTestFakeButtonEvent.argtypes = [ctypes.c_void_p, ctypes.c_uint, ctypes.c_int,
                                      ctypes.c_ulong]
XTST.XTestFakeMotionEvent.argtypes = [ctypes.c_void_p, ctypes.c_int, ctypes.c_int, ctypes.c_int,
                                      ctypes.c_ulong]
display = None


def keyboard_to(frame):
    """There is no window manager: the keyboard goes to the window under the
    pointer (PointerRoot). Every window opens at the screen's top left corner,
    the newest on top, so the pointer goes there. (GTK 4.8 on X11 does not
    tell windows' positions.)"""
    global display
    if display is None:
        display = X11.XOpenDisplay(None)
        if not display:
            bail("cannot open the X display to press keys")
    X11.XSetInputFocus(display, 1, 1, 0)
    XTST.XTestFakeMotionEvent(display, -1, 8, 8, 0)
    X11.XFlush(display)


KEY_RETURN, KEY_ESCAPE = 0xff0d, 0xff1b


def press_key(keysym):
    code = X11.XKeysymToKeycode(display, keysym)
    XTST.XTestFakeKeyEvent(display, code, 1, 0)
    XTST.XTestFakeKeyEvent(display, code, 0, 0)
    X11.XFlush(display)


def click_with_mouse(node):
    """A click in the middle of @node (windows sit at the screen's corner)."""
    extents = node.get_component_iface().get_extents(Atspi.CoordType.WINDOW)
    XTST.XTestFakeMotionEvent(display, -1, extents.x + extents.width // 2,
                              extents.y + extents.height // 2, 0)
    XTST.XTestFakeButtonEvent(display, 1, 1, 0)
    XTST.XTestFakeButtonEvent(display, 1, 0, 0)
    X11.XFlush(display)


def press_tab(backwards=False):
    tab = X11.XKeysymToKeycode(display, KEY_TAB)
    shift = X11.XKeysymToKeycode(display, KEY_SHIFT)
    keys = ((shift, 1), (tab, 1), (tab, 0), (shift, 0)) if backwards else ((tab, 1), (tab, 0))
    for code, down in keys:
        XTST.XTestFakeKeyEvent(display, code, down, 0)
    X11.XFlush(display)


focus_events = []
UNREPORTED = "unreported"


def on_focus(event):
    focus_events.append(event.source if event.detail1 else UNREPORTED)


focus_listener = Atspi.EventListener.new(on_focus)


def next_focus(timeout=1.5):
    """Where the focus went after a key: the accessible that took it;
    UNREPORTED when it left something for a place GTK 4.8 does not report
    (the text inside an AdwEntryRow has no accessible of its own); None when
    nothing moved at all."""
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        pump()
        if focus_events:
            pump(0.03)   # let a burst settle (a row, then what is inside it)
            gained = [node for node in focus_events if node is not UNREPORTED]
            focus_events.clear()
            return gained[-1] if gained else UNREPORTED
        time.sleep(0.01)
    return None


def same(a, b):
    if a is UNREPORTED or b is UNREPORTED:
        return False
    try:
        return a == b
    except GLibError:
        return False


def tab_round(frame, backwards=False):
    """Presses Tab (or Shift+Tab) until the focus comes back to the first
    control it reported. Returns the problems met: a press after which the
    focus does not move (a tab trap), a circle that never comes back (a trap
    with more than one control), a control reached that has no name."""
    direction = "Shift+Tab" if backwards else "Tab"
    keyboard_to(frame)
    pump(0.2)
    focus_events.clear()
    problems = []
    seen = []
    anchor = None
    current = "where the focus was"
    for _ in range(MAX_TABS):
        press_tab(backwards)
        node = next_focus()
        if node is None:
            problems.append("%s from %s does not move on (a tab trap)"
                            % (direction, current if isinstance(current, str)
                               else describe(current)))
            return problems
        if node is UNREPORTED:
            current = "a text field"
            continue
        if anchor is None:
            anchor = node
        elif same(node, anchor):
            return problems
        else:
            for earlier in seen[1:]:
                if same(node, earlier):
                    circle = seen[seen.index(earlier):]
                    problems.append("%s goes round %s and never back to %s (a tab trap)"
                                    % (direction, " → ".join(describe(n) for n in circle),
                                       describe(anchor)))
                    return problems
        if not is_named(node):
            problems.append("%s lands on %s, which has no name" % (direction, describe(node)))
        seen.append(node)
        current = node
    problems.append("%s does not come round after %d presses" % (direction, MAX_TABS))
    return problems


# --- a screen, walked ---------------------------------------------------------------

def check_screen(root, what, keyboard=True, todo=None):
    """Names of everything on @root, then Tab and Shift+Tab round its window."""
    pump(0.3)
    problems = unnamed_controls(root)
    # A toast (libadwaita 1.2's close button has no name) goes after 5 s: look again.
    deadline = time.monotonic() + 8
    while problems and time.monotonic() < deadline:
        pump(0.5)
        problems = unnamed_controls(root)
    problems += undescribed_controls(root)
    if keyboard:
        problems += tab_round(root) + tab_round(root, backwards=True)
    if problems:
        not_ok("%s: every control is named and heard with its note, and Tab goes round" % what,
               problems, todo)
    else:
        ok("%s: every control is named and heard with its note, and Tab goes round" % what)


def main_frame(app):
    for frame in frames(app):
        if name_of(frame) in ("Buurtnet", _("Buurtnet")):
            return frame
    return frames(app)[0]


def new_frame(app, before):
    for frame in frames(app):
        if not any(frame == known for known in before):
            return frame
    return None


def close_frame(app, frame):
    if "window.close" in actions(frame):
        do_action(frame, "window.close")
    else:
        keyboard_to(frame)
        press_key(KEY_ESCAPE)
    wait_for("%s to close" % describe(frame),
             lambda: not any(f == frame for f in frames(app)))


def cli(data_dir, *args):
    result = subprocess.run([CLI, "--data-dir", data_dir] + list(args), capture_output=True,
                            text=True, timeout=60)
    if result.returncode != 0:
        bail("buurtnet-cli %s failed: %s%s" % (" ".join(args), result.stdout, result.stderr))
    return result.stdout


def window_actions(app):
    return actions(main_frame(app))


def back_to_lists(app):
    if "win.back" in window_actions(app):
        do_action(main_frame(app), "win.back")
        wait_for("the lists again", lambda: "win.back" not in window_actions(app))


def walk_first_run(app):
    frame = main_frame(app)
    check_screen(frame, "the welcome page")
    click(wait_for("Get Started", lambda: find(frame, "push button", _("Get Started"))))
    name = wait_for("the name field", lambda: find(frame, "text", _("Your name")))
    check_screen(frame, "About You")
    name.get_editable_text_iface().set_text_contents("Anna")
    click(wait_for("Continue", lambda: find(frame, "push button", _("Continue"))))
    field = wait_for("the neighbourhood's name",
                     lambda: find(frame, "text", _("Name, like “Kerkstraat” or “Block C”")))
    check_screen(frame, "Your Neighbourhood")
    walk_code_problem(frame)
    field.get_editable_text_iface().set_text_contents("Kerkstraat")
    before = frames(app)
    click(wait_for("Start", lambda: find(frame, "push button", _("Start a Neighbourhood"))))
    dialog = wait_for("the invite dialog", lambda: new_frame(app, before))
    wait_for("the invite code", lambda: find(dialog, "label"))
    check_screen(dialog, "the invite dialog")
    close_frame(app, dialog)


def walk_code_problem(frame):
    """A mistyped invite code is said under the field, announced as it comes,
    and heard again with the field when the person comes back to it; typing
    takes the words away."""
    code = wait_for("the invite code field", lambda: find(frame, "text", _("Invite code")))
    code.get_editable_text_iface().set_text_contents("1234")
    click(wait_for("Join", lambda: find(frame, "push button", _("Join"))))
    said = wait_for("the problem with the code", lambda: described_by(code))
    description = code.get_description() or ""
    problems = ["%s is described by '%s', but its description is '%s'"
                % (describe(code), words, description)
                for words in said if words not in description]
    code.get_editable_text_iface().set_text_contents("")
    gone = poll(lambda: not described_by(code) and not code.get_description(), 5)
    if not gone:
        problems.append("the problem's words stay with %s after typing: '%s'"
                        % (describe(code), code.get_description()))
    if problems:
        not_ok("a mistyped invite code is heard with its field, until typing again", problems)
    else:
        ok("a mistyped invite code is heard with its field, until typing again")


def walk_views(app):
    frame = main_frame(app)
    tabs = wait_for("the view switcher", lambda: find_all(frame, "page tab"))
    names = [name_of(tab) for tab in tabs]
    for tab_name in names:
        tab = wait_for("the view %s" % tab_name, lambda: find(frame, "page tab", tab_name))
        click(tab)
        wait_for("the view %s shown" % tab_name,
                 lambda: tab.get_state_set().contains(Atspi.StateType.CHECKED)
                 or tab.get_state_set().contains(Atspi.StateType.SELECTED))
        check_screen(frame, "the view '%s'" % tab_name)
    return names


def walk_form(app, action, what):
    frame = main_frame(app)
    do_action(frame, action)
    wait_for(what, lambda: find(frame, "text", contains=_("In a few words")))
    check_screen(frame, what)
    back_to_lists(app)


def open_post(app, title, requests_tab):
    frame = main_frame(app)
    click(wait_for("the Requests view", lambda: find(frame, "page tab", requests_tab)))
    row = wait_for("the post '%s'" % title, lambda: find(frame, "list item", contains=title))
    click_with_mouse(row)
    wait_for("the page of '%s'" % title, lambda: "win.back" in window_actions(app))


def open_meetup(app, title):
    frame = main_frame(app)
    click(wait_for("the Meetups view", lambda: find(frame, "page tab", contains=_("Meetups"))))
    row = wait_for("the meetup '%s'" % title, lambda: find(frame, "list item", contains=title))
    click_with_mouse(row)
    wait_for("the page of '%s'" % title, lambda: "win.back" in window_actions(app))


def open_first_date(app):
    """Opens the first of a repeated meetup's coming dates from the keyboard
    (Tab to its header, Return opens it), to show its three answers."""
    frame = main_frame(app)
    dates = wait_for("the coming dates", lambda: find(frame, "list", _("Coming dates")))
    first = wait_for("a coming date", lambda: find(dates, "list item", contains=" "))
    when = name_of(first)
    keyboard_to(frame)
    pump(0.2)
    focus_events.clear()
    for press in range(MAX_TABS):
        press_tab()
        node = next_focus()
        if node not in (None, UNREPORTED) and when in name_of(node):
            break
    else:
        bail("Tab never reaches the first coming date, %s" % when)
    press_key(KEY_RETURN)
    wait_for("the first date's answers", lambda: find(frame, "push button", contains=when))


# Windows the toolkit builds whole, whose controls the app does not make:
# what the walk finds there is reported, as a TODO for the toolkit.
TOOLKIT_WINDOWS = {
    _("_Keyboard Shortcuts").replace("_", ""):
        "GTK 4.8's own shortcuts window (its search button has no name)",
    _("_About Buurtnet").replace("_", ""):
        "libadwaita 1.2's own about window",
}


# Menu items that open no window but end the app: named, never clicked.
ENDS_THE_APP = {_("_Quit").replace("_", "")}


def walk_menu_windows(app):
    """Every window the main menu opens."""
    frame = main_frame(app)
    menu_name = _("Main menu")
    opened = []
    index = 0
    while True:
        button = wait_for("the main menu", lambda: [
            node for node in walk(frame) if name_of(node) == menu_name and on_screen(node)
            and "click" in actions(node)])[0]
        do_action(button, "click")
        items = wait_for("the main menu's items", lambda: find_all(frame, "menu item"))
        missing = [describe(item) for item in items if not is_named(item)]
        if index == 0:
            if missing:
                not_ok("the main menu: every item is named", missing)
            else:
                ok("the main menu: every item is named")
        if index >= len(items):
            close_popover(frame)
            break
        item = items[index]
        item_name = name_of(item)
        index += 1
        if item_name in ENDS_THE_APP:
            close_popover(frame)
            continue
        before = frames(app)
        click(item)
        dialog = wait_for_new_frame(app, before)
        if dialog is None:
            print("# the menu item '%s' opens no window" % item_name, flush=True)
            close_popover(frame)
            continue
        wait_for("'%s' to show its controls" % item_name,
                 lambda: unnamed_controls(dialog) is not None and find(dialog, "push button"))
        check_screen(dialog, "'%s'" % item_name, todo=TOOLKIT_WINDOWS.get(item_name))
        opened.append(item_name)
        close_frame(app, dialog)
    return opened


def wait_for_new_frame(app, before, timeout=5):
    return poll(lambda: new_frame(app, before), timeout)


def close_popover(frame):
    keyboard_to(frame)
    press_key(KEY_ESCAPE)
    pump(0.3)


# --- the walk -------------------------------------------------------------------------

work = tempfile.mkdtemp(prefix="buurtnet-a11y-")
ANNA = os.path.join(work, "anna")
BRAM = os.path.join(work, "bram")
PORT = free_port()
app_process = None

try:
    focus_listener.register("object:state-changed:focused")
    serve_notifications()   # the app tells of Bram's reply
    env = dict(os.environ, G_DEBUG=os.environ.get("BN_APP_G_DEBUG", ""))
    app_process = subprocess.Popen([APP, "--data-dir", ANNA, "--port", str(PORT), "--no-mdns"],
                                   env=env)
    app = wait_for("the app on the accessibility bus", lambda: find_app(app_process.pid))
    wait_for("the welcome page", lambda: find(main_frame(app), "push button", _("Get Started")))
    keyboard_to(main_frame(app))
    walk_first_run(app)

    # A neighbour, a reply and posts of both, so the lists and post pages
    # have what they show.
    cli(BRAM, "init", "--name", "Bram")
    cli(ANNA, "profile", "set", "--talent", "meals")
    code = cli(ANNA, "hood", "invite").strip().splitlines()[-1]
    cli(BRAM, "hood", "join", code)
    cli(BRAM, "sync", "127.0.0.1:%d" % PORT)
    cli(ANNA, "post", "request", "--category", "company", "--title", "A walk on Sunday")
    cli(BRAM, "post", "request", "--category", "errands", "--title", "Groceries for my mother")
    cli(BRAM, "post", "offer", "--category", "repairs", "--title", "Help with your bike")
    cli(BRAM, "sync", "127.0.0.1:%d" % PORT)
    import json
    mine = [p for p in json.loads(cli(BRAM, "list", "--kind", "request", "--json"))
            if p.get("title") == "A walk on Sunday"]
    if not mine:
        bail("Anna's request did not reach Bram")
    cli(BRAM, "reply", mine[0]["id"], "--text", "Gladly, after lunch?")
    # A weekly meetup, whose page lists its coming dates.
    import datetime
    day = (datetime.date.today() + datetime.timedelta(days=2)).isoformat()
    cli(BRAM, "event", "create", "--title", "Walk along the canal", "--start", day + "T09:30",
        "--end", day + "T11:00", "--place", "the bridge", "--category", "walk",
        "--repeat", "weekly")
    cli(BRAM, "sync", "127.0.0.1:%d" % PORT)

    frame = main_frame(app)
    wait_for("Bram's post in the list", lambda: find(frame, "list item",
                                                      contains="Groceries for my mother"))
    views = walk_views(app)
    walk_form(app, "win.ask", "the Ask for Help form")
    walk_form(app, "win.offer", "the Offer Help form")
    open_post(app, "A walk on Sunday", views[0])
    wait_for("Bram's reply", lambda: find(frame, "push button", contains="Bram"))
    check_screen(frame, "my request, with a reply")
    back_to_lists(app)
    open_post(app, "Groceries for my mother", views[0])
    check_screen(frame, "a neighbour's request")
    back_to_lists(app)
    open_meetup(app, "Walk along the canal")
    check_screen(frame, "a weekly meetup, with its coming dates")
    open_first_date(app)
    check_screen(frame, "a weekly meetup, one date opened with its answers")
    back_to_lists(app)
    walk_menu_windows(app)
    print("1..%d" % tests_run, flush=True)
finally:
    if app_process is not None:
        app_process.terminate()
        try:
            app_process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            app_process.kill()
    if not os.environ.get("BN_TEST_KEEP"):
        shutil.rmtree(work, ignore_errors=True)
sys.exit(1 if failures else 0)
