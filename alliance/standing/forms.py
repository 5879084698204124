"""Forms of standing: the admins' actions (one form for a single operator and for a bulk
selection), the confirmation of "run the job now", and the policy in the admin site.

They check the shape of the input only; the rules (a reason, how many days, an exemption that ends
today or later, whether the operator qualifies) are the services' in alliance/standing/actions.py,
whose refusals the views put back on the form."""

from __future__ import annotations

from django import forms

from alliance.models import Contribution, InactivityPolicy, Operator
from alliance.standing.actions import REASON_REQUIRED, Action


class StandingActionForm(forms.Form):
    operators = forms.ModelMultipleChoiceField(
        queryset=Operator.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Select at least one operator."},
    )
    action = forms.ChoiceField(choices=[("", "Choose an action…"), *Action.choices])
    days = forms.IntegerField(
        label="Extend by (days)",
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
        error_messages={"required": REASON_REQUIRED},
    )
    confirm = forms.BooleanField(
        label="I have checked the selected operators and want to apply this action.",
        error_messages={"required": "Tick the box to confirm the action."},
    )


class RunJobForm(forms.Form):
    confirm = forms.BooleanField(
        label="I have read what the job would change and want it done now.",
        error_messages={"required": "Tick the box to confirm that the job should run now."},
    )


class _PolicyForm(forms.ModelForm):
    class Meta:
        model = InactivityPolicy
        fields = ["window_days", "minimum_contributions", "grace_days"]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for kind in Contribution.Kind.values:
            self.fields[f"weight_{kind}"].initial = self.instance.weight_of(kind)

    def clean(self) -> dict:
        """Hand valid weights to the policy (the policy's own rule says which are)."""
        data = super().clean()
        weights = {kind: data.get(f"weight_{kind}") for kind in Contribution.Kind.values}
        if all(w is not None for w in weights.values()):
            InactivityPolicy.check_weights(weights)
            self.instance.weights = weights
        return data


# One weight field per kind of contribution instead of raw JSON; declared on the class so that the
# admin's fieldsets may name them.
InactivityPolicyForm = type(
    "InactivityPolicyForm",
    (_PolicyForm,),
    {
        f"weight_{kind}": forms.IntegerField(
            label=f"Weight: {label}", min_value=0, max_value=100, help_text="0: does not count."
        )
        for kind, label in Contribution.Kind.choices
    },
)
