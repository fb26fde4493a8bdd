"""A real Panel server in this process, on its own event loop in a thread, as `explorables serve`
runs it: tests that need to look inside the server (its objects, its store) use it."""
import asyncio
import contextlib
import socket
import threading
import time

import panel as pn
import requests


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def served_here(apps: dict, ready_path: str = "/", prepare=None, **serve_options):
    """Yields the base URL once GET ready_path answers; `prepare(server)` runs before it starts."""
    port, made = free_port(), {}

    def run():
        asyncio.set_event_loop(asyncio.new_event_loop())
        server = pn.serve(apps, port=port, address="127.0.0.1", show=False, start=False,
                          websocket_origin=[f"127.0.0.1:{port}"], **serve_options)
        if prepare is not None:
            prepare(server)
        made["server"] = server
        server.start()
        server.io_loop.start()

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            requests.get(base + ready_path, timeout=2)
            break
        except requests.ConnectionError:
            time.sleep(0.1)
    try:
        yield base
    finally:
        server = made["server"]
        server.io_loop.add_callback(server.io_loop.stop)
        thread.join(timeout=10)
