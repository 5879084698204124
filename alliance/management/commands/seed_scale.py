"""`manage.py seed_scale --scale 1.0`: fill a PostgreSQL database to a fraction of the alliance at
scale (200 operators, 2,000 opcos, 50,000 partners, 1,000,000 deals, 100,000 lessons, about
5,000,000 ledger rows at 1.0), for the benchmark (`make bench`). Each app seeds its own tables in
`<app>/scale.py`; the steps run in the order of the apps' layering. See the README, "Benchmark at
scale".
"""

from __future__ import annotations

import time
from importlib import import_module

from django.apps import apps
from django.core.management.base import BaseCommand, CommandError
from django.core.management.color import no_style
from django.db import connection, transaction

from alliance.scale_kit import ScaleRun, SchemaDrift, quote

# Each step is `module:function(run)`; a step may rely on the steps before it.
STEPS = [
    "alliance.scale:seed_members",
    "alliance.scale:seed_blocs",
    "partners.scale:seed",
    "deals.scale:seed",
    "deals.programmes.scale:seed",
    "lessons.scale:seed",
    "alliance.scale:seed_standing",
]
# The apps whose tables a seeded database fills (and `--reset` empties).
SEEDED_APPS = ("alliance", "partners", "deals", "lessons", "account", "authtoken", "sessions",
               "mfa", "admin")  # fmt: skip
# Tables that show whether a database already holds an alliance.
OCCUPIED_WHEN = ("alliance.Operator", "alliance.User", "partners.Partner", "deals.Deal")
# Generous memory for this session's sorts and index updates; the server's settings are untouched.
SESSION_SETTINGS = ("SET synchronous_commit TO off", "SET work_mem TO '128MB'",
                    "SET maintenance_work_mem TO '512MB'")  # fmt: skip


def seeded_models() -> list:
    installed = {config.label for config in apps.get_app_configs()}
    return [
        model
        for label in SEEDED_APPS
        if label in installed
        for model in apps.get_app_config(label).get_models(include_auto_created=True)
        if model._meta.managed and not model._meta.proxy
    ]


class Command(BaseCommand):
    help = (
        "Seed a PostgreSQL database with the alliance at a fraction of the full scale "
        "(1.0 = 200 operators, 50,000 partners, 1,000,000 deals, 100,000 lessons). "
        "Refuses a database that already has data unless --reset."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--scale", type=float, default=1.0, help="Fraction of the full scale (default 1.0)."
        )
        parser.add_argument(
            "--reset",
            action="store_true",
            help="Empty the portal's tables first (every operator, user, partner, deal, lesson).",
        )
        parser.add_argument("--seed", type=int, default=13, help="Random seed (default 13).")

    def handle(self, *args, scale: float, reset: bool, seed: int, **options) -> None:
        if connection.vendor != "postgresql":
            raise CommandError(
                f"seed_scale needs PostgreSQL (this database is {connection.vendor}): it uses "
                "COPY, generated search vectors and the deal trigger. Set DATABASE_URL."
            )
        if not 0 < scale <= 2:
            raise CommandError("--scale must be above 0 and at most 2.")
        models = seeded_models()
        occupied = [label for label in OCCUPIED_WHEN if apps.get_model(label).objects.exists()]
        if occupied and not reset:
            raise CommandError(
                f"The database {connection.settings_dict['NAME']!r} already has data "
                f"({', '.join(occupied)}): pass --reset to empty the portal's tables first."
            )
        started = time.perf_counter()
        if reset:
            self._empty(models)
        run = ScaleRun(factor=scale, stdout=self.stdout, seed=seed)
        self.stdout.write(f"Seeding {connection.settings_dict['NAME']} at scale {scale}:")
        try:
            with connection.cursor() as cursor:
                for statement in SESSION_SETTINGS:
                    cursor.execute(statement)
            for step in STEPS:
                module, function = step.split(":")
                with transaction.atomic():
                    getattr(import_module(module), function)(run)
        except SchemaDrift as error:
            raise CommandError(str(error)) from error
        finally:
            with connection.cursor() as cursor:
                cursor.execute("RESET ALL")
        self._finish(models)
        elapsed = time.perf_counter() - started
        for label, count in sorted(run.counts.items()):
            self.stdout.write(f"  {label:<32} {count:>12,}")
        self.stdout.write(self.style.SUCCESS(f"Seeded in {elapsed:.0f} s."))

    def _empty(self, models: list) -> None:
        tables = ", ".join(quote(model._meta.db_table) for model in models)
        with connection.cursor() as cursor:
            if connection.in_atomic_block:
                # Deferred foreign key checks of this transaction must run before a TRUNCATE.
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute(f"TRUNCATE {tables} RESTART IDENTITY CASCADE")

    def _finish(self, models: list) -> None:
        """Sequences past the explicit ids; fresh planner statistics (and, outside a transaction,
        a vacuum that sets the visibility map, as autovacuum would on a live database)."""
        with connection.cursor() as cursor:
            for statement in connection.ops.sequence_reset_sql(no_style(), models):
                cursor.execute(statement)
            command = "ANALYZE" if connection.in_atomic_block else "VACUUM (ANALYZE)"
            for model in models:
                cursor.execute(f"{command} {quote(model._meta.db_table)}")
