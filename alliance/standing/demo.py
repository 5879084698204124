"""Demo data of contribution standing: twelve months of backdated contribution history for every
demo operator, so that dashboards have a chart and the inactivity job has something to judge.

Rogers is the demo's inactive member: its history stops more than 90 days ago, while its people
keep reading others' deals and lessons — so `manage.py flag_inactive_members` flags it, and the
pruning page shows it taking without giving. Every demo operator joined long before the window, so
the job judges each of them; no history predates an operator's joining. Idempotent: history is
written once per operator.
"""

from __future__ import annotations

import random
from datetime import datetime, time, timedelta
from typing import TextIO

from django.utils import timezone

from alliance.ledger import record_contribution
from alliance.models import Consumption, Contribution, InactivityPolicy, Membership, Operator

INACTIVE_SLUG = "rogers"
# How many contributions each operator made per month in the demo's past (a rough rhythm).
MONTHLY = {
    "bt": 4,
    "deutsche-telekom": 5,
    "orange": 6,
    "reliance-jio": 3,
    "millicom": 4,
    "mts": 2,
    "teliasonera": 3,
    "telecom-italia": 2,
    INACTIVE_SLUG: 2,
}
HISTORY_DAYS = 365
# Rogers' last contribution: well before the 90-day window of the default policy.
INACTIVE_SINCE_DAYS = 130
KINDS = [
    Contribution.Kind.DEAL_LOGGED,
    Contribution.Kind.DEAL_ADVANCED,
    Contribution.Kind.LESSON_PUBLISHED,
    Contribution.Kind.LESSON_ENDORSED,
    Contribution.Kind.LESSON_COMMENTED,
    Contribution.Kind.PARTNER_INTRODUCED,
    Contribution.Kind.INTRODUCTION_ANSWERED,
]


def _seed_history(operator: Operator, *, per_month: int, since_days: int) -> int:
    """Backdated ledger rows from a year ago (or from when the operator joined, if later) up to
    `since_days` ago, by the operator's people."""
    now = timezone.now()
    if operator.contributions.filter(created_at__lt=now - timedelta(days=14)).exists():
        return 0
    joined = timezone.make_aware(datetime.combine(operator.joined_on, time(9)))
    history_days = min(HISTORY_DAYS, (now - joined).days)
    if history_days <= since_days:
        return 0
    rng = random.Random(operator.slug)  # the same history on every machine
    people = list(
        Membership.objects.approved()
        .filter(operator=operator)
        .select_related("user")
        .order_by("user__email")
    )
    count = round(per_month * (history_days - since_days) / 30)
    for _ in range(count):
        record_contribution(
            operator=operator,
            user=rng.choice(people).user if people else None,
            kind=rng.choice(KINDS),
            target=operator,  # the history predates the demo's records: credited to the operator
            at=now - timedelta(days=rng.uniform(since_days, history_days)),
        )
    return count


def _seed_consumption(viewer: Operator, owners: list[Operator]) -> None:
    """Rogers' people kept reading the others' deals and lessons over the last two months."""
    today = timezone.localdate()
    rng = random.Random("consumption")
    for days_ago in range(0, 60, 3):
        for owner in owners:
            Consumption.objects.get_or_create(
                viewer=viewer,
                owner=owner,
                kind=rng.choice(Consumption.Kind.values),
                day=today - timedelta(days=days_ago),
                defaults={"views": rng.randint(1, 6)},
            )


def seed(*, stdout: TextIO) -> None:
    InactivityPolicy.current()
    operators = {op.slug: op for op in Operator.objects.filter(slug__in=MONTHLY)}
    written = 0
    for slug, operator in operators.items():
        since = INACTIVE_SINCE_DAYS if slug == INACTIVE_SLUG else 0
        written += _seed_history(operator, per_month=MONTHLY[slug], since_days=since)
    if INACTIVE_SLUG in operators:
        others = [op for slug, op in sorted(operators.items()) if slug != INACTIVE_SLUG][:3]
        _seed_consumption(operators[INACTIVE_SLUG], others)
    stdout.write(
        f"Standing: {written} backdated contributions written; {INACTIVE_SLUG} last contributed "
        f"{INACTIVE_SINCE_DAYS}+ days ago, so flag_inactive_members flags it.\n"
    )
