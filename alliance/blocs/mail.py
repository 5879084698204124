"""Mail of blocs, sent by Celery tasks: thin, they load by id and send one message. The services
queue them once their transaction commits."""

from __future__ import annotations

from celery import shared_task

from alliance.emails import absolute_url, send_templated_email
from alliance.models import BlocMembership, Membership


@shared_task
def send_bloc_invitation(membership_id: int) -> int:
    """Tell the invited operator's managers, if the invitation is still open when this runs."""
    membership = BlocMembership.objects.select_related(
        "bloc", "bloc__proposed_by_operator", "operator", "invited_by__membership__operator"
    ).get(pk=membership_id)
    if membership.status != BlocMembership.Status.INVITED or not membership.bloc.is_active:
        return 0
    managers = (
        Membership.objects.active_managers()
        .filter(operator=membership.operator)
        .values_list("user__email", flat=True)
    )
    inviter = membership.invited_by
    inviting_operator = getattr(getattr(inviter, "membership", None), "operator", None)
    return send_templated_email(
        template="bloc_invitation",
        to=list(managers),
        context={
            "membership": membership,
            "bloc": membership.bloc,
            "inviter": inviter,
            "inviting_operator": inviting_operator,
            "bloc_url": absolute_url(membership.bloc.get_absolute_url()),
        },
    )
