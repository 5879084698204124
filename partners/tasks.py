"""Scheduled work of the partners app (declared in CELERY_BEAT_SCHEDULE): thin tasks that call a
service. The mail the services send is in `partners.notifications`."""

from __future__ import annotations

from celery import shared_task

from partners import services


@shared_task
def remind_and_expire_introductions() -> dict[str, int]:
    """Daily: remind recipients before the due date, expire overdue introductions."""
    return services.remind_and_expire_introductions()


@shared_task
def send_application_digests() -> dict[str, int]:
    """Daily: the digest of new applications, to members who did not choose otherwise."""
    return services.send_application_digests()
