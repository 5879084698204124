"""Membership writes: invitations, joining, operator applications. Each runs in one transaction
and leaves an audit entry; mail is sent by Celery tasks queued once the transaction commits."""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from alliance import outbox, summaries, tasks
from alliance.errors import Conflict, Invalid, NotAllowed
from alliance.ledger import audit, changed_fields
from alliance.models import (
    Invitation,
    Membership,
    Opco,
    Operator,
    OperatorApplication,
    OperatorEmailDomain,
    User,
)


def email_domain(email: str) -> str:
    return email.rsplit("@", 1)[-1].strip().lower()


def operator_for_email_domain(email: str) -> Operator | None:
    """The current operator that registered the email's domain for self sign-up, if any."""
    registered = (
        OperatorEmailDomain.objects.select_related("operator")
        .filter(domain=email_domain(email), operator__in=Operator.objects.contributing())
        .first()
    )
    return registered.operator if registered else None


def invite_member(*, operator: Operator, email: str, role: str, invited_by) -> Invitation:
    """Invite `email` to join `operator`; the invitation mail is sent once this commits."""
    email = email.strip().lower()
    if User.objects.filter(email__iexact=email).exists():
        raise Invalid(f"{email} already has an account in the portal.", field="email")
    with transaction.atomic():
        # An older open invitation (perhaps expired) is replaced, so the newest link works.
        Invitation.objects.open().filter(operator=operator, email=email).update(
            revoked_at=timezone.now()
        )
        invitation = Invitation.objects.create(
            operator=operator, email=email, role=role, invited_by=invited_by
        )
        audit(
            actor=invited_by,
            action="invitation.sent",
            target=invitation,
            operator=operator,
            changes={"email": email, "role": role},
        )
        outbox.enqueue(tasks.send_invitation_email, invitation.pk)
    return invitation


def revoke_invitation(*, invitation: Invitation, by) -> None:
    with transaction.atomic():
        invitation.revoked_at = timezone.now()
        invitation.save(update_fields=["revoked_at"])
        audit(
            actor=by, action="invitation.revoked", target=invitation, operator=invitation.operator
        )


def join_after_signup(*, user, invitation: Invitation | None) -> Membership | None:
    """Give a newly signed-up user their membership: active through a usable invitation for their
    email, or pending a manager's approval through a registered email domain."""
    with transaction.atomic():
        if invitation is not None:
            invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
        if invitation is not None and invitation.is_usable and invitation.email == user.email:
            membership = Membership.objects.create(
                user=user, operator=invitation.operator, role=invitation.role
            )
            invitation.accepted_at = timezone.now()
            invitation.save(update_fields=["accepted_at"])
            audit(
                actor=user,
                action="invitation.accepted",
                target=invitation,
                operator=invitation.operator,
            )
            return membership
        operator = operator_for_email_domain(user.email)
        if operator is None:
            return None
        membership = Membership.objects.create(
            user=user, operator=operator, status=Membership.Status.PENDING
        )
        audit(actor=user, action="membership.requested", target=membership, operator=operator)
        outbox.enqueue(tasks.send_membership_request_email, membership.pk)
        return membership


def approve_membership(*, membership: Membership, by) -> None:
    if membership.status != Membership.Status.PENDING:
        raise Conflict("This request has already been handled.")
    with transaction.atomic():
        membership.status = Membership.Status.ACTIVE
        membership.save(update_fields=["status"])
        audit(
            actor=by, action="membership.approved", target=membership, operator=membership.operator
        )
        outbox.enqueue(tasks.send_membership_approved_email, membership.pk)


@dataclass(frozen=True)
class AccessChange:
    """Turning a person's access off or back on: from which statuses, to which, audited how."""

    to: str
    action: str
    allowed_from: tuple[str, ...]
    refusal: str


DEACTIVATE = AccessChange(
    to=Membership.Status.INACTIVE,
    action="membership.deactivated",
    allowed_from=(Membership.Status.PENDING, Membership.Status.ACTIVE),
    refusal="This person’s access is already turned off.",
)
REACTIVATE = AccessChange(
    to=Membership.Status.ACTIVE,
    action="membership.reactivated",
    allowed_from=(Membership.Status.INACTIVE,),
    refusal="This person’s access is not turned off.",
)


