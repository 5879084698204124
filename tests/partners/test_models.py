"""The rules a partner and an introduction carry themselves."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import IntegrityError
from django.utils import timezone

from partners.models import Introduction, Partner, normalise_name, website_domain
from tests.factories import IntroductionFactory, PartnerFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Family Wall", "familywall"),
        ("Family-Wall Ltd.", "familywall"),
        ("FAMILYWALL SAS", "familywall"),
        ("Inc", "inc"),
    ],
)
def test_names_that_differ_only_by_case_punctuation_or_legal_suffix_normalise_alike(name, expected):
    assert normalise_name(name) == expected


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://www.familywall.com/fr/", "familywall.com"),
        ("http://FamilyWall.com", "familywall.com"),
        ("familywall.com", "familywall.com"),
    ],
)
def test_website_domain_ignores_scheme_www_and_path(url, expected):
    assert website_domain(url) == expected


def test_saving_a_partner_keeps_its_lookup_keys_in_step():
    partner = PartnerFactory(name="Zeo Tap GmbH", website="https://www.zeotap.com/en")
    assert (partner.normalised_name, partner.website_domain) == ("zeotap", "zeotap.com")


def test_each_partner_gets_a_different_unguessable_status_token():
    first, second = PartnerFactory(), PartnerFactory()
    assert first.status_token != second.status_token
    assert len(first.status_token) >= 40


def test_a_declined_partner_must_carry_a_reason():
    with pytest.raises(IntegrityError):
        PartnerFactory(status=Partner.Status.DECLINED, decision_reason="")


def test_an_operator_cannot_be_introduced_to_itself(operator):
    with pytest.raises(IntegrityError):
        IntroductionFactory(from_operator=operator, to_operator=operator)


def test_only_one_open_introduction_per_partner_and_pair(operator, other_operator):
    first = IntroductionFactory(from_operator=operator, to_operator=other_operator)
    with pytest.raises(IntegrityError):
        IntroductionFactory(
            partner=first.partner, from_operator=operator, to_operator=other_operator
        )


def test_a_closed_introduction_does_not_block_a_new_one(operator, other_operator):
    first = IntroductionFactory(
        from_operator=operator, to_operator=other_operator, status=Introduction.Status.EXPIRED
    )
    IntroductionFactory(partner=first.partner, from_operator=operator, to_operator=other_operator)
    assert Introduction.objects.filter(partner=first.partner).count() == 2


def test_an_introduction_is_due_fourteen_days_after_it_is_made():
    introduction = IntroductionFactory()
    assert introduction.response_due_on == timezone.localdate() + timedelta(days=14)


def test_only_unanswered_introductions_past_their_due_date_are_overdue():
    past = timezone.localdate() - timedelta(days=1)
    assert IntroductionFactory(response_due_on=past).is_overdue
    assert not IntroductionFactory(response_due_on=past, status="accepted").is_overdue
    assert not IntroductionFactory().is_overdue


def test_introductions_move_only_along_the_documented_path():
    introduction = IntroductionFactory()
    assert introduction.can_move_to("accepted") and introduction.can_move_to("declined")
    assert not introduction.can_move_to("deal")
    introduction.status = "declined"
    assert not introduction.can_move_to("accepted")


@pytest.mark.parametrize(
    ("persona", "visible"),
    [
        ("anonymous", set()),
        ("member", {"applied", "under_review", "active"}),
        ("other_manager", {"applied", "under_review", "active"}),
        ("admin_user", {"applied", "under_review", "active", "declined", "archived"}),
    ],
    indirect=["persona"],
)
def test_members_see_open_and_active_partners_and_only_staff_see_declined_or_archived(
    persona, visible
):
    from django.contrib.auth.models import AnonymousUser

    for status in Partner.Status.values:
        PartnerFactory(status=status, decision_reason="No fit." if status == "declined" else "")
    user = persona or AnonymousUser()
    assert set(Partner.objects.visible_to(user).values_list("status", flat=True)) == visible


def test_a_signed_in_user_without_membership_sees_no_partner():
    from tests.factories import UserFactory

    PartnerFactory()
    assert not Partner.objects.visible_to(UserFactory()).exists()
