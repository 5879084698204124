"""`manage.py seed_demo`: load the demo data of every app, idempotently, and print the accounts."""

from __future__ import annotations

import logging
from importlib import import_module

from django.core.management.base import BaseCommand
from django.db import transaction
from django.test.utils import override_settings

from alliance.demo import DEMO_PASSWORD, demo_accounts

# Each module has `seed(*, stdout) -> None` and may rely on the modules before it in this list.
DEMO_MODULES = [
    "alliance.demo",
    "alliance.demo_m2m",
    "alliance.blocs.demo",
    "partners.demo",
    "deals.demo",
    "deals.programmes.demo",
    "lessons.demo",
    "alliance.standing.demo",
]


class Command(BaseCommand):
    help = (
        "Create or update the demo operators, accounts and data. Running it twice changes nothing."
    )

    def handle(self, *args, **options) -> None:
        # Demo data goes through the real services, which queue mail; none of it is for anyone,
        # and the inline tasks' log lines would bury the list of accounts printed below.
        task_log = logging.getLogger("celery.app.trace")
        task_log_level = task_log.level
        task_log.setLevel(logging.WARNING)
        try:
            with override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend"):
                for module_name in DEMO_MODULES:
                    with transaction.atomic():
                        import_module(module_name).seed(stdout=self.stdout)
        finally:
            task_log.setLevel(task_log_level)
        self.stdout.write(
            self.style.SUCCESS(f"\nDemo accounts (password for all: {DEMO_PASSWORD}):")
        )
        for email, description in demo_accounts():
            self.stdout.write(f"  {email:<36} {description}")
