#!/usr/bin/env python3
"""bench/app/drive.py APP DATA_DIR RUNS — starts the app RUNS times on copies of
DATA_DIR under the X server in $DISPLAY and prints one JSON object: the medians
(and every run) of

  first_frame_ms  from starting the process to the first frame it paints
  first_frame_cpu_ms  the CPU time the app's main thread spent until then
  rss_first_mb    peak resident memory (VmHWM) a second after that frame
  end_ms          from the End key (XTest) to the frame scrolled to the list's end
  end_cpu_ms      the CPU time the app's main thread spent on it (the load moves it
                  far less than end_ms)
  end_frames      the frames painted until then
  end_rows        the rows the list held in that frame (each bound to a post and
                  laid out), end_rows_shown those of them on the screen
  open_ms         then from the Return key to the frame showing that post's page
  open_cpu_ms     the main thread's CPU time for it
  rss_peak_mb     peak resident memory at the end of the run

The app prints a line per painted frame and per key when BUURTNET_BENCH is set
(src/app/bn-post-list-bench.c); times are CLOCK_MONOTONIC on both sides.

With BN_BENCH_PERF_END=DIR set, each run also records a profile of the app's main
thread from just before the End key to the frame at the list's end
(`perf record -g --call-graph dwarf`, DIR/end-N.data); the recording slows the app,
so the times of such runs are not the benchmark's.
"""
import collections
import ctypes
import json
import os
import select
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time

XK_Return, XK_End = 0xFF0D, 0xFF57

# One painted frame: when, the window's page, whether the list is at its end, the
# main thread's CPU time, the rows the list holds and those of them shown.
Frame = collections.namedtuple("Frame", "time_us page at_end cpu_us rows shown")


class Keyboard:
    """Keys through XTest, as a keyboard would (no window manager: the pointer
    is put over the window and the focus follows it)."""

    def __init__(self):
        self.x11 = ctypes.CDLL("libX11.so.6")
        self.xtst = ctypes.CDLL("libXtst.so.6")
        self.x11.XOpenDisplay.restype = ctypes.c_void_p
        self.x11.XOpenDisplay.argtypes = [ctypes.c_char_p]
        self.x11.XKeysymToKeycode.argtypes = [ctypes.c_void_p, ctypes.c_ulong]
        self.x11.XSetInputFocus.argtypes = [ctypes.c_void_p, ctypes.c_ulong, ctypes.c_int,
                                            ctypes.c_ulong]
        self.x11.XFlush.argtypes = [ctypes.c_void_p]
        self.xtst.XTestFakeKeyEvent.argtypes = [ctypes.c_void_p, ctypes.c_uint, ctypes.c_int,
                                                ctypes.c_ulong]
        self.xtst.XTestFakeMotionEvent.argtypes = [ctypes.c_void_p, ctypes.c_int, ctypes.c_int,
                                                   ctypes.c_int, ctypes.c_ulong]
        self.display = self.x11.XOpenDisplay(None)
        if not self.display:
            sys.exit("bench/app: cannot open the X display %s" % os.environ.get("DISPLAY"))

    def point_at_window(self):
        self.x11.XSetInputFocus(self.display, 1, 1, 0)   # PointerRoot
        self.xtst.XTestFakeMotionEvent(self.display, -1, 300, 300, 0)
        self.x11.XFlush(self.display)

    def press(self, keysym):
        code = self.x11.XKeysymToKeycode(self.display, keysym)
        self.xtst.XTestFakeKeyEvent(self.display, code, 1, 0)
        self.xtst.XTestFakeKeyEvent(self.display, code, 0, 0)
        self.x11.XFlush(self.display)


