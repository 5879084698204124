"""One rule, every surface (issue 9): each rule of deals refuses the same violating input on the
deal form, in the API and in the CSV import with the same status and the same sentence, and
nothing is written.

A surface is one row of SURFACES: an adapter that sends an attempt to log a deal and returns the
status and the sentences the person reads, and the status it answers each kind of refusal with.
A rule is one row of RULES. Adding a surface or a rule is adding a row.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from alliance.errors import Conflict, DomainError, Invalid, NotAllowed
from alliance.models import AuditLogEntry, Contribution, Operator
from deals.models import Deal
from deals.transfer import IMPORT_COLUMNS
from tests.factories import DealFactory, OpcoFactory, OperatorFactory


@dataclass
class Attempt:
    """A deal someone tries to log: partner (slug), country and, where a surface takes one, an
    opco. `times` sends it that many times in one go (the import's rows of one file)."""

    partner: str = "spotify"
    country: str = "FR"
    opco: str = ""  # an opco's brand name
    times: int = 1


@dataclass
class Outcome:
    status: int
    sentences: list[str]


def _opco_pk(brand_name: str) -> str:
    from alliance.models import Opco

    return str(Opco.objects.get(brand_name=brand_name).pk) if brand_name else ""


def _partner_pk(slug: str) -> int:
    from partners.models import Partner

    return Partner.objects.get(slug=slug).pk


def via_page(user, attempt: Attempt) -> Outcome:
    client = Client()
    client.force_login(user)
    response = client.post(
        reverse("deals:create"),
        {
            "partner": _partner_pk(attempt.partner),
            "country": attempt.country,
            "opco": _opco_pk(attempt.opco),
            "stage": "exploring",
            "deal_type": "bundling",
            "started_on": timezone.localdate().isoformat(),
            "visibility": "alliance",
        },
    )
    if response.status_code == 302:
        return Outcome(302, [])
    if response.status_code == 200:
        form = response.context["form"]
        return Outcome(200, [error for errors in form.errors.values() for error in errors])
    return Outcome(response.status_code, [response.context["message"]])


def via_api(user, attempt: Attempt) -> Outcome:
    client = APIClient()
    client.force_authenticate(user)
    data = {"partner": attempt.partner, "country": attempt.country, "deal_type": "bundling"}
    if attempt.opco:
        data["opco"] = int(_opco_pk(attempt.opco))
    response = client.post("/api/v1/deals/", data, format="json")
    body = response.json()
    if response.status_code == 201:
        return Outcome(201, [])
    if "detail" in body:
        return Outcome(response.status_code, [body["detail"]])
    return Outcome(response.status_code, [text for texts in body.values() for text in texts])


def via_import(user, attempt: Attempt) -> Outcome:
    client = Client()
    client.force_login(user)
    cells = {
        "partner": attempt.partner,
        "country": attempt.country,
        "stage": "exploring",
        "deal_type": "bundling",
    }
    line = ",".join(cells.get(column, "") for column in IMPORT_COLUMNS)
    content = "\n".join([",".join(IMPORT_COLUMNS)] + [line] * attempt.times).encode()
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("deals.csv", content, "text/csv")
    response = client.post(reverse("deals:import"), {"file": upload})
    report = response.context.get("report") if response.context else None
    if report is not None:
        return Outcome(response.status_code, [message for _, message in report.errors])
    return Outcome(response.status_code, [response.context["message"]])


@dataclass(frozen=True)
class Surface:
    name: str
    send: Callable[[object, Attempt], Outcome]
    # The status each kind of refusal is answered with on this surface.
    statuses: dict[type[DomainError], int]
    takes_opco: bool = True


SURFACES = [
    # The form page shows a refusal beside the form (200) unless the person may not write.
    Surface("page", via_page, {Invalid: 200, Conflict: 200, NotAllowed: 403}),
    Surface("api", via_api, {Invalid: 400, Conflict: 409, NotAllowed: 403}),
    # The import reports each row's errors on its page (400); the page refuses non-writers.
    Surface("import", via_import, {Invalid: 400, Conflict: 400, NotAllowed: 403}, False),
]


@dataclass(frozen=True)
class Rule:
    name: str
    kind: type[DomainError]
    sentence: str
    attempt: Attempt
    # Sets the scene: (operator, member, make_partner) → the user who tries (default: member).
    setup: Callable[..., object] = lambda operator, member, make_partner: None
    # Per surface, a different attempt where that surface's input differs (the import's file).
    attempts: dict[str, Attempt] = field(default_factory=dict)


def _suspend(operator, member, make_partner):
    Operator.objects.filter(pk=operator.pk).update(status=Operator.Status.SUSPENDED)
    member.membership.operator.refresh_from_db()  # the API client holds this very user object


def _staff(operator, member, make_partner):
    from allauth.mfa.models import Authenticator

    from tests.factories import UserFactory

    staff = UserFactory(email="staff@alliance.example", is_staff=True)
    Authenticator.objects.create(user=staff, type=Authenticator.Type.TOTP, data={"secret": "A"})
    return staff


def _open_deal(operator, member, make_partner):
    DealFactory(operator=operator, partner=make_partner(slug="spotify"), country="FR")


def _foreign_opco(operator, member, make_partner):
    OpcoFactory(operator=OperatorFactory(name="BT", slug="bt"), country="FR", brand_name="EE")


def _opco_elsewhere(operator, member, make_partner):
    OpcoFactory(operator=operator, country="PL", brand_name="Orange Polska")


def _applied_partner(operator, member, make_partner):
    make_partner(name="Cyan", slug="cyan", status="applied")


def _duplicate_partner(operator, member, make_partner):
    original = make_partner(name="Cyan", slug="cyan")
    make_partner(name="Cyan Ltd", slug="cyan-ltd", duplicate_of=original)


NOT_ACCEPTING = (
    "{} is not an active partner of the alliance: deals are logged only for partners a member "
    "has sponsored, and not for duplicate applications."
)
RULES = [
    Rule(
        "the country is outside the operator's footprint",
        Invalid,
        "Orange has no opco in Germany.",
        Attempt(country="DE"),
    ),
    Rule(
        "the opco is another operator's",
        Invalid,
        "EE is not an opco of Orange.",
        Attempt(opco="EE"),
        _foreign_opco,
    ),
    Rule(
        "the opco is in another country",
        Invalid,
        "Orange Polska is in Poland, not in France.",
        Attempt(opco="Orange Polska"),
        _opco_elsewhere,
    ),
    Rule(
        "the partner is not sponsored yet",
        Invalid,
        NOT_ACCEPTING.format("Cyan"),
        Attempt(partner="cyan"),
        _applied_partner,
    ),
    Rule(
        "the partner is a duplicate application",
        Invalid,
        NOT_ACCEPTING.format("Cyan Ltd"),
        Attempt(partner="cyan-ltd"),
        _duplicate_partner,
    ),
    Rule(
        "the operator already has an open deal for the partner in the country",
        Conflict,
        "Orange already has an open deal with Spotify in France: advance or close that one "
        "instead.",
        Attempt(),
        _open_deal,
        # In a file a row for an open deal updates it: the second open deal comes from the file.
        {"import": Attempt(times=2)},
    ),
    Rule(
        "the operator is suspended",
        NotAllowed,
        "Orange is suspended: its people can read the portal but not change anything until it "
        "is reinstated.",
        Attempt(),
        _suspend,
    ),
    Rule(
        "the person is staff, acting for no operator",
        NotAllowed,
        "Alliance admins act through the admin pages, not on behalf of an operator.",
        Attempt(),
        _staff,
    ),
]


@pytest.fixture
def scene(member, operator, partner, opco):
    """Orange (opco in France) and its member; Spotify, an active partner."""
    return member


def _written() -> tuple[int, int, int]:
    return Deal.objects.count(), Contribution.objects.count(), AuditLogEntry.objects.count()


# Every rule on every surface that takes its input (the import takes no opco: a row's opco is
# the operator's opco in the row's country).
CASES = [
    pytest.param(rule, surface, id=f"{rule.name} / {surface.name}")
    for rule in RULES
    for surface in SURFACES
    if surface.takes_opco or not rule.attempts.get(surface.name, rule.attempt).opco
]


@pytest.mark.parametrize(("rule", "surface"), CASES)
def test_each_rule_refuses_the_same_input_alike_on_every_surface(
    rule, surface, scene, operator, make_partner
):
    attempt = rule.attempts.get(surface.name, rule.attempt)
    user = rule.setup(operator, scene, make_partner) or scene
    before = _written()
    outcome = surface.send(user, attempt)
    assert outcome.status == surface.statuses[rule.kind]
    assert outcome.sentences == [rule.sentence]
    assert _written() == before


@pytest.mark.parametrize("surface", SURFACES, ids=lambda s: s.name)
def test_the_same_input_without_a_broken_rule_is_accepted_on_every_surface(
    surface, scene, operator
):
    outcome = surface.send(scene, Attempt())
    assert outcome.sentences == []
    assert outcome.status in (200, 201, 302)
