"""Forms of the deals pages: log, edit, move, decline, filter and import.

They check the shape of the input (types, required, lengths) and offer the valid choices; the rules
of deals are `deals.services`' (the views add its refusals to the form). A choice field therefore
accepts more than it offers — any partner the user sees, any opco, any country — so that a value
the rules refuse is refused by the service, in the same words as in the API and the CSV import.
"""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django_countries import countries

from alliance.blocs.forms import bloc_only_with_bloc_visibility, offer_blocs
from alliance.country_names import country_choices
from alliance.models import Bloc, Opco, Operator
from alliance.params import parse_id
from alliance.typeahead import TypeaheadChoiceField
from deals.models import OPEN_STAGES, Deal, DealType, DeclineReason, Stage
from deals.services import EDITABLE_FIELDS, LOG_FIELDS
from deals.transfer import import_help
from partners.models import Introduction, Partner

# Native date pickers need ISO dates, whatever the locale.
DATE = forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})
WIDGETS = {
    "started_on": DATE,
    "signed_on": DATE,
    "launched_on": DATE,
    "ended_on": DATE,
    "summary": forms.Textarea(attrs={"rows": 3}),
    "confidential_notes": forms.Textarea(attrs={"rows": 3}),
    "visibility": forms.RadioSelect,
    "introduction": forms.HiddenInput,
}


def partner_field(user, **kwargs) -> TypeaheadChoiceField:
    """A partner the user sees, typed (name, slug or id): the suggestions are the partners that
    accept deals (`deals:partner_suggestions`); another is refused by the deals' rules, in their
    words. Not a `<select>`: a member may see 50,000 partners."""
    kwargs.setdefault("help_text", "Type a few letters of its name and pick it.")
    return TypeaheadChoiceField(
        Partner.objects.visible_to(user), url_name="deals:partner_suggestions", **kwargs
    )


def offer_only(field: forms.ChoiceField, choices: QuerySet | list, empty: str = "") -> None:
    """Show only `choices` in the field's widget; the field still accepts all it accepted."""
    if isinstance(choices, QuerySet):
        choices = [(obj.pk, field.label_from_instance(obj)) for obj in choices]
    empty = empty or getattr(field, "empty_label", None) or "---------"
    field.widget.choices = [("", empty), *choices]


class DealForm(forms.Form):
    """Log a new deal for the user's own operator; its footprint's countries are offered."""

    FIELDS = LOG_FIELDS

    def __init__(self, *args, user, operator: Operator, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields.update(forms.fields_for_model(Deal, fields=self.FIELDS, widgets=WIDGETS))
        self.fields["partner"] = partner_field(user)
        opcos = Opco.objects.filter(operator=operator).order_by("country")
        self.fields["opco"].queryset = Opco.objects.all()
        offer_only(self.fields["opco"], opcos)
        self.fields["opco"].help_text = "Filled in from the country when left empty."
        footprint = sorted(
            ((opco.country.code, opco.country.name) for opco in opcos), key=lambda c: c[1]
        )
        self.fields["country"] = forms.ChoiceField(
            choices=list(countries),
            help_text="Countries of your operator's opcos."
            if footprint
            else "Your operator has no opcos listed yet: its managers add them on its profile "
            "page, and deals are logged in those countries.",
        )
        offer_only(self.fields["country"], footprint, empty="Choose a country")
        self.fields["stage"].choices = [(s.value, s.label) for s in OPEN_STAGES]
        self.fields["introduction"].queryset = Introduction.objects.visible_to(user)
        self.fields["introduction"].required = False
        self.fields["bloc"].queryset = Bloc.objects.visible_to(user)
        offer_blocs(self, operator=operator, what="deal in full")

    def clean(self) -> dict:
        return bloc_only_with_bloc_visibility(super().clean())

    def values(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.FIELDS}

    def chosen_partner(self) -> Partner | None:
        """The partner typed (or pre-filled), if the user may see it: the related lessons beside
        the form are about it."""
        if "partner" in getattr(self, "cleaned_data", {}):
            return self.cleaned_data["partner"]
        try:
            return self.fields["partner"].clean(self["partner"].value())
        except ValidationError:
            return None

    def chosen_introduction(self) -> Introduction | None:
        """The introduction the deal is logged from (as posted, else pre-filled), if the user may
        see it: the page names it, since its field is hidden."""
        pk = parse_id(self["introduction"].value())
        if pk is None:
            return None
        introductions = self.fields["introduction"].queryset
        return introductions.select_related("from_operator", "partner").filter(pk=pk).first()


class DealEditForm(forms.Form):
    """Change the editable fields of a deal; its operator's opcos in its country are offered."""

    def __init__(self, *args, deal: Deal, **kwargs) -> None:
        kwargs.setdefault("initial", forms.model_to_dict(deal, fields=EDITABLE_FIELDS))
        super().__init__(*args, **kwargs)
        self.fields.update(forms.fields_for_model(Deal, fields=EDITABLE_FIELDS, widgets=WIDGETS))
        self.fields["opco"].queryset = Opco.objects.all()
        offer_only(
            self.fields["opco"],
            Opco.objects.filter(operator_id=deal.operator_id, country=deal.country),
        )
        self.fields["bloc"].queryset = Bloc.objects.all()
        offer_blocs(self, operator=deal.operator, current=deal.bloc, what="deal in full")

    def clean(self) -> dict:
        return bloc_only_with_bloc_visibility(super().clean())

    def values(self) -> dict:
        return {name: self.cleaned_data[name] for name in EDITABLE_FIELDS}


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
        self.fields["country"].choices = [("", "Any country"), *country_choices()]
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
    file = forms.FileField(label="CSV file", help_text=import_help())

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith(".csv"):
            raise forms.ValidationError("Upload a .csv file.")
        return upload
