"""Demo data of blocs: the M2M bloc of Orange, Deutsche Telekom and TeliaSonera, proposed by
Deutsche Telekom's manager and accepted by the managers of the two others, through the services
(so its audit entries are what real use leaves). Idempotent: an existing bloc is left alone, and
an invitation is answered only while it is open. The bloc-visible demo deal and lesson are in
deals.demo and lessons.demo."""

from __future__ import annotations

from typing import TextIO

from alliance.blocs import services
from alliance.choices import Category
from alliance.models import Bloc, BlocMembership, Operator, User

M2M_BLOC = "m2m-bloc"
M2M_BLOC_NAME = "M2M bloc"
PROPOSER = "deutsche-telekom"
MEMBERS = ("orange", "teliasonera")
PURPOSE = (
    "One connected-car and logistics offer across our European footprints: quality of service, "
    "trouble-shooting between our IoT operations centres and SLAs agreed between us, and one "
    "platform where we can, so that a multinational customer signs once for all our countries."
)


def _manager(slug: str) -> User:
    return User.objects.get(email=f"manager@{slug}.example")


def seed(*, stdout: TextIO) -> None:
    bloc = Bloc.objects.filter(slug=M2M_BLOC).first()
    if bloc is None:
        bloc = services.propose_bloc(
            by=_manager(PROPOSER),
            name=M2M_BLOC_NAME,
            purpose=PURPOSE,
            focus_categories=[Category.IOT_M2M],
            invite=list(Operator.objects.filter(slug__in=MEMBERS)),
        )
    for slug in MEMBERS:
        if bloc.memberships.filter(
            operator__slug=slug, status=BlocMembership.Status.INVITED
        ).exists():
            services.accept_invitation(bloc=bloc, by=_manager(slug))
    members = bloc.memberships.filter(status=BlocMembership.Status.ACTIVE).count()
    stdout.write(f"Blocs: {bloc.name} with {members} members.\n")