class App:
    def __init__(self, app, data_dir):
        env = dict(os.environ, BUURTNET_BENCH="1", GSETTINGS_BACKEND="memory")
        self.start_us = time.monotonic_ns() // 1000
        self.process = subprocess.Popen([app, "--data-dir", data_dir, "--port", "0", "--no-mdns"],
                                        stdout=subprocess.PIPE, env=env,
                                        stderr=None if os.environ.get("BUURTNET_BENCH_DEBUG")
                                        else subprocess.DEVNULL)
        self.buffer = b""
        self.key_cpu_us = None   # the main thread's CPU time at the last key

    def frames(self, timeout):
        """Yields a Frame for each frame painted, until timeout seconds."""
        deadline = time.monotonic() + timeout
        fd = self.process.stdout.fileno()
        while time.monotonic() < deadline:
            while b"\n" in self.buffer:
                line, self.buffer = self.buffer.split(b"\n", 1)
                words = line.decode(errors="replace").split()
                if len(words) == 7 and words[0] == "bench-frame":
                    yield Frame(int(words[1]), words[2], words[3] == "1", int(words[4]),
                                int(words[5]), int(words[6]))
                elif len(words) == 4 and words[0] == "bench-key":
                    self.key_cpu_us = int(words[2])
            ready, _, _ = select.select([fd], [], [], max(0.0, deadline - time.monotonic()))
            if ready:
                chunk = os.read(fd, 65536)
                if not chunk:
                    return
                self.buffer += chunk

    def wait_frame(self, what, predicate, timeout=120):
        """The first frame for which predicate holds, and how many were painted
        until then, it included."""
        painted = 0
        for frame in self.frames(timeout):
            painted += 1
            if predicate(frame):
                return frame, painted
        sys.exit("bench/app: no frame with %s within %d s" % (what, timeout))

    def key_cpu_ms(self, frame):
        """The main thread's CPU time from the last key to frame."""
        if self.key_cpu_us is None:
            return float("nan")
        return (frame.cpu_us - self.key_cpu_us) / 1000

    def settle(self, seconds=1.0):
        """Lets the app be for a while, reading the frames it paints (a spinner may
        keep painting: the network button while it looks for neighbours)."""
        for _ in self.frames(seconds):
            pass

    def peak_rss_mb(self):
        with open("/proc/%d/status" % self.process.pid) as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
        return float("nan")

    def stop(self):
        self.process.terminate()
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def start_profile(app, run):
    """perf recording the app's main thread, or None without BN_BENCH_PERF_END."""
    directory = os.environ.get("BN_BENCH_PERF_END")
    if not directory:
        return None
    os.makedirs(directory, exist_ok=True)
    perf = subprocess.Popen(["perf", "record", "-q", "-g", "--call-graph", "dwarf", "-F", "999",
                             "-t", str(app.process.pid),
                             "-o", os.path.join(directory, "end-%d.data" % run)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(1.0)   # attached before the key is sent
    return perf


def stop_profile(perf):
    if perf is not None:
        perf.send_signal(signal.SIGINT)
        perf.wait()


def one_run(app_path, data_dir, keyboard, run=1):
    work = tempfile.mkdtemp(prefix="bn-bench-app.")
    try:
        copy = os.path.join(work, "home")
        shutil.copytree(data_dir, copy)
        app = App(app_path, copy)
        try:
            first, _ = app.wait_frame("anything", lambda f: True,
                                      timeout=int(os.environ.get("BN_BENCH_FIRST_FRAME_TIMEOUT",
                                                                 "300")))
            result = {"first_frame_ms": (first.time_us - app.start_us) / 1000,
                      "first_frame_cpu_ms": first.cpu_us / 1000}
            app.settle()
            result["rss_first_mb"] = app.peak_rss_mb()
            keyboard.point_at_window()
            app.settle()
            perf = start_profile(app, run)
            sent = time.monotonic_ns() // 1000
            keyboard.press(XK_End)
            shown, painted = app.wait_frame("the list at its end", lambda f: f.at_end, timeout=60)
            stop_profile(perf)
            result["end_ms"] = (shown.time_us - sent) / 1000
            result["end_cpu_ms"] = app.key_cpu_ms(shown)
            result["end_frames"] = painted
            result["end_rows"] = shown.rows
            result["end_rows_shown"] = shown.shown
            app.settle()
            sent = time.monotonic_ns() // 1000
            keyboard.press(XK_Return)
            shown, _ = app.wait_frame("the post page", lambda f: f.page == "post", timeout=60)
            result["open_ms"] = (shown.time_us - sent) / 1000
            result["open_cpu_ms"] = app.key_cpu_ms(shown)
            app.settle()
            result["rss_peak_mb"] = app.peak_rss_mb()
            return result
        finally:
            app.stop()
    finally:
        shutil.rmtree(work, ignore_errors=True)


def main():
    app_path, data_dir, runs = sys.argv[1], sys.argv[2], int(sys.argv[3])
    keyboard = Keyboard()
    results = []
    for i in range(runs):
        result = one_run(app_path, data_dir, keyboard, i + 1)
        result["load"] = os.getloadavg()[0]
        print("bench/app: %s run %d: %s" % (os.path.basename(data_dir.rstrip("/")), i + 1,
                                            json.dumps(result)), file=sys.stderr, flush=True)
        results.append(result)
    summary = {key: round(statistics.median(r[key] for r in results), 1)
               for key in results[0]}
    summary["runs"] = results
    print(json.dumps(summary))


if __name__ == "__main__":
    main()
