"""An opco's platforms and M2M services: who may change them (its operator's managers and staff;
not members, not other operators' managers, not the manager of a suspended operator), on every
surface, and what a change leaves behind (the rows, one audit entry)."""

from __future__ import annotations

import re

import pytest
from rest_framework.test import APIClient

from alliance import m2m
from alliance.errors import Invalid, NotAllowed
from alliance.models import AuditLogEntry, M2MService, Operator, User
from tests.conftest import PERSONAS
from tests.factories import (
    ManagerMembershipFactory,
    OpcoFactory,
    OperatorFactory,
    PlatformFactory,
    give_capabilities,
)

LOGIN = 302
M2M_FORM_PREFIX = "opco-{opco}"


def everyone(status: int, **overrides: int) -> dict[str, int]:
    return {persona: status for persona in PERSONAS} | overrides


@pytest.fixture
def jasper(db):
    return PlatformFactory(name="Cisco IoT Control Center (Jasper)", slug="cisco-jasper")


@pytest.fixture
def opco(operator):
    return OpcoFactory(operator=operator, country="FR", brand_name="Orange France")


def platforms_and_services(opco) -> tuple[set[str], set[str]]:
    return (
        set(opco.platform_links.values_list("platform__slug", flat=True)),
        set(opco.m2m_services.values_list("service", flat=True)),
    )


def page_form(opco, *, platforms=(), services=()) -> dict:
    prefix = M2M_FORM_PREFIX.format(opco=opco.pk)
    return {
        f"{prefix}-platforms": [str(p.pk) for p in platforms],
        f"{prefix}-services": list(services),
    }


# --- The persona matrix ---------------------------------------------------------------------------
PAGE_GET = everyone(403, anonymous=LOGIN, manager=200, admin_user=200)
PAGE_POST = everyone(403, anonymous=LOGIN, manager=302, admin_user=302)
API_GET = everyone(200, anonymous=401)
API_WRITE = everyone(403, anonymous=401, manager=200, admin_user=200)


@pytest.mark.parametrize("persona", PERSONAS, indirect=True)
def test_only_its_managers_and_staff_open_an_operator_s_capabilities_page(
    client_for, persona, request, opco
):
    response = client_for(persona).get("/members/orange/m2m/")

    assert response.status_code == PAGE_GET[request.node.callspec.params["persona"]]


@pytest.mark.parametrize("persona", PERSONAS, indirect=True)
def test_only_its_managers_and_staff_change_an_opco_s_capabilities_on_the_page(
    client_for, persona, request, opco, jasper
):
    data = page_form(opco, platforms=[jasper], services=[M2MService.NB_IOT])

    response = client_for(persona).post("/members/orange/m2m/", data)

    name = request.node.callspec.params["persona"]
    assert response.status_code == PAGE_POST[name]
    changed = name in ("manager", "admin_user")
    assert platforms_and_services(opco) == (
        ({"cisco-jasper"}, {"nb_iot"}) if changed else (set(), set())
    )


@pytest.mark.parametrize("persona", PERSONAS, indirect=True)
def test_every_member_reads_capabilities_in_the_api(persona, request, opco, jasper):
    give_capabilities(opco, platforms=[jasper], services=["esim"])
    api = APIClient()
    if persona is not None:
        api.force_authenticate(persona)

    response = api.get(f"/api/v1/opco-capabilities/{opco.pk}/")

    assert response.status_code == API_GET[request.node.callspec.params["persona"]]
    if response.status_code == 200:
        assert response.json() == {
            "id": opco.pk,
            "operator": "orange",
            "country": "FR",
            "brand_name": "Orange France",
            "platforms": ["cisco-jasper"],
            "services": ["esim"],
        }


