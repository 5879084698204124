"""The partners admin pages: lists, filters and a partner's history, for staff only."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


def test_admins_see_partners_with_their_history_and_cannot_bypass_the_onboarding(
    client, admin_user, application
):
    from partners import services

    services.start_review(partner=application, by=_member_of_some_operator())
    client.force_login(admin_user)
    listing = client.get("/admin/partners/partner/?status__exact=under_review")
    assert listing.status_code == 200 and "Streamly" in listing.content.decode()
    change = client.get(f"/admin/partners/partner/{application.pk}/change/").content.decode()
    assert "Under review" in change or "under_review" in change
    assert client.get("/admin/partners/partner/add/").status_code == 403
    assert client.get("/admin/partners/introduction/").status_code == 200


def test_members_cannot_open_the_partners_admin(client, member):
    client.force_login(member)
    response = client.get("/admin/partners/partner/")
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def _member_of_some_operator():
    from tests.factories import MembershipFactory

    return MembershipFactory(operator__slug="reviewer-op").user
