"""`python -m alliance.benchmark`: measure the portal at scale (see the package docstring and
the README).

The database is the one DATABASE_URL names (seed it with `manage.py seed_scale` first)."""

from __future__ import annotations

import argparse
import os
import platform
import secrets
import sys
import time
from contextlib import nullcontext
from typing import TextIO

import django


def parse(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m alliance.benchmark", description=__doc__)
    parser.add_argument("--rounds", type=int, default=15, help="rounds of every page (15)")
    parser.add_argument("--clients", type=int, default=50, help="load: concurrent clients (50)")
    parser.add_argument("--seconds", type=float, default=60, help="load: duration in s (60)")
    parser.add_argument("--people", type=int, default=9, help="load: members signed in (9)")
    parser.add_argument(
        "--workers", type=int, help="gunicorn workers (alliance/gunicorn_conf.py's)"
    )
    parser.add_argument(
        "--no-warmup", action="store_true", help="no untimed first request of each page"
    )
    parser.add_argument("--skip-export", action="store_true", help="no CSV export")
    parser.add_argument("--skip-load", action="store_true", help="no load benchmark")
    parser.add_argument(
        "--explain",
        action="store_true",
        help="instead: each page's slowest queries with EXPLAIN (ANALYZE, BUFFERS)",
    )
    parser.add_argument("--url", help="measure a portal already running there (in BENCH_MODE)")
    parser.add_argument("--output", help="also write the report (Markdown) to this file")
    return parser.parse_args(argv)


def _setup_django() -> None:
    from django.conf import settings

    if settings.configured:
        return
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "alliance.settings")
    if len(os.environ.get("SECRET_KEY", "")) < 32:
        os.environ["SECRET_KEY"] = secrets.token_urlsafe(50)  # this run's own, thrown away
    django.setup()


def _figures() -> str:
    from django.apps import apps
    from django.db import connection

    from alliance.benchmark.targets import FEATURE_MODELS
    from alliance.models import Contribution, Operator

    Deal, Lesson, Partner = (apps.get_model(label) for label in FEATURE_MODELS)
    counts = {
        "operators": Operator.objects.count(),
        "partners": Partner.objects.count(),
        "deals": Deal.objects.count(),
        "lessons": Lesson.objects.count(),
        "ledger rows": Contribution.objects.count(),
    }
    with connection.cursor() as cursor:
        cursor.execute("SELECT version()")
        version = cursor.fetchone()[0].split(" on ")[0]
    data = ", ".join(f"{count:,} {name}" for name, count in counts.items())
    return (
        f"Database {connection.settings_dict['NAME']} ({version}): {data}. "
        f"Machine: {os.cpu_count()} CPUs, Python {platform.python_version()}."
    )


def main(argv: list[str] | None = None, stdout: TextIO = sys.stdout) -> str:
    """Run the benchmark; returns (and prints) the report."""
    args = parse(argv)
    _setup_django()
    from django.conf import settings
    from django.db import connection, connections

    from alliance.benchmark.client import Client
    from alliance.benchmark.load import load_table, run_load
    from alliance.benchmark.measure import export, export_table, latency, latency_table
    from alliance.benchmark.server import Server, database_url
    from alliance.benchmark.targets import discover

    if connection.vendor != "postgresql":
        raise SystemExit("The benchmark needs the PostgreSQL database seeded by seed_scale.")
    targets = discover(people=args.people)
    report: list[str] = []
    header = f"Benchmark of {time.strftime('%Y-%m-%d %H:%M')}. {_figures()}"
    database = database_url(connection.settings_dict)

    def say(text: str) -> None:
        report.append(text)
        stdout.write(text + "\n\n")
        stdout.flush()

    say(header)
    if args.explain:
        from alliance.benchmark.explain import explain

        say(explain(targets))
        return _write(report, args.output)
    connections.close_all()  # the server has its own; this process only measures from now on
    serving = (
        nullcontext()
        if args.url
        else Server(database=database, secret_key=settings.SECRET_KEY, workers=args.workers)
    )
    with serving as server:
        url = args.url or server.url
        if server is not None:
            say(f"Served by {server.describe()}")
        web = Client(url)
        web.sign_in(targets.persona, targets.password)
        api = Client(url, token=targets.token)
        say(f"Latency as {targets.persona}, {args.rounds} rounds, each page after the floor:")
        floor, results = latency(web, api, targets.pages, args.rounds, warmup=not args.no_warmup)
        say(latency_table(floor, results))
        if not args.skip_export:
            say(export_table(export(web, server)))
        if not args.skip_load:
            sessions = []
            for email, _ in targets.people:
                if email == targets.persona:
                    sessions.append(web.cookies)
                    continue
                member = Client(url)
                member.sign_in(email, targets.password)
                sessions.append(member.cookies)
            tokens = [token for _, token in targets.people]
            say(f"Load: members {', '.join(email for email, _ in targets.people)}.")
            result = run_load(
                url, targets.pages, sessions, tokens, clients=args.clients, seconds=args.seconds
            )
            say(load_table(result))
    return _write(report, args.output)


def _write(report: list[str], output: str | None) -> str:
    text = "\n\n".join(report) + "\n"
    if output:
        with open(output, "w") as out:
            out.write(text)
    return text


if __name__ == "__main__":
    main()