@pytest.mark.parametrize("persona", PERSONAS, indirect=True)
def test_only_its_managers_and_staff_change_an_opco_s_capabilities_in_the_api(
    persona, request, opco, jasper
):
    api = APIClient()
    if persona is not None:
        api.force_authenticate(persona)

    response = api.patch(
        f"/api/v1/opco-capabilities/{opco.pk}/",
        {"platforms": ["cisco-jasper"], "services": ["lte_m", "esim"]},
        format="json",
    )

    expected = API_WRITE[request.node.callspec.params["persona"]]
    assert response.status_code == expected
    if expected == 200:
        assert response.json()["services"] == ["esim", "lte_m"]
        assert platforms_and_services(opco) == ({"cisco-jasper"}, {"esim", "lte_m"})
    else:
        assert platforms_and_services(opco) == (set(), set())


# --- A suspended operator's manager ---------------------------------------------------------------
@pytest.fixture
def suspended_manager(operator, manager):
    Operator.objects.filter(pk=operator.pk).update(status=Operator.Status.SUSPENDED)
    return User.objects.get(pk=manager.pk)  # as a request would load them


def test_a_suspended_operator_s_manager_cannot_open_the_page(client_for, suspended_manager, opco):
    response = client_for(suspended_manager).get("/members/orange/m2m/")

    assert response.status_code == 403
    assert "Orange is suspended" in response.content.decode()


def test_a_suspended_operator_s_manager_cannot_save_the_page(
    client_for, suspended_manager, opco, jasper
):
    response = client_for(suspended_manager).post(
        "/members/orange/m2m/", page_form(opco, platforms=[jasper])
    )

    assert response.status_code == 403
    assert platforms_and_services(opco) == (set(), set())


def test_a_suspended_operator_s_manager_cannot_change_capabilities_in_the_api(
    suspended_manager, opco, jasper
):
    api = APIClient()
    api.force_authenticate(suspended_manager)

    response = api.patch(
        f"/api/v1/opco-capabilities/{opco.pk}/", {"services": ["esim"]}, format="json"
    )

    assert response.status_code == 403
    assert "Orange is suspended" in response.json()["detail"]
    assert platforms_and_services(opco) == (set(), set())


def test_a_suspended_operator_s_page_offers_no_edit_link(client_for, suspended_manager, opco):
    page = client_for(suspended_manager).get("/members/orange/").content.decode()

    assert "/members/orange/m2m/" not in page


# --- The service's rules --------------------------------------------------------------------------
def test_a_change_saves_the_rows_and_one_audit_entry_with_before_and_after(manager, opco, jasper):
    give_capabilities(opco, services=["esim"])

    changed = m2m.set_opco_m2m(
        opco=opco, platforms=[jasper], services=["esim", "nb_iot"], by=manager
    )

    assert changed is True
    assert platforms_and_services(opco) == ({"cisco-jasper"}, {"esim", "nb_iot"})
    entry = AuditLogEntry.objects.get(action="opco.m2m_updated")
    assert entry.actor == manager
    assert entry.operator == opco.operator
    assert entry.changes == {
        "platforms": ["", "Cisco IoT Control Center (Jasper)"],
        "services": ["eSIM / eUICC", "NB-IoT, eSIM / eUICC"],
    }


def test_saving_what_is_already_there_changes_nothing_and_audits_nothing(manager, opco, jasper):
    give_capabilities(opco, platforms=[jasper], services=["esim"])

    changed = m2m.set_opco_m2m(opco=opco, platforms=[jasper], services=["esim"], by=manager)

    assert changed is False
    assert not AuditLogEntry.objects.exists()


def test_removing_everything_is_a_change(manager, opco, jasper):
    give_capabilities(opco, platforms=[jasper], services=["esim", "lte_m"])

    m2m.set_opco_m2m(opco=opco, platforms=[], services=[], by=manager)

    assert platforms_and_services(opco) == (set(), set())


def test_an_operator_runs_its_own_platform(manager, operator, opco):
    own = PlatformFactory(name="Orange Live Objects", slug="live-objects", owner=operator)

    m2m.set_opco_m2m(opco=opco, platforms=[own], services=[], by=manager)

    assert platforms_and_services(opco)[0] == {"live-objects"}


