"""The coverage finder on the database, its page and its API: who counts, who may ask, what the
answer says, and that it costs a constant number of queries."""

from __future__ import annotations

import html

import pytest
from django.core.management import call_command
from rest_framework.test import APIClient

from alliance.finder import find_coverage
from alliance.models import Opco, Operator
from tests.conftest import PERSONAS
from tests.factories import (
    MembershipFactory,
    OpcoFactory,
    OperatorFactory,
    PlatformFactory,
    UserFactory,
    give_capabilities,
)

PAGE = "/coverage-finder/"
API = "/api/v1/coverage-finder/"


@pytest.fixture
def platforms(db):
    return {
        "jasper": PlatformFactory(name="Cisco IoT Control Center (Jasper)", slug="cisco-jasper"),
        "dcp": PlatformFactory(name="Ericsson IoT Accelerator (DCP)", slug="ericsson-dcp"),
    }


@pytest.fixture
def footprints(operator, other_operator, platforms):
    """Orange: FR, ES on DCP (FR with NB-IoT). Millicom: CO, FR on Jasper. Telia: SE, FI on DCP."""
    jasper, dcp = platforms["jasper"], platforms["dcp"]
    telia = OperatorFactory(name="TeliaSonera", slug="teliasonera")
    for owner, country, runs, services in [
        (operator, "FR", [dcp], ["nb_iot", "esim"]),
        (operator, "ES", [dcp], ["esim"]),
        (other_operator, "CO", [jasper], ["lte_m"]),
        (other_operator, "FR", [jasper], ["lte_m"]),
        (telia, "SE", [dcp], ["nb_iot"]),
        (telia, "FI", [dcp], ["nb_iot"]),
    ]:
        give_capabilities(
            OpcoFactory(operator=owner, country=country), platforms=runs, services=services
        )
    return telia


def slugs(plan) -> list[str]:
    return [operator.slug for operator in plan.operators]


# --- Who counts -----------------------------------------------------------------------------------
def test_the_answer_names_per_country_the_opcos_and_their_platforms(footprints):
    result = find_coverage(countries=["FR", "SE", "CO"], platform=None, service=None)

    france = result.rows[0]
    assert [(o.operator.slug, [p.slug for p in o.platforms]) for o in france.offers] == [
        ("millicom", ["cisco-jasper"]),
        ("orange", ["ericsson-dcp"]),
    ]
    assert slugs(result.recommended) == ["millicom", "teliasonera"]
    assert result.uncovered == []


def test_a_country_nobody_serves_is_listed_as_uncovered(footprints):
    result = find_coverage(countries=["FR", "JP"], platform=None, service=None)

    assert [c.code for c in result.uncovered] == ["JP"]
    assert result.rows[1].proposed is None


def test_suspended_and_removed_operators_are_left_out(footprints, other_operator):
    Operator.objects.filter(pk=other_operator.pk).update(status=Operator.Status.SUSPENDED)
    Operator.objects.filter(slug="teliasonera").update(status=Operator.Status.REMOVED)

    result = find_coverage(countries=["FR", "CO", "SE"], platform=None, service=None)

    assert [c.code for c in result.uncovered] == ["CO", "SE"]
    assert [o.operator.slug for o in result.rows[0].offers] == ["orange"]


def test_operators_at_risk_still_count(footprints, other_operator):
    Operator.objects.filter(pk=other_operator.pk).update(status=Operator.Status.FLAGGED)

    result = find_coverage(countries=["CO"], platform=None, service=None)

    assert slugs(result.recommended) == ["millicom"]


def test_a_platform_filter_on_the_database(footprints, platforms):
    result = find_coverage(countries=["FR", "SE", "CO"], platform=platforms["dcp"], service=None)

    assert slugs(result.recommended) == ["orange", "teliasonera"]
    assert result.recommended.platform == platforms["dcp"]
    assert [c.code for c in result.uncovered] == ["CO"]


def test_a_service_filter_on_the_database(footprints):
    result = find_coverage(countries=["FR", "SE", "CO"], platform=None, service="nb_iot")

    assert slugs(result.recommended) == ["orange", "teliasonera"]
    assert [c.code for c in result.uncovered] == ["CO"]


