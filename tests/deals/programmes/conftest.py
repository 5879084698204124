"""Programme fixtures. Orange (`operator`, with `member` and `manager`) leads a connected-car
programme for Mojio in Germany, France and Poland; Deutsche Telekom (`telekom`) is invited to, or
takes part in, Germany; Millicom (`other_operator`, `other_member`) has nothing to do with it."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from alliance.models import Bloc, BlocMembership, M2MService
from tests.factories import (
    ManagerMembershipFactory,
    MembershipFactory,
    OpcoFactory,
    OperatorFactory,
    ParticipationFactory,
    PartnerFactory,
    PlatformFactory,
    ProgrammeFactory,
    give_capabilities,
)


@pytest.fixture
def car_partner(db):
    return PartnerFactory(name="Mojio", slug="mojio", category="iot_m2m", countries=["CA", "DE"])


@pytest.fixture
def jasper(db):
    return PlatformFactory(name="Cisco IoT Control Center (Jasper)", slug="cisco-jasper")


@pytest.fixture
def lead_footprint(operator):
    return [
        OpcoFactory(operator=operator, country=c, brand_name=f"Orange {c}") for c in ("FR", "PL")
    ]


@pytest.fixture
def telekom(db, jasper):
    telekom = OperatorFactory(name="Deutsche Telekom", slug="deutsche-telekom", hq_country="DE")
    for country in ("DE", "PL", "AT"):
        opco = OpcoFactory(operator=telekom, country=country, brand_name=f"Telekom {country}")
        if country == "DE":
            give_capabilities(opco, platforms=[jasper], services=[M2MService.PERMANENT_ROAMING])
    return telekom


@pytest.fixture
def telekom_member(telekom):
    return MembershipFactory(operator=telekom, user__email="member@telekom.example").user


@pytest.fixture
def telekom_manager(telekom):
    return ManagerMembershipFactory(operator=telekom, user__email="manager@telekom.example").user


@pytest.fixture
def programme(operator, lead_footprint, car_partner):
    return ProgrammeFactory(
        lead=operator, name="Connected cars", partner=car_partner, countries=["DE", "FR", "PL"]
    )


@pytest.fixture
def invitation(programme, telekom, member):
    return ParticipationFactory(
        programme=programme,
        country="DE",
        operator=telekom,
        invited_by=member,
        response_due_on=timezone.localdate() + timedelta(days=10),
    )


@pytest.fixture
def participation(programme, telekom, member):
    """Telekom takes part in Germany (since two months)."""
    return ParticipationFactory(programme=programme, country="DE", operator=telekom, accepted=True)


@pytest.fixture
def bloc_member(programme, operator, db):
    """A member of BT, which is in the programme's bloc with its lead (Orange)."""
    bt = OperatorFactory(name="BT", slug="bt")
    bloc = Bloc.objects.create(
        name="M2M bloc", slug="m2m-bloc", purpose="Connected things.", proposed_by_operator=operator
    )
    for member_operator in (operator, bt):
        BlocMembership.objects.create(
            bloc=bloc,
            operator=member_operator,
            status=BlocMembership.Status.ACTIVE,
            invited_at=timezone.now(),
            responded_at=timezone.now(),
        )
    programme.bloc = bloc
    programme.save()
    return MembershipFactory(operator=bt, user__email="member@bt.example").user