def test_another_operator_s_own_platform_is_refused(manager, opco, other_operator):
    theirs = PlatformFactory(name="Tigo IoT", slug="tigo-iot", owner=other_operator)

    with pytest.raises(Invalid) as refused:
        m2m.set_opco_m2m(opco=opco, platforms=[theirs], services=[], by=manager)

    assert refused.value.field == "platforms"
    assert str(refused.value) == "Tigo IoT is Millicom’s own platform: only its opcos run it."


def test_an_unknown_service_is_refused(manager, opco):
    with pytest.raises(Invalid) as refused:
        m2m.set_opco_m2m(opco=opco, platforms=[], services=["5g_slicing"], by=manager)

    assert refused.value.field == "services"


@pytest.mark.parametrize("persona", ["member", "other_manager", "other_member"])
def test_people_other_than_its_managers_are_told_who_may(request, persona, opco):
    user = request.getfixturevalue(persona)

    with pytest.raises(NotAllowed) as refused:
        m2m.set_opco_m2m(opco=opco, platforms=[], services=["esim"], by=user)

    assert str(refused.value) == (
        "Only Orange’s managers and the alliance admins may change its opcos' platforms and "
        "services."
    )


def test_staff_may_change_any_operator_s_opcos(admin_user, opco):
    assert m2m.set_opco_m2m(opco=opco, platforms=[], services=["esim"], by=admin_user)


def test_a_page_submission_is_all_or_nothing(manager, operator, opco, other_operator):
    second = OpcoFactory(operator=operator, country="ES", brand_name="Orange Espagne")
    theirs = PlatformFactory(name="Tigo IoT", slug="tigo-iot", owner=other_operator)

    with pytest.raises(Invalid):
        m2m.save_operator_m2m(
            operator=operator,
            by=manager,
            entries=[(opco, [], ["esim"]), (second, [theirs], [])],
        )

    assert platforms_and_services(opco) == (set(), set())


def test_a_page_submission_may_not_carry_another_operator_s_opco(manager, operator):
    foreign = OpcoFactory(operator=OperatorFactory(), country="SE")

    with pytest.raises(Invalid):
        m2m.save_operator_m2m(operator=operator, by=manager, entries=[(foreign, [], ["esim"])])

    assert platforms_and_services(foreign) == (set(), set())


def test_the_page_shows_a_refusal_and_keeps_what_was_ticked(client_for, manager, opco, operator):
    theirs = PlatformFactory(name="Tigo IoT", slug="tigo-iot", owner=OperatorFactory())
    data = page_form(opco, platforms=[theirs], services=[M2MService.LTE_M])

    response = client_for(manager).post("/members/orange/m2m/", data)

    # Another operator's own platform is not even offered: the form refuses it as a choice.
    assert response.status_code == 200
    page = response.content.decode()
    assert "Please correct the opcos marked below." in page
    assert re.search(r'value="lte_m"[^>]*checked', page)
    assert platforms_and_services(opco) == (set(), set())


def test_the_page_offers_vendor_platforms_and_the_operator_s_own_only(
    client_for, manager, opco, operator, jasper, other_operator
):
    PlatformFactory(name="Orange Live Objects", slug="live-objects", owner=operator)
    PlatformFactory(name="Tigo IoT", slug="tigo-iot", owner=other_operator)

    page = client_for(manager).get("/members/orange/m2m/").content.decode()

    assert "Cisco IoT Control Center (Jasper)" in page
    assert "Orange Live Objects" in page
    assert "Tigo IoT" not in page


def test_an_operator_without_opcos_is_asked_to_add_them_first(client_for, manager):
    page = client_for(manager).get("/members/orange/m2m/").content.decode()

    assert "has no opcos yet" in page


