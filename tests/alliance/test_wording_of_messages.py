"""Wording outside templates (issue 11, point 10): messages built in Python use
`alliance.text.possessive`, and the sign-up page of an approved operator's first manager is
pre-filled with the name given on the application."""

from __future__ import annotations

import html
import re

import pytest
from django.core import mail
from django.urls import reverse

from alliance.models import Membership
from tests.factories import (
    InvitationFactory,
    ManagerMembershipFactory,
    OperatorApplicationFactory,
    OperatorFactory,
)

pytestmark = pytest.mark.django_db


def test_saving_an_operators_opcos_names_it_with_a_correct_possessive(client):
    rogers = OperatorFactory(name="Rogers Communications", slug="rogers")
    manager = ManagerMembershipFactory(operator=rogers).user
    client.force_login(manager)
    url = reverse("alliance:opcos_edit", args=[rogers.slug])
    formset = client.get(url).context["formset"]
    data = {
        f"{formset.prefix}-TOTAL_FORMS": "1",
        f"{formset.prefix}-INITIAL_FORMS": "0",
        f"{formset.prefix}-0-country": "CA",
        f"{formset.prefix}-0-brand_name": "Rogers",
    }
    page = html.unescape(client.post(url, data, follow=True).content.decode())
    assert "Rogers Communications’ opcos are saved." in page


def test_the_sign_up_page_of_an_approved_applicant_has_the_name_they_gave(
    client, admin_user, django_capture_on_commit_callbacks
):
    application = OperatorApplicationFactory(name="Vodacom", contact_name="Thandi van der Berg")
    client.force_login(admin_user)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("alliance:staff_application", args=[application.pk]), {"action": "approve"}
        )
    client.logout()
    (message,) = mail.outbox
    accept_path = re.search(r"https?://[^/\s]+(/invitations/[^\s]+/)", message.body).group(1)
    page = client.get(accept_path, follow=True)
    form = page.context["form"]
    assert (form["first_name"].value(), form["last_name"].value()) == ("Thandi", "van der Berg")
    assert 'value="Thandi"' in page.content.decode()


def test_a_colleagues_invitation_leaves_the_name_to_the_invited_person(client, operator):
    OperatorApplicationFactory(
        operator=operator, status="approved", contact_email="first@orange.example"
    )
    invitation = InvitationFactory(
        operator=operator, email="colleague@orange.example", role=Membership.Role.MEMBER
    )
    form = client.get(invitation.get_absolute_url(), follow=True).context["form"]
    assert (form["first_name"].value(), form["last_name"].value()) == (None, None)
