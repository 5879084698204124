"""The ledger credits leading a programme, taking part in one and reporting its SLA; standing
counts these like every other contribution (weight 1 unless admins say otherwise)."""

from __future__ import annotations

import importlib
from decimal import Decimal

from django.apps import apps
from django.utils import timezone

from alliance.models import Contribution, InactivityPolicy, Operator
from alliance.standing.figures import with_figures
from deals.programmes import services, sla
from tests.deals.programmes.helpers import TERMS, last_month

PROGRAMME_KINDS = {"programme_led", "programme_joined", "sla_reported"}


def score(operator) -> int:
    policy = InactivityPolicy.current()
    return with_figures(Operator.objects.filter(pk=operator.pk), policy=policy, now=timezone.now())[
        0
    ].score


def test_leading_taking_part_and_reporting_each_count_for_standing(
    member, operator, telekom, telekom_member, car_partner
):
    programme = services.start_programme(
        by=member, name="Cars", partner=car_partner, countries=["DE", "FR"]
    )
    invitation = services.invite_participant(
        programme=programme, by=member, country="DE", operator=telekom, **TERMS
    )
    services.answer_invitation(participation=invitation, by=telekom_member, accept=True)
    sla.file_sla_report(
        participation=invitation,
        by=telekom_member,
        month=last_month(),
        availability=Decimal("99.9"),
        incidents=0,
        mttr_hours=Decimal(0),
    )

    assert set(Contribution.objects.values_list("kind", flat=True)) == PROGRAMME_KINDS
    assert score(operator) == 1  # led
    assert score(telekom) == 2  # took part, reported


def test_the_default_policy_weighs_the_programme_kinds_like_the_others(db):
    assert {InactivityPolicy.current().weight_of(kind) for kind in PROGRAMME_KINDS} == {1}


def test_the_migration_weighs_them_in_a_policy_saved_before_they_existed(db):
    policy = InactivityPolicy.current()
    older = {kind: 2 for kind in policy.weights if kind not in PROGRAMME_KINDS}
    InactivityPolicy.objects.filter(pk=policy.pk).update(weights=older)
    migration = importlib.import_module("alliance.migrations.0008_contribution_kinds_of_programmes")

    migration.count_programme_kinds(apps, None)

    policy.refresh_from_db()
    assert {kind: policy.weight_of(kind) for kind in PROGRAMME_KINDS} == dict.fromkeys(
        PROGRAMME_KINDS, 1
    )
    assert policy.weight_of("deal_logged") == 2  # admins' weights are kept
