"""The platform catalogue: kept by staff in the admin, every change audited."""

from __future__ import annotations

import html

import pytest
from django.urls import reverse

from alliance import m2m
from alliance.errors import Conflict, Invalid, NotAllowed
from alliance.models import AuditLogEntry, Platform
from tests.factories import OpcoFactory, OperatorFactory, PlatformFactory, give_capabilities

ADD = {
    "name": "Nokia WING",
    "slug": "nokia-wing",
    "vendor": "Nokia",
    "description": "Worldwide IoT Network Grid.",
    "owner": "",
}


def test_staff_add_a_platform_in_the_admin_and_it_is_audited(client, admin_user):
    client.force_login(admin_user)

    response = client.post(reverse("admin:alliance_platform_add"), ADD)

    assert response.status_code == 302
    platform = Platform.objects.get(slug="nokia-wing")
    entry = AuditLogEntry.objects.get(action="platform.created")
    assert entry.actor == admin_user
    assert entry.object_id == platform.pk
    assert entry.changes["name"] == ["", "Nokia WING"]


def test_staff_change_a_platform_in_the_admin_and_the_audit_keeps_before_and_after(
    client, admin_user
):
    platform = PlatformFactory(name="Nokia WING", slug="nokia-wing", vendor="Nokia")
    client.force_login(admin_user)

    response = client.post(
        reverse("admin:alliance_platform_change", args=[platform.pk]),
        ADD | {"description": "Managed IoT connectivity across partner operators."},
    )

    assert response.status_code == 302
    entry = AuditLogEntry.objects.get(action="platform.updated")
    assert entry.changes == {
        "description": [
            "Connectivity management for IoT SIMs.",
            "Managed IoT connectivity across partner operators.",
        ]
    }


def test_staff_delete_an_unused_platform_in_the_admin_and_it_is_audited(client, admin_user):
    platform = PlatformFactory(name="Nokia WING", slug="nokia-wing")
    client.force_login(admin_user)

    response = client.post(
        reverse("admin:alliance_platform_delete", args=[platform.pk]), {"post": "yes"}
    )

    assert response.status_code == 302
    assert not Platform.objects.exists()
    assert AuditLogEntry.objects.filter(action="platform.deleted").count() == 1


def test_the_admin_will_not_delete_a_platform_opcos_run(client, admin_user):
    platform = PlatformFactory(name="Nokia WING", slug="nokia-wing")
    give_capabilities(OpcoFactory(country="CO"), platforms=[platform])
    client.force_login(admin_user)

    client.post(reverse("admin:alliance_platform_delete", args=[platform.pk]), {"post": "yes"})

    assert Platform.objects.filter(pk=platform.pk).exists()
    assert not AuditLogEntry.objects.filter(action="platform.deleted").exists()


def test_the_admin_lists_how_many_opcos_run_each_platform(client, admin_user):
    platform = PlatformFactory(name="Nokia WING", slug="nokia-wing")
    give_capabilities(OpcoFactory(country="CO"), platforms=[platform])
    client.force_login(admin_user)

    page = client.get(reverse("admin:alliance_platform_changelist"))

    assert page.status_code == 200
    assert "Nokia WING" in page.content.decode()


def test_a_shared_platform_cannot_become_one_operator_s_own_in_the_admin(client, admin_user):
    platform = PlatformFactory(name="Nokia WING", slug="nokia-wing")
    give_capabilities(OpcoFactory(country="CO"), platforms=[platform])
    other = OperatorFactory(name="MTS", slug="mts")
    client.force_login(admin_user)

    response = client.post(
        reverse("admin:alliance_platform_change", args=[platform.pk]),
        ADD | {"owner": other.pk},
    )

    assert response.status_code == 200
    assert "cannot be MTS’ own platform" in html.unescape(response.content.decode())
    assert Platform.objects.get(pk=platform.pk).owner is None


def test_only_staff_keep_the_catalogue(manager):
    with pytest.raises(NotAllowed):
        m2m.create_platform(by=manager, name="Home-grown", slug="home-grown")
    assert not Platform.objects.exists()


def test_a_platform_opcos_run_is_not_deleted(admin_user):
    platform = PlatformFactory()
    give_capabilities(OpcoFactory(country="CO"), platforms=[platform])

    with pytest.raises(Conflict) as refused:
        m2m.delete_platform(platform=platform, by=admin_user)

    assert str(refused.value).startswith("1 opco still runs")


def test_an_own_platform_of_its_operator_s_opcos_may_get_its_owner(admin_user, operator):
    platform = PlatformFactory()
    give_capabilities(OpcoFactory(operator=operator, country="FR"), platforms=[platform])

    m2m.update_platform(platform=platform, by=admin_user, owner=operator)

    assert Platform.objects.get(pk=platform.pk).owner == operator


def test_the_service_refuses_an_owner_whose_opcos_do_not_alone_run_it(admin_user, operator):
    platform = PlatformFactory()
    give_capabilities(OpcoFactory(country="CO"), platforms=[platform])

    with pytest.raises(Invalid) as refused:
        m2m.update_platform(platform=platform, by=admin_user, owner=operator)

    assert refused.value.field == "owner"
