"""Does a server give back what sessions took? Opens and closes `--sessions` lesson pages (Bokeh
clients over real websockets, each page whole: its live view asked for, its run opened), a few at
a time, cycling through the lessons, and reads the server process's resident memory after every
`--every` of them, once the server has dropped them. Target: after 300, within 10% of the value
after the first 30. `python -m bench.session_memory`.
"""
import argparse
import json
import time
import urllib.request

from .ws_students import Student, import_models, site

PAGES = [("/rnn", {"step": "train"}), ("/cnn", {"step": "overview"}), ("/tuning", {"step": "lr"})]


def rss_mb(pid: int) -> float:
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    raise RuntimeError("no VmRSS")


def settled(base: str, timeout: float = 60) -> dict:
    """/status once the pages' runs are closed (the server has dropped the sessions)."""
    end = time.monotonic() + timeout
    while True:
        stats = json.loads(urllib.request.urlopen(base + "/status", timeout=30).read())
        if stats["open_runs"] == 0 or time.monotonic() > end:
            return stats
        time.sleep(0.5)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--sessions", type=int, default=300)
    ap.add_argument("--every", type=int, default=30)
    ap.add_argument("--at-once", type=int, default=5)
    a = ap.parse_args(argv)
    import_models()
    rows = []
    with site() as (base, server):
        opened = failed = 0
        while opened + failed < a.sessions:
            batch = [Student(base + path, query).start()
                     for path, query in (PAGES[(opened + failed + k) % len(PAGES)] for k in range(a.at_once))]
            for s in batch:
                if s.wait_open(120):
                    opened += 1
                else:
                    failed += 1
            for s in batch:
                s.close()
            if (opened + failed) % a.every == 0:
                stats = settled(base)
                rows.append((opened + failed, rss_mb(server.pid), stats["open_runs"]))
                print(f"after {rows[-1][0]:4d} sessions: server {rows[-1][1]:7.1f} MB, open runs {rows[-1][2]}",
                      flush=True)
    first, last = rows[0][1], rows[-1][1]
    print(f"{failed} pages did not open. After {rows[-1][0]}: {last:.0f} MB vs {first:.0f} MB after {rows[0][0]} "
          f"({last / first:.2f}x; target <= 1.10x): {'met' if last <= 1.1 * first else 'NOT met'}")
    return rows


if __name__ == "__main__":
    main()
