"""The admin pages of programmes: read-only for staff, who see what a member of the programme's
bloc sees (no escalation contact, no decline reason, no linked deal)."""

from __future__ import annotations

from django.urls import reverse

from tests.factories import ParticipationFactory, SLAReportFactory


def test_staff_read_programmes_without_contacts_or_reasons(
    client, admin_user, programme, participation, operator
):
    ParticipationFactory(
        programme=programme,
        country="PL",
        operator=operator,
        status="declined",
        answer_reason="SECRET-REASON",
    )
    SLAReportFactory(participation=participation, availability="98.5")
    client.force_login(admin_user)

    listing = client.get(reverse("admin:deals_programme_changelist"))
    page = client.get(reverse("admin:deals_programme_change", args=[programme.pk]))
    reports = client.get(reverse("admin:deals_slareport_changelist"))

    assert listing.status_code == page.status_code == reports.status_code == 200
    html = page.content.decode()
    assert "Deutsche Telekom" in html
    assert "99.500" in html
    assert "noc@participant.example" not in html
    assert "SECRET-REASON" not in html
    assert "98.500" in reports.content.decode()


def test_staff_change_nothing_in_the_admin(client, admin_user, programme):
    client.force_login(admin_user)

    assert client.get(reverse("admin:deals_programme_add")).status_code == 403
    response = client.post(
        reverse("admin:deals_programme_change", args=[programme.pk]), {"name": "Renamed"}
    )
    assert response.status_code == 403
    programme.refresh_from_db()
    assert programme.name == "Connected cars"
