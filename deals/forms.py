"""Forms of the deals pages: log, edit, move, decline, filter and import."""

from __future__ import annotations

from django import forms
from django.db.models import Q
from django_countries import countries

from alliance.models import Opco, Operator
from deals.models import (
    OPEN_STAGES,
    Deal,
    DealType,
    DeclineReason,
    Stage,
)
from deals.services import DUPLICATE_OPEN_DEAL, EDITABLE_FIELDS
from partners.models import Introduction, Partner

# Native date pickers need ISO dates, whatever the locale.
DATE = forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})


def country_choices(codes: list[str] | None = None) -> list[tuple[str, str]]:
    """(code, name) for `codes`, or for every country when none are given, sorted by name."""
    if codes:
        return sorted(((code, countries.name(code)) for code in set(codes)), key=lambda c: c[1])
    return list(countries)


class DealForm(forms.ModelForm):
    """Log a new deal for the user's own operator, in one of its footprint's countries."""

    class Meta:
        model = Deal
        fields = [
            "partner",
            "country",
            "opco",
            "stage",
            "deal_type",
            "started_on",
            "signed_on",
            "launched_on",
            "summary",
            "confidential_notes",
            "visibility",
            "exclusive",
            "introduction",
        ]
        widgets = {
            "started_on": DATE,
            "signed_on": DATE,
            "launched_on": DATE,
            "summary": forms.Textarea(attrs={"rows": 3}),
            "confidential_notes": forms.Textarea(attrs={"rows": 3}),
            "visibility": forms.RadioSelect,
            "introduction": forms.HiddenInput,
        }

    def __init__(self, *args, user, operator: Operator, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.instance.operator = operator
        self.operator = operator
        self.fields["partner"].queryset = Partner.objects.visible_to(user).order_by("name")
        opcos = Opco.objects.filter(operator=operator).order_by("country")
        self.fields["opco"].queryset = opcos
        self.fields["opco"].help_text = "Filled in from the country when left empty."
        footprint = [opco.country.code for opco in opcos]
        self.fields["country"] = forms.ChoiceField(
            choices=[("", "Choose a country"), *country_choices(footprint)],
            help_text="Countries of your operator's opcos."
            if footprint
            else "Your operator has no opcos listed yet, so every country is offered.",
        )
        self.fields["stage"].choices = [(s.value, s.label) for s in OPEN_STAGES]
        self.fields["introduction"].queryset = Introduction.objects.filter(to_operator=operator)
        self.fields["introduction"].required = False

    def clean(self) -> dict:
        data = super().clean()
        partner, country = data.get("partner"), data.get("country")
        if data.get("opco") is None and country:
            data["opco"] = Opco.objects.filter(operator=self.operator, country=country).first()
            self.instance.opco = data["opco"]
        if partner and country:
            duplicate = Deal.objects.open().filter(
                partner=partner, operator=self.operator, country=country
            )
            if duplicate.exists():
                raise forms.ValidationError(DUPLICATE_OPEN_DEAL)
        return data


class DealEditForm(forms.ModelForm):
    class Meta:
        model = Deal
        fields = list(EDITABLE_FIELDS)
        widgets = DealForm.Meta.widgets | {"ended_on": DATE}

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["opco"].queryset = Opco.objects.filter(
            operator_id=self.instance.operator_id, country=self.instance.country
        )


class MoveForm(forms.Form):
    to_stage = forms.ChoiceField(label="Move to")
    on = forms.DateField(
        label="On", required=False, widget=DATE, help_text="The date it happened (today if empty)."
    )

    def __init__(self, *args, deal: Deal, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["to_stage"].choices = [(s, Stage(s).label) for s in deal.next_stages]


class DeclineForm(forms.Form):
    decline_reason = forms.ChoiceField(label="Why was it declined?", choices=DeclineReason.choices)
    decline_explanation = forms.CharField(
        label="Explanation",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
        help_text="What happened, for your colleagues and the lesson you may write next.",
    )


class DealFilterForm(forms.Form):
    """The filters of the deals list and the CSV export (same fields, same meaning)."""

    q = forms.CharField(label="Partner or operator", required=False, max_length=100)
    country = forms.ChoiceField(required=False)
    stage = forms.ChoiceField(required=False, choices=[("", "Any stage"), *Stage.choices])
    deal_type = forms.ChoiceField(
        label="Type", required=False, choices=[("", "Any type"), *DealType.choices]
    )
    partner = forms.SlugField(required=False, widget=forms.HiddenInput)
    operator = forms.ChoiceField(required=False)

    def __init__(self, *args, user, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["country"].choices = [("", "Any country"), *countries]
        operators = Operator.objects.visible_to(user).values_list("slug", "name")
        self.fields["operator"].choices = [("", "Any operator"), *operators]

    def filter(self, deals):
        """Apply the valid filters to a visible_to() queryset (invalid ones are ignored)."""
        if not self.is_valid():
            return deals
        data = self.cleaned_data
        if data["q"]:
            # Names only: searching summaries would reveal text of summary-only deals.
            deals = deals.filter(
                Q(partner__name__icontains=data["q"]) | Q(operator__name__icontains=data["q"])
            )
        for field in ("country", "stage"):
            if data[field]:
                deals = deals.filter(**{field: data[field]})
        if data["deal_type"]:
            deals = deals.with_details_for(self.user).filter(deal_type=data["deal_type"])
        if data["partner"]:
            deals = deals.filter(partner__slug=data["partner"])
        if data["operator"]:
            deals = deals.filter(operator__slug=data["operator"])
        return deals


class ImportForm(forms.Form):
    file = forms.FileField(
        label="CSV file",
        help_text="Columns: partner (slug), country (ISO code), stage, deal_type, visibility, "
        "exclusive, started_on, signed_on, launched_on, ended_on, summary, confidential_notes, "
        "decline_reason, decline_explanation. Dates as YYYY-MM-DD.",
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith(".csv"):
            raise forms.ValidationError("Upload a .csv file.")
        return upload
