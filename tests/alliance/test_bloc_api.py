"""/api/v1/blocs: the same QuerySet and services as the pages, refusals as the one exception
handler answers them, and the schema documenting the actions with their refusals."""

from __future__ import annotations

import pytest
from django.core import mail
from rest_framework.test import APIClient

from alliance.models import Bloc, BlocMembership
from tests.conftest import PERSONAS
from tests.factories import OpcoFactory, PlatformFactory, give_capabilities

BLOCS = "/api/v1/blocs/"
DETAIL = "/api/v1/blocs/m2m-bloc/"


def api(user) -> APIClient:
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


@pytest.mark.parametrize("persona", PERSONAS, indirect=True)
def test_members_and_staff_list_and_read_blocs(persona, bloc):
    client = api(persona)
    listing, detail = client.get(BLOCS), client.get(DETAIL)
    if persona is None:
        assert listing.status_code in (401, 403) and detail.status_code in (401, 403)
        return
    assert [row["slug"] for row in listing.json()["results"]] == ["m2m-bloc"]
    body = detail.json()
    assert (body["members"], body["invited"], body["status"]) == (
        ["orange", "teliasonera"],
        [],
        "active",
    )


def test_the_detail_has_the_combined_footprint_and_the_platforms(
    member, bloc, operator, bloc_operator
):
    jasper = PlatformFactory(slug="cisco-jasper")
    give_capabilities(OpcoFactory(operator=operator, country="FR"), platforms=[jasper])
    give_capabilities(OpcoFactory(operator=bloc_operator, country="SE"), platforms=[jasper])
    body = api(member).get(DETAIL).json()
    assert body["footprint"] == [
        {"country": "FR", "operators": ["orange"], "platforms": ["cisco-jasper"]},
        {"country": "SE", "operators": ["teliasonera"], "platforms": ["cisco-jasper"]},
    ]
    assert body["platforms"] == [
        {
            "platform": "cisco-jasper",
            "operators": ["orange", "teliasonera"],
            "countries": ["FR", "SE"],
        }
    ]


def test_a_manager_proposes_a_bloc_through_the_api(
    manager, other_manager, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = api(manager).post(
            BLOCS,
            {
                "name": "Fleet bloc",
                "purpose": "Trucks.",
                "focus_categories": ["iot_m2m"],
                "invite": ["millicom"],
            },
            format="json",
        )
    assert response.status_code == 201
    assert (response.json()["members"], response.json()["invited"]) == (["orange"], ["millicom"])
    assert [m.to for m in mail.outbox] == [[other_manager.email]]


def test_a_refused_proposal_answers_with_the_domain_sentence(member, manager, bloc):
    refused = api(member).post(BLOCS, {"name": "X bloc", "purpose": "P."}, format="json")
    assert refused.status_code == 403
    assert refused.json() == {
        "detail": "Only Orange’s managers may act for it in blocs.",
        "code": "not_allowed",
    }
    taken = api(manager).post(BLOCS, {"name": "m2m bloc", "purpose": "P."}, format="json")
    assert (taken.status_code, taken.json()) == (
        400,
        {"name": ["There is already a bloc named m2m bloc."]},
    )


def test_invite_accept_and_leave_are_actions(bloc, manager, other_manager, other_operator):
    invited = api(manager).post(f"{DETAIL}invite/", {"operator": "millicom"}, format="json")
    assert invited.status_code == 200 and invited.json()["invited"] == ["millicom"]
    assert api(other_manager).get(DETAIL).json()["actions"] == ["accept", "decline"]
    accepted = api(other_manager).post(f"{DETAIL}accept/")
    assert accepted.json()["members"] == ["millicom", "orange", "teliasonera"]
    left = api(other_manager).post(f"{DETAIL}leave/")
    assert left.json()["members"] == ["orange", "teliasonera"]
    assert BlocMembership.objects.get(bloc=bloc, operator=other_operator).status == "left"


def test_refusals_of_the_actions_carry_their_status(bloc, manager, other_manager, bloc_manager):
    assert api(other_manager).post(f"{DETAIL}accept/").status_code == 403
    assert api(bloc_manager).post(f"{DETAIL}decline/").status_code == 409
    again = api(manager).post(f"{DETAIL}invite/", {"operator": "teliasonera"}, format="json")
    assert (again.status_code, again.json()["detail"]) == (
        409,
        "TeliaSonera is already a member of M2M bloc.",
    )
    unknown = api(manager).post(f"{DETAIL}invite/", {"operator": "nobody"}, format="json")
    assert unknown.status_code == 400


def test_staff_dissolve_through_the_api_and_managers_may_not(bloc, manager, admin_user):
    assert api(manager).post(f"{DETAIL}dissolve/", {"reason": "Bye."}).status_code == 403
    response = api(admin_user).post(f"{DETAIL}dissolve/", {"reason": "Ended."}, format="json")
    assert response.status_code == 200
    assert (response.json()["status"], response.json()["dissolution_reason"]) == (
        "dissolved",
        "Ended.",
    )
    assert api(admin_user).post(f"{DETAIL}dissolve/", {"reason": "Again."}).status_code == 409
    assert Bloc.objects.get().status == "dissolved"


def test_the_schema_documents_the_bloc_actions_and_their_refusals(member):
    schema = api(member).get("/api/schema/", HTTP_ACCEPT="application/json").json()
    for action in ("invite", "accept", "decline", "leave", "dissolve"):
        responses = schema["paths"][f"/api/v1/blocs/{{slug}}/{action}/"]["post"]["responses"]
        assert {"200", "400", "403", "409"} <= set(responses), action
    assert {"201", "400", "403", "409"} <= set(
        schema["paths"]["/api/v1/blocs/"]["post"]["responses"]
    )
    deal = schema["components"]["schemas"]["Deal"]["properties"]
    lesson = schema["components"]["schemas"]["Lesson"]["properties"]
    assert "bloc" in deal and "bloc" in lesson
    assert "400" in schema["paths"]["/api/v1/lessons/"]["post"]["responses"]
    assert "400" in schema["paths"]["/api/v1/deals/"]["post"]["responses"]
