"""The /rnn page as a student sees it: chart updates per second while training, click latency.

Starts `explorables serve`, drives Debian's Chromium, and reads what the page shows:
how often the loss readout changes while one student trains (target >= 5/s) and how long
Pause and Step take from the click to the page showing their effect (target ~200 ms).
Needs the test extras and /usr/bin/chromium (`make test` installs both).
"""
import re
import statistics
import time

from playwright.sync_api import sync_playwright

from tests.browser.conftest import FLAGS, close_tour, free_port, status  # the tests' own helpers


def main(argv=None):
    import os
    import subprocess
    import sys
    port = free_port()
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    server = subprocess.Popen([sys.executable, "-m", "explorables.cli", "serve", "--port", str(port)], cwd=root,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://localhost:{port}/"
    try:
        for _ in range(300):
            try:
                status(base)
                break
            except OSError:
                time.sleep(0.3)
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=FLAGS)
            page = browser.new_page(viewport={"width": 1280, "height": 720})
            page.goto(base + "rnn?step=3")
            page.get_by_role("button", name="Start the lesson").click()
            close_tour(page)
            readout = page.get_by_text(re.compile(r"^Loss \(MSE\)"))
            state = page.get_by_text(re.compile(r"^(Training|Paused|Ready) · step"))
            rates = {}
            for speed in ("20 steps/s", "as fast as it goes"):
                if speed != "20 steps/s":
                    page.get_by_role("button", name="❚❚ Pause").click()
                    page.get_by_text(re.compile(r"^Paused")).wait_for()
                    slider = page.get_by_role("slider").nth(3)
                    slider.focus()
                    slider.press("End")
                page.get_by_role("button", name="▶ Train").click()
                page.get_by_text(re.compile(r"^Training · step")).wait_for()
                seen, changes, started = readout.inner_text(), 0, time.monotonic()
                while time.monotonic() - started < 6:
                    text = readout.inner_text()
                    changes += text != seen
                    seen = text
                    time.sleep(0.02)
                rates[speed] = changes / 6
            pause, step = [], []
            for _ in range(5):
                t0 = time.monotonic()
                page.get_by_role("button", name="❚❚ Pause").click()
                page.get_by_text(re.compile(r"^Paused · step")).wait_for()
                pause.append(time.monotonic() - t0)
                before = int(re.search(r"step (\d+)", state.inner_text()).group(1))
                t0 = time.monotonic()
                page.get_by_role("button", name="Step", exact=True).click()
                page.get_by_text(re.compile(rf"^Paused · step {before + 1}\b")).wait_for()
                step.append(time.monotonic() - t0)
                page.get_by_role("button", name="▶ Train").click()
                page.get_by_text(re.compile(r"^Training · step")).wait_for()
            browser.close()
        print("/rnn, one student, Chromium and server on this machine")
        for speed, rate in rates.items():
            print(f"loss readout updates/s while training at {speed:>20s}: {rate:5.1f}")
        print(f"Pause click -> 'Paused' shown: median {1000 * statistics.median(pause):4.0f} ms, "
              f"max {1000 * max(pause):4.0f} ms")
        print(f"Step click -> step count +1 shown: median {1000 * statistics.median(step):4.0f} ms, "
              f"max {1000 * max(step):4.0f} ms")
    finally:
        server.terminate()
        server.wait()


if __name__ == "__main__":
    main()
