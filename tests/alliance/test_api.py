"""The /api/v1/ endpoints of the membership app: operators, opcos and me. Same rules as the pages:
404 for what a user may not see, 403 for what they see but may not change."""

from __future__ import annotations

import json
import re

import pytest
from django.core.management import call_command
from django.test import Client
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from alliance.models import AuditLogEntry, Membership, Opco, Operator, OperatorEmailDomain
from tests.factories import MembershipFactory, OpcoFactory, OperatorFactory

OPERATORS = "/api/v1/operators/"
OPCOS = "/api/v1/opcos/"
ME = "/api/v1/me/"


@pytest.fixture
def api():
    return APIClient()


def signed_in(api: APIClient, user) -> APIClient:
    api.force_authenticate(user)
    return api


@pytest.fixture
def footprints(operator, other_operator):
    OpcoFactory(operator=operator, country="FR", brand_name="Orange France")
    OpcoFactory(operator=operator, country="PL", brand_name="Orange Polska")
    OpcoFactory(operator=other_operator, country="CO", brand_name="Tigo Colombia")
    other_operator.focus_categories = ["payments_fintech"]
    other_operator.save()


def test_members_list_operators_with_their_footprint(api, member, footprints):
    response = signed_in(api, member).get(OPERATORS)
    assert response.status_code == 200
    assert response.data["count"] == 2
    orange = next(o for o in response.data["results"] if o["slug"] == "orange")
    assert orange["footprint"] == ["FR", "PL"]
    assert {"country": "PL", "brand_name": "Orange Polska"}.items() <= orange["opcos"][1].items()
    assert orange["url"].endswith("/api/v1/operators/orange/")


@pytest.mark.parametrize(
    ("params", "slugs"),
    [
        ({"country": "CO"}, ["millicom"]),
        ({"category": "payments_fintech"}, ["millicom"]),
        ({"name": "oran"}, ["orange"]),
        ({"ordering": "-name"}, ["orange", "millicom"]),
        ({"hq_country": "FR"}, ["orange"]),
    ],
)
def test_operators_can_be_filtered_and_ordered(api, member, footprints, params, slugs):
    response = signed_in(api, member).get(OPERATORS, params)
    assert [o["slug"] for o in response.data["results"]] == slugs


@pytest.mark.parametrize(
    "params",
    [{"country": "XX"}, {"category": "nonsense"}, {"status": "asleep"}, {"name": "n" * 10_000}],
)
def test_bad_operator_filters_answer_400_with_the_reason(api, member, footprints, params):
    response = signed_in(api, member).get(OPERATORS, params)
    assert response.status_code == 400
    assert next(iter(params)) in response.data


def test_removed_operators_are_not_found_by_members_but_are_by_staff(api, member, admin_user):
    OperatorFactory(name="Gone", slug="gone", status=Operator.Status.REMOVED)
    assert signed_in(api, member).get(OPERATORS + "gone/").status_code == 404
    assert signed_in(api, admin_user).get(OPERATORS + "gone/").status_code == 200


def test_manager_patches_the_profile_through_the_same_audited_service(api, manager, operator):
    response = signed_in(api, manager).patch(
        OPERATORS + "orange/",
        {"objectives": "Messaging partners for Africa.", "email_domains": ["Orange.com"]},
        format="json",
    )
    assert response.status_code == 200, response.data
    assert response.data["objectives"] == "Messaging partners for Africa."
    assert response.data["email_domains"] == ["orange.com"]
    entry = AuditLogEntry.objects.get(action="operator.updated")
    assert entry.actor == manager
    assert entry.changes["objectives"] == [
        "Find partners that work in our markets.",
        "Messaging partners for Africa.",
    ]


def test_staff_may_patch_any_operator(api, admin_user, operator):
    response = signed_in(api, admin_user).patch(
        OPERATORS + "orange/", {"focus_categories": ["iot_m2m"]}, format="json"
    )
    assert response.status_code == 200
    operator.refresh_from_db()
    assert operator.focus_categories == ["iot_m2m"]


@pytest.mark.parametrize("persona", ["member", "other_manager"], indirect=True)
def test_those_who_do_not_manage_the_operator_get_403_on_patch(api, operator, persona):
    response = signed_in(api, persona).patch(
        OPERATORS + "orange/", {"objectives": "Hacked"}, format="json"
    )
    assert response.status_code == 403
    assert "managers" in response.data["detail"]
    operator.refresh_from_db()
    assert operator.objectives != "Hacked"


