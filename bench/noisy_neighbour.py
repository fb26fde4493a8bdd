"""Noisy neighbour: one student trains on /rnn while another client misbehaves in turn (loopback,
bounded); the first student's updates/s and longest gap, and whether the server recovers after.

The misbehaving client runs in a process of its own, as another browser would (on the same cores):
in the measuring process its Python clients' decoding held the interpreter lock that the first
student's client needs to take its updates in, and the bench counted that as the server's gap.
`--in-process` runs it as before, for comparison.

    python -m bench.noisy_neighbour [--only a,b,...] [--window 6] [--workers 2] [--in-process]
"""
import argparse
import concurrent.futures
import multiprocessing
import os
import time
import urllib.request

from .ws_students import Student, bench_store, browser_cookies, buttons, import_models, rates, site, wait_for_updates

RNN_TRAIN = {"step": "3"}      # /rnn "Train it"
CNN_OVERVIEW = {"step": "2"}   # /cnn's whole network, with "Train 200 batches"
CNN_DRAW = {"step": "10"}      # /cnn "a digit the student draws"
TUNING_SIDE_BY_SIDE = ("3", "4", "5")  # /tuning steps with "Launch runs"


def server_usage(pid: int, seconds: float = 1.0) -> tuple[float, float]:
    """The server's and its workers' CPU (% of one core) over `seconds`, and their RSS in MB."""
    try:
        import psutil
    except ImportError:
        return _proc_usage(pid, seconds)
    procs = [psutil.Process(pid)]
    procs += procs[0].children(recursive=True)
    for p in procs:
        p.cpu_percent(None)
    time.sleep(seconds)
    cpu = rss = 0.0
    for p in procs:
        try:
            cpu += p.cpu_percent(None)
            rss += p.memory_info().rss
        except psutil.NoSuchProcess:
            pass
    return cpu, rss / 2**20


def _proc_usage(pid: int, seconds: float) -> tuple[float, float]:
    """server_usage from /proc, for a machine without psutil."""
    def tree():
        found, frontier = [pid], [pid]
        while frontier:
            kids = []
            for p in frontier:
                try:
                    with open(f"/proc/{p}/task/{p}/children") as f:
                        kids += [int(k) for k in f.read().split()]
                except OSError:
                    pass
            found += kids
            frontier = kids
        return found

    def ticks(pids):
        total = 0
        for p in pids:
            try:
                with open(f"/proc/{p}/stat") as f:
                    fields = f.read().rsplit(")", 1)[1].split()
                total += int(fields[11]) + int(fields[12])
            except OSError:
                pass
        return total
    pids = tree()
    before = ticks(pids)
    time.sleep(seconds)
    cpu = 100 * (ticks(pids) - before) / os.sysconf("SC_CLK_TCK") / seconds
    rss = 0
    for p in pids:
        try:
            with open(f"/proc/{p}/statm") as f:
                rss += int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
        except OSError:
            pass
    return cpu, rss / 2**20


# --- the misbehaviours: each runs to its end and leaves; returns a note for the table ("" when as asked)

def never_ready_launch(base: str) -> str:
    """A client that never sends document_ready presses "Launch runs" on /tuning steps 3-5 and leaves."""
    missing = []
    for step in TUNING_SIDE_BY_SIDE:
        s = Student(base + "/tuning", {"step": step}, ready=False).start()
        if not s.wait_open(30):
            # The lesson is built when a drawn page asks for it (widgets/course/deferred_page.py):
            # a client that never says it is ready gets the header only, and opens no run.
            missing.append(f"step {step}: lesson never built")
        elif not s.click("Launch runs"):
            missing.append(f"no 'Launch runs' on step {step}")
        time.sleep(1.0)
        s.close()
    return "; ".join(missing)


def plain_gets(base: str, total: int = 60, at_once: int = 3) -> str:
    """`total` plain GETs of /cnn, `at_once` at a time, no websocket."""
    def get(_):
        try:
            return urllib.request.urlopen(base + "/cnn", timeout=120).status
        except Exception as exc:  # a refusal (429, 503) is the server's answer, counted
            return getattr(exc, "code", type(exc).__name__)
    with concurrent.futures.ThreadPoolExecutor(at_once) as pool:
        answers = list(pool.map(get, range(total)))
    refused = [a for a in answers if a != 200]
    return f"{len(refused)} of {total} not 200 ({sorted(set(map(str, refused)))})" if refused else ""


def _clicking_tabs(base: str, path: str, query: dict, label: str, tabs: int, clicks: int, hold: float = 0.0) -> str:
    """`tabs` tabs of one browser (its visitor cookie) on path?query, each pressing the button
    labelled `label` `clicks` times at once."""
    cookies = browser_cookies(base)
    students = [Student(base + path, query, cookies=cookies).start() for _ in range(tabs)]
    try:
        opened = [s for s in students if s.wait_open(180)]
        if not opened:
            return f"no tab of {path} opened"
        if not opened[0].call(lambda doc: bool(buttons(doc, label))):
            return f"no button '{label}' on {path} step {query.get('step')}"
        for _ in range(clicks):
            for s in opened:
                s.click(label)
        time.sleep(hold)
        return "" if len(opened) == tabs else f"{len(opened)} of {tabs} tabs opened"
    finally:
        for s in students:
            s.close()


def head_start_clicks(base: str) -> str:
    """2 tabs x 30 clicks of "Train 200 batches" on /cnn."""
    return _clicking_tabs(base, "/cnn", CNN_OVERVIEW, "200", tabs=2, clicks=30, hold=2.0)


