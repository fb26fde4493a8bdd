"""The /tuning lesson's responsiveness through the real RunPool (worker processes), 6 runs at once.

- slider-to-first-point: from `handle.set(lr=...)` to the first update holding a step trained
  with the new rate (the page adds up to one poll period, 100 ms, to draw it);
- updates/s per run: updates that reached each run's handle per second while all 6 trained.
Targets (issue 9): latency < 300 ms, >= 4 updates/s per run.
"""
import argparse
import statistics
import time

from engine.pool import RunPool
from engine.sweep import default_config, split_config

RATES = (0.01, 0.02)


def open_runs(pool, n, speed):
    handles = []
    for k in range(n):
        task_args, hyper, seed = split_config(default_config(lr=0.01, steps_per_second=speed, seed=k))
        h = pool.open("classify", task_args, hyper, seed=seed, eval_every=10, snapshot_every=25)
        h.train()
        handles.append(h)
    return handles


def measure(workers: int, runs: int, speed: float, samples: int, window: float) -> dict:
    pool = RunPool(workers=workers, backend="process")
    try:
        handles = open_runs(pool, runs, speed)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and not all(h._updates for h in handles):
            time.sleep(0.02)  # workers started, runs built and training
        for h in handles:
            h.updates()
        # updates/s per run over a quiet window
        counts = [0] * runs
        started = time.monotonic()
        while time.monotonic() - started < window:
            for k, h in enumerate(handles):
                counts[k] += len(h.updates())
            time.sleep(0.01)
        per_run = [c / window for c in counts]
        # slider-to-first-point latency, the runs taking turns being the one moved
        latencies = []
        for i in range(samples):
            h = handles[i % runs]
            rate = RATES[(i // runs + 1) % 2]
            h.updates()
            t0 = time.perf_counter()
            h.set(lr=rate)
            seen = False
            while not seen and time.perf_counter() - t0 < 5:
                for u in h.updates():
                    if rate in u.get("metrics", {}).get("lr", []):
                        seen = True
                time.sleep(0.002)
            latencies.append((time.perf_counter() - t0) * 1000 if seen else float("inf"))
            for other in handles:
                other.updates()
            time.sleep(0.05)
        for h in handles:
            h.close()
        return {"updates": per_run, "latency": latencies}
    finally:
        pool.shutdown()


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--runs", type=int, default=6)
    ap.add_argument("--samples", type=int, default=24)
    ap.add_argument("--window", type=float, default=5.0)
    a = ap.parse_args(argv)
    print(f"/tuning: {a.runs} digits MLP runs at once on {a.workers} worker process(es), evals every 10 steps")
    print(f"{'pace':>18s} {'latency median':>15s} {'p90':>8s} {'max':>8s} {'updates/s per run (min..max)':>30s}")
    for speed in (30.0, 0.0):
        r = measure(a.workers, a.runs, speed, a.samples, a.window)
        lat = sorted(r["latency"])
        p90 = lat[int(0.9 * (len(lat) - 1))]
        pace = f"{speed:g} steps/s" if speed else "as fast as it goes"
        print(f"{pace:>18s} {statistics.median(lat):12.0f} ms {p90:5.0f} ms {lat[-1]:5.0f} ms "
              f"{min(r['updates']):14.1f} .. {max(r['updates']):.1f}")
    print("The page draws an update at its next poll (every 100 ms): add up to 100 ms for the screen.")


if __name__ == "__main__":
    main()
