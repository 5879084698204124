"""Reading contribution standing: the figures behind the job, the pruning page, the dashboard
panel and the API. Writes live in alliance/standing.py."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.db.models import (
    Case,
    Count,
    Exists,
    IntegerField,
    OuterRef,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce, TruncMonth
from django.utils import timezone

from alliance.models import (
    Consumption,
    Contribution,
    Exemption,
    InactivityPolicy,
    Operator,
    StandingFlag,
)


def weighted_score(policy: InactivityPolicy, prefix: str = "") -> Case:
    """The weight of one ledger row under `policy` (0 for kinds that do not count)."""
    whens = [
        When(**{f"{prefix}kind": kind}, then=Value(w)) for kind, w in policy.counted_kinds.items()
    ]
    return Case(*whens, default=Value(0), output_field=IntegerField())


def with_figures(
    operators: QuerySet[Operator], *, policy: InactivityPolicy, now: datetime
) -> QuerySet[Operator]:
    """Annotate each operator with its weighted `score` and raw `contribution_count` within the
    policy window, its `last_contribution_at` and whether an exemption is `exempt` today — in
    the one query that lists the operators, however many there are. Each figure is a correlated
    subquery that reads only the operator's slice of the (operator, created_at) index."""
    in_window = (
        Contribution.objects.filter(
            operator=OuterRef("pk"),
            created_at__gte=now - timedelta(days=policy.window_days),
            created_at__lte=now,
        )
        .order_by()
        .values("operator")
    )
    last = Contribution.objects.filter(operator=OuterRef("pk")).order_by("-created_at")
    in_force = Exemption.objects.in_force(timezone.localdate(now)).filter(operator=OuterRef("pk"))
    return operators.annotate(
        score=Coalesce(Subquery(in_window.annotate(s=Sum(weighted_score(policy))).values("s")), 0),
        contribution_count=Coalesce(Subquery(in_window.annotate(n=Count("pk")).values("n")), 0),
        last_contribution_at=Subquery(last.values("created_at")[:1]),
        exempt=Exists(in_force),
    )


def with_consumption(
    operators: QuerySet[Operator], *, policy: InactivityPolicy, now: datetime
) -> QuerySet[Operator]:
    """Annotate `views`: how often the operator's people viewed others' deals and lessons in the
    policy window (a subquery, so it does not multiply the ledger join of `with_figures`)."""
    since = timezone.localdate(now) - timedelta(days=policy.window_days)
    views = (
        Consumption.objects.filter(viewer=OuterRef("pk"), day__gte=since)
        .order_by()
        .values("viewer")
        .annotate(total=Sum("views"))
        .values("total")
    )
    return operators.annotate(views=Coalesce(Subquery(views), 0))


@dataclass
class Bar:
    month: date
    count: int
    x: int
    y: int
    height: int


CHART_HEIGHT = 120
BAR_WIDTH = 24
BAR_GAP = 8


def monthly_contributions(operator: Operator, *, now: datetime, months: int = 12) -> list[Bar]:
    """The operator's contributions per calendar month over the last `months` months, laid out
    as bars of an SVG chart (one query)."""
    today = timezone.localdate(now)
    firsts = []
    year, month = today.year, today.month
    for _ in range(months):
        firsts.append(date(year, month, 1))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    firsts.reverse()
    counts = {
        row["month"].date() if isinstance(row["month"], datetime) else row["month"]: row["n"]
        for row in Contribution.objects.filter(
            operator=operator, created_at__date__gte=firsts[0], created_at__lte=now
        )
        .annotate(month=TruncMonth("created_at"))
        .order_by()
        .values("month")
        .annotate(n=Count("id"))
    }
    top = max([*counts.values(), 1])
    bars = []
    for i, first in enumerate(firsts):
        count = counts.get(first, 0)
        height = round(count / top * (CHART_HEIGHT - 20))
        bars.append(
            Bar(
                month=first,
                count=count,
                x=i * (BAR_WIDTH + BAR_GAP),
                y=CHART_HEIGHT - height,
                height=height,
            )
        )
    return bars


@dataclass
class Standing:
    """An operator's standing as its own people see it: where it stands and what to do."""

    operator: Operator
    policy: InactivityPolicy
    score: int
    flag: StandingFlag | None
    exemption: Exemption | None
    needed: int
    deadline: date | None

    @property
    def status(self) -> str:
        return self.operator.status

    @property
    def label(self) -> str:
        return self.operator.get_status_display()

    @property
    def advice(self) -> str:
        """What the operator must do to stay (or get back to being) active, in one sentence."""
        if self.operator.status == Operator.Status.SUSPENDED:
            return (
                "Your operator is suspended: you can read but not contribute. Contact the admins."
            )
        if self.exemption is not None:
            return f"Exempt from the inactivity policy until {self.exemption.ends_on:%-d %B %Y}."
        if self.deadline is None:
            return "Contribute to stay active."
        noun = "contribution" if self.needed == 1 else "contributions"
        return f"{self.needed} {noun} before {self.deadline:%-d %B}"


def standing_of(operator: Operator, *, now: datetime | None = None) -> Standing:
    """The standing of one operator, with the deadline of its next contribution (a few queries)."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    policy = InactivityPolicy.current()
    flag = StandingFlag.objects.unresolved().filter(operator=operator).first()
    exemption = Exemption.objects.in_force(today).filter(operator=operator).first()
    window_start = now - timedelta(days=policy.window_days)
    weights = list(
        Contribution.objects.filter(operator=operator, created_at__gte=window_start)
        .annotate(weight=weighted_score(policy))
        .filter(weight__gt=0)
        .order_by("-created_at")
        .values_list("created_at", "weight")
    )
    score = sum(weight for _, weight in weights)
    if flag is not None:
        needed, deadline = max(policy.minimum_contributions - score, 1), flag.grace_until
    elif score < policy.minimum_contributions:
        # Not flagged yet (the job runs daily): the next run will flag it.
        needed, deadline = policy.minimum_contributions - score, today
    else:
        # The score falls below the minimum when the newest contribution that still keeps it
        # there leaves the window; it must be replaced before then.
        total = 0
        for created_at, weight in weights:
            if total + weight >= policy.minimum_contributions:
                needed = policy.minimum_contributions - total
                deadline = timezone.localdate(created_at) + timedelta(days=policy.window_days)
                break
            total += weight
    return Standing(
        operator=operator,
        policy=policy,
        score=score,
        flag=flag,
        exemption=exemption,
        needed=needed,
        deadline=deadline,
    )
