"""Writes of M2M/IoT capabilities: which platforms each opco runs and which M2M services it offers
(its operator's managers, and staff), and the platform catalogue (staff). Every write runs in one
transaction with its audit entry. Pages, the API and the admin all call these."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from django.db import transaction

from alliance.errors import Conflict, Invalid, NotAllowed
from alliance.ledger import audit, changed_fields
from alliance.models import M2MService, Opco, OpcoPlatform, OpcoService, Operator, Platform
from alliance.permissions import acting_operator
from alliance.text import possessive

PLATFORM_FIELDS = ("name", "slug", "vendor", "description", "owner")


# --- Who may change an operator's opcos' capabilities -------------------------------------------
def may_edit_m2m(user, operator: Operator) -> bool:
    """The same rule as the operator's profile and opcos: its managers while it may contribute,
    and staff (`Operator.objects.editable_by`)."""
    return Operator.objects.editable_by(user).filter(pk=operator.pk).exists()


def check_may_edit_m2m(user, operator: Operator) -> None:
    """`NotAllowed`, with the reason, unless `user` may change `operator`'s opcos' platforms and
    services."""
    if may_edit_m2m(user, operator):
        return
    if not user.is_staff:
        acting_operator(user)  # says so when the user's own operator is suspended
    raise NotAllowed(
        f"Only {possessive(operator.name)} managers and the alliance admins may change its opcos' "
        "platforms and services."
    )


# --- An opco's platforms and services -----------------------------------------------------------
def _labels(values: Iterable[str]) -> str:
    return ", ".join(sorted(values))


def set_opco_m2m(*, opco: Opco, platforms: Iterable[Platform], services: Iterable[str], by) -> bool:
    """Make `platforms` and `services` the whole list of what `opco` runs and offers. Returns
    whether anything changed (then an audit entry records before and after)."""
    check_may_edit_m2m(by, opco.operator)
    platforms = {platform.pk: platform for platform in platforms}
    services = set(services)
    unknown = services - set(M2MService.values)
    if unknown:
        raise Invalid(f"{_labels(unknown)} is not an M2M service we know.", field="services")
    for platform in platforms.values():
        if not platform.may_run_at(opco):
            raise Invalid(
                f"{platform.name} is {possessive(platform.owner.name)} own platform: "
                "only its opcos run it.",
                field="platforms",
            )
    with transaction.atomic():
        opco = Opco.objects.select_for_update().select_related("operator").get(pk=opco.pk)
        had_platforms = dict(
            opco.platform_links.values_list("platform_id", "platform__name").order_by()
        )
        had_services = set(opco.m2m_services.values_list("service", flat=True))
        if set(had_platforms) == set(platforms) and had_services == services:
            return False
        opco.platform_links.exclude(platform_id__in=platforms).delete()
        OpcoPlatform.objects.bulk_create(
            OpcoPlatform(opco=opco, platform_id=pk) for pk in platforms if pk not in had_platforms
        )
        opco.m2m_services.exclude(service__in=services).delete()
        OpcoService.objects.bulk_create(
            OpcoService(opco=opco, service=service)
            for service in services
            if service not in had_services
        )
        labels = dict(M2MService.choices)
        audit(
            actor=by,
            action="opco.m2m_updated",
            target=opco,
            operator=opco.operator,
            changes={
                "platforms": [
                    _labels(had_platforms.values()),
                    _labels(p.name for p in platforms.values()),
                ],
                "services": [
                    _labels(labels[s] for s in had_services),
                    _labels(labels[s] for s in services),
                ],
            },
        )
    return True


def save_operator_m2m(
    *, operator: Operator, by, entries: Sequence[tuple[Opco, Iterable[Platform], Iterable[str]]]
) -> int:
    """Apply one submission of the capabilities page (an entry per opco), all or nothing.
    Returns how many opcos changed."""
    check_may_edit_m2m(by, operator)
    strangers = [opco for opco, _, _ in entries if opco.operator_id != operator.pk]
    if strangers:
        raise Invalid(f"{strangers[0]} is not one of {possessive(operator.name)} opcos.")
    with transaction.atomic():
        return sum(
            set_opco_m2m(opco=opco, platforms=platforms, services=services, by=by)
            for opco, platforms, services in entries
        )


# --- The platform catalogue (staff) -------------------------------------------------------------
def _check_staff(user) -> None:
    if not (user.is_authenticated and user.is_staff):
        raise NotAllowed("Only the alliance admins keep the catalogue of platforms.")


def check_owner_fits(*, platform: Platform, owner: Operator | None) -> None:
    """An own platform is run only by its owner's opcos; so a platform that other operators'
    opcos run cannot become one operator's own."""
    if owner is None or platform.pk is None:
        return
    if platform.opco_links.exclude(opco__operator=owner).exists():
        raise Invalid(
            f"Opcos of other operators run {platform.name}: it cannot be "
            f"{possessive(owner.name)} own platform.",
            field="owner",
        )


def create_platform(*, by, **fields) -> Platform:
    """Add a platform to the catalogue (`fields`: any of PLATFORM_FIELDS)."""
    _check_staff(by)
    with transaction.atomic():
        platform = Platform.objects.create(**fields)
        audit(
            actor=by,
            action="platform.created",
            target=platform,
            operator=platform.owner,
            changes={name: ["", str(getattr(platform, name) or "")] for name in fields},
        )
    return platform


def update_platform(*, platform: Platform, by, **fields) -> Platform:
    """Change a catalogue entry's fields (any of PLATFORM_FIELDS); the audit entry keeps each
    changed field's before and after."""
    _check_staff(by)
    with transaction.atomic():
        platform = Platform.objects.select_for_update().get(pk=platform.pk)
        initial = {name: getattr(platform, name) for name in fields}
        for name, value in fields.items():
            setattr(platform, name, value)
        check_owner_fits(platform=platform, owner=platform.owner)
        changes = changed_fields(platform, initial)
        if changes:
            platform.save()
            audit(
                actor=by,
                action="platform.updated",
                target=platform,
                operator=platform.owner,
                changes=changes,
            )
    return platform


def delete_platform(*, platform: Platform, by) -> None:
    """Remove a platform from the catalogue; refused while opcos still run it."""
    _check_staff(by)
    with transaction.atomic():
        running = platform.opco_links.count()
        if running:
            opcos = "1 opco still runs" if running == 1 else f"{running} opcos still run"
            raise Conflict(
                f"{opcos} {platform.name}: take it off them before removing it from the catalogue."
            )
        audit(actor=by, action="platform.deleted", target=platform, operator=platform.owner)
        platform.delete()
