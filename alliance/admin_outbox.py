"""Admin pages of the outbox: what side effects are pending, done or failed; staff may send
failed or stuck ones again (audited). Loaded from alliance/admin.py."""

from __future__ import annotations

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest

from alliance import outbox
from alliance.admin import ReadOnlyAdmin
from alliance.admin_lists import LargeTableAdmin
from alliance.ledger import audit
from alliance.models import OutboxMessage


@admin.register(OutboxMessage)
class OutboxMessageAdmin(LargeTableAdmin, ReadOnlyAdmin):
    list_display = ["task", "args", "status", "created_at", "sent_at", "send_count", "done_at"]
    list_filter = ["status", "task", "created_at"]
    search_fields = ["task", "last_error"]
    actions = ["send_again"]

    @admin.action(description="Send the selected pending or failed messages again")
    def send_again(self, request: HttpRequest, queryset: QuerySet[OutboxMessage]) -> None:
        retry = list(queryset.exclude(status=OutboxMessage.Status.DONE))
        for message in retry:
            audit(
                actor=request.user,
                action="outbox.sent_again",
                target=message,
                changes={"status": [message.status, OutboxMessage.Status.PENDING]},
            )
        OutboxMessage.objects.filter(pk__in=[m.pk for m in retry]).update(
            status=OutboxMessage.Status.PENDING, last_error=""
        )
        sent = outbox.send([m.pk for m in retry])
        messages.info(request, f"{sent} of {len(retry)} message(s) handed to the broker.")
