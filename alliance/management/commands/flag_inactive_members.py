"""`manage.py flag_inactive_members [--dry-run]`: the daily inactivity job, run by hand."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from alliance.standing.job import flag_inactive_members


class Command(BaseCommand):
    help = (
        "Flag operators below the inactivity policy, clear flags of those who contributed again "
        "and mark flags past their grace period due for review (the beat task's work)."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Print what would change without writing anything or sending mail.",
        )

    def handle(self, *args, dry_run: bool = False, **options) -> None:
        report = flag_inactive_members(dry_run=dry_run)
        for line in report.lines():
            self.stdout.write(line)
