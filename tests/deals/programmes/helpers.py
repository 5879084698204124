"""Helpers of the programme tests."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.utils import timezone

from deals.programmes.models import previous_month

TERMS = {"availability_target": Decimal("99.5"), "support_response_hours": 4}


def last_month() -> date:
    return previous_month(timezone.localdate())


def suspend(operator) -> None:
    operator.status = operator.Status.SUSPENDED
    operator.save()


def mails_to(outbox, address: str) -> list:
    return [message for message in outbox if address in message.to]
