"""The programme pages: starting one, the grid, inviting per country (only operators whose footprint
has it are offered), answering, reporting with a breach, and refusals shown on the form with what
was typed kept."""

from __future__ import annotations

import pytest
from django.urls import reverse

from deals.programmes.models import Participation, Programme, SLAReport
from tests.deals.programmes.helpers import last_month, suspend
from tests.factories import SLAReportFactory


def test_a_member_starts_a_programme_on_the_page(client, member, car_partner):
    client.force_login(member)
    response = client.post(
        reverse("deals:programme_create"),
        {"name": "Cars", "partner": car_partner.pk, "countries": ["DE", "FR", "PT"]},
    )

    programme = Programme.objects.get()
    assert response.status_code == 302
    assert response["Location"] == programme.get_absolute_url()
    page = client.get(programme.get_absolute_url()).content.decode()
    assert "Invite an operator for Portugal" in page


def test_a_refused_programme_keeps_what_was_typed(client, member):
    client.force_login(member)
    response = client.post(
        reverse("deals:programme_create"), {"name": "My cars", "countries": ["DE", "FR"]}
    )

    assert response.status_code == 400
    page = response.content.decode()
    assert "Name the partner or the customer the programme serves." in page
    assert 'value="My cars"' in page


def test_the_start_page_is_refused_to_a_suspended_operator(client, member, operator):
    suspend(operator)
    client.force_login(member)

    response = client.get(reverse("deals:programme_create"))
    assert response.status_code == 403
    assert "suspended" in response.content.decode()


def test_the_invite_page_offers_only_operators_whose_footprint_has_the_country(
    client, member, programme, telekom, other_operator
):
    client.force_login(member)
    page = client.get(
        reverse("deals:programme_invite", args=[programme.pk]), {"country": "DE"}
    ).content.decode()

    assert f'<option value="{telekom.pk}" selected>Deutsche Telekom</option>' in page
    assert "Millicom" not in page
    assert "Who can serve Germany" in page


def test_the_lead_invites_on_the_page_and_the_grid_shows_it(client, member, programme, telekom):
    client.force_login(member)
    response = client.post(
        reverse("deals:programme_invite", args=[programme.pk]),
        {
            "country": "DE",
            "operator": telekom.pk,
            "availability_target": "99.5",
            "support_response_hours": "4",
            "response_due_on": "2099-01-01",
        },
    )
    assert response.status_code == 400  # 2099 is further than the 90 days an answer may take
    assert "at most 90 days" in response.content.decode()

    form = {
        "country": "DE",
        "operator": telekom.pk,
        "availability_target": "99.5",
        "support_response_hours": "4",
        "response_due_on": Participation._meta.get_field("response_due_on").default().isoformat(),
    }
    response = client.post(reverse("deals:programme_invite", args=[programme.pk]), form)
    assert response.status_code == 302
    page = client.get(programme.get_absolute_url()).content.decode()
    assert "badge--invited" in page
    assert "Deutsche Telekom" in page


def test_the_invited_operator_answers_on_the_participation_page(
    client, telekom_manager, invitation, jasper
):
    client.force_login(telekom_manager)
    page = client.get(invitation.get_absolute_url()).content.decode()
    assert "Your answer" in page

    response = client.post(
        reverse("deals:participation_answer", args=[invitation.pk]),
        {"decision": "accept", "escalation_name": "NOC", "platform": jasper.pk},
    )
    assert response.status_code == 302
    invitation.refresh_from_db()
    assert invitation.status == "accepted"


def test_a_decline_without_a_reason_is_shown_on_the_form(client, telekom_manager, invitation):
    client.force_login(telekom_manager)
    response = client.post(
        reverse("deals:participation_answer", args=[invitation.pk]), {"decision": "decline"}
    )

    assert response.status_code == 400
    assert "Say why you decline" in response.content.decode()


