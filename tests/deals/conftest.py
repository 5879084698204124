"""Deals fixtures: a partner, and one deal of `operator` per visibility."""

from __future__ import annotations

import pytest

from partners.models import Partner
from tests.factories import DealFactory, OpcoFactory, PartnerFactory


@pytest.fixture
def partner(db):
    return PartnerFactory(name="Spotify", slug="spotify")


@pytest.fixture
def opco(operator):
    return OpcoFactory(operator=operator, country="FR", brand_name="Orange France")


@pytest.fixture
def deals_by_visibility(operator, partner, bloc):
    """{visibility: deal} — one deal of `operator` for each visibility, in four countries (the
    bloc deal is shared with `bloc`, of Orange and TeliaSonera)."""
    return {
        visibility: DealFactory(
            operator=operator,
            partner=partner,
            country=country,
            visibility=visibility,
            bloc=bloc if visibility == "bloc" else None,
            summary=f"{visibility} summary text",
            confidential_notes=f"SECRET-{visibility}-NOTES",
        )
        for visibility, country in (
            ("alliance", "FR"),
            ("summary", "PL"),
            ("private", "ES"),
            ("bloc", "DE"),
        )
    }


@pytest.fixture
def make_partner(db):
    """A partner by slug (active unless told otherwise): `make_partner(slug=..., status=...)`
    gives the existing one with that slug (the `partner` fixture's "spotify"), or a new one."""

    def make(**fields):
        return Partner.objects.filter(slug=fields.get("slug")).first() or PartnerFactory(**fields)

    return make
