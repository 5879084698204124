"""Fixtures of the lessons tests: a partner, a declined deal, and lessons in each state."""

from __future__ import annotations

import pytest

from deals.models import Deal, Stage
from partners.models import Partner
from tests.factories import LessonFactory


@pytest.fixture
def partner(db):
    return Partner.objects.create(
        name="Idomoo",
        website="https://idomoo.example",
        category="entertainment",
        description="Personalised video for operators' customers.",
        hq_country="IL",
        contact_name="Dana",
        contact_email="dana@idomoo.example",
        status=Partner.Status.ACTIVE,
    )


@pytest.fixture
def declined_deal(partner, operator):
    """A deal of `operator` (the `member` fixture's) that it declined, with its reason."""
    return Deal.objects.create(
        partner=partner,
        operator=operator,
        country="FR",
        stage=Stage.DECLINED,
        deal_type="bundling",
        summary="Personalised welcome videos bundled with new postpaid plans.",
        decline_reason="commercial_terms",
        decline_explanation="The per-video price made it too expensive beyond a pilot.",
    )


@pytest.fixture
def published_lesson(member):
    """A published lesson by `member` (Orange)."""
    return LessonFactory(
        author=member,
        title="Pushing security apps to customers did not work",
        category="security_privacy",
        countries=["FR"],
        tags=["security", "upsell"],
    )


@pytest.fixture
def draft_lesson(member):
    return LessonFactory(author=member, draft=True, title="Half-written thoughts on zero-rating")
