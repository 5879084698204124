"""Settings of the portal's own processes in the fault tests (gunicorn, Celery worker and beat,
run as subprocesses through the fault proxies): the test settings, with the production shape's
waits shortened so that an outage and its recovery fit in seconds. Nothing else differs."""

import os

from tests.settings import *  # noqa: F403

ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
# Each run of the fault tests has a queue of its own: no other worker on this Redis takes its tasks.
CELERY_TASK_DEFAULT_QUEUE = os.environ["FAULTS_QUEUE"]
DEPENDENCY_RECHECK_SECONDS = 1
TASK_RETRY_BACKOFF = 1
TASK_RETRY_BACKOFF_MAX = 2
TASK_MAX_RETRIES = 30
OUTBOX_PENDING_GRACE_SECONDS = 1
OUTBOX_RESEND_AFTER_SECONDS = 20
# A killed worker's message comes back after 6 s instead of 8 minutes.
CELERY_BROKER_TRANSPORT_OPTIONS = CELERY_BROKER_TRANSPORT_OPTIONS | {  # noqa: F405
    "visibility_timeout": 6,
    "unacked_restore_interval": 1,
    "unacked_restore_throttle": 1,
}
# Beat sends only the outbox's sweep, every second; a test adds the periodic task it needs.
CELERY_BEAT_SCHEDULE = {
    "outbox-send-pending": {"task": "alliance.outbox.send_pending", "schedule": 1.0},
}
MIDDLEWARE = ["tests.faults.hooks.FreshContentTypesMiddleware", *MIDDLEWARE]  # noqa: F405
CELERY_IMPORTS = [*CELERY_IMPORTS, "tests.faults.hooks"]  # noqa: F405
