"""Who may start and manage a programme, and what a programme is: the rules of
`deals.programmes.services` for programmes (participations: test_participation_rules.py)."""

from __future__ import annotations

import pytest
from django.db import IntegrityError, transaction

from alliance.errors import Conflict, Invalid, NotAllowed
from alliance.models import AuditLogEntry, Contribution
from deals.programmes import services
from deals.programmes.models import Programme
from tests.deals.programmes.helpers import TERMS, suspend
from tests.factories import (
    MembershipFactory,
    OperatorFactory,
    ParticipationFactory,
    PartnerApplicationFactory,
)


def start(by, **values):
    values = {"name": "Connected cars", "countries": ["FR", "DE", "fr"], **values}
    return services.start_programme(by=by, **values)


@pytest.mark.parametrize("who", ["member", "manager"])
def test_any_person_of_a_contributing_operator_starts_a_programme_that_their_operator_leads(
    request, who, operator, car_partner
):
    programme = start(request.getfixturevalue(who), partner=car_partner)

    assert programme.lead == operator
    assert programme.countries == ["DE", "FR"]
    assert programme.is_active


def test_starting_a_programme_credits_the_lead_and_is_audited(member, operator, car_partner):
    programme = start(member, partner=car_partner)

    credit = Contribution.objects.get(kind=Contribution.Kind.PROGRAMME_LED)
    assert (credit.operator, credit.target) == (operator, programme)
    assert AuditLogEntry.objects.filter(action="programme.started", object_id=programme.pk).exists()


def test_staff_do_not_start_programmes(admin_user, car_partner):
    with pytest.raises(NotAllowed, match="admin pages"):
        start(admin_user, partner=car_partner)


def test_a_suspended_operator_starts_nothing(member, operator, car_partner):
    suspend(operator)

    with pytest.raises(NotAllowed, match="suspended"):
        start(member, partner=car_partner)
    assert not Programme.objects.exists()


def test_a_programme_serves_a_partner_or_a_customer(member, car_partner):
    with pytest.raises(Invalid) as refused:
        start(member)
    assert refused.value.field == "partner"

    assert start(member, customer="EuroFleet Leasing").serves == "EuroFleet Leasing"
    both = start(member, name="Both", partner=car_partner, customer="EuroFleet")
    assert both.serves == "Mojio for EuroFleet"


def test_a_programme_serves_only_a_partner_that_accepts_deals(member):
    applicant = PartnerApplicationFactory(name="Fleetly")

    with pytest.raises(Invalid, match="not an active partner") as refused:
        start(member, partner=applicant)
    assert refused.value.field == "partner"


@pytest.mark.parametrize("countries", [["DE"], ["DE", "de"], [], ["DE", "XX"]])
def test_a_programme_crosses_at_least_two_known_countries(member, car_partner, countries):
    with pytest.raises(Invalid) as refused:
        start(member, partner=car_partner, countries=countries)
    assert refused.value.field == "countries"


def test_an_operator_leads_one_programme_of_a_name(member, car_partner):
    start(member, partner=car_partner)

    with pytest.raises(Conflict, match="already leads a programme named"):
        start(member, partner=car_partner)


def test_a_programme_belongs_only_to_a_bloc_its_lead_is_in(member, programme, bloc_member):
    bloc = programme.bloc
    other_lead = OperatorFactory()
    outsider = MembershipFactory(operator=other_lead).user

    assert start(member, name="In my bloc", customer="X", bloc=bloc).bloc == bloc
    with pytest.raises(Invalid, match="not an active member of M2M bloc") as refused:
        start(outsider, customer="X", bloc=bloc)
    assert refused.value.field == "bloc"


@pytest.mark.parametrize("who", ["telekom_member", "other_member", "admin_user"])
def test_only_the_lead_s_people_manage_the_programme(request, who, programme, telekom):
    user = request.getfixturevalue(who)

    with pytest.raises(NotAllowed):
        services.invite_participant(
            programme=programme, by=user, country="DE", operator=telekom, **TERMS
        )
    with pytest.raises(NotAllowed):
        services.update_programme(programme=programme, by=user, values={"name": "Mine now"})
    with pytest.raises(NotAllowed):
        services.close_programme(programme=programme, by=user)


def test_the_lead_renames_the_programme_and_changes_its_countries(member, programme):
    services.update_programme(
        programme=programme, by=member, values={"name": "Cars", "countries": ["DE", "AT"]}
    )

    programme.refresh_from_db()
    assert (programme.name, programme.countries) == ("Cars", ["AT", "DE"])


def test_a_country_someone_holds_stays_until_that_participation_is_withdrawn(
    member, programme, participation
):
    with pytest.raises(Conflict, match="withdraw that participation"):
        services.update_programme(
            programme=programme, by=member, values={"countries": ["FR", "PL"]}
        )

    services.withdraw_participation(participation=participation, by=member)
    services.update_programme(programme=programme, by=member, values={"countries": ["FR", "PL"]})
    programme.refresh_from_db()
    assert programme.countries == ["FR", "PL"]


def test_a_programme_s_partner_is_fixed(member, programme, car_partner):
    with pytest.raises(Invalid):
        services.update_programme(programme=programme, by=member, values={"partner": None})


def test_a_closed_programme_changes_no_more(member, programme, telekom, invitation):
    services.close_programme(programme=programme, by=member)

    with pytest.raises(Conflict, match="closed"):
        services.invite_participant(
            programme=programme, by=member, country="PL", operator=telekom, **TERMS
        )
    with pytest.raises(Conflict, match="closed"):
        services.update_programme(programme=programme, by=member, values={"name": "Again"})
    invitation.refresh_from_db()
    assert not invitation.can_be_answered_by(telekom)


def test_the_database_keeps_one_current_participant_per_country(programme, telekom, operator):
    ParticipationFactory(programme=programme, country="DE", operator=telekom)
    with pytest.raises(IntegrityError), transaction.atomic():
        ParticipationFactory(programme=programme, country="DE", operator=operator)
    ParticipationFactory(
        programme=programme,
        country="DE",
        operator=operator,
        status="declined",
        answer_reason="Not now.",
    )
