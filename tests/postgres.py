"""A throwaway PostgreSQL server from Debian's `postgresql` package, for the store tests.

initdb and pg_ctl refuse to run as root, so as root they run as the `postgres` user in a
temporary folder that user owns. Missing or failing, the tests fail and say why (no silent skip).
"""
import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time

INSTALL = "Debian's postgresql package is needed: `make test` installs it (apt-get install postgresql)."


def _bindir() -> str | None:
    for initdb in [shutil.which("initdb") or ""] + sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"),
                                                           reverse=True):
        if initdb and os.access(initdb, os.X_OK):
            return os.path.dirname(os.path.realpath(initdb))
    return None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class PostgresServer:
    """start() -> a postgresql:// URL of a superuser; stop() removes everything."""

    def __init__(self):
        self.bindir, self.port, self.root, self.as_user = _bindir(), _free_port(), None, []

    def _cmd(self, *args):
        return self.as_user + list(args)

    def start(self) -> str:
        if self.bindir is None:
            raise RuntimeError("no PostgreSQL server binaries (initdb) found. " + INSTALL)
        self.root = tempfile.mkdtemp(prefix="explorables-pg-")
        if os.geteuid() == 0:
            try:
                user = pwd.getpwnam("postgres")
            except KeyError as exc:
                raise RuntimeError("running as root, and no `postgres` user to run initdb as. " + INSTALL) from exc
            os.chown(self.root, user.pw_uid, user.pw_gid)
            os.chmod(self.root, 0o700)
            self.as_user = ["runuser", "-u", "postgres", "--"]
        data = os.path.join(self.root, "data")
        self._run(self._cmd(os.path.join(self.bindir, "initdb"), "-D", data, "-A", "trust", "-U", "postgres",
                            "--no-sync", "-E", "UTF8"), "initdb")
        options = (f"-p {self.port} -k {self.root} -c listen_addresses=127.0.0.1 -c fsync=off "
                   "-c synchronous_commit=off -c full_page_writes=off")
        self._run(self._cmd(os.path.join(self.bindir, "pg_ctl"), "-D", data, "-o", options, "-w", "-t", "60",
                            "-l", os.path.join(self.root, "log"), "start"), "pg_ctl start")
        return f"postgresql://postgres@127.0.0.1:{self.port}/postgres"

    def _run(self, cmd, what):
        done = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
        if done.returncode:
            log = ""
            if self.root and os.path.exists(os.path.join(self.root, "log")):
                log = open(os.path.join(self.root, "log")).read()[-2000:]
            raise RuntimeError(f"PostgreSQL {what} failed ({done.returncode}): {done.stderr.strip()[-2000:]}\n{log}")

    def stop(self):
        if self.root is None:
            return
        data = os.path.join(self.root, "data")
        subprocess.run(self._cmd(os.path.join(self.bindir, "pg_ctl"), "-D", data, "-m", "immediate", "-w",
                                 "stop"), capture_output=True, timeout=60)
        shutil.rmtree(self.root, ignore_errors=True)
        self.root = None


def fresh_database(admin_url: str, name: str) -> str:
    """An empty database on the server; its URL."""
    import psycopg
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')
    return admin_url.rsplit("/", 1)[0] + "/" + name


def wait_ready(url: str, seconds: float = 30):
    import psycopg
    deadline = time.monotonic() + seconds
    while True:
        try:
            psycopg.connect(url, connect_timeout=2).close()
            return
        except psycopg.OperationalError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)
