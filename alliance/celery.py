"""The Celery application. Tasks live in each app's `tasks.py` and are discovered automatically.

Every task is an `alliance.resilience.ResilientTask`: retried with backoff on transient errors,
and kept in the outbox when the broker cannot be reached. Late acknowledgement, requeue when a
worker is lost, time limits and the broker's timeouts are settings (`CELERY_*`).
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "alliance.settings")

# A string: the class is loaded when first needed, once Django's settings can be read.
app = Celery("alliance", task_cls="alliance.resilience:ResilientTask")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