def change_access(*, membership: Membership, by, change: AccessChange) -> None:
    """Take away a person's access — declining their request to join, or deactivating them
    (their contributions stay, credited to the operator) — or give it back: a mistaken
    deactivation must be undoable, since the person cannot be invited a second time."""
    if membership.user_id == by.pk:
        raise NotAllowed("You cannot change your own access; ask another manager.")
    if membership.status not in change.allowed_from:
        raise Conflict(change.refusal)
    with transaction.atomic():
        membership.status = change.to
        membership.save(update_fields=["status"])
        audit(actor=by, action=change.action, target=membership, operator=membership.operator)


deactivate_membership = partial(change_access, change=DEACTIVATE)
reactivate_membership = partial(change_access, change=REACTIVATE)


def change_role(*, membership: Membership, role: str, by) -> None:
    if membership.user_id == by.pk and role != Membership.Role.MANAGER:
        raise NotAllowed("You cannot step down yourself; ask another manager.")
    with transaction.atomic():
        before = membership.role
        membership.role = role
        membership.save(update_fields=["role"])
        audit(
            actor=by,
            action="membership.role_changed",
            target=membership,
            operator=membership.operator,
            changes={"role": [before, role]},
        )


def unique_operator_slug(name: str) -> str:
    base = slugify(name)[:100] or "operator"
    slug, n = base, 2
    while Operator.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


def approve_operator_application(*, application: OperatorApplication, by) -> Operator:
    """Create the operator and its opcos, and invite the applicant as its first manager."""
    with transaction.atomic():
        application = OperatorApplication.objects.select_for_update().get(pk=application.pk)
        if application.status != OperatorApplication.Status.PENDING:
            raise Conflict("This application has already been reviewed.")
        if Operator.objects.filter(name__iexact=application.name).exists():
            raise Conflict(f"An operator named {application.name} already exists.")
        operator = Operator.objects.create(
            name=application.name,
            slug=unique_operator_slug(application.name),
            hq_country=application.hq_country,
            website=application.website,
            objectives=application.objectives,
        )
        Opco.objects.bulk_create(
            Opco(operator=operator, country=code, brand_name=application.name)
            for code in application.footprint
        )
        summaries.changed("opcos")
        application.status = OperatorApplication.Status.APPROVED
        application.reviewed_by, application.reviewed_at = by, timezone.now()
        application.operator = operator
        application.save()
        audit(
            actor=by, action="operator_application.approved", target=application, operator=operator
        )
        invite_member(
            operator=operator,
            email=application.contact_email,
            role=Membership.Role.MANAGER,
            invited_by=by,
        )
    return operator


def decline_operator_application(*, application: OperatorApplication, by, reason: str) -> None:
    with transaction.atomic():
        application = OperatorApplication.objects.select_for_update().get(pk=application.pk)
        if application.status != OperatorApplication.Status.PENDING:
            raise Conflict("This application has already been reviewed.")
        application.status = OperatorApplication.Status.DECLINED
        application.decision_reason = reason
        application.reviewed_by, application.reviewed_at = by, timezone.now()
        application.save()
        audit(actor=by, action="operator_application.declined", target=application, reason=reason)
        outbox.enqueue(tasks.send_application_declined_email, application.pk)


def submit_operator_application(*, application: OperatorApplication) -> OperatorApplication:
    with transaction.atomic():
        application.save()
        outbox.enqueue(tasks.send_application_received_email, application.pk)
    return application


# --- Operator profile and opcos (shared by the web pages and the API) -----------------------------
PROFILE_FIELDS = ("name", "hq_country", "website", "objectives", "focus_categories")