def test_put_and_delete_are_not_offered_on_operators(api, manager, operator):
    signed_in(api, manager)
    assert api.put(OPERATORS + "orange/", {}, format="json").status_code == 405
    assert api.delete(OPERATORS + "orange/").status_code == 405
    assert api.post(OPERATORS, {"name": "New"}, format="json").status_code == 405


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"name": ""}, "name"),
        ({"name": "O" * 10_000}, "name"),
        ({"name": "millicom"}, "name"),
        ({"website": "not a url"}, "website"),
        ({"hq_country": "XX"}, "hq_country"),
        ({"focus_categories": ["nonsense"]}, "focus_categories"),
        ({"focus_categories": "payments_fintech"}, "focus_categories"),
        ({"objectives": "x" * 10_000}, "objectives"),
        ({"email_domains": ["gmail.com"]}, "email_domains"),
        ({"email_domains": ["not a domain"]}, "email_domains"),
        ({"email_domains": ["d.com"] * 21}, "email_domains"),
    ],
)
def test_bad_profile_input_answers_400_naming_the_field(
    api, manager, operator, other_operator, payload, field
):
    response = signed_in(api, manager).patch(OPERATORS + "orange/", payload, format="json")
    assert response.status_code == 400
    assert field in response.data


def test_a_domain_of_another_operator_answers_400(api, manager, operator, other_operator):
    other_operator.email_domains.create(domain="millicom.com")
    response = signed_in(api, manager).patch(
        OPERATORS + "orange/", {"email_domains": ["millicom.com"]}, format="json"
    )
    assert response.status_code == 400
    assert "already registered" in response.data["email_domains"][0]


@pytest.mark.parametrize("body", ["{not json", "[1, 2", '"just a string"', "null"])
def test_malformed_json_answers_400(api, manager, operator, body):
    response = signed_in(api, manager).patch(
        OPERATORS + "orange/", body, content_type="application/json"
    )
    assert response.status_code == 400


def test_opcos_are_listed_and_filtered_by_operator_and_country(api, member, footprints):
    signed_in(api, member)
    assert api.get(OPCOS).data["count"] == 3
    by_operator = api.get(OPCOS, {"operator": "orange"}).data["results"]
    assert [o["country"] for o in by_operator] == ["FR", "PL"]
    by_country = api.get(OPCOS, {"country": "CO"}).data["results"]
    assert [(o["operator"], o["brand_name"]) for o in by_country] == [("millicom", "Tigo Colombia")]
    assert api.get(OPCOS, {"country": "XX"}).status_code == 400


def test_opcos_of_removed_operators_are_hidden_from_members(api, member, admin_user, db):
    gone = OperatorFactory(name="Gone", slug="gone", status=Operator.Status.REMOVED)
    opco = OpcoFactory(operator=gone, country="DE")
    assert signed_in(api, member).get(f"{OPCOS}{opco.pk}/").status_code == 404
    assert signed_in(api, admin_user).get(f"{OPCOS}{opco.pk}/").status_code == 200


def test_manager_creates_updates_and_deletes_their_operators_opcos(api, manager, operator):
    signed_in(api, manager)
    created = api.post(
        OPCOS,
        {"operator": "orange", "country": "SN", "brand_name": "Orange Sénégal"},
        format="json",
    )
    assert created.status_code == 201, created.data
    url = f"{OPCOS}{created.data['id']}/"
    assert api.patch(url, {"brand_name": "Orange SN"}, format="json").data["brand_name"] == (
        "Orange SN"
    )
    assert api.delete(url).status_code == 204
    assert not operator.opcos.exists()
    actions = sorted(AuditLogEntry.objects.values_list("action", flat=True))
    assert actions == ["opco.created", "opco.deleted", "opco.updated"]


def test_a_manager_cannot_add_an_opco_to_another_operator(api, manager, other_operator):
    response = signed_in(api, manager).post(
        OPCOS, {"operator": "millicom", "country": "CO", "brand_name": "Tigo"}, format="json"
    )
    assert response.status_code == 403
    assert not Opco.objects.exists()


@pytest.mark.parametrize("persona", ["member", "other_manager"], indirect=True)
def test_those_who_do_not_manage_the_operator_cannot_change_its_opcos(api, operator, persona):
    opco = OpcoFactory(operator=operator, country="FR", brand_name="Orange France")
    signed_in(api, persona)
    url = f"{OPCOS}{opco.pk}/"
    assert api.patch(url, {"brand_name": "X"}, format="json").status_code == 403
    assert api.delete(url).status_code == 403
    opco.refresh_from_db()
    assert opco.brand_name == "Orange France"


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"operator": "orange", "country": "FR", "brand_name": "Second France"}, "country"),
        ({"operator": "orange", "country": "XX", "brand_name": "Nowhere"}, "country"),
        ({"operator": "orange", "country": "SN", "brand_name": ""}, "brand_name"),
        ({"operator": "orange", "country": "SN", "brand_name": "B" * 10_000}, "brand_name"),
        ({"operator": "no-such-operator", "country": "SN", "brand_name": "X"}, "operator"),
        ({"country": "SN", "brand_name": "X"}, "operator"),
    ],
)
def test_bad_opco_input_answers_400_naming_the_field(api, manager, operator, payload, field):
    OpcoFactory(operator=operator, country="FR", brand_name="Orange France")
    response = signed_in(api, manager).post(OPCOS, payload, format="json")
    assert response.status_code == 400
    assert field in response.data
    assert operator.opcos.count() == 1


