"""Who sees a programme, and how much of it, on every surface: the list, the programme's page, a
participation's page, the CSV export, the API (programmes, participations, SLA reports) and the
bloc page's list. The lead, the participants, the members of its bloc and staff see it; other
members and operators that declined do not. Escalation contacts are for the lead and the
participants; why an operator declined is for the lead (and that operator); a participant's
private deal shows its stage to no one else."""

from __future__ import annotations

import csv
import io

import pytest
from django.template import Context, Template
from django.test import Client, RequestFactory
from django.urls import reverse
from rest_framework.test import APIClient

from tests.factories import (
    DealFactory,
    MembershipFactory,
    OpcoFactory,
    OperatorFactory,
    ParticipationFactory,
    SLAReportFactory,
)

CONTACT = "noc@participant.example"
REASON = "SECRET-REASON: our IoT team is fully booked"
SEES = {"member", "manager", "telekom_member", "bloc_member", "admin_user"}
INSIDERS = {"member", "manager", "telekom_member"}
PERSONAS = [*sorted(SEES), "other_member", "declined_member", "anonymous"]


@pytest.fixture
def scene(programme, participation, telekom, car_partner, bloc_member, db):
    """Telekom takes part in Germany with a private deal and a breach; Play declined Poland."""
    participation.deal = DealFactory(
        operator=telekom,
        partner=car_partner,
        country="DE",
        visibility="private",
        stage="negotiating",
    )
    participation.save()
    SLAReportFactory(participation=participation, availability="98.000")
    play = OperatorFactory(name="Play", slug="play")
    OpcoFactory(operator=play, country="PL")
    ParticipationFactory(
        programme=programme, country="PL", operator=play, status="declined", answer_reason=REASON
    )
    return programme


@pytest.fixture
def declined_member(scene):
    return MembershipFactory(operator=scene.participations.get(country="PL").operator).user


@pytest.fixture
def viewer(request, scene):
    name = request.param
    return name, (None if name == "anonymous" else request.getfixturevalue(name))


def web(user) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def api(user) -> APIClient:
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


@pytest.mark.parametrize("viewer", PERSONAS, indirect=True)
def test_the_programme_page_is_for_those_who_see_the_programme(viewer, scene):
    name, user = viewer
    response = web(user).get(scene.get_absolute_url())

    if user is None:
        assert response.status_code == 302
    else:
        assert response.status_code == (200 if name in SEES else 404)


@pytest.mark.parametrize("viewer", PERSONAS, indirect=True)
def test_the_list_names_the_programme_to_those_who_see_it(viewer, scene):
    name, user = viewer
    if user is None:
        return
    page = web(user).get(reverse("deals:programmes")).content.decode()
    assert (scene.get_absolute_url() in page) == (name in SEES)


@pytest.mark.parametrize("viewer", PERSONAS, indirect=True)
def test_a_participation_page_shows_the_contact_to_insiders_and_the_reason_to_the_lead(
    viewer, scene, participation
):
    name, user = viewer
    client = web(user)
    response = client.get(participation.get_absolute_url())
    declined = client.get(scene.participations.get(country="PL").get_absolute_url())

    if user is None:
        assert response.status_code == declined.status_code == 302
        return
    if name not in SEES:
        assert response.status_code == declined.status_code == 404
        return
    assert (CONTACT in response.content.decode()) == (name in INSIDERS)
    assert (REASON in declined.content.decode()) == (name in {"member", "manager"})


@pytest.mark.parametrize("viewer", PERSONAS, indirect=True)
def test_the_grid_shows_a_private_deal_s_stage_to_its_owner_only(viewer, scene):
    name, user = viewer
    if name not in SEES:
        return
    page = web(user).get(scene.get_absolute_url()).content.decode()
    assert ("badge--negotiating" in page) == (name == "telekom_member")
    assert "badge--breach" in page  # the SLA figures are the programme's, for all who see it
    assert REASON in page if name in {"member", "manager"} else REASON not in page


@pytest.mark.parametrize("viewer", PERSONAS, indirect=True)
def test_the_csv_export_follows_the_same_rules(viewer, scene):
    name, user = viewer
    response = web(user).get(reverse("deals:programme_export", args=[scene.pk]))
    if user is None:
        assert response.status_code == 302
        return
    if name not in SEES:
        assert response.status_code == 404
        return
    rows = {
        row["country"]: row for row in csv.DictReader(io.StringIO(response.getvalue().decode()))
    }
    germany = rows["DE"]
    assert germany["participant"] == "deutsche-telekom"
    assert germany["breach"] == "yes"
    assert (germany["escalation_email"] == CONTACT) == (name in INSIDERS)
    assert (germany["deal_stage"] == "negotiating") == (name == "telekom_member")
    assert rows["FR"]["invitation"] == "unassigned"


@pytest.mark.parametrize("viewer", PERSONAS, indirect=True)
def test_the_api_follows_the_same_rules(viewer, scene, participation):
    name, user = viewer
    client = api(user)
    listed = client.get("/api/v1/programmes/")
    detail = client.get(f"/api/v1/programmes/{scene.pk}/")
    participations = client.get("/api/v1/participations/", {"programme": scene.pk})
    reports = client.get("/api/v1/sla-reports/")

    if user is None:
        assert {listed.status_code, detail.status_code, reports.status_code} <= {401, 403}
        return
    if name not in SEES:
        assert listed.json()["results"] == []
        assert detail.status_code == 404
        assert participations.json()["results"] == reports.json()["results"] == []
        return
    assert [p["id"] for p in listed.json()["results"]] == [scene.pk]
    assert detail.json()["recent_breaches"] == 1
    by_country = {p["country"]: p for p in participations.json()["results"]}
    assert (by_country["DE"]["escalation_email"] == CONTACT) == (name in INSIDERS)
    assert (by_country["PL"]["answer_reason"] == REASON) == (name in {"member", "manager"})
    assert (by_country["DE"]["deal_stage"] == "negotiating") == (name == "telekom_member")
    assert (by_country["DE"]["deal"] is not None) == (name == "telekom_member")
    assert [r["is_breach"] for r in reports.json()["results"]] == [True]


@pytest.mark.parametrize("viewer", PERSONAS, indirect=True)
def test_the_bloc_page_lists_the_programme_to_those_who_see_it(viewer, scene):
    name, user = viewer
    if user is None:
        return
    request = RequestFactory().get("/")
    request.user = user
    html = Template("{% load programme_tags %}{% bloc_programmes bloc %}").render(
        Context({"request": request, "bloc": scene.bloc})
    )
    assert "The bloc’s programmes" in html
    assert (scene.get_absolute_url() in html) == (name in SEES)


def test_an_operator_that_declined_and_sits_in_the_bloc_reads_its_own_reason_only(
    scene, bloc_member
):
    bt = bloc_member.membership.operator
    OpcoFactory(operator=bt, country="FR")
    ParticipationFactory(
        programme=scene, country="FR", operator=bt, status="declined", answer_reason="BT-REASON"
    )

    page = web(bloc_member).get(scene.get_absolute_url()).content.decode()
    assert "BT-REASON" in page
    assert REASON not in page
