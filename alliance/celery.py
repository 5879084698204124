"""The Celery application. Tasks live in each app's `tasks.py` and are discovered automatically.

Every task is an `alliance.resilience.ResilientTask`: retried with backoff on transient errors,
and kept in the outbox when the broker cannot be reached. Late acknowledgement, requeue when a
worker is lost, time limits and the broker's timeouts are settings (`CELERY_*`).
"""

import os

from celery import Celery, signals
from django.conf import settings

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "alliance.settings")

# A string: the class is loaded when first needed, once Django's settings can be read.
app = Celery("alliance", task_cls="alliance.resilience:ResilientTask")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@signals.celeryd_init.connect
@signals.beat_init.connect
def use_the_task_statement_timeout(**kwargs) -> None:
    """Web requests give up on a statement after DATABASE_STATEMENT_TIMEOUT; a task may take as
    long as its time limit. Runs in the worker's and beat's main process, before any connection."""
    options = settings.DATABASES["default"].get("OPTIONS", {})
    if "statement_timeout" in options.get("options", ""):
        options["options"] = f"-c statement_timeout={settings.TASK_TIME_LIMIT}s"