def test_the_lead_gets_no_answer_form_and_its_post_is_refused(client, member, invitation):
    client.force_login(member)
    assert "Your answer" not in client.get(invitation.get_absolute_url()).content.decode()

    response = client.post(
        reverse("deals:participation_answer", args=[invitation.pk]), {"decision": "accept"}
    )
    assert response.status_code == 403


def test_a_breach_filed_on_the_page_is_highlighted_on_the_programme_page(
    client, telekom_member, participation, programme
):
    client.force_login(telekom_member)
    response = client.post(
        reverse("deals:participation_report", args=[participation.pk]),
        {
            "month": f"{last_month():%Y-%m}",
            "availability": "99.2",
            "incidents": "3",
            "mttr_hours": "5",
        },
        follow=True,
    )

    assert "below the 99.5 % target" in response.content.decode()
    page = client.get(programme.get_absolute_url()).content.decode()
    assert 'class="card programme-breaches" role="alert"' in page
    assert "programme-grid__breach" in page
    assert "99.2 %" in page


def test_a_month_already_reported_is_refused_on_the_form(client, telekom_member, participation):
    SLAReportFactory(participation=participation, month=last_month())
    client.force_login(telekom_member)

    response = client.post(
        reverse("deals:participation_report", args=[participation.pk]),
        {
            "month": f"{last_month():%Y-%m}",
            "availability": "99.9",
            "incidents": "0",
            "mttr_hours": "0",
        },
    )
    assert response.status_code == 409
    assert "has already reported" in response.content.decode()
    assert SLAReport.objects.count() == 1


def test_the_participant_logs_its_deal_from_the_participation_page(
    client, telekom_member, participation
):
    client.force_login(telekom_member)
    response = client.post(
        reverse("deals:participation_new_deal", args=[participation.pk]),
        {"deal_type": "iot_connectivity", "stage": "exploring", "visibility": "alliance"},
    )

    assert response.status_code == 302
    participation.refresh_from_db()
    assert (
        participation.deal.get_absolute_url()
        in client.get(participation.get_absolute_url()).content.decode()
    )


def test_the_lead_withdraws_from_the_participation_page(client, member, participation):
    client.force_login(member)
    response = client.post(
        reverse("deals:participation_withdraw", args=[participation.pk]), {"reason": "Re-tender"}
    )

    assert response.status_code == 302
    participation.refresh_from_db()
    assert participation.status == "withdrawn"


@pytest.mark.parametrize("url_name", ["programme_edit", "programme_invite"])
def test_managing_pages_are_refused_to_participants(
    client, telekom_member, participation, programme, url_name
):
    client.force_login(telekom_member)
    assert client.get(reverse(f"deals:{url_name}", args=[programme.pk])).status_code == 403


def test_the_lead_closes_the_programme(client, member, programme):
    client.force_login(member)
    client.post(reverse("deals:programme_close", args=[programme.pk]))

    programme.refresh_from_db()
    assert programme.status == "closed"
    assert "Invite an operator" not in client.get(programme.get_absolute_url()).content.decode()


def test_terms_out_of_bounds_are_refused_in_the_services_words(client, member, participation):
    client.force_login(member)
    response = client.post(
        reverse("deals:participation_terms", args=[participation.pk]),
        {"availability_target": "100", "support_response_hours": "4"},
    )

    assert response.status_code == 400
    assert "The availability target is between 90 and 99.999 %." in response.content.decode()
    participation.refresh_from_db()
    assert str(participation.availability_target) == "99.500"


def test_the_participant_keeps_its_escalation_contact_on_the_page(
    client, telekom_member, participation, jasper
):
    client.force_login(telekom_member)
    response = client.post(
        reverse("deals:participation_operations", args=[participation.pk]),
        {
            "escalation_name": "Telekom NOC",
            "escalation_email": "noc@telekom.example",
            "escalation_phone": "",
            "platform": jasper.pk,
        },
    )

    assert response.status_code == 302
    participation.refresh_from_db()
    assert (participation.escalation_name, participation.platform) == ("Telekom NOC", jasper)
