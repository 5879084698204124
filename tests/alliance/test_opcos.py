"""The opcos page: an operator's managers (and staff) add, rename and remove its opcos."""

from __future__ import annotations

import pytest
from django.urls import reverse

from alliance.models import AuditLogEntry, Opco
from tests.factories import OpcoFactory


def url(operator) -> str:
    return reverse("alliance:opcos_edit", args=[operator.slug])


def formset_data(rows: list[dict], initial: int) -> dict:
    """POST data for the opcos formset: `rows` in order, the first `initial` of them existing."""
    data = {
        "opcos-TOTAL_FORMS": str(len(rows)),
        "opcos-INITIAL_FORMS": str(initial),
        "opcos-MIN_NUM_FORMS": "0",
        "opcos-MAX_NUM_FORMS": "250",
    }
    for index, row in enumerate(rows):
        for key, value in row.items():
            data[f"opcos-{index}-{key}"] = value
    return data


@pytest.fixture
def france(operator):
    return OpcoFactory(operator=operator, country="FR", brand_name="Orange France")


@pytest.fixture
def poland(operator):
    return OpcoFactory(operator=operator, country="PL", brand_name="Orange Polska")


def existing(opco: Opco, **changes) -> dict:
    return {
        "id": str(opco.pk),
        "country": str(opco.country),
        "brand_name": opco.brand_name,
        **changes,
    }


def test_manager_sees_the_opcos_with_empty_rows_to_add_more(client, manager, france):
    client.force_login(manager)
    response = client.get(url(france.operator))
    assert response.status_code == 200
    assert 'value="Orange France"' in response.content.decode()
    assert len(response.context["formset"].forms) == 3


def test_manager_adds_renames_and_removes_opcos_in_one_save(
    client, manager, operator, france, poland
):
    client.force_login(manager)
    data = formset_data(
        [
            existing(france, brand_name="Orange FR"),
            existing(poland, DELETE="on"),
            {"country": "SN", "brand_name": "Orange Sénégal"},
            {"country": "", "brand_name": ""},
        ],
        initial=2,
    )
    response = client.post(url(operator), data)
    assert response.status_code == 302
    assert sorted((str(o.country), o.brand_name) for o in operator.opcos.all()) == [
        ("FR", "Orange FR"),
        ("SN", "Orange Sénégal"),
    ]
    actions = sorted(AuditLogEntry.objects.values_list("action", flat=True))
    assert actions == ["opco.created", "opco.deleted", "opco.updated"]
    update = AuditLogEntry.objects.get(action="opco.updated")
    assert update.changes == {"brand_name": ["Orange France", "Orange FR"]}


def test_a_country_freed_by_a_removal_can_be_reused_in_the_same_save(
    client, manager, operator, france
):
    client.force_login(manager)
    data = formset_data(
        [existing(france, DELETE="on"), {"country": "FR", "brand_name": "Sosh"}], initial=1
    )
    assert client.post(url(operator), data).status_code == 302
    assert [o.brand_name for o in operator.opcos.all()] == ["Sosh"]


def test_two_rows_for_the_same_country_are_refused_with_a_clear_message(
    client, manager, operator, france
):
    client.force_login(manager)
    data = formset_data([existing(france), {"country": "FR", "brand_name": "Sosh"}], initial=1)
    response = client.post(url(operator), data)
    assert response.status_code == 200
    assert "France is listed twice: an operator has one opco per country." in (
        response.content.decode()
    )
    assert 'value="Sosh"' in response.content.decode()  # nothing typed is lost
    assert operator.opcos.count() == 1


def test_moving_an_opco_onto_a_country_already_taken_is_refused(
    client, manager, operator, france, poland
):
    client.force_login(manager)
    data = formset_data([existing(france), existing(poland, country="FR")], initial=2)
    response = client.post(url(operator), data)
    assert "France is listed twice" in response.content.decode()
    poland.refresh_from_db()
    assert str(poland.country) == "PL"


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ({"country": "XX", "brand_name": "Nowhere"}, "Select a valid choice"),
        ({"country": "", "brand_name": "No country"}, "This field is required."),
        ({"country": "SN", "brand_name": ""}, "This field is required."),
        ({"country": "SN", "brand_name": "B" * 10_000}, "at most 120 characters"),
    ],
)
def test_bad_opco_rows_are_refused_with_a_clear_message(client, manager, operator, row, message):
    client.force_login(manager)
    response = client.post(url(operator), formset_data([row], initial=0))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not operator.opcos.exists()


def test_a_broken_management_form_is_an_error_not_a_crash(client, manager, operator):
    client.force_login(manager)
    response = client.post(url(operator), {"opcos-TOTAL_FORMS": "many"})
    assert response.status_code == 200
    assert "ManagementForm data is missing or has been tampered with" in (response.content.decode())


def test_another_operators_opco_cannot_be_changed_by_tampering_with_the_form(
    client, manager, operator, other_operator
):
    theirs = OpcoFactory(operator=other_operator, country="CO", brand_name="Tigo")
    client.force_login(manager)
    data = formset_data([existing(theirs, brand_name="Stolen")], initial=1)
    response = client.post(url(operator), data)
    assert response.status_code == 200
    assert "This opco no longer exists. Reload the page." in response.content.decode()
    assert not operator.opcos.exists()
    theirs.refresh_from_db()
    assert theirs.brand_name == "Tigo"


@pytest.mark.parametrize("persona", ["member", "other_manager"], indirect=True)
def test_people_who_do_not_manage_the_operator_are_refused(client, operator, france, persona):
    client.force_login(persona)
    assert client.get(url(operator)).status_code == 403
    data = formset_data([existing(france, DELETE="on")], initial=1)
    assert client.post(url(operator), data).status_code == 403
    assert operator.opcos.count() == 1


def test_staff_manage_any_operators_opcos(client, admin_user, operator):
    client.force_login(admin_user)
    data = formset_data([{"country": "CI", "brand_name": "Orange Côte d'Ivoire"}], initial=0)
    assert client.post(url(operator), data).status_code == 302
    assert operator.opcos.get().brand_name == "Orange Côte d'Ivoire"