# --- The operator page ----------------------------------------------------------------------------
def test_the_operator_page_shows_each_opco_s_platforms_and_services(
    client_for, other_member, opco, jasper
):
    give_capabilities(opco, platforms=[jasper], services=["nb_iot", "permanent_roaming"])

    page = client_for(other_member).get("/members/orange/").content.decode()

    assert "M2M / IoT" in page
    assert "Cisco IoT Control Center (Jasper)" in page
    assert "Permanent roaming allowed" in page and "NB-IoT" in page
    assert "/members/orange/m2m/" not in page  # not theirs to edit


def test_the_operator_page_links_its_managers_to_the_capabilities_page(client_for, manager, opco):
    page = client_for(manager).get("/members/orange/").content.decode()

    assert "/members/orange/m2m/" in page


def test_the_operator_page_loads_capabilities_in_a_constant_number_of_queries(
    client_for, other_member, operator, jasper, django_assert_max_num_queries
):
    client = client_for(other_member)
    client.get("/members/orange/")  # warm the session
    for country in ("FR", "ES", "PL", "BE", "RO", "SK", "MA", "SN"):
        give_capabilities(
            OpcoFactory(operator=operator, country=country), platforms=[jasper], services=["esim"]
        )
    with django_assert_max_num_queries(14):
        response = client.get("/members/orange/")
    assert response.content.decode().count("eSIM / eUICC") == 8


# --- The API: catalogue and filters ---------------------------------------------------------------
def test_members_read_the_platform_catalogue(other_member, jasper, operator):
    PlatformFactory(name="Orange Live Objects", slug="live-objects", owner=operator)
    api = APIClient()
    api.force_authenticate(other_member)

    response = api.get("/api/v1/platforms/")

    assert response.status_code == 200
    assert [(p["slug"], p["owner"], p["is_own"]) for p in response.json()["results"]] == [
        ("cisco-jasper", None, False),
        ("live-objects", "orange", True),
    ]


def test_the_catalogue_is_not_open_to_visitors(jasper):
    assert APIClient().get("/api/v1/platforms/").status_code == 401


def test_capabilities_filter_by_service_and_platform(other_member, operator, jasper):
    nb = OpcoFactory(operator=operator, country="FR")
    both = OpcoFactory(operator=operator, country="ES")
    give_capabilities(nb, services=["nb_iot"])
    give_capabilities(both, platforms=[jasper], services=["nb_iot", "esim"])
    api = APIClient()
    api.force_authenticate(other_member)

    by_service = api.get("/api/v1/opco-capabilities/", {"service": "nb_iot"}).json()
    by_platform = api.get("/api/v1/opco-capabilities/", {"platform": "cisco-jasper"}).json()

    assert sorted(o["country"] for o in by_service["results"]) == ["ES", "FR"]
    assert [o["country"] for o in by_platform["results"]] == ["ES"]


def test_the_api_refuses_another_operator_s_own_platform_on_its_field(manager, opco):
    PlatformFactory(name="Tigo IoT", slug="tigo-iot", owner=OperatorFactory())
    api = APIClient()
    api.force_authenticate(manager)

    response = api.patch(
        f"/api/v1/opco-capabilities/{opco.pk}/", {"platforms": ["tigo-iot"]}, format="json"
    )

    assert response.status_code == 400
    assert "own platform" in response.json()["platforms"][0]


def test_another_manager_of_a_second_operator_cannot_patch_orange(opco):
    stranger = ManagerMembershipFactory(operator=OperatorFactory(name="Telia", slug="telia")).user
    api = APIClient()
    api.force_authenticate(stranger)

    response = api.patch(
        f"/api/v1/opco-capabilities/{opco.pk}/", {"services": ["esim"]}, format="json"
    )

    assert response.status_code == 403
    assert "Only Orange’s managers" in response.json()["detail"]


@pytest.mark.parametrize("bad_id", ["99999999999999999999", "²", "0"])
def test_an_id_no_opco_could_have_is_not_found(member, bad_id):
    api = APIClient()
    api.force_authenticate(member)

    assert api.get(f"/api/v1/opco-capabilities/{bad_id}/").status_code == 404
