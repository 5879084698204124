"""Celery tasks of the deals app: thin, load by id."""

from __future__ import annotations

from celery import shared_task

from alliance.emails import absolute_url, send_templated_email
from alliance.models import Membership
from deals.models import Deal, Visibility


@shared_task
def notify_exclusive_conflict(deal_id: int) -> int:
    """Tell the managers of every operator whose open deal clashes with `deal` (one of the two
    exclusive). A private deal tells no one: its existence is not theirs to know."""
    deal = Deal.objects.select_related("partner", "operator").get(pk=deal_id)
    if deal.visibility == Visibility.PRIVATE:
        return 0
    sent = 0
    for rival in Deal.objects.rivals_of(deal).select_related("operator"):
        managers = (
            Membership.objects.active_managers()
            .filter(operator_id=rival.operator_id)
            .values_list("user__email", flat=True)
        )
        if managers:
            sent += send_templated_email(
                template="deal_conflict",
                to=list(managers),
                context={
                    "deal": deal,
                    "rival": rival,
                    "deal_url": absolute_url(deal.get_absolute_url()),
                    "rival_url": absolute_url(rival.get_absolute_url()),
                },
            )
    return sent