def test_one_platform_is_proposed_over_a_mixed_answer_of_the_same_size(footprints):
    # FR + SE: Millicom (Jasper) + Telia (DCP), or Orange + Telia, both on DCP.
    result = find_coverage(countries=["FR", "SE"], platform=None, service=None)

    assert result.recommended.platform.slug == "ericsson-dcp"
    assert slugs(result.recommended) == ["orange", "teliasonera"]
    assert result.prefers_one_platform
    assert result.one_platform_costs_more == 0


# --- The page -------------------------------------------------------------------------------------
EXPECTED_PAGE = {persona: 200 for persona in PERSONAS} | {"anonymous": 302}


@pytest.mark.parametrize("persona", PERSONAS, indirect=True)
def test_the_page_is_for_members_and_staff(client_for, persona, request, footprints):
    response = client_for(persona).get(PAGE, {"countries": "FR"})

    assert response.status_code == EXPECTED_PAGE[request.node.callspec.params["persona"]]


def test_someone_without_a_membership_is_told_why_not(client, db):
    client.force_login(UserFactory())

    assert client.get(PAGE).status_code == 403


def test_the_page_answers_a_pasted_list(client_for, member, footprints):
    page = client_for(member).get(PAGE, {"countries": "France, se\nJapan"}).content.decode()

    assert "2 of 3" in page
    assert "Nobody covers 1 country" in page
    assert "Proposed: 2 operators, all on Ericsson IoT Accelerator (DCP)" in page
    assert "Japan" in page


def test_an_unknown_country_says_what_to_fix_and_keeps_what_was_typed(
    client_for, member, footprints
):
    typed = "Germany, Atlantis\nsweden"

    response = client_for(member).get(PAGE, {"countries": typed})

    page = html.unescape(response.content.decode())
    assert response.status_code == 200
    assert "'Atlantis' is not a country we know." in page
    assert typed in page  # the textarea keeps the list as typed
    assert "Proposed:" not in page


def test_an_empty_question_asks_for_countries(client_for, member, footprints):
    page = client_for(member).get(PAGE, {"countries": "", "service": ""}).content.decode()

    assert "Paste the countries your customer needs, or pick a region." in page


def test_the_first_visit_shows_the_form_only(client_for, member, footprints):
    page = client_for(member).get(PAGE).content.decode()

    assert "Find coverage" in page
    assert "Proposed:" not in page
    assert "Paste the countries" not in page


def test_the_page_filters_by_platform_and_service(client_for, member, footprints):
    client = client_for(member)

    by_platform = client.get(PAGE, {"countries": "FR, CO", "platform": "cisco-jasper"})
    by_service = client.get(PAGE, {"countries": "FR, CO", "service": "nb_iot"})

    assert "Only opcos running Cisco IoT Control Center (Jasper)" in by_platform.content.decode()
    assert "Nobody covers 1 country" in by_service.content.decode()


def test_a_region_is_a_question_too(client_for, member, footprints):
    page = client_for(member).get(PAGE, {"region": "latin_america"}).content.decode()

    assert "Colombia" in page and "Millicom" in page


def test_the_page_marks_the_member_s_own_operator(client_for, member, footprints):
    page = client_for(member).get(PAGE, {"countries": "FR, ES"}).content.decode()

    assert '<span class="badge">you</span>' in page


# --- The API --------------------------------------------------------------------------------------
EXPECTED_API = {persona: 200 for persona in PERSONAS} | {"anonymous": 401}


@pytest.mark.parametrize("persona", PERSONAS, indirect=True)
def test_the_api_has_the_page_s_permission(persona, request, footprints):
    api = APIClient()
    if persona is not None:
        api.force_authenticate(persona)

    response = api.get(API, {"countries": "FR"})

    assert response.status_code == EXPECTED_API[request.node.callspec.params["persona"]]


def test_the_api_answers_with_the_proposal_and_each_country(member, footprints):
    api = APIClient()
    api.force_authenticate(member)

    body = api.get(API, {"countries": "France, SE\nJP"}).json()

    assert body["countries"] == ["FR", "SE", "JP"]
    assert body["uncovered"] == ["JP"]
    assert body["proposal"] == {
        "platform": "ericsson-dcp",
        "operators": [
            {"operator": "orange", "name": "Orange", "countries": ["FR"]},
            {"operator": "teliasonera", "name": "TeliaSonera", "countries": ["SE"]},
        ],
    }
    assert body["one_platform_preferred"] is True
    assert len(body["smallest"]["operators"]) == 2
    france = body["by_country"][0]
    assert france["proposed"] == "orange"
    assert france["opcos"][1] == {
        "operator": "orange",
        "operator_name": "Orange",
        "brand_name": "Orange FR",
        "platforms": ["ericsson-dcp"],
        "services": ["esim", "nb_iot"],
        "proposed": True,
    }


