"""Celery tasks of the lessons app: thin, idempotent."""

from __future__ import annotations

from celery import shared_task


@shared_task
def send_weekly_digests() -> int:
    """The weekly digest (beat: Monday morning); running it twice in a week sends nothing twice."""
    from lessons.digest import send_weekly_digests as send

    return send()
