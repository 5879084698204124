"""What every Celery task of the portal is: `ResilientTask` (the app's `task_cls`).

Every app's tasks get, without saying so:
- retries with exponential backoff and full jitter on transient errors (database unreachable,
  broker or Redis errors, SMTP errors, sockets), at most TASK_MAX_RETRIES times;
- a safety net when a message cannot be published (broker down): instead of raising after the
  caller's write has committed, the task is recorded in the outbox (alliance.outbox) and sent once
  the broker is back. Code should still queue side effects with `alliance.outbox.enqueue` inside
  its transaction: that is durable even if the process dies right after the commit, and each
  side effect is then carried out at most once.

This module is loaded when Celery first needs the task class, after Django is set up.
"""

from __future__ import annotations

import logging
import smtplib

import kombu.exceptions
import redis.exceptions
from celery import Task
from django import db
from django.apps import apps
from django.conf import settings

from alliance.breaker import broker_breaker

logger = logging.getLogger("alliance.faults")

# Errors that a later attempt may not meet: the dependency was down, slow or restarting.
TRANSIENT_ERRORS: tuple[type[BaseException], ...] = (
    db.OperationalError,  # database unreachable or restarting, statement timeout, deadlock
    db.InterfaceError,  # connection closed under us
    kombu.exceptions.OperationalError,  # broker unreachable
    redis.exceptions.ConnectionError,
    redis.exceptions.TimeoutError,
    smtplib.SMTPException,  # mail server refusing for now, or gone
    OSError,  # sockets: refused, reset, timed out, name resolution
)
# What publishing a message raises when the broker cannot be reached.
BROKER_ERRORS: tuple[type[BaseException], ...] = (
    kombu.exceptions.OperationalError,
    redis.exceptions.ConnectionError,
    redis.exceptions.TimeoutError,
    OSError,
)


class ResilientTask(Task):
    autoretry_for = TRANSIENT_ERRORS
    retry_backoff = settings.TASK_RETRY_BACKOFF
    retry_backoff_max = settings.TASK_RETRY_BACKOFF_MAX
    retry_jitter = True
    max_retries = settings.TASK_MAX_RETRIES
    #: Record the task in the outbox when its message cannot be published right now.
    outbox_fallback = True

    def apply_async(self, args=None, kwargs=None, task_id=None, producer=None, **options):
        delayed = options.get("countdown") or options.get("eta")
        if not self.outbox_fallback or delayed or self.app.conf.task_always_eager:
            return super().apply_async(args, kwargs, task_id, producer, **options)
        if not broker_breaker.is_open():
            try:
                return super().apply_async(args, kwargs, task_id, producer, **options)
            except BROKER_ERRORS as error:
                broker_breaker.trip(error, "tasks are kept in the outbox until it returns")
        apps.get_model("alliance", "OutboxMessage").objects.create(
            task=self.name, args=list(args or ()), kwargs=dict(kwargs or {})
        )
        logger.warning("%s kept in the outbox: the broker is unreachable.", self.name)
        return None
