"""/teach under a class: N simulated students write progress once a second while Chromium watches
the dashboard. Reported: progress writes/s the store took, the dashboard's updates/s (websocket
messages it received, and changes of its "Updated" clock), the longest gap between two clock
changes (the page asks for one update a second at least), and whether the roster shows everyone.

    python -m bench.dashboard_load [--students 60] [--seconds 20] [--db postgresql://...]
"""
import argparse
import os
import random
import re
import subprocess
import sys
import tempfile
import threading
import time

from playwright.sync_api import sync_playwright

from engine.store import Store
from tests.browser.conftest import CHROMIUM, FLAGS, free_port, status

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PASSWORD = "bench instructor password"


def students_writing(store, ids, stop, counts):
    """Each student writes their step and live numbers once a second (staggered), answers at times."""
    rng = random.Random(0)
    period = 1.0 / len(ids)
    next_at = time.monotonic()
    k = 0
    while not stop.is_set():
        sid = ids[k % len(ids)]
        step = str(min(10, 1 + int(rng.expovariate(0.4))))
        store.progress.record_step(sid, "rnn", step)
        store.progress.record_live(sid, "rnn", True, loss=rng.random(), accuracy=rng.random())
        if rng.random() < 0.1:
            store.progress.record_answer(sid, "rnn", "5", "q1", rng.choice("ABC"), rng.random() < 0.5)
        counts["writes"] += 1
        k += 1
        next_at += period
        delay = next_at - time.monotonic()
        if delay > 0:
            time.sleep(delay)
        elif delay < -0.05:
            counts["late"] += 1  # this student wrote more than 50 ms after their second


def measure(students: int, seconds: float, db: str | None) -> dict:
    db = db or os.path.join(tempfile.mkdtemp(prefix="explorables-bench-"), "store.sqlite")
    port = free_port()
    server = subprocess.Popen([sys.executable, "-m", "explorables.cli", "serve", "--port", str(port),
                               "--device", "cpu", "--workers", "1", "--db", db], cwd=ROOT,
                              env={**os.environ, "EXPLORABLES_INSTRUCTOR_PASSWORD": PASSWORD},
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://localhost:{port}/"
    stop = threading.Event()
    try:
        for _ in range(300):
            try:
                status(base)
                break
            except OSError:
                time.sleep(0.3)
        store = Store(db)
        code = store.classes.start("Bench class", "rnn")
        ids = [store.classes.join(code, f"Student {i:02d}") for i in range(students)]
        counts = {"writes": 0, "late": 0}
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
            page = browser.new_page(viewport={"width": 1440, "height": 1000})
            page.set_default_timeout(60_000)
            frames = []
            page.on("websocket", lambda ws: ws.on("framereceived", lambda f: frames.append(time.monotonic())))
            page.goto(base + "teach/login")
            page.get_by_label("Instructor password").fill(PASSWORD)
            page.get_by_role("button", name="Log in").click()
            clock = page.get_by_text(re.compile(r"^Updated \d"))
            clock.wait_for()
            writer = threading.Thread(target=students_writing, args=(store, ids, stop, counts), daemon=True)
            writer.start()
            time.sleep(2.0)  # the writers reach their pace
            frames.clear()
            writes0, start = counts["writes"], time.monotonic()
            changes, last = [], None
            while time.monotonic() - start < seconds:
                text = clock.inner_text()
                if text != last:
                    changes.append(time.monotonic())
                    last = text
                time.sleep(0.05)
            elapsed = time.monotonic() - start
            writes = counts["writes"] - writes0
            rows = page.get_by_role("cell", name=re.compile(r"^Student \d\d$")).count()
            browser.close()
        stop.set()
        gaps = [b - a for a, b in zip(changes, changes[1:])]
        frame_gaps = [b - a for a, b in zip(frames, frames[1:])]
        return {"students": students, "writes_per_s": writes / elapsed, "frames_per_s": len(frames) / elapsed,
                "clock_changes_per_s": (len(changes) - 1) / elapsed, "max_gap_s": max(gaps) if gaps else None,
                "max_frame_gap_s": max(frame_gaps) if frame_gaps else None,
                "roster_rows": rows, "late_writes": counts["late"], "store": store.status()}
    finally:
        stop.set()
        server.terminate()
        server.wait()


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--students", type=int, default=60)
    ap.add_argument("--seconds", type=float, default=20)
    ap.add_argument("--db", default=None, help="a store URL (default: a fresh SQLite file)")
    args = ap.parse_args(argv)
    r = measure(args.students, args.seconds, args.db)
    print(f"/teach with {r['students']} students writing once a second ({args.seconds:.0f} s):")
    print(f"  progress writes/s taken by the store  {r['writes_per_s']:.1f}  (late > 50 ms: {r['late_writes']})")
    print(f"  dashboard websocket messages/s        {r['frames_per_s']:.1f}  "
          f"(longest gap {r['max_frame_gap_s']:.2f} s)")
    print(f"  dashboard clock changes/s             {r['clock_changes_per_s']:.2f}  "
          f"(longest gap {r['max_gap_s']:.2f} s)")
    print(f"  roster rows shown                     {r['roster_rows']} of {r['students']}")
    print(f"  store healthy after                   {r['store']['healthy']} ({r['store']['pending']} queued; "
          f"{r['store']['problem'] or 'no problem'})")
    return r


if __name__ == "__main__":
    main()
