"""The inactivity job as a Celery task: daily on beat (`CELERY_BEAT_SCHEDULE`) and queued by the
pruning page's "run now". Its name, `alliance.tasks.flag_inactive_members`, is a stable contract;
alliance/tasks.py imports it so that Celery's autodiscovery registers it."""

from __future__ import annotations

from celery import shared_task

from alliance.standing import job


@shared_task(name="alliance.tasks.flag_inactive_members")
def flag_inactive_members() -> list[str]:
    """The daily inactivity job; the same service as `manage.py flag_inactive_members`."""
    return job.flag_inactive_members().lines()
