"""Writing the contribution ledger and the audit log. Callers run these inside their own
transaction so that the record and the act it records are saved together or not at all."""

from __future__ import annotations

from datetime import datetime

from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, models, transaction
from django.db.models import F
from django.utils import timezone

from alliance import summaries
from alliance.models import AuditLogEntry, Consumption, Contribution, Operator


def contributions_topic(operator_id: int) -> str:
    """The summaries topic of one operator's ledger rows (its monthly chart is made of them)."""
    return f"contributions:{operator_id}"


def record_contribution(
    *,
    operator: Operator,
    user,
    kind: Contribution.Kind,
    target: models.Model,
    at: datetime | None = None,
) -> Contribution:
    """Credit `operator` with one contribution of `kind` concerning `target`."""
    contribution = Contribution.objects.create(
        operator=operator,
        user=user,
        kind=kind,
        content_type=ContentType.objects.get_for_model(target),
        object_id=target.pk,
        created_at=at or timezone.now(),
    )
    summaries.changed(contributions_topic(operator.pk))
    return contribution


def audit(
    *,
    actor,
    action: str,
    target: models.Model | None = None,
    operator: Operator | None = None,
    changes: dict | None = None,
    reason: str = "",
) -> AuditLogEntry:
    """Record who did `action` to `target` (and on behalf of or against which operator)."""
    return AuditLogEntry.objects.create(
        actor=actor if actor is not None and actor.is_authenticated else None,
        action=action,
        operator=operator,
        content_type=ContentType.objects.get_for_model(target) if target is not None else None,
        object_id=target.pk if target is not None else None,
        object_repr=str(target)[:200] if target is not None else "",
        changes=changes or {},
        reason=reason,
    )


def changed_fields(instance: models.Model, initial: dict) -> dict:
    """{field: [before, after]} for the fields of `instance` that differ from `initial`."""
    return {
        name: [str(before), str(getattr(instance, name))]
        for name, before in initial.items()
        if getattr(instance, name) != before
    }


def record_consumption(*, user, target: models.Model) -> bool:
    """Count one view by `user` of another operator's deal or lesson (`target.operator`).

    Views by staff, by people without an active membership and of one's own operator's objects
    are not consumption and are ignored. Returns whether a view was counted."""
    membership = user.active_membership if user.is_authenticated else None
    owner_id = getattr(target, "operator_id", None)
    if membership is None or owner_id is None or owner_id == membership.operator_id:
        return False
    kind = Consumption.Kind(target._meta.label_lower)
    counter = Consumption.objects.filter(
        viewer_id=membership.operator_id, owner_id=owner_id, kind=kind, day=timezone.localdate()
    )
    with transaction.atomic():
        if counter.update(views=F("views") + 1):
            return True
        try:
            # Savepoint: a concurrent first view of the day may create the row before us.
            with transaction.atomic():
                Consumption.objects.create(
                    viewer_id=membership.operator_id,
                    owner_id=owner_id,
                    kind=kind,
                    day=timezone.localdate(),
                    views=1,
                )
        except IntegrityError:
            counter.update(views=F("views") + 1)
    return True
