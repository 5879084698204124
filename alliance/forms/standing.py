"""The admins' standing actions, one form for a single operator and for a bulk selection."""

from __future__ import annotations

from django import forms
from django.utils import timezone

from alliance.models import Operator
from alliance.standing import Action


class StandingActionForm(forms.Form):
    operators = forms.ModelMultipleChoiceField(
        queryset=Operator.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Select at least one operator."},
    )
    action = forms.ChoiceField(choices=[("", "Choose an action…"), *Action.choices])
    days = forms.IntegerField(
        label="Extend by (days)",
        min_value=1,
        max_value=365,
        required=False,
        help_text="Only for extending the grace period.",
    )
    until = forms.DateField(
        label="Exempt until",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text="Only for exemptions: the last day of the exemption.",
    )
    reason = forms.CharField(
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Kept in the audit log, shown on this page.",
        error_messages={"required": "Give a reason: it is kept in the audit log."},
    )
    confirm = forms.BooleanField(
        label="I have checked the selected operators and want to apply this action.",
        error_messages={"required": "Tick the box to confirm the action."},
    )

    def clean(self) -> dict:
        data = super().clean()
        action = data.get("action")
        if action == Action.EXTEND_GRACE and not data.get("days"):
            self.add_error("days", "Say by how many days to extend the grace period.")
        if action == Action.EXEMPT:
            until = data.get("until")
            if until is None:
                self.add_error("until", "Say until when the exemption lasts.")
            elif until < timezone.localdate():
                self.add_error("until", "An exemption must end today or later.")
        return data
