"""The deals demo data logs BT's Family Wall deal from Orange's introduction: the introduction
led to a deal, and Orange is credited for it (issue 11, point 3)."""

from __future__ import annotations

import io

import pytest
from django.contrib.contenttypes.models import ContentType

from alliance import demo as alliance_demo
from alliance.blocs import demo as blocs_demo
from alliance.models import Contribution
from deals import demo
from deals.models import Deal
from partners import demo as partners_demo
from partners.models import Introduction

pytestmark = pytest.mark.django_db


def test_the_demo_deal_from_an_introduction_is_linked_and_credited_once():
    # What the deals demo stands on (operators, the M2M bloc, partners), then the deals twice.
    for module in (alliance_demo, blocs_demo, partners_demo, demo, demo):
        module.seed(stdout=io.StringIO())
    introduction = Introduction.objects.get(partner__name="Family Wall", to_operator__slug="bt")
    [deal] = introduction.deals.all()
    assert (deal.operator.slug, deal.country.code, introduction.status) == ("bt", "GB", "deal")
    credits = Contribution.objects.filter(
        kind=Contribution.Kind.PARTNER_INTRODUCED,
        content_type=ContentType.objects.get_for_model(Deal),
    )
    assert [(c.operator.slug, c.object_id) for c in credits] == [
        (introduction.from_operator.slug, deal.pk)
        for introduction in Introduction.objects.filter(status="deal")
        for deal in introduction.deals.all()
    ]
