"""The OpenAPI schema says what the API really answers (issue 10): the audit's schemathesis run
found undocumented status codes, enums without values the API returns, nullable fields documented
as strings, /api/v1/me/ as an array and summary deals missing fields the schema required.
tests/test_api_contract.py checks the API against the schema; these name each finding."""

from __future__ import annotations

import pytest
from drf_spectacular.generators import SchemaGenerator

from tests.factories import MembershipFactory, OperatorFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def schema() -> dict:
    return SchemaGenerator().get_schema(request=None, public=True)


def operations(schema: dict):
    for path, methods in schema["paths"].items():
        for method, operation in methods.items():
            yield path, method, operation


def component(schema: dict, name: str) -> dict:
    return schema["components"]["schemas"][name]


def test_every_operation_documents_the_errors_every_request_may_meet(schema):
    for path, method, operation in operations(schema):
        assert {"401", "403", "429", "503"} <= set(operation["responses"]), (method, path)


def test_operations_on_an_object_document_404_and_writes_409(schema):
    for path, method, operation in operations(schema):
        codes = set(operation["responses"])
        if "{" in path:
            assert "404" in codes, (method, path)
        if method in ("post", "put", "patch"):
            assert {"400", "409", "413"} <= codes, (method, path)


def test_errors_have_one_shape_in_the_schema(schema):
    conflict = schema["paths"]["/api/v1/deals/{id}/move/"]["post"]["responses"]["409"]
    assert conflict["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/DomainError"
    }
    assert component(schema, "DomainError")["required"] == ["code", "detail"]
    invalid = schema["paths"]["/api/v1/deals/"]["post"]["responses"]["400"]
    assert invalid["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/ValidationError"
    }


def test_me_is_one_object(schema):
    answer = schema["paths"]["/api/v1/me/"]["get"]["responses"]["200"]
    assert answer["content"]["application/json"]["schema"] == {"$ref": "#/components/schemas/Me"}


def test_a_deals_stage_may_be_declined_and_its_decline_reason_blank(schema):
    assert "declined" in component(schema, "DealStageEnum")["enum"]
    reason = component(schema, "Deal")["properties"]["decline_reason"]
    assert {"$ref": "#/components/schemas/BlankEnum"} in reason["oneOf"]


def test_a_summary_deal_is_only_required_to_have_its_summary_fields(schema):
    assert sorted(component(schema, "Deal")["required"]) == [
        "access",
        "country",
        "id",
        "operator",
        "partner",
        "stage",
    ]


@pytest.mark.parametrize("name", ["works_with", "duplicate_of"])
def test_a_partners_references_are_nullable(schema, name):
    assert component(schema, "Partner")["properties"][name]["nullable"] is True


def test_a_lessons_hidden_deal_is_nullable(schema):
    assert component(schema, "Lesson")["properties"]["deal"]["nullable"] is True


def test_an_api_address_that_names_no_endpoint_answers_in_the_error_shape(client):
    user = MembershipFactory(operator=OperatorFactory()).user
    client.force_login(user)
    response = client.get("/api/v1/deals/1.5/move/")
    assert response.status_code == 404
    assert response.json() == {"detail": "Not found.", "code": "not_found"}


def test_drf_errors_carry_their_code(client):
    response = client.get("/api/v1/deals/")
    assert response.status_code == 401
    assert response.json() == {
        "detail": "Authentication credentials were not provided.",
        "code": "not_authenticated",
    }