def test_the_api_takes_repeated_countries_regions_and_filters(member, footprints):
    api = APIClient()
    api.force_authenticate(member)

    body = api.get(
        f"{API}?countries=FR&countries=SE&region=latin_america&platform=cisco-jasper"
    ).json()

    assert body["countries"][:2] == ["FR", "SE"]
    assert "CO" in body["countries"]
    assert body["platform"] == "cisco-jasper"
    assert body["proposal"]["operators"] == [
        {"operator": "millicom", "name": "Millicom", "countries": ["FR", "CO"]}
    ]


def test_the_api_says_which_country_it_does_not_know(member, footprints):
    api = APIClient()
    api.force_authenticate(member)

    response = api.get(API, {"countries": "Germany, Atlantis"})

    assert response.status_code == 400
    assert response.json() == {"countries": ["'Atlantis' is not a country we know."]}


@pytest.mark.parametrize(
    ("query", "field"),
    [({}, "countries"), ({"countries": "FR", "platform": "nope"}, "platform")],
)
def test_the_api_refuses_an_incomplete_or_unknown_question(member, footprints, query, field):
    api = APIClient()
    api.force_authenticate(member)

    response = api.get(API, query)

    assert response.status_code == 400
    assert field in response.json()


def test_the_api_schema_documents_the_finder(db, tmp_path):
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", tmp_path / "api.yml")
    schema = (tmp_path / "api.yml").read_text()

    finder = schema[schema.index("/api/v1/coverage-finder/:") :][:3000]
    assert "name: countries" in finder and "name: platform" in finder
    assert "FinderAnswer" in finder


# --- Query counts ---------------------------------------------------------------------------------
COUNTRIES = ["FR", "DE", "ES", "IT", "PL", "SE", "FI", "NO", "DK", "NL"]


def make_footprints(operators: int, platforms) -> None:
    made = Operator.objects.bulk_create(
        Operator(name=f"Telco {n:03}", slug=f"telco-{n:03}", hq_country="GB")
        for n in range(operators)
    )
    opcos = Opco.objects.bulk_create(
        Opco(operator=op, country=country, brand_name=f"{op.name} {country}")
        for n, op in enumerate(made)
        for country in (COUNTRIES if n == 0 else COUNTRIES[: 3 + n % 7])
    )
    for index, opco in enumerate(opcos):
        give_capabilities(
            opco,
            platforms=[platforms["jasper" if index % 2 else "dcp"]],
            services=["esim", "nb_iot"][: 1 + index % 2],
        )


@pytest.mark.parametrize("operators", [3, 40])
def test_the_page_and_the_api_cost_a_constant_number_of_queries(
    client_for, member, platforms, operators, django_assert_max_num_queries
):
    make_footprints(operators, platforms)
    client = client_for(member)
    client.get(PAGE)  # warm the session
    api = APIClient()
    api.force_authenticate(member)
    question = {"countries": ",".join(COUNTRIES)}

    with django_assert_max_num_queries(10):
        page = client.get(PAGE, question)
    with django_assert_max_num_queries(6):
        answer = api.get(API, question)

    assert page.status_code == answer.status_code == 200
    assert answer.json()["uncovered"] == []


def test_the_finder_itself_runs_five_queries(platforms, django_assert_num_queries):
    make_footprints(20, platforms)

    with django_assert_num_queries(5):
        find_coverage(countries=COUNTRIES, platform=None, service=None)


def test_a_member_of_an_operator_without_opcos_gets_an_answer_too(client, platforms):
    lonely = MembershipFactory(operator=OperatorFactory(name="Lonely", slug="lonely")).user
    client.force_login(lonely)

    page = client.get(PAGE, {"countries": "FR"}).content.decode()

    assert "Nobody covers 1 country" in page
