"""Mail of the partners app, sent by Celery tasks: thin, they load by id and send one message.

The services queue them once their transaction commits. They live apart from `partners.tasks`
(the scheduled work, which calls the services) so that the services can queue mail without
importing the module that imports them.

Notices to members are sent one message per recipient, so that people of different operators never
see each other's addresses.
"""

from __future__ import annotations

from celery import shared_task
from django.urls import reverse

from alliance.emails import absolute_url, send_templated_email
from alliance.models import Membership
from partners.application_mail import reviewer_emails
from partners.models import ApplicationDigest, Introduction, Partner


def _member_emails(operator_ids: list[int] | None = None) -> list[str]:
    """The people who act for operators that may contribute (of `operator_ids` if given)."""
    memberships = Membership.objects.active()
    if operator_ids is not None:
        memberships = memberships.filter(operator_id__in=operator_ids)
    return sorted(set(memberships.values_list("user__email", flat=True)))


def _send_each(*, template: str, to: list[str], context: dict) -> int:
    return sum(send_templated_email(template=template, to=[email], context=context) for email in to)


def _partner(partner_id: int) -> Partner:
    return Partner.objects.get(pk=partner_id)


def _introduction(introduction_id: int) -> Introduction:
    return Introduction.objects.select_related(
        "partner", "from_operator", "to_operator", "introduced_by", "answered_by"
    ).get(pk=introduction_id)


@shared_task
def send_application_received(partner_id: int) -> int:
    """The applicant's confirmation, with the private status link."""
    partner = _partner(partner_id)
    return send_templated_email(
        template="partner_application_received",
        to=[partner.contact_email],
        context={"partner": partner, "status_url": absolute_url(partner.get_status_url())},
    )


def _application_links() -> dict[str, str]:
    return {
        "queue_url": absolute_url(reverse("partners:review_queue")),
        "preference_url": absolute_url(reverse("partners:application_mail")),
    }


@shared_task
def notify_members_of_application(partner_id: int) -> int:
    """Tell the reviewers (staff, and members who chose to hear of each application) that a
    startup applied and waits for a sponsor; other members read of it in the daily digest."""
    partner = _partner(partner_id)
    return _send_each(
        template="partner_application_to_review",
        to=reviewer_emails(),
        context={
            "partner": partner,
            "partner_url": absolute_url(partner.get_absolute_url()),
            **_application_links(),
        },
    )


@shared_task
def send_application_digest(digest_id: int) -> int:
    """One reader's daily digest of new applications (those still waiting for a sponsor)."""
    digest = ApplicationDigest.objects.select_related("user").get(pk=digest_id)
    applications = list(digest.open_applications().select_related("duplicate_of"))
    if not applications or not digest.user.is_active:
        return 0
    return send_templated_email(
        template="partner_applications_digest",
        to=[digest.user.email],
        context={
            "applications": [
                (partner, absolute_url(partner.get_absolute_url())) for partner in applications
            ],
            **_application_links(),
        },
    )


@shared_task
def send_partner_sponsored(partner_id: int) -> int:
    partner = _partner(partner_id)
    sponsors = [s.operator.name for s in partner.sponsorships.select_related("operator")]
    return send_templated_email(
        template="partner_sponsored",
        to=[partner.contact_email],
        context={
            "partner": partner,
            "sponsors": sponsors,
            "status_url": absolute_url(partner.get_status_url()),
        },
    )


@shared_task
def send_application_declined(partner_id: int) -> int:
    partner = _partner(partner_id)
    return send_templated_email(
        template="partner_declined",
        to=[partner.contact_email],
        context={"partner": partner, "status_url": absolute_url(partner.get_status_url())},
    )


def _tell(introduction: Introduction, *, template: str, operator_ids: list[int]) -> int:
    """Mail the people of the introduction's operators `operator_ids` (an introduction is seen
    only by its two operators, so only they are ever written to about it)."""
    return _send_each(
        template=template,
        to=_member_emails(operator_ids),
        context={
            "introduction": introduction,
            "introduction_url": absolute_url(introduction.get_absolute_url()),
        },
    )


@shared_task
def notify_introduction_received(introduction_id: int) -> int:
    """Tell the recipient operator's managers and members about a new introduction."""
    introduction = _introduction(introduction_id)
    return _tell(
        introduction, template="introduction_received", operator_ids=[introduction.to_operator_id]
    )


@shared_task
def notify_introduction_answered(introduction_id: int) -> int:
    """Tell the introducing operator's people how the recipient answered."""
    introduction = _introduction(introduction_id)
    return _tell(
        introduction, template="introduction_answered", operator_ids=[introduction.from_operator_id]
    )


@shared_task
def send_introduction_reminder(introduction_id: int) -> int:
    introduction = _introduction(introduction_id)
    if introduction.status != introduction.Status.PROPOSED:
        return 0
    return _tell(
        introduction, template="introduction_reminder", operator_ids=[introduction.to_operator_id]
    )


@shared_task
def notify_introduction_expired(introduction_id: int) -> int:
    introduction = _introduction(introduction_id)
    return _tell(
        introduction,
        template="introduction_expired",
        operator_ids=[introduction.from_operator_id, introduction.to_operator_id],
    )
