"""Forms of the bloc pages. They check the shape of the input and offer the sensible choices;
`alliance.blocs.services` enforces the rules (a choice field accepts any current operator, so that
an operator the rules refuse is refused by the service, in the same words as in the API)."""

from __future__ import annotations

from django import forms
from django.db.models import QuerySet

from alliance.blocs.services import BLOC_VISIBILITY
from alliance.choices import Category
from alliance.models import Bloc, BlocMembership, Operator


# --- The visibility of deals and lessons: which blocs to offer -----------------------------------
def offer_blocs(
    form: forms.Form, *, operator: Operator | None, current: Bloc | None = None, what: str
) -> None:
    """Offer, in `form`'s `bloc` field, the blocs `operator` shares with (and the item's current
    one). The field accepts any bloc the user sees; the services refuse one the operator is not
    an active member of. With no bloc to offer, the "bloc" visibility is not offered either."""
    blocs = list(Bloc.objects.shared_with_by(operator).order_by("name")) if operator else []
    if current is not None and current not in blocs:
        blocs.append(current)
    field = form.fields["bloc"]
    field.label = "Bloc"
    field.help_text = f"With “Bloc” visibility: the bloc whose members see the {what}."
    field.widget.choices = [("", "Choose a bloc"), *((bloc.pk, bloc.name) for bloc in blocs)]
    if not blocs:
        visibility = form.fields["visibility"]
        visibility.widget.choices = [c for c in visibility.choices if c[0] != BLOC_VISIBILITY]
        field.widget = forms.HiddenInput()


def bloc_only_with_bloc_visibility(cleaned: dict) -> dict:
    """A bloc picked while another visibility is chosen is left out (the form shows both)."""
    if cleaned.get("visibility") != BLOC_VISIBILITY:
        cleaned["bloc"] = None
    return cleaned


def _invitable(bloc: Bloc | None, exclude: Operator | None) -> QuerySet[Operator]:
    """Operators worth offering: those that may contribute, not already in or invited to the
    bloc, and not the user's own."""
    operators = Operator.objects.contributing().order_by("name")
    if exclude is not None:
        operators = operators.exclude(pk=exclude.pk)
    if bloc is not None:
        taken = bloc.memberships.filter(
            status__in=[BlocMembership.Status.ACTIVE, BlocMembership.Status.INVITED]
        ).values("operator_id")
        operators = operators.exclude(pk__in=taken)
    return operators


class ProposeBlocForm(forms.Form):
    name = forms.CharField(
        max_length=120,
        help_text="How members will call it, e.g. “M2M connected-car bloc”.",
    )
    purpose = forms.CharField(
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="What the members integrate more tightly for: every member of the alliance "
        "reads this.",
    )
    focus_categories = forms.MultipleChoiceField(
        label="Focus",
        choices=Category.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    invite = forms.ModelMultipleChoiceField(
        label="Invite",
        queryset=Operator.objects.current(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Each operator's managers are mailed and join by accepting. You can invite "
        "more later.",
    )

    def __init__(self, *args, operator: Operator | None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["invite"].widget.choices = [
            (op.pk, op.name) for op in _invitable(None, operator)
        ]


class InviteForm(forms.Form):
    operator = forms.ModelChoiceField(
        label="Operator", queryset=Operator.objects.current(), to_field_name="slug"
    )

    def __init__(self, *args, bloc: Bloc, operator: Operator | None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["operator"].widget.choices = [
            ("", "Choose an operator"),
            *((op.slug, op.name) for op in _invitable(bloc, operator)),
        ]


class DissolveForm(forms.Form):
    reason = forms.CharField(
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Kept in the audit log and shown on the bloc's page.",
    )
