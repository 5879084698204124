"""Celery tasks of the membership app: thin, load by id, idempotent where they change state.

Standing's tasks live in alliance/standing/ under their historical names
(`alliance.tasks.flag_inactive_members` for the daily job, `alliance.tasks.send_standing_*` for its
mail); importing them here is what registers them with Celery's autodiscovery of `tasks` modules.
"""

from __future__ import annotations

from celery import shared_task
from django.urls import reverse

from alliance.blocs.mail import send_bloc_invitation  # noqa: F401 - registered with Celery
from alliance.emails import absolute_url, send_templated_email
from alliance.models import Invitation, Membership, OperatorApplication, User
from alliance.standing.mail import (  # noqa: F401 - registered with Celery
    send_standing_cleared_emails,
    send_standing_decision_email,
    send_standing_flagged_emails,
    send_standing_review_digest,
)
from alliance.standing.tasks import flag_inactive_members  # noqa: F401 - the beat task


@shared_task
def send_invitation_email(invitation_id: int) -> int:
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
    membership = Membership.objects.select_related("operator", "user").get(pk=membership_id)
    managers = (
        Membership.objects.active_managers()
        .filter(operator=membership.operator)
        .values_list("user__email", flat=True)
    )
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
    application = OperatorApplication.objects.get(pk=application_id)
    sent = send_templated_email(
        template="operator_application_received",
        to=[application.contact_email],
        context={"application": application},
    )
    return sent + send_templated_email(
        template="operator_application_to_review",
        to=User.objects.active_staff().values_list("email", flat=True),
        context={
            "application": application,
            "review_url": absolute_url(reverse("alliance:staff_applications")),
        },
    )


@shared_task
def send_application_declined_email(application_id: int) -> int:
    application = OperatorApplication.objects.get(pk=application_id)
    return send_templated_email(
        template="operator_application_declined",
        to=[application.contact_email],
        context={"application": application},
    )
