"""Celery tasks of programmes: the beat job that reminds missing SLA reports. Imported by Celery
through `CELERY_IMPORTS` (settings), with the mail tasks of `deals.programmes.notifications`."""

from __future__ import annotations

from celery import shared_task

from deals.programmes import notifications  # noqa: F401 - registers the mail tasks with Celery
from deals.programmes.sla import remind_missing_reports


@shared_task
def remind_missing_sla_reports() -> dict[str, int]:
    """Daily: remind participants whose report for last month is missing (idempotent)."""
    return remind_missing_reports()