def test_an_opco_cannot_move_to_another_operator(api, admin_user, operator, other_operator):
    opco = OpcoFactory(operator=operator, country="FR")
    response = signed_in(api, admin_user).patch(
        f"{OPCOS}{opco.pk}/", {"operator": "millicom"}, format="json"
    )
    assert response.status_code == 400
    assert "cannot move" in str(response.data["operator"])


def test_me_describes_the_user_their_membership_role_and_operator(api, manager):
    response = signed_in(api, manager).get(ME)
    assert response.status_code == 200
    assert response.data["email"] == "manager@orange.example"
    assert response.data["role"] == "manager" and response.data["operator"] == "orange"
    assert response.data["membership"]["status"] == "active"


def test_me_tells_a_pending_member_their_membership_is_pending(api, operator):
    pending = MembershipFactory(operator=operator, status=Membership.Status.PENDING).user
    response = signed_in(api, pending).get(ME)
    assert response.data["membership"]["status"] == "pending"
    assert response.data["role"] is None and response.data["operator"] is None


def test_anonymous_callers_are_asked_to_authenticate(api, db):
    for url in (OPERATORS, OPCOS, ME, OPERATORS + "orange/"):
        response = api.get(url)
        assert response.status_code == 401
        assert response["WWW-Authenticate"] == "Token"


def test_token_authentication_works(manager):
    token = Token.objects.create(user=manager)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    assert client.get(ME).data["email"] == manager.email
    client.credentials(HTTP_AUTHORIZATION="Token not-a-real-token")
    assert client.get(ME).status_code == 401


def test_session_writes_need_the_csrf_token(manager, operator):
    client = Client(enforce_csrf_checks=True)
    client.force_login(manager)
    body = json.dumps({"objectives": "Written from the browser."})
    refused = client.patch(OPERATORS + "orange/", body, content_type="application/json")
    assert refused.status_code == 403
    assert "CSRF" in refused.json()["detail"]
    client.get("/members/")  # any page sets the CSRF cookie
    accepted = client.patch(
        OPERATORS + "orange/",
        body,
        content_type="application/json",
        HTTP_X_CSRFTOKEN=client.cookies["csrftoken"].value,
    )
    assert accepted.status_code == 200


def make_operators(count: int) -> None:
    operators = Operator.objects.bulk_create(
        Operator(name=f"Telco {n:03d}", slug=f"telco-{n:03d}", hq_country="GB")
        for n in range(count)
    )
    Opco.objects.bulk_create(
        Opco(operator=operator, country=country, brand_name=f"{operator.name} {country}")
        for operator in operators
        for country in ("GB", "DE", "FR")
    )
    OperatorEmailDomain.objects.bulk_create(
        OperatorEmailDomain(operator=operator, domain=f"{operator.slug}.example")
        for operator in operators
    )


@pytest.mark.parametrize("count", [10, 100])
def test_api_lists_run_a_constant_number_of_queries(
    api, member, django_assert_max_num_queries, count
):
    make_operators(count)
    signed_in(api, member)
    with django_assert_max_num_queries(6):
        response = api.get(OPERATORS, {"country": "GB"})
    assert len(response.data["results"]) == min(count, 50)
    with django_assert_max_num_queries(4):
        response = api.get(OPCOS)
    assert len(response.data["results"]) == min(count * 3, 50)


def test_the_schema_is_served(client, db):
    response = client.get("/api/schema/")
    assert response.status_code == 200
    schema = response.content.decode()
    for path in ("/api/v1/operators/{slug}/", "/api/v1/opcos/{id}/", "/api/v1/me/"):
        assert path in schema


def test_the_schema_generates_and_validates_without_a_single_warning(db, tmp_path):
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", tmp_path / "api.yml")
    assert "/api/v1/opcos/{id}/" in (tmp_path / "api.yml").read_text()


def test_the_docs_load_nothing_from_another_site(client, db):
    response = client.get("/api/docs/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "swagger" in page.lower()
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", page), "external asset in docs"
    assert "cdn" not in page.lower()
    # The Content-Security-Policy forbids inline scripts: each script must be a served file.
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>\s*\S", page), "inline script in docs"
    script = re.search(r'<script src="([^"]*\?script[^"]*)"', page).group(1)
    assert client.get(script.replace("&amp;", "&")).status_code == 200
