"""The site served for a browser benchmark: `explorables serve` on a free port, CPU, one worker."""
import contextlib
import os
import subprocess
import sys
import tempfile
import time

from tests.browser.conftest import free_port, status  # the tests' own helpers

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


@contextlib.contextmanager
def served_site():
    """Yields the site's base URL once it answers; stops the server after."""
    port = free_port()
    db = os.path.join(tempfile.mkdtemp(prefix="explorables-bench-"), "runs.sqlite")
    server = subprocess.Popen([sys.executable, "-m", "explorables.cli", "serve", "--port", str(port),
                               "--device", "cpu", "--workers", "1", "--db", db], cwd=ROOT,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://localhost:{port}/"
    try:
        for _ in range(300):
            try:
                status(base)
                break
            except OSError:
                time.sleep(0.3)
        yield base
    finally:
        server.terminate()
        server.wait()
