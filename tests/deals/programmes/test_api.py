"""/api/v1/programmes, /participations and /sla-reports write through the same services as the
pages, with the same refusals (403 not allowed, 409 conflict, 400 invalid with its field), and
the OpenAPI schema documents them."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from alliance.models import Contribution
from deals.programmes.models import Participation, Programme, SLAReport
from tests.deals.programmes.helpers import last_month, suspend


@pytest.fixture
def as_user():
    def _client(user) -> APIClient:
        client = APIClient()
        client.force_authenticate(user)
        return client

    return _client


def test_a_member_starts_a_programme_through_the_api(as_user, member, operator, car_partner):
    response = as_user(member).post(
        "/api/v1/programmes/",
        {"name": "Cars", "partner": "mojio", "countries": ["DE", "FR"]},
        format="json",
    )

    assert response.status_code == 201, response.json()
    assert response.json()["lead"] == "orange"
    assert Programme.objects.get().lead == operator
    assert Contribution.objects.filter(kind=Contribution.Kind.PROGRAMME_LED).count() == 1


def test_a_programme_refused_by_a_rule_says_which_field(as_user, member, car_partner):
    response = as_user(member).post(
        "/api/v1/programmes/", {"name": "Cars", "countries": ["DE", "FR"]}, format="json"
    )

    assert response.status_code == 400
    assert "partner" in response.json()  # neither partner nor customer: the first rule


def test_a_suspended_operator_s_member_gets_403(as_user, member, operator, car_partner):
    suspend(operator)

    response = as_user(member).post(
        "/api/v1/programmes/",
        {"name": "Cars", "partner": "mojio", "countries": ["DE", "FR"]},
        format="json",
    )
    assert response.status_code == 403
    assert "suspended" in response.json()["detail"]


def test_the_lead_invites_through_the_api_and_a_second_invitation_is_a_conflict(
    as_user, member, programme, telekom
):
    body = {
        "programme": programme.pk,
        "country": "DE",
        "operator": "deutsche-telekom",
        "availability_target": "99.5",
        "support_response_hours": 4,
    }
    first = as_user(member).post("/api/v1/participations/", body, format="json")
    second = as_user(member).post("/api/v1/participations/", body, format="json")

    assert first.status_code == 201, first.json()
    assert first.json()["status"] == "invited"
    assert second.status_code == 409
    conflict = second.json()
    assert (conflict["code"], conflict["field"]) == ("conflict", "country")
    assert "one participant per country" in conflict["detail"]


def test_only_the_lead_invites_through_the_api(as_user, telekom_member, programme, telekom):
    response = as_user(telekom_member).post(
        "/api/v1/participations/",
        {
            "programme": programme.pk,
            "country": "DE",
            "operator": "deutsche-telekom",
            "availability_target": "99.5",
            "support_response_hours": 4,
        },
        format="json",
    )
    # Telekom does not see the programme it is not invited to: it may not name it.
    assert response.status_code == 400
    assert "programme" in response.json()


def test_a_target_out_of_bounds_is_400_on_its_field(as_user, member, programme, telekom):
    response = as_user(member).post(
        "/api/v1/participations/",
        {
            "programme": programme.pk,
            "country": "DE",
            "operator": "deutsche-telekom",
            "availability_target": "99.9999",
            "support_response_hours": 4,
        },
        format="json",
    )
    assert response.status_code == 400
    assert "availability_target" in response.json()


def test_the_invited_operator_answers_through_the_api(as_user, telekom_member, invitation, jasper):
    response = as_user(telekom_member).post(
        f"/api/v1/participations/{invitation.pk}/answer/",
        {"decision": "accept", "escalation_name": "NOC", "platform": "cisco-jasper"},
        format="json",
    )

    assert response.status_code == 200, response.json()
    assert response.json()["status"] == "accepted"
    assert response.json()["platform"] == "cisco-jasper"
    again = as_user(telekom_member).post(
        f"/api/v1/participations/{invitation.pk}/answer/", {"decision": "accept"}, format="json"
    )
    assert again.status_code == 409


def test_the_lead_may_not_answer_for_the_invited_operator(as_user, member, invitation):
    response = as_user(member).post(
        f"/api/v1/participations/{invitation.pk}/answer/", {"decision": "accept"}, format="json"
    )
    assert response.status_code == 403


def test_a_decline_without_a_reason_is_400_on_reason(as_user, telekom_member, invitation):
    response = as_user(telekom_member).post(
        f"/api/v1/participations/{invitation.pk}/answer/", {"decision": "decline"}, format="json"
    )
    assert response.status_code == 400
    assert "reason" in response.json()


def test_the_lead_withdraws_and_changes_terms_the_participant_its_contact(
    as_user, member, telekom_member, participation
):
    terms = as_user(member).patch(
        f"/api/v1/participations/{participation.pk}/",
        {"support_response_hours": 2},
        format="json",
    )
    contact = as_user(telekom_member).patch(
        f"/api/v1/participations/{participation.pk}/",
        {"escalation_phone": "+49 1"},
        format="json",
    )
    refused = as_user(telekom_member).patch(
        f"/api/v1/participations/{participation.pk}/",
        {"support_response_hours": 48},
        format="json",
    )
    withdrawn = as_user(member).post(
        f"/api/v1/participations/{participation.pk}/withdraw/", {}, format="json"
    )

    assert (terms.status_code, contact.status_code, refused.status_code) == (200, 200, 403)
    assert withdrawn.json()["status"] == "withdrawn"


def test_the_participant_logs_its_deal_through_the_api(as_user, telekom_member, participation):
    response = as_user(telekom_member).post(
        f"/api/v1/participations/{participation.pk}/log-deal/",
        {"stage": "exploring"},
        format="json",
    )

    assert response.status_code == 200, response.json()
    assert response.json()["deal_stage"] == "exploring"
    duplicate = as_user(telekom_member).post(
        f"/api/v1/participations/{participation.pk}/log-deal/",
        {"stage": "exploring"},
        format="json",
    )
    assert duplicate.status_code == 409


def test_the_participant_reports_through_the_api(as_user, telekom_member, member, participation):
    body = {
        "participation": participation.pk,
        "month": last_month().isoformat(),
        "availability": "99.1",
        "incidents": 3,
        "mttr_hours": "4.5",
    }
    lead = as_user(member).post("/api/v1/sla-reports/", body, format="json")
    filed = as_user(telekom_member).post("/api/v1/sla-reports/", body, format="json")
    again = as_user(telekom_member).post("/api/v1/sla-reports/", body, format="json")

    assert lead.status_code == 403
    assert filed.status_code == 201, filed.json()
    assert filed.json()["is_breach"] is True
    assert filed.json()["target"] == "99.500"
    assert again.status_code == 409
    assert SLAReport.objects.count() == 1


def test_the_lead_closes_its_programme(as_user, member, programme):
    response = as_user(member).post(f"/api/v1/programmes/{programme.pk}/close/")

    assert response.status_code == 200
    assert response.json()["status"] == "closed"
    assert as_user(member).post(f"/api/v1/programmes/{programme.pk}/close/").status_code == 409


def test_the_schema_documents_the_endpoints_and_their_refusals(client, member):
    client.force_login(member)
    schema = client.get("/api/schema/", {"format": "json"}).json()
    paths = schema["paths"]

    invite = paths["/api/v1/participations/"]["post"]["responses"]
    answer = paths["/api/v1/participations/{id}/answer/"]["post"]["responses"]
    report = paths["/api/v1/sla-reports/"]["post"]["responses"]
    for responses in (invite, answer, report):
        assert {"400", "403", "409"} <= set(responses)
    assert "/api/v1/programmes/{id}/close/" in paths
    assert Participation.Status.ACCEPTED in str(schema["components"])
