"""The partners demo data: the partners of the specification with their sponsors, open
applications and introductions, written through the services, idempotently, never by Rogers."""

from __future__ import annotations

import io

import pytest

from alliance import demo as alliance_demo
from alliance.models import Contribution, Operator
from partners import demo
from partners.models import Introduction, Partner

pytestmark = pytest.mark.django_db

DT_SPONSORED = {"Airbnb", "Celltick", "Cyan", "Spotify", "Idomoo", "Mojio", "Magisto"}


@pytest.fixture
def seeded():
    alliance_demo.seed(stdout=io.StringIO())
    demo.seed(stdout=io.StringIO())


def sponsors_of(name: str) -> set[str]:
    return set(Partner.objects.get(name=name).sponsorships.values_list("operator__slug", flat=True))


def test_deutsche_telekom_sponsored_the_partners_the_specification_names(seeded):
    dt_partners = set(
        Partner.objects.sponsored_by(Operator.objects.get(slug="deutsche-telekom")).values_list(
            "name", flat=True
        )
    )
    assert dt_partners == DT_SPONSORED
    for name in ["Tessares", "Personali", "Zeotap", "Family Wall"]:
        assert sponsors_of(name) and "deutsche-telekom" not in sponsors_of(name), name


def test_every_named_partner_is_there_and_sponsored_ones_are_active(seeded):
    for name in [*DT_SPONSORED, "Tessares", "Personali", "Zeotap", "Family Wall"]:
        assert Partner.objects.get(name=name).status == "active"
    assert Partner.objects.get(name="Evernote").status == "under_review"
    assert Partner.objects.open_applications().count() == 3
    assert Partner.objects.get(name="FamilyWall SAS").duplicate_of.name == "Family Wall"


def test_introductions_exist_at_several_stages(seeded):
    # They lead to deals when the demo deals are logged from them (tests/deals/test_demo.py).
    assert set(Introduction.objects.values_list("status", flat=True)) >= {
        "proposed",
        "accepted",
        "declined",
        "met",
    }


def test_rogers_contributes_nothing_and_every_other_operator_does(seeded):
    contributors = set(Contribution.objects.values_list("operator__slug", flat=True))
    assert "rogers" not in contributors
    assert not Introduction.objects.filter(to_operator__slug="rogers").exists()
    others = set(Operator.objects.exclude(slug="rogers").values_list("slug", flat=True))
    assert others <= contributors


def test_seeding_twice_changes_nothing(seeded):
    counts = (Partner.objects.count(), Introduction.objects.count(), Contribution.objects.count())
    out = io.StringIO()
    demo.seed(stdout=out)
    assert (
        Partner.objects.count(),
        Introduction.objects.count(),
        Contribution.objects.count(),
    ) == counts
    assert "12 active partners, 3 open applications, 6 introductions" in out.getvalue()
