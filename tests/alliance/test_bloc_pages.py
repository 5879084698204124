"""The bloc pages: the list, a bloc's page (members, combined footprint, platforms, the
programmes slot), proposing, and the invite / accept / decline / leave / dissolve buttons, for each
persona."""

from __future__ import annotations

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from alliance.blocs import services
from alliance.models import Bloc, BlocMembership
from tests.conftest import PERSONAS
from tests.factories import (
    OpcoFactory,
    OperatorFactory,
    PlatformFactory,
    bloc_of,
    give_capabilities,
)

LIST = reverse("alliance:bloc_list")


def bloc_url(name: str = "bloc", slug: str = "m2m-bloc") -> str:
    return reverse(f"alliance:{name}", args=[slug])


@pytest.fixture
def footprint(operator, bloc_operator, other_operator):
    """Orange in France and Poland, TeliaSonera in Sweden, both running Jasper; Millicom (not
    in the bloc) in Colombia."""
    jasper = PlatformFactory(name="Cisco IoT Control Center (Jasper)", slug="cisco-jasper")
    give_capabilities(
        OpcoFactory(operator=operator, country="FR", brand_name="Orange France"), platforms=[jasper]
    )
    OpcoFactory(operator=operator, country="PL", brand_name="Orange Polska")
    give_capabilities(
        OpcoFactory(operator=bloc_operator, country="SE", brand_name="Telia Sverige"),
        platforms=[jasper],
    )
    OpcoFactory(operator=other_operator, country="CO", brand_name="Tigo Colombia")


@pytest.mark.parametrize("persona", PERSONAS, indirect=True)
def test_every_member_and_staff_see_the_list_and_a_blocs_page(persona, client_for, bloc, footprint):
    client = client_for(persona)
    listing, page = client.get(LIST), client.get(bloc_url())
    if persona is None:
        assert listing.status_code == page.status_code == 302
        return
    assert listing.status_code == page.status_code == 200
    assert "M2M bloc" in listing.content.decode() and "2 members" in listing.content.decode()
    text = page.content.decode()
    assert "Connected cars across our footprints" in text
    assert "Orange" in text and "TeliaSonera" in text


def test_a_blocs_page_shows_the_combined_footprint_and_the_platforms(
    client_for, member, bloc, footprint
):
    response = client_for(member).get(bloc_url())
    figures = response.context["figures"]
    assert [row.country.code for row in figures.footprint] == ["FR", "PL", "SE"]
    assert [row.platform.slug for row in figures.shared_platforms] == ["cisco-jasper"]
    text = response.content.decode()
    assert "Tigo Colombia" not in text  # Millicom is not in the bloc
    assert "Telia Sverige" in text and "Cisco IoT Control Center (Jasper)" in text
    assert 'id="programmes"' in text  # the programmes' slot (filled by the programmes feature)


def test_an_unknown_bloc_is_not_found(client_for, member):
    assert client_for(member).get(bloc_url(slug="nope")).status_code == 404


def test_the_page_costs_no_more_queries_for_more_members(client_for, member, operator):
    client = client_for(member)

    def queries(count: int) -> int:
        others = [OperatorFactory() for _ in range(count)]
        for other in others:
            OpcoFactory(operator=other, country="DE")
        bloc = bloc_of(operator, *others)
        client.get(bloc_url(slug=bloc.slug))
        with CaptureQueriesContext(connection) as context:
            client.get(bloc_url(slug=bloc.slug))
        return len(context.captured_queries)

    assert queries(6) <= queries(2)


def test_the_list_costs_no_more_queries_for_more_blocs(client_for, member, operator):
    client = client_for(member)

    def queries(count: int) -> int:
        for _ in range(count):
            bloc_of(OperatorFactory(), operator)
        client.get(LIST)
        with CaptureQueriesContext(connection) as context:
            client.get(LIST)
        return len(context.captured_queries)

    few = queries(1)
    assert queries(5) <= few


# --- Proposing ------------------------------------------------------------------------------------
def test_a_manager_proposes_a_bloc_from_the_page_and_invites_at_once(
    client_for, manager, other_operator, other_manager, django_capture_on_commit_callbacks
):
    client = client_for(manager)
    assert "Propose a bloc" in client.get(LIST).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("alliance:bloc_propose"),
            {
                "name": "Connected car",
                "purpose": "One SLA for fleets.",
                "focus_categories": ["iot_m2m"],
                "invite": [other_operator.pk],
            },
            follow=True,
        )
    assert response.redirect_chain[-1][0] == bloc_url(slug="connected-car")
    assert "Connected car is proposed, with Orange as its first member" in response.content.decode()
    assert [m.to for m in mail.outbox] == [[other_manager.email]]


