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
        context={"invitation": invitation, "accept_url": absolute_url(invitation.get_absolute_url())},
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
        context={"application": application, "review_url": absolute_url(reverse("alliance:staff_applications"))},
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
