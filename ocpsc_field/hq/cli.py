"""``ocpsc-hq``: run the central office server, or one of its management commands.

    ocpsc-hq serve [--host 127.0.0.1] [--port 8765] [--data-dir DIR] [--workers N]
    ocpsc-hq manage [--data-dir DIR] COMMAND [ARGS...]

Both bring the database schema up to date first, so there is no setup step.
``OCPSC_HQ_DATABASE_URL=postgresql://...`` switches from SQLite in the data
folder to PostgreSQL. Failures print a plain message and exit non-zero.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from ocpsc_field.hq import config

EXIT_FAILED = 1
EXIT_USAGE = 2
# Commands that manage the schema themselves, or need no database at all.
_NO_AUTO_MIGRATE = frozenset(
    {"migrate", "makemigrations", "sqlmigrate", "showmigrations", "help", "version", "check"}
)
_MIGRATE_LOCK = 0x0C95C_5EED  # PostgreSQL advisory lock: one server migrates at a time


class HqCliError(Exception):
    """A failure to report as a plain message."""


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="ocpsc-hq", description="OCPSC central office server")
    parser.add_argument("--data-dir", help="folder for the SQLite database and the secret key")
    commands = parser.add_subparsers(dest="command", required=True)
    serve = commands.add_parser("serve", help="run the server (gunicorn)")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8765)
    serve.add_argument("--data-dir", dest="serve_data_dir")
    serve.add_argument("--workers", type=int, default=2, help="worker processes (default 2)")
    serve.add_argument("--threads", type=int, default=4, help="threads per worker (default 4)")
    serve.add_argument("--timeout", type=int, default=120, help="seconds per request")
    serve.add_argument("--access-log", action="store_true", help="log each request to stderr")
    manage = commands.add_parser(
        "manage", help="run a Django management command", add_help=False, prefix_chars="\0"
    )
    manage.add_argument("arguments", nargs=argparse.REMAINDER)
    return parser


def _split_data_dir(arguments: list[str]) -> tuple[str | None, list[str]]:
    """Take ``--data-dir DIR`` out of a management command line, wherever it is."""
    rest: list[str] = []
    found: str | None = None
    items = iter(arguments)
    for item in items:
        if item == "--data-dir":
            found = next(items, None)
            if found is None:
                raise HqCliError("--data-dir needs a folder.")
        elif item.startswith("--data-dir="):
            found = item.split("=", 1)[1]
        else:
            rest.append(item)
    return found, rest


def _configure(data_dir: str | None) -> None:
    if data_dir:
        os.environ[config.DATA_DIR_ENV] = str(Path(data_dir).expanduser().resolve())
    os.environ["DJANGO_SETTINGS_MODULE"] = "ocpsc_field.hq.settings"
    try:
        import django

        django.setup()
    except config.ConfigError as error:
        raise HqCliError(str(error)) from None
    except OSError as error:
        raise HqCliError(f"Cannot use the data folder: {error.strerror or error}.") from None


def _database_label() -> str:
    from django.db import connection

    settings = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"SQLite at {settings['NAME']}"
    return f"PostgreSQL database {settings['NAME']} on {settings['HOST'] or 'localhost'}"


def migrate_if_needed() -> None:
    """Apply pending migrations (one process at a time on PostgreSQL)."""
    from django.core.management import call_command
    from django.db import DatabaseError, connection
    from django.db.migrations.executor import MigrationExecutor

    try:
        executor = MigrationExecutor(connection)
        if not executor.migration_plan(executor.loader.graph.leaf_nodes()):
            return
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_lock(%s)", [_MIGRATE_LOCK])
        try:
            call_command("migrate", interactive=False, verbosity=0)
        finally:
            if connection.vendor == "postgresql":
                with connection.cursor() as cursor:
                    cursor.execute("SELECT pg_advisory_unlock(%s)", [_MIGRATE_LOCK])
    except DatabaseError as error:
        first_line = str(error).strip().splitlines()[0] if str(error).strip() else type(error)
        raise HqCliError(f"Cannot reach {_database_label()}: {first_line}") from None


def _serve(args: argparse.Namespace) -> int:
    _configure(args.serve_data_dir or args.data_dir)
    migrate_if_needed()
    from ocpsc_field.hq.bundled_surveys import publish_bundled

    publish_bundled()  # a database migrated before surveys were bundled gets them too
    from django.db import connections

    connections.close_all()  # workers open their own connections after the fork
    from ocpsc_field.hq.server import run

    print(
        f"ocpsc-hq: serving on http://{args.host}:{args.port} with {args.workers} workers; "
        f"data in {_database_label()}",
        file=sys.stderr,
        flush=True,
    )
    return run(
        host=args.host,
        port=args.port,
        workers=args.workers,
        threads=args.threads,
        timeout=args.timeout,
        access_log=args.access_log,
    )


def _manage(args: argparse.Namespace) -> int:
    data_dir, arguments = _split_data_dir(args.arguments)
    _configure(data_dir or args.data_dir)
    if arguments and arguments[0] not in _NO_AUTO_MIGRATE and not arguments[0].startswith("-"):
        migrate_if_needed()
    from django.core.management import execute_from_command_line

    try:
        execute_from_command_line(["ocpsc-hq manage", *arguments])
    except SystemExit as done:
        return int(done.code or 0) if isinstance(done.code, int | None) else EXIT_FAILED
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        if args.command == "serve":
            return _serve(args)
        return _manage(args)
    except HqCliError as error:
        print(f"ocpsc-hq: {error}", file=sys.stderr)
        return EXIT_FAILED
    except KeyboardInterrupt:
        return EXIT_FAILED


if __name__ == "__main__":
    sys.exit(main())