def update_operator_profile(
    *, operator: Operator, by, email_domains: list[str] | None = None, **fields
) -> Operator:
    """Change an operator's profile fields (any of PROFILE_FIELDS) and, when given, replace its
    registered email domains; the audit entry keeps each changed field's before and after."""
    unknown = set(fields) - set(PROFILE_FIELDS)
    if unknown:
        raise ValueError(f"Not profile fields: {', '.join(sorted(unknown))}")
    with transaction.atomic():
        operator = Operator.objects.select_for_update().get(pk=operator.pk)
        initial = {name: getattr(operator, name) for name in fields}
        for name, value in fields.items():
            setattr(operator, name, value)
        changes = changed_fields(operator, initial)
        if changes:
            operator.save(update_fields=[*changes, "updated_at"])
        if email_domains is not None:
            before = sorted(operator.email_domains.values_list("domain", flat=True))
            after = sorted({domain.strip().lower() for domain in email_domains})
            if before != after:
                _replace_email_domains(operator=operator, domains=after)
                changes["email_domains"] = [", ".join(before), ", ".join(after)]
        if changes:
            audit(
                actor=by,
                action="operator.updated",
                target=operator,
                operator=operator,
                changes=changes,
            )
    return operator


def _replace_email_domains(*, operator: Operator, domains: list[str]) -> None:
    taken = (
        OperatorEmailDomain.objects.filter(domain__in=domains)
        .exclude(operator=operator)
        .values_list("domain", flat=True)
    )
    if taken:
        raise Invalid(
            f"{', '.join(sorted(taken))} is already registered by another operator.",
            field="email_domains",
        )
    operator.email_domains.exclude(domain__in=domains).delete()
    existing = set(operator.email_domains.values_list("domain", flat=True))
    OperatorEmailDomain.objects.bulk_create(
        OperatorEmailDomain(operator=operator, domain=domain)
        for domain in domains
        if domain not in existing
    )


def _check_opco_country_free(*, operator: Operator, country: str, opco: Opco | None) -> None:
    duplicates = Opco.objects.filter(operator=operator, country=country)
    if opco is not None:
        duplicates = duplicates.exclude(pk=opco.pk)
    if duplicates.exists():
        country_name = Opco(country=country).country.name
        raise Invalid(f"{operator} already has an opco in {country_name}.", field="country")


def create_opco(*, operator: Operator, country: str, brand_name: str, by) -> Opco:
    with transaction.atomic():
        _check_opco_country_free(operator=operator, country=country, opco=None)
        opco = Opco.objects.create(operator=operator, country=country, brand_name=brand_name)
        summaries.changed("opcos")
        audit(
            actor=by,
            action="opco.created",
            target=opco,
            operator=operator,
            changes={"country": ["", str(country)], "brand_name": ["", brand_name]},
        )
    return opco


def update_opco(*, opco: Opco, by, **fields) -> Opco:
    """Change an opco's country and/or brand name (one opco per country and operator)."""
    with transaction.atomic():
        opco = Opco.objects.select_for_update().select_related("operator").get(pk=opco.pk)
        initial = {name: getattr(opco, name) for name in fields}
        if "country" in fields:
            _check_opco_country_free(operator=opco.operator, country=fields["country"], opco=opco)
        for name, value in fields.items():
            setattr(opco, name, value)
        changes = changed_fields(opco, initial)
        if changes:
            opco.save(update_fields=list(changes))
            summaries.changed("opcos")
            audit(
                actor=by,
                action="opco.updated",
                target=opco,
                operator=opco.operator,
                changes=changes,
            )
    return opco


def delete_opco(*, opco: Opco, by) -> None:
    with transaction.atomic():
        audit(
            actor=by,
            action="opco.deleted",
            target=opco,
            operator=opco.operator,
            changes={"country": [str(opco.country), ""], "brand_name": [opco.brand_name, ""]},
        )
        opco.delete()
        summaries.changed("opcos")


def save_opcos(
    *,
    operator: Operator,
    by,
    created: list[dict],
    updated: list[tuple[Opco, dict]],
    deleted: list[Opco],
) -> None:
    """Apply one submission of the opcos form, all or nothing. Deletions go first so a country
    can move from a removed opco to a new one in the same submission."""
    with transaction.atomic():
        for opco in deleted:
            delete_opco(opco=opco, by=by)
        for opco, fields in updated:
            update_opco(opco=opco, by=by, **fields)
        for fields in created:
            create_opco(operator=operator, by=by, **fields)
