"""`explorables serve`: start the site, every lesson at one address."""
import argparse
import os

from engine.device import CHOICES, resolve_device

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DEFAULT_DB = os.path.join(ROOT, "var", "runs.sqlite")


def engine_choice(value: str) -> str:
    if value in ("local", "ray") or value.startswith("ray://"):
        return value
    raise argparse.ArgumentTypeError("expected local, ray or ray://HOST:PORT")


def join_ray(engine: str) -> int:
    """Start or join Ray before anything else, so a wrong address is one line at once;
    returns the CPUs Ray has. SystemExit with one line when it cannot."""
    try:
        from engine import ray_backend
    except ImportError:
        raise SystemExit(f"explorables: --engine {engine} needs Ray: pip install 'explorables[ray]'") from None
    try:
        ray_backend.connect(None if engine == "ray" else engine)
    except RuntimeError as exc:
        raise SystemExit(f"explorables: {exc}") from None
    return int(ray_backend.ray.cluster_resources().get("CPU", 1))


def env_origins() -> list[str]:
    return [o.strip() for o in os.environ.get("EXPLORABLES_ORIGINS", "").split(",") if o.strip()]


def parse(argv=None):
    parser = argparse.ArgumentParser(prog="explorables", description="Interactive deep-learning lessons.")
    sub = parser.add_subparsers(dest="command", required=True)
    serve = sub.add_parser("serve", help="start the site: the course home at / and every lesson",
                           description="Start the site: the course home at / and every lesson at its path "
                                       "(/rnn, ...). Models train on this machine while students watch.")
    serve.add_argument("--port", type=int, default=5006, help="port to listen on (default 5006)")
    serve.add_argument("--address", default="localhost",
                       help="address to listen on (default localhost; 0.0.0.0 for a classroom network)")
    serve.add_argument("--device", choices=CHOICES, default=None,
                       help="where models train: auto (CUDA when present, else CPU), cpu or cuda "
                            "(default: $EXPLORABLES_DEVICE, else auto)")
    serve.add_argument("--workers", type=int, default=None,
                       help="training workers shared by all students (default: 1 on a GPU, else one per "
                            "CPU core, at most 4; on a Ray cluster, one per CPU of the cluster)")
    serve.add_argument("--engine", type=engine_choice, default="local", metavar="local|ray|ray://HOST:PORT",
                       help="where the workers run: on this machine (local, default), as actors of a local "
                            "Ray (ray), or on the Ray cluster whose client port is HOST:PORT; Ray needs "
                            "pip install 'explorables[ray]'")
    serve.add_argument("--backend", choices=("process", "thread"), default="process",
                       help="with --engine local: run training in worker processes (default) or threads of "
                            "the server")
    serve.add_argument("--db", default=DEFAULT_DB,
                       help="where the class's runs and progress are kept: a SQLite file (default "
                            "var/runs.sqlite, created on first start) or a postgresql://user@host/db URL")
    serve.add_argument("--instructor-password", default=None,
                       help="the password of /teach, the instructor's page (default: "
                            "$EXPLORABLES_INSTRUCTOR_PASSWORD, else one made at the first start and "
                            "printed once in the log)")
    serve.add_argument("--origin", action="append", default=[], metavar="HOST[:PORT]",
                       help="an address students' browsers reach the site by, besides the one it listens "
                            "on: the reverse proxy's, e.g. class.example.org (repeatable; also "
                            "$EXPLORABLES_ORIGINS, comma-separated). Pages' websockets from others are refused")
    serve.add_argument("--behind-proxy", action="store_true",
                       help="take each browser's address from the reverse proxy's X-Forwarded-For (the "
                            "per-address page limits then count students, not the proxy); only behind one")
    runs = sub.add_parser("delete-runs", help="delete every stored run of the class (the instructor's reset)")
    runs.add_argument("--db", default=DEFAULT_DB, help="the store `serve --db` uses (file or postgresql:// URL)")
    runs.add_argument("--lesson", default=None, help="only this lesson's runs, e.g. tuning (default: all)")
    runs.add_argument("--examples", action="store_true", help="delete the example runs too (kept by default)")
    return parser.parse_args(argv)


def main(argv=None):
    args = parse(argv)
    if args.command == "delete-runs":
        from engine.run_store import RunStore
        gone = RunStore(args.db).delete_all(args.lesson, examples=args.examples)
        print(f"deleted {gone} run(s) from {args.db}")
        return
    try:
        device = resolve_device(args.device)
    except (RuntimeError, ValueError) as exc:
        raise SystemExit(f"explorables: {exc}") from None  # one line, not a traceback
    workers = args.workers or (1 if device.type == "cuda" else max(1, min(4, os.cpu_count() or 1)))
    backend = args.backend
    if args.engine != "local":
        cpus, backend = join_ray(args.engine), "ray"
        if args.engine != "ray" and not args.workers:
            workers = max(1, cpus)
    from .site import serve  # imports Panel: kept out of `--help`
    serve(port=args.port, address=args.address, device=str(device), workers=workers, backend=backend,
          db=args.db, instructor_password=args.instructor_password,
          behind_proxy=args.behind_proxy, origins=args.origin + env_origins())


if __name__ == "__main__":
    main()
