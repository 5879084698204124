"""Who may do what, as a matrix: every page and API endpoint of the membership app × personas
anonymous, member and manager of Orange, member and manager of Millicom, and an admin."""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest
from rest_framework.test import APIClient

from alliance.models import Operator
from tests.conftest import PERSONAS
from tests.factories import OpcoFactory, OperatorApplicationFactory, OperatorFactory

LOGIN = 302  # anonymous visitors of member pages are sent to the login page
M, MGR, OM, OMGR, ADMIN = "member", "manager", "other_member", "other_manager", "admin_user"


@dataclass
class Case:
    name: str
    method: str
    path: str
    expected: dict[str, int]
    data: dict = field(default_factory=dict)
    api: bool = False

    def status_for(self, persona: str) -> int:
        return self.expected[persona]


def everyone(status: int, **overrides: int) -> dict[str, int]:
    return {persona: status for persona in PERSONAS} | overrides


MANAGERS_ONLY_PAGE = everyone(403, anonymous=LOGIN, manager=200, admin_user=200)
MANAGERS_ONLY_WRITE = everyone(403, anonymous=LOGIN, manager=302, admin_user=302)
STAFF_ONLY_PAGE = everyone(403, anonymous=LOGIN, admin_user=200)

PROFILE = {
    "name": "Orange",
    "hq_country": "FR",
    "website": "https://www.orange.com",
    "objectives": "Messaging partners.",
    "focus_categories": ["communication"],
    "email_domains": "",
}
OPCOS_FORM = {
    "opcos-TOTAL_FORMS": "1",
    "opcos-INITIAL_FORMS": "0",
    "opcos-MIN_NUM_FORMS": "0",
    "opcos-MAX_NUM_FORMS": "250",
    "opcos-0-country": "SN",
    "opcos-0-brand_name": "Orange Sénégal",
}
APPLICATION = {
    "name": "Vodacom",
    "website": "https://www.vodacom.com",
    "hq_country": "ZA",
    "footprint": ["ZA"],
    "objectives": "Bring proven fintech partners to Africa.",
    "contact_name": "Thandi Nkosi",
    "contact_email": "thandi@vodacom.example",
}

CASES = [
    Case("dashboard", "get", "/dashboard/", everyone(200, anonymous=LOGIN)),
    Case("directory", "get", "/members/", everyone(200, anonymous=LOGIN)),
    Case("profile", "get", "/members/orange/", everyone(200, anonymous=LOGIN)),
    Case(
        "removed operator's profile",
        "get",
        "/members/gone/",
        everyone(404, anonymous=LOGIN, admin_user=200),
    ),
    Case("edit page", "get", "/members/orange/edit/", MANAGERS_ONLY_PAGE),
    Case("edit", "post", "/members/orange/edit/", MANAGERS_ONLY_WRITE, PROFILE),
    Case("opcos page", "get", "/members/orange/opcos/", MANAGERS_ONLY_PAGE),
    Case("opcos save", "post", "/members/orange/opcos/", MANAGERS_ONLY_WRITE, OPCOS_FORM),
    Case("join form", "get", "/join/", everyone(200)),
    Case("join", "post", "/join/", everyone(302), APPLICATION),
    Case("thanks", "get", "/join/thanks/", everyone(200)),
    Case("review queue", "get", "/staff/applications/", STAFF_ONLY_PAGE),
    Case("review page", "get", "/staff/applications/{application}/", STAFF_ONLY_PAGE),
    Case(
        "decline",
        "post",
        "/staff/applications/{application}/",
        everyone(403, anonymous=LOGIN, admin_user=302),
        {"action": "decline", "reason": "Not a mobile operator."},
    ),
    Case("API operators", "get", "/api/v1/operators/", everyone(200, anonymous=401), api=True),
    Case(
        "API operator", "get", "/api/v1/operators/orange/", everyone(200, anonymous=401), api=True
    ),
    Case(
        "API removed operator",
        "get",
        "/api/v1/operators/gone/",
        everyone(404, anonymous=401, admin_user=200),
        api=True,
    ),
    Case(
        "API operator patch",
        "patch",
        "/api/v1/operators/orange/",
        everyone(403, anonymous=401, manager=200, admin_user=200),
        {"objectives": "Messaging partners."},
        api=True,
    ),
    Case("API opcos", "get", "/api/v1/opcos/", everyone(200, anonymous=401), api=True),
    Case("API opco", "get", "/api/v1/opcos/{opco}/", everyone(200, anonymous=401), api=True),
    Case(
        "API opco create",
        "post",
        "/api/v1/opcos/",
        everyone(403, anonymous=401, manager=201, admin_user=201),
        {"operator": "orange", "country": "SN", "brand_name": "Orange Sénégal"},
        api=True,
    ),
    Case(
        "API opco patch",
        "patch",
        "/api/v1/opcos/{opco}/",
        everyone(403, anonymous=401, manager=200, admin_user=200),
        {"brand_name": "Orange FR"},
        api=True,
    ),
    Case(
        "API opco delete",
        "delete",
        "/api/v1/opcos/{opco}/",
        everyone(403, anonymous=401, manager=204, admin_user=204),
        api=True,
    ),
    Case("API me", "get", "/api/v1/me/", everyone(200, anonymous=401), api=True),
]


@pytest.fixture
def world(operator, other_operator):
    OperatorFactory(name="Gone", slug="gone", status=Operator.Status.REMOVED)
    return {
        "opco": OpcoFactory(operator=operator, country="FR", brand_name="Orange France").pk,
        "application": OperatorApplicationFactory(name="Applicant").pk,
    }


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.name)
@pytest.mark.parametrize("persona", PERSONAS, indirect=True)
def test_permission_matrix(client, world, request, case: Case, persona):
    persona_name = request.node.callspec.params["persona"]
    path = case.path.format(**world)
    if case.api:
        api = APIClient()
        if persona is not None:
            api.force_authenticate(persona)
        response = getattr(api, case.method)(path, case.data or None, format="json")
    else:
        if persona is not None:
            client.force_login(persona)
        response = getattr(client, case.method)(path, case.data)
    assert response.status_code == case.status_for(persona_name), (case.name, persona_name)
