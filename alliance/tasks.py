"""Celery tasks of the membership app: thin, load by id, idempotent where they change state."""

from __future__ import annotations

from celery import shared_task
from django.contrib.auth import get_user_model
from django.urls import reverse

from alliance.emails import absolute_url, send_templated_email


@shared_task
def send_invitation_email(invitation_id: int) -> int:
    from alliance.models import Invitation

    invitation = Invitation.objects.select_related("operator", "invited_by").get(pk=invitation_id)
    if not invitation.is_usable:
        return 0
    return send_templated_email(
        template="invitation",
        to=[invitation.email],
        context={
            "invitation": invitation,
            "accept_url": absolute_url(invitation.get_absolute_url()),
        },
    )


@shared_task
def send_membership_request_email(membership_id: int) -> int:
    """Tell an operator's managers that someone from their email domain asks to join."""
    from alliance.models import Membership

    membership = Membership.objects.select_related("operator", "user").get(pk=membership_id)
    managers = Membership.objects.filter(
        operator=membership.operator,
        role=Membership.Role.MANAGER,
        status=Membership.Status.ACTIVE,
    ).values_list("user__email", flat=True)
    return send_templated_email(
        template="membership_request",
        to=managers,
        context={
            "membership": membership,
            "team_url": absolute_url(reverse("alliance:team", args=[membership.operator.slug])),
        },
    )


@shared_task
def send_membership_approved_email(membership_id: int) -> int:
    """Tell a person who asked to join through their email domain that they are in."""
    from alliance.models import Membership

    membership = Membership.objects.select_related("operator", "user").get(pk=membership_id)
    if not membership.is_active:
        return 0
    return send_templated_email(
        template="membership_approved",
        to=[membership.user.email],
        context={"membership": membership, "login_url": absolute_url(reverse("account_login"))},
    )


@shared_task
def send_application_received_email(application_id: int) -> int:
    """Acknowledge an operator application to its contact and tell the admins about it."""
    from alliance.models import OperatorApplication

    application = OperatorApplication.objects.get(pk=application_id)
    admins = get_user_model().objects.filter(is_staff=True, is_active=True)
    sent = send_templated_email(
        template="operator_application_received",
        to=[application.contact_email],
        context={"application": application},
    )
    return sent + send_templated_email(
        template="operator_application_to_review",
        to=admins.values_list("email", flat=True),
        context={
            "application": application,
            "review_url": absolute_url(reverse("alliance:staff_applications")),
        },
    )


@shared_task
def send_application_declined_email(application_id: int) -> int:
    from alliance.models import OperatorApplication

    application = OperatorApplication.objects.get(pk=application_id)
    return send_templated_email(
        template="operator_application_declined",
        to=[application.contact_email],
        context={"application": application},
    )


# --- standing -------------------------------------------------------------------------------------


@shared_task
def flag_inactive_members() -> list[str]:
    """The daily inactivity job (on beat); the same service as `manage.py flag_inactive_members`."""
    from alliance.standing import flag_inactive_members as run

    return run().lines()


def _staff_emails() -> list[str]:
    staff = get_user_model().objects.filter(is_staff=True, is_active=True)
    return list(staff.values_list("email", flat=True))


def _managers_by_operator(operator_ids) -> dict[int, list[str]]:
    from alliance.models import Membership

    managers: dict[int, list[str]] = {}
    for operator_id, email in Membership.objects.filter(
        operator__in=operator_ids, role=Membership.Role.MANAGER, status=Membership.Status.ACTIVE
    ).values_list("operator_id", "user__email"):
        managers.setdefault(operator_id, []).append(email)
    return managers


def _flags(flag_ids: list[int]):
    from alliance.models import StandingFlag

    return list(StandingFlag.objects.filter(pk__in=flag_ids).select_related("operator"))


@shared_task
def send_standing_flagged_emails(flag_ids: list[int]) -> int:
    """Tell each flagged operator's managers what to do before its grace ends; tell admins once."""
    flags = _flags(flag_ids)
    managers = _managers_by_operator([flag.operator_id for flag in flags])
    dashboard_url = absolute_url(reverse("alliance:dashboard"))
    sent = sum(
        send_templated_email(
            template="standing_flagged",
            to=managers.get(flag.operator_id, []),
            context={"flag": flag, "dashboard_url": dashboard_url},
        )
        for flag in flags
    )
    return sent + send_templated_email(
        template="standing_flagged_admins",
        to=_staff_emails(),
        context={"flags": flags, "pruning_url": absolute_url(reverse("alliance:standing_pruning"))},
    )


@shared_task
def send_standing_decision_email(audit_entry_id: int) -> int:
    """Tell an operator's managers what an admin decided about its standing, and why."""
    from alliance.models import AuditLogEntry
    from alliance.standing import DECISION_HEADLINES

    entry = AuditLogEntry.objects.select_related("operator").get(pk=audit_entry_id)
    return send_templated_email(
        template="standing_decision",
        to=_managers_by_operator([entry.operator_id]).get(entry.operator_id, []),
        context={
            "entry": entry,
            "operator": entry.operator,
            "headline": DECISION_HEADLINES[entry.action],
            "dashboard_url": absolute_url(reverse("alliance:dashboard")),
        },
    )


@shared_task
def send_standing_cleared_emails(flag_ids: list[int]) -> int:
    """Tell managers that their operator's flag cleared itself because it contributed again."""
    flags = _flags(flag_ids)
    managers = _managers_by_operator([flag.operator_id for flag in flags])
    return sum(
        send_templated_email(
            template="standing_cleared",
            to=managers.get(flag.operator_id, []),
            context={"flag": flag},
        )
        for flag in flags
    )


@shared_task
def send_standing_review_digest(flag_ids: list[int]) -> int:
    """One digest for admins of the flags whose grace period has just passed."""
    return send_templated_email(
        template="standing_review_digest",
        to=_staff_emails(),
        context={
            "flags": _flags(flag_ids),
            "pruning_url": absolute_url(reverse("alliance:standing_pruning")),
        },
    )