def training_tabs(base: str) -> str:
    """20 tabs of /rnn "Train it", each training, held 10 s."""
    return _clicking_tabs(base, "/rnn", RNN_TRAIN, "Train", tabs=20, clicks=1, hold=10.0)


def launch_clicks(base: str) -> str:
    """200 rapid clicks of "Launch runs" on /tuning step 3."""
    return _clicking_tabs(base, "/tuning", {"step": TUNING_SIDE_BY_SIDE[0]}, "Launch runs", tabs=1, clicks=200,
                          hold=2.0)


def huge_drawing(base: str, points: int = 100_000) -> str:
    """A drawing of `points` values sent to the /cnn drawing canvas's model."""
    s = Student(base + "/cnn", CNN_DRAW).start()
    try:
        if not s.wait_open(180):
            return "the draw step did not open"

        def draw(doc):
            for m in doc.models:
                data = getattr(m, "data", None)
                if "DrawingCanvas" in type(data).__name__ and hasattr(data, "pixels"):
                    data.pixels = [255] * points
                    return True
            return False
        if not s.call(draw):
            return "no drawing canvas on /cnn step 10"
        time.sleep(3.0)
        return ""
    finally:
        s.close()


MISBEHAVIOURS = {
    "a": ("never-ready client launches runs on /tuning 3-5, leaves", never_ready_launch),
    "b": ("60 plain GETs of /cnn, 3 at a time", plain_gets),
    "c": ("2 tabs x 30 clicks of 'Train 200 batches' (/cnn)", head_start_clicks),
    "d": ("20 training tabs (/rnn 'Train it')", training_tabs),
    "e": ("200 rapid clicks of 'Launch runs' (/tuning 3)", launch_clicks),
    "f": ("a drawing of 100k points (/cnn draw)", huge_drawing),
}


def warm_up(base: str):
    """What a class does in its first minutes, well-behaved: a /cnn tab trains 200 batches and
    a /tuning tab launches its runs, on both workers, then leave. The first run of a task in a
    worker loads its data and builds its kernels' caches (+130-200 MB per worker for /cnn, once:
    three more rounds of misbehaviour c left the workers within 1 MB), so the baseline the
    server must come back to is the warmed one."""
    _clicking_tabs(base, "/cnn", CNN_OVERVIEW, "200", tabs=2, clicks=1, hold=3.0)
    _clicking_tabs(base, "/tuning", {"step": TUNING_SIDE_BY_SIDE[0]}, "Launch runs", tabs=1, clicks=1, hold=3.0)
    time.sleep(3.0)


def recovered(pid: int, idle: tuple, within: float = 10.0) -> tuple[bool, float, tuple]:
    """Whether the server's CPU and RSS come within 10% of `idle` inside `within` s; (yes, after s, last)."""
    started = time.monotonic()
    last = idle
    while time.monotonic() - started < within:
        last = server_usage(pid, 1.0)
        if last[0] <= idle[0] * 1.1 + 10 and last[1] <= idle[1] * 1.1:  # +10: a tenth of a core of noise
            return True, time.monotonic() - started, last
    return False, within, last


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--only", default="a,b,c,d,e,f", help="misbehaviours to run, e.g. a,c")
    ap.add_argument("--window", type=float, default=6.0, help="seconds of the unloaded measurement")
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--in-process", action="store_true", help="misbehave from the measuring process (as before)")
    a = ap.parse_args(argv)
    import_models()
    # Started and warmed (models imported) before any window opens.
    elsewhere = None if a.in_process else concurrent.futures.ProcessPoolExecutor(
        1, mp_context=multiprocessing.get_context("spawn"), initializer=import_models)
    if elsewhere is not None:
        elsewhere.submit(time.sleep, 0).result()
    with site(a.workers, bench_store()) as (base, server):
        first = Student(base + "/rnn", RNN_TRAIN).start()
        if not first.wait_open() or not first.watch("Loss") or not first.click("Train"):
            raise SystemExit(f"the first student could not train on /rnn: {first.error}")
        wait_for_updates([first])
        cold = server_usage(server.pid, 1.0)
        warm_up(base)
        since = time.monotonic()
        idle = server_usage(server.pid, a.window)
        unloaded = rates([first], since, time.monotonic())
        print(f"\nFirst student alone on /rnn 'Train it': {unloaded['median']:.1f} updates/s, longest gap "
              f"{unloaded['longest_gap']:.2f} s; server with their run (the 'idle' baseline): "
              f"{idle[0]:.0f}% CPU, {idle[1]:.0f} MB RSS after the warm-up ({cold[1]:.0f} MB before it)\n")
        print("| misbehaviour | first student's updates/s (x unloaded) | longest gap s | back within 10% "
              "of idle in 10 s (CPU %, RSS MB after) | note |")
        print("|---|---|---|---|---|")
        for key in a.only.split(","):
            name, misbehave = MISBEHAVIOURS[key]
            since = time.monotonic()
            note = misbehave(base) if elsewhere is None else elsewhere.submit(misbehave, base).result()
            if time.monotonic() - since < a.window:
                time.sleep(a.window - (time.monotonic() - since))
            r = rates([first], since, time.monotonic())
            ok, after_s, last = recovered(server.pid, idle)
            back = f"yes, {after_s:.0f} s" if ok else "no"
            print(f"| {key}. {name} | {r['median']:.1f} ({r['median'] / unloaded['median']:.2f}x) "
                  f"| {r['longest_gap']:.1f} | {back} ({last[0]:.0f}%, {last[1]:.0f} MB) | {note} |", flush=True)
        first.close()
    if elsewhere is not None:
        elsewhere.shutdown()


if __name__ == "__main__":
    main()
