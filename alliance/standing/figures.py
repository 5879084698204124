"""Reading contribution standing: the one computation of an operator's score, used by the job,
the pruning pages, the dashboard panel and the API alike, and the figures shown beside it.

The score is the weighted sum of the ledger rows inside the policy's window, which ends now: rows
dated in the future do not count (`in_window`). `with_figures` computes it in SQL for any number
of operators; `standing_of` reads it from there and adds the deadline and the advice."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from hashlib import sha256

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

from alliance.ledger import contributions_topic
from alliance.models import (
    Consumption,
    Contribution,
    Exemption,
    InactivityPolicy,
    Operator,
    StandingFlag,
)
from alliance.summaries import cached_figure


def in_window(policy: InactivityPolicy, now: datetime) -> QuerySet[Contribution]:
    """The ledger rows inside the policy's window at `now`: no older than `window_days`, and not
    dated after `now`."""
    return Contribution.objects.filter(
        created_at__gte=now - timedelta(days=policy.window_days), created_at__lte=now
    )


def weighted_score(policy: InactivityPolicy) -> Case:
    """The weight of one ledger row under `policy` (0 for kinds that do not count)."""
    whens = [When(kind=kind, then=Value(weight)) for kind, weight in policy.counted_kinds.items()]
    return Case(*whens, default=Value(0), output_field=IntegerField())


def with_figures(
    operators: QuerySet[Operator], *, policy: InactivityPolicy, now: datetime
) -> QuerySet[Operator]:
    """Annotate each operator with its weighted `score` and raw `contribution_count` within the
    policy window, its `last_contribution_at` and whether an exemption is `exempt` today — in
    the one query that lists the operators, however many there are. Each figure is a correlated
    subquery that reads only the operator's slice of the (operator, created_at) index."""
    rows = in_window(policy, now).filter(operator=OuterRef("pk")).order_by().values("operator")
    last = Contribution.objects.filter(operator=OuterRef("pk"), created_at__lte=now).order_by(
        "-created_at"
    )
    in_force = Exemption.objects.in_force(timezone.localdate(now)).filter(operator=OuterRef("pk"))
    return operators.annotate(
        score=Coalesce(Subquery(rows.annotate(s=Sum(weighted_score(policy))).values("s")), 0),
        contribution_count=Coalesce(Subquery(rows.annotate(n=Count("pk")).values("n")), 0),
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

    def compute() -> dict[date, int]:
        # A range on created_at itself, so that the (operator, created_at) index serves it.
        since = timezone.make_aware(datetime.combine(firsts[0], time.min))
        rows = (
            Contribution.objects.filter(
                operator=operator, created_at__gte=since, created_at__lte=now
            )
            .annotate(month=TruncMonth("created_at"))
            .order_by()
            .values("month")
            .annotate(n=Count("id"))
        )
        return {
            row["month"].date() if isinstance(row["month"], datetime) else row["month"]: row["n"]
            for row in rows
        }

    counts = cached_figure(
        "monthly-contributions",
        topics=(contributions_topic(operator.pk),),
        viewer=f"{operator.pk}:{firsts[0]:%Y-%m}",
        compute=compute,
    )
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
    deadline: date
    first_check_on: date
    judged: bool

    @property
    def status(self) -> str:
        return self.operator.status

    @property
    def label(self) -> str:
        return self.operator.get_status_display()

    @property
    def counted(self) -> list[tuple[str, int]]:
        """(label, weight) of each kind of contribution that counts under the policy."""
        labels = dict(Contribution.Kind.choices)
        return [(labels.get(kind, kind), w) for kind, w in self.policy.counted_kinds.items()]

    @property
    def advice(self) -> str:
        """What the operator must do to stay (or get back to being) active, in one sentence."""
        if self.operator.status == Operator.Status.SUSPENDED:
            return (
                "Your operator is suspended: you can read but not contribute. Contact the admins."
            )
        if self.exemption is not None:
            return f"Exempt from the inactivity policy until {self.exemption.ends_on:%-d %B %Y}."
        noun = "contribution" if self.needed == 1 else "contributions"
        return f"{self.needed} {noun} before {self.deadline:%-d %B}"


def _next_deadline(
    operator: Operator,
    *,
    policy: InactivityPolicy,
    now: datetime,
    flag: StandingFlag | None,
    first_check: date,
) -> tuple[int, date]:
    """(contributions needed, by when) to stay active — or, flagged, to clear the flag. Nobody is
    judged before its first check, so no deadline falls before it."""
    minimum, score = policy.minimum_contributions, operator.score
    if flag is not None:
        return max(minimum - score, 1), flag.grace_until
    today = timezone.localdate(now)
    if score < minimum:
        # Judged already: the next run of the job flags it. New: it has until its first check.
        return minimum - score, max(today, first_check)
    # The score falls below the minimum when the newest row that still keeps it there leaves the
    # window; it must be replaced before then. Each row weighs at least 1: the newest `minimum`
    # rows are all it may take (not the whole window's).
    rows = (
        in_window(policy, now)
        .filter(operator=operator)
        .annotate(weight=weighted_score(policy))
        .filter(weight__gt=0)
        .order_by("-created_at")
        .values_list("created_at", "weight")[:minimum]
    )
    total = 0
    for created_at, weight in rows:
        if total + weight >= minimum:
            leaves = timezone.localdate(created_at) + timedelta(days=policy.window_days)
            return minimum - total, max(leaves, first_check)
        total += weight
    return minimum, max(today, first_check)  # the ledger changed between the two reads


# How long an operator's window figures are kept: a new ledger row of the operator drops them
# at once; this bounds how long rows that left the window meanwhile still count.
WINDOW_FIGURES_TIMEOUT = 5 * 60


def _with_cached_figures(
    operator: Operator, *, policy: InactivityPolicy, now: datetime
) -> Operator:
    """The operator annotated as `with_figures` does, its window figures (a sum over up to a
    hundred thousand ledger rows) from the cache while none of its ledger rows changed."""
    operators = Operator.objects.filter(pk=operator.pk)

    def compute() -> dict:
        figures = with_figures(operators, policy=policy, now=now)
        return figures.values("score", "contribution_count", "last_contribution_at").get()

    terms = f"{policy.pk}:{policy.window_days}:{sorted(policy.counted_kinds.items())}"
    window = cached_figure(
        "standing-window",
        topics=(contributions_topic(operator.pk),),
        viewer=f"{operator.pk}:{sha256(terms.encode()).hexdigest()[:12]}",
        compute=compute,
        timeout=WINDOW_FIGURES_TIMEOUT,
    )
    in_force = Exemption.objects.in_force(timezone.localdate(now)).filter(operator=OuterRef("pk"))
    annotated = operators.annotate(exempt=Exists(in_force)).get()
    for name, value in window.items():
        setattr(annotated, name, value)
    return annotated


def standing_of(operator: Operator, *, now: datetime | None = None) -> Standing:
    """The standing of one operator, with the deadline of its next contribution (a few queries)."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    policy = InactivityPolicy.current()
    figures = _with_cached_figures(operator, policy=policy, now=now)
    flag = StandingFlag.objects.unresolved().filter(operator=operator).first()
    exemption = Exemption.objects.in_force(today).filter(operator=operator).first()
    first_check = figures.first_check_on(policy.window_days)
    needed, deadline = _next_deadline(
        figures, policy=policy, now=now, flag=flag, first_check=first_check
    )
    return Standing(
        operator=figures,
        policy=policy,
        score=figures.score,
        flag=flag,
        exemption=exemption,
        needed=needed,
        deadline=deadline,
        first_check_on=first_check,
        judged=figures.is_judged_on(today, policy.window_days),
    )
