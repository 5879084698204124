"""Participations: inviting one operator per country, answering, withdrawing, the SLA, and the link
to the participant's ordinary per-country deal (`deals.programmes.services`)."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core import mail
from django.utils import timezone

from alliance.errors import Conflict, Invalid, NotAllowed
from alliance.models import Bloc, BlocMembership, Contribution
from deals.models import Deal, DealType
from deals.programmes import services
from deals.programmes.models import Participation
from tests.deals.programmes.helpers import TERMS, mails_to, suspend
from tests.factories import DealFactory, PartnerFactory, PlatformFactory


def invite(programme, by, operator, country="DE", **values):
    return services.invite_participant(
        programme=programme, by=by, country=country, operator=operator, **{**TERMS, **values}
    )


# --- Inviting ----------------------------------------------------------------------------------
def test_the_lead_invites_an_operator_whose_footprint_has_the_country(
    programme, member, telekom, telekom_manager, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        participation = invite(programme, member, telekom)

    assert participation.status == Participation.Status.INVITED
    assert participation.response_due_on == timezone.localdate() + timedelta(days=14)
    [message] = mails_to(mail.outbox, telekom_manager.email)
    assert "invites you to serve Germany" in message.subject
    assert participation.get_absolute_url() in message.body


def test_an_operator_without_an_opco_in_the_country_is_not_invited(
    programme, member, other_operator
):
    with pytest.raises(Invalid, match="Millicom has no opco in Germany") as refused:
        invite(programme, member, other_operator)
    assert refused.value.field == "operator"


def test_only_the_programme_s_countries_are_served(programme, member, telekom):
    with pytest.raises(Invalid, match="Austria is not one of the programme's countries"):
        invite(programme, member, telekom, country="AT")


def test_one_participant_per_country(programme, member, telekom, invitation, operator):
    with pytest.raises(Conflict, match="Deutsche Telekom is already invited in Germany"):
        invite(programme, member, telekom)


@pytest.mark.parametrize("ending", ["declined", "withdrawn"])
def test_a_declined_or_withdrawn_invitation_frees_the_country(
    programme, member, telekom, telekom_member, invitation, ending
):
    if ending == "declined":
        services.answer_invitation(
            participation=invitation, by=telekom_member, accept=False, reason="Fully booked."
        )
    else:
        services.withdraw_participation(participation=invitation, by=member)

    again = invite(programme, member, telekom)
    assert again.status == Participation.Status.INVITED


def test_a_suspended_operator_is_not_invited(programme, member, telekom):
    suspend(telekom)

    with pytest.raises(Invalid, match="cannot take part") as refused:
        invite(programme, member, telekom)
    assert refused.value.field == "operator"


def test_a_suspended_lead_invites_no_one(programme, member, operator, telekom):
    suspend(operator)

    with pytest.raises(NotAllowed, match="suspended"):
        invite(programme, member, telekom)


def test_the_lead_takes_part_itself_where_it_has_an_opco_at_once(
    programme, member, operator, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        own = invite(programme, member, operator, country="FR")

    assert own.status == Participation.Status.ACCEPTED
    assert Contribution.objects.filter(
        kind=Contribution.Kind.PROGRAMME_JOINED, operator=operator
    ).exists()
    assert mail.outbox == []
    with pytest.raises(Invalid, match="Orange has no opco in Germany"):
        invite(programme, member, operator, country="DE")


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"availability_target": Decimal("100")}, "availability_target"),
        ({"availability_target": Decimal("89.9")}, "availability_target"),
        ({"support_response_hours": 0}, "support_response_hours"),
        ({"support_response_hours": 169}, "support_response_hours"),
    ],
)
def test_the_sla_terms_stay_within_bounds(programme, member, telekom, values, field):
    with pytest.raises(Invalid) as refused:
        invite(programme, member, telekom, **values)
    assert refused.value.field == field


def test_permanent_roaming_is_allowed_only_where_the_opco_allows_it(programme, member, telekom):
    assert invite(programme, member, telekom, permanent_roaming_allowed=True).pk  # Germany does
    with pytest.raises(Invalid, match="does not allow permanent roaming"):
        invite(programme, member, telekom, country="PL", permanent_roaming_allowed=True)


def test_an_answer_is_due_after_today(programme, member, telekom):
    with pytest.raises(Invalid) as refused:
        invite(programme, member, telekom, response_due_on=timezone.localdate())
    assert refused.value.field == "response_due_on"


# --- Answering ---------------------------------------------------------------------------------
@pytest.mark.parametrize("who", ["telekom_member", "telekom_manager"])
def test_the_invited_operator_s_people_accept_and_take_part(
    request, who, invitation, telekom, jasper, manager, django_capture_on_commit_callbacks
):
    user = request.getfixturevalue(who)
    with django_capture_on_commit_callbacks(execute=True):
        services.answer_invitation(
            participation=invitation,
            by=user,
            accept=True,
            operations={"escalation_name": "NOC", "platform": jasper},
        )

    invitation.refresh_from_db()
    assert (invitation.status, invitation.platform, invitation.answered_by) == (
        "accepted",
        jasper,
        user,
    )
    credit = Contribution.objects.get(kind=Contribution.Kind.PROGRAMME_JOINED)
    assert (credit.operator, credit.target) == (telekom, invitation)
    [message] = mails_to(mail.outbox, manager.email)
    assert "takes part in Germany" in message.subject


@pytest.mark.parametrize("who", ["member", "manager", "other_member", "admin_user"])
def test_only_the_invited_operator_answers(request, who, invitation):
    with pytest.raises(NotAllowed):
        services.answer_invitation(
            participation=invitation, by=request.getfixturevalue(who), accept=True
        )


def test_a_decline_says_why_and_the_lead_reads_it(
    invitation, telekom_member, manager, django_capture_on_commit_callbacks
):
    with pytest.raises(Invalid) as refused:
        services.answer_invitation(participation=invitation, by=telekom_member, accept=False)
    assert refused.value.field == "reason"

    with django_capture_on_commit_callbacks(execute=True):
        services.answer_invitation(
            participation=invitation, by=telekom_member, accept=False, reason="Fully booked."
        )
    invitation.refresh_from_db()
    assert (invitation.status, invitation.answer_reason) == ("declined", "Fully booked.")
    [message] = mails_to(mail.outbox, manager.email)
    assert "Fully booked." in message.body


def test_an_invitation_is_answered_once(invitation, telekom_member):
    services.answer_invitation(participation=invitation, by=telekom_member, accept=True)

    with pytest.raises(Conflict, match="taking part: it can no longer be answered"):
        services.answer_invitation(participation=invitation, by=telekom_member, accept=True)


def test_an_invitation_past_its_due_date_is_not_answered(invitation, telekom_member):
    invitation.response_due_on = timezone.localdate() - timedelta(days=1)
    invitation.save()

    assert invitation.state == "overdue"
    with pytest.raises(Conflict, match="was due for an answer"):
        services.answer_invitation(participation=invitation, by=telekom_member, accept=True)


def test_a_suspended_invited_operator_answers_nothing(invitation, telekom, telekom_manager):
    suspend(telekom)

    with pytest.raises(NotAllowed, match="suspended"):
        services.answer_invitation(participation=invitation, by=telekom_manager, accept=True)


def test_the_platform_is_one_the_participant_s_opco_runs(invitation, telekom_member):
    elsewhere = PlatformFactory(name="Nokia WING", slug="nokia-wing")

    with pytest.raises(Invalid, match="Telekom DE \\(Germany\\) does not run Nokia WING"):
        services.answer_invitation(
            participation=invitation,
            by=telekom_member,
            accept=True,
            operations={"platform": elsewhere},
        )


# --- Withdrawing and the SLA -------------------------------------------------------------------
def test_only_the_lead_withdraws_a_participant(participation, telekom_member, member):
    with pytest.raises(NotAllowed):
        services.withdraw_participation(participation=participation, by=telekom_member)

    services.withdraw_participation(participation=participation, by=member, reason="Re-tender.")
    participation.refresh_from_db()
    assert participation.status == Participation.Status.WITHDRAWN
    with pytest.raises(Conflict, match="already withdrawn"):
        services.withdraw_participation(participation=participation, by=member)


def test_the_lead_sets_the_terms_and_the_participant_its_contact_and_platform(
    participation, member, telekom_member, jasper
):
    services.update_sla(
        participation=participation, by=member, values={"availability_target": Decimal("99.9")}
    )
    services.update_sla(
        participation=participation,
        by=telekom_member,
        values={"escalation_phone": "+49 800 1", "platform": jasper},
    )

    participation.refresh_from_db()
    assert participation.availability_target == Decimal("99.9")
    assert (participation.escalation_phone, participation.platform) == ("+49 800 1", jasper)
    with pytest.raises(NotAllowed):
        services.update_sla(
            participation=participation, by=telekom_member, values={"support_response_hours": 48}
        )
    with pytest.raises(NotAllowed):
        services.update_sla(
            participation=participation, by=member, values={"escalation_name": "Our own"}
        )
    with pytest.raises(Invalid):
        services.update_sla(participation=participation, by=member, values={"deal": None})


# --- The participation's deal ------------------------------------------------------------------
def test_the_participant_links_its_open_deal_for_the_partner_in_that_country(
    participation, telekom, telekom_member, car_partner
):
    deal = DealFactory(operator=telekom, partner=car_partner, country="DE")

    services.link_deal(participation=participation, by=telekom_member, deal=deal)

    participation.refresh_from_db()
    assert participation.deal == deal


@pytest.mark.parametrize(
    ("deal_of", "message"),
    [
        ({"country": "PL"}, "That deal is in Poland, not in Germany."),
        ({"operator": "other"}, "That deal is not Deutsche Telekom's."),
        ({"partner": "other"}, "That deal is with Spotify, not with Mojio."),
        ({"stage": "ended"}, "That deal is ended: link an open deal, or log a new one."),
    ],
)
def test_a_participation_s_deal_is_the_participant_s_open_deal_for_the_partner_there(
    participation, telekom, telekom_member, car_partner, other_operator, deal_of, message
):
    values = {"operator": telekom, "partner": car_partner, "country": "DE", **deal_of}
    if values["operator"] == "other":
        values["operator"] = other_operator
    if values["partner"] == "other":
        values["partner"] = PartnerFactory(name="Spotify", slug="spotify")
    deal = DealFactory(**values)

    with pytest.raises(Invalid, match=message.replace("(", "\\(")):
        services.link_deal(participation=participation, by=telekom_member, deal=deal)


def test_only_the_participant_links_its_deal(participation, telekom, member, car_partner):
    deal = DealFactory(operator=telekom, partner=car_partner, country="DE")

    with pytest.raises(NotAllowed):
        services.link_deal(participation=participation, by=member, deal=deal)


def test_an_invited_operator_links_its_deal_once_it_takes_part(
    invitation, telekom, telekom_member, car_partner
):
    deal = DealFactory(operator=telekom, partner=car_partner, country="DE")

    with pytest.raises(Conflict, match="does not take part in Germany \\(invited\\)"):
        services.link_deal(participation=invitation, by=telekom_member, deal=deal)
    services.answer_invitation(participation=invitation, by=telekom_member, accept=True, deal=deal)
    invitation.refresh_from_db()
    assert invitation.deal == deal


def test_the_participant_logs_its_deal_through_the_deals_rules_and_it_is_linked(
    participation, telekom, telekom_member, car_partner
):
    services.log_participation_deal(
        participation=participation, by=telekom_member, values={"stage": "negotiating"}
    )

    participation.refresh_from_db()
    deal = Deal.objects.get()
    assert participation.deal == deal
    assert (deal.operator, deal.partner, deal.country.code) == (telekom, car_partner, "DE")
    assert (deal.deal_type, deal.stage) == (DealType.IOT_CONNECTIVITY, "negotiating")
    assert Contribution.objects.filter(kind=Contribution.Kind.DEAL_LOGGED).exists()
    with pytest.raises(Conflict, match="already has an open deal with Mojio in Germany"):
        services.log_participation_deal(
            participation=participation, by=telekom_member, values={"stage": "exploring"}
        )


def test_a_customer_programme_s_deal_is_linked_not_logged(
    participation, programme, telekom, telekom_member
):
    programme.partner, programme.customer = None, "EuroFleet"
    programme.save()
    any_partner = DealFactory(operator=telekom, country="DE")

    with pytest.raises(NotAllowed, match="serves a customer"):
        services.log_participation_deal(
            participation=participation, by=telekom_member, values={"stage": "exploring"}
        )
    services.link_deal(participation=participation, by=telekom_member, deal=any_partner)


def test_the_participant_s_new_deal_may_be_shared_with_its_bloc_by_the_deals_rules(
    participation, telekom, telekom_member, operator
):
    bloc = Bloc.objects.create(
        name="IoT bloc", slug="iot-bloc", purpose="Cars.", proposed_by_operator=telekom
    )
    BlocMembership.objects.create(
        bloc=bloc,
        operator=telekom,
        status=BlocMembership.Status.ACTIVE,
        invited_at=timezone.now(),
        responded_at=timezone.now(),
    )
    other = Bloc.objects.create(
        name="Not mine", slug="not-mine", purpose="Other.", proposed_by_operator=operator
    )

    with pytest.raises(Invalid):
        services.log_participation_deal(
            participation=participation,
            by=telekom_member,
            values={"stage": "exploring", "visibility": "bloc", "bloc": other},
        )
    services.log_participation_deal(
        participation=participation,
        by=telekom_member,
        values={"stage": "exploring", "visibility": "bloc", "bloc": bloc},
    )
    participation.refresh_from_db()
    assert (participation.deal.visibility, participation.deal.bloc) == ("bloc", bloc)
