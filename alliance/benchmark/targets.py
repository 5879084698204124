"""What the benchmark requests: the pages and API lists of issue 13's table, with the objects they
show chosen from the database (the busiest partner, the most discussed lesson, the persona's home
country), and the people it signs in as."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.apps import apps
from django.db.models import Count
from rest_framework.authtoken.models import Token

from alliance.models import User
from alliance.scale import BENCH_PASSWORD, BENCH_PERSONA
from alliance.scale_kit import COMMON_WORD, rare_word

FEATURE_MODELS = ("deals.Deal", "lessons.Lesson", "partners.Partner")

FLOOR = "/bench/floor/"
EXPORT = "/deals/export.csv"
PARTNER_QUERY = "cloud"


@dataclass(frozen=True)
class Page:
    name: str
    path: str
    api: bool = False


@dataclass
class Targets:
    persona: str
    password: str
    token: str
    pages: list[Page]
    # (email, API token) of the members the load benchmark spreads its clients over.
    people: list[tuple[str, str]] = field(default_factory=list)

    def page(self, name: str) -> Page:
        return next(page for page in self.pages if page.name == name)


def discover(*, people: int = 9) -> Targets:
    """The benchmark's targets in the seeded database (fails with a hint if it is not seeded).
    The feature apps' models are looked up by name: the benchmark measures the whole portal over
    HTTP, and alliance imports no feature app."""
    Deal, Lesson, Partner = (apps.get_model(label) for label in FEATURE_MODELS)
    persona = User.objects.select_related("membership__operator").filter(email=BENCH_PERSONA)
    user = persona.first()
    if user is None or getattr(user, "membership", None) is None:
        raise RuntimeError(
            f"No {BENCH_PERSONA} in this database: seed it first "
            "(`python manage.py seed_scale --scale 1.0`)."
        )
    country = user.membership.operator.hq_country.code
    busiest = (
        Deal.objects.values("partner_id").annotate(n=Count("id")).order_by("-n", "partner_id")
    ).first()
    partner = Partner.objects.get(pk=busiest["partner_id"]) if busiest else Partner.objects.first()
    lesson = Lesson.objects.published().order_by("-comment_count", "pk").first()
    tokens = (
        Token.objects.filter(user__email__startswith="member@", user__is_active=True)
        .select_related("user")
        .order_by("user__pk")
    )
    pages = [
        Page("dashboard", "/dashboard/"),
        Page("pipeline board", "/deals/pipeline/"),
        Page("lessons list", "/lessons/"),
        Page(f"lessons search ({COMMON_WORD})", f"/lessons/?q={COMMON_WORD}"),
        Page(f"lessons search ({rare_word()}, rare)", f"/lessons/?q={rare_word()}"),
        Page(f"API lessons ?q={COMMON_WORD}", f"/api/v1/lessons/?q={COMMON_WORD}", api=True),
        Page("coverage matrix", "/deals/coverage/"),
        Page("lesson detail", f"/lessons/{lesson.pk}/"),
        Page("deals list", "/deals/"),
        Page(f"country page ({country})", f"/deals/countries/{country}/"),
        Page("partners directory", "/partners/"),
        Page(f"partners search ({PARTNER_QUERY})", f"/partners/?q={PARTNER_QUERY}"),
        Page("members directory", "/members/"),
        Page("partner page", f"/partners/{partner.slug}/"),
        Page("API deals", "/api/v1/deals/", api=True),
        Page("API partners", "/api/v1/partners/", api=True),
    ]
    return Targets(
        persona=BENCH_PERSONA,
        password=BENCH_PASSWORD,
        token=Token.objects.get_or_create(user=user)[0].key,
        pages=pages,
        people=[(token.user.email, token.key) for token in tokens[:people]],
    )