def test_a_refused_proposal_is_shown_beside_the_field_with_what_was_typed(
    client_for, manager, bloc
):
    response = client_for(manager).post(
        reverse("alliance:bloc_propose"), {"name": "M2M BLOC", "purpose": "Typed words."}
    )
    assert response.status_code == 200
    assert response.context["form"].errors == {"name": ["There is already a bloc named M2M BLOC."]}
    assert "Typed words." in response.content.decode()


@pytest.mark.parametrize("persona", ["member", "admin_user"], indirect=True)
def test_people_who_may_not_propose_are_refused_and_not_offered_the_button(persona, client_for):
    client = client_for(persona)
    assert "Propose a bloc" not in client.get(LIST).content.decode()
    assert client.get(reverse("alliance:bloc_propose")).status_code == 403


# --- Invitations and membership -------------------------------------------------------------------
def test_a_member_invites_from_the_page_and_the_invited_manager_accepts(
    client_for, manager, bloc, other_operator, other_manager, other_member
):
    client = client_for(manager)
    page = client.get(bloc_url())
    assert "Invite an operator" in page.content.decode()
    client.post(bloc_url("bloc_invite"), {"operator": "millicom"})
    client = client_for(other_manager)
    page = client.get(bloc_url()).content.decode()
    assert "Accept the invitation" in page and "Millicom is invited" in page
    response = client.post(bloc_url("bloc_accept"), follow=True)
    assert "Millicom is now a member of M2M bloc." in response.content.decode()
    assert BlocMembership.objects.get(bloc=bloc, operator=other_operator).status == "active"


def test_the_invited_manager_may_decline_from_the_page(
    client_for, manager, bloc, other_operator, other_manager
):
    services.invite_operator(bloc=bloc, operator=other_operator, by=manager)
    response = client_for(other_manager).post(bloc_url("bloc_decline"), follow=True)
    assert "Millicom declined to join M2M bloc." in response.content.decode()


def test_accepting_without_an_invitation_is_refused_with_the_reason(
    client_for, other_manager, bloc
):
    response = client_for(other_manager).post(bloc_url("bloc_accept"))
    assert response.status_code == 403
    assert "Millicom was not invited to M2M bloc." in response.content.decode()


def test_a_members_manager_leaves_from_the_page(client_for, bloc_manager, bloc, bloc_operator):
    client = client_for(bloc_manager)
    assert "Leave the bloc" in client.get(bloc_url()).content.decode()
    client.post(bloc_url("bloc_leave"))
    assert BlocMembership.objects.get(bloc=bloc, operator=bloc_operator).status == "left"


def test_who_declined_or_left_is_shown_to_the_blocs_members_only(
    client_for, bloc, bloc_manager, member, other_member
):
    services.leave_bloc(bloc=bloc, by=bloc_manager)
    assert "Declined or left" in client_for(member).get(bloc_url()).content.decode()
    assert "Declined or left" not in client_for(other_member).get(bloc_url()).content.decode()


def test_plain_members_are_offered_no_action(client_for, member, bloc):
    page = client_for(member).get(bloc_url()).content.decode()
    for button in ("Invite an operator", "Leave the bloc", "Accept the invitation", "Dissolve"):
        assert button not in page


# --- Dissolving -----------------------------------------------------------------------------------
def test_staff_dissolve_a_bloc_from_its_page_with_a_reason(client_for, admin_user, bloc):
    client = client_for(admin_user)
    assert "Dissolve…" in client.get(bloc_url()).content.decode()
    refused = client.post(bloc_url("bloc_dissolve"), {"reason": ""})
    assert refused.status_code == 200 and refused.context["form"].errors
    response = client.post(
        bloc_url("bloc_dissolve"), {"reason": "The cooperation ended."}, follow=True
    )
    text = response.content.decode()
    assert "M2M bloc is dissolved." in text and "The cooperation ended." in text
    assert Bloc.objects.get().status == "dissolved"
    assert "Dissolved" in client.get(LIST).content.decode()


def test_managers_may_not_dissolve(client_for, manager, bloc):
    client = client_for(manager)
    assert client.get(bloc_url("bloc_dissolve")).status_code == 403
    assert client.post(bloc_url("bloc_dissolve"), {"reason": "Bye"}).status_code == 403
    assert Bloc.objects.get().is_active
