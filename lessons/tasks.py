"""Celery tasks of the lessons app: thin, idempotent."""

from __future__ import annotations

from celery import shared_task

from lessons import digest


@shared_task
def send_weekly_digests() -> int:
    """The weekly digest (beat: Monday morning); running it twice in a week sends nothing twice."""
    return digest.send_weekly_digests()
