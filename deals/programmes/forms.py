"""Forms of the programme pages. They check the shape of the input and offer the valid choices;
the rules are the services' (`deals.programmes.services` and `.sla`), whose refusals the views add
to the form. A choice field accepts more than it offers (`offer_only`), so that a value the rules
refuse is refused by the service, in the same words as in the API."""

from __future__ import annotations

from datetime import date

from django import forms
from django.utils import timezone
from django_countries import countries

from alliance.blocs.forms import bloc_only_with_bloc_visibility, offer_blocs
from alliance.models import Operator, Platform
from alliance.models.blocs import Bloc, active_bloc_ids
from alliance.typeahead import TypeaheadChoiceField
from alliance.widgets import CountryPicker, alliance_footprint
from deals.forms import DATE, offer_only, partner_field
from deals.models import OPEN_STAGES, Deal, DealType, Stage, Visibility
from deals.programmes.models import (
    MAX_AVAILABILITY_TARGET,
    MAX_RESPONSE_HOURS,
    MIN_AVAILABILITY_TARGET,
    Participation,
    Programme,
    default_response_due,
)
from deals.programmes.sla import months_back

PERCENT = {"step": "0.001", "inputmode": "decimal"}


def _percent_field(label: str, help_text: str = "", **attrs) -> forms.DecimalField:
    return forms.DecimalField(
        label=label,
        max_digits=6,
        decimal_places=3,
        help_text=help_text,
        widget=forms.NumberInput(attrs={**PERCENT, **attrs}),
    )


class ProgrammeForm(forms.Form):
    """Start a programme (the user's operator leads it), or edit one (`partner` then fixed)."""

    name = forms.CharField(max_length=160, help_text="E.g. “Connected cars for EuroFleet”.")
    partner = forms.CharField(  # a type-ahead field of the partners the user sees (__init__)
        required=False,
        help_text="The partner served in every country: each country's deal is with it. "
        "Leave it empty for a customer.",
    )
    customer = forms.CharField(
        max_length=160,
        required=False,
        help_text="The customer served, if not a partner (or as well as one).",
    )
    countries = forms.MultipleChoiceField(
        choices=list(countries),
        widget=CountryPicker(suggested=alliance_footprint, suggested_label="Where members are"),
        help_text="At least two. You invite one operator per country next.",
    )
    bloc = forms.ModelChoiceField(
        queryset=Bloc.objects.none(),
        required=False,
        help_text="Its members see the programme too.",
    )
    description = forms.CharField(
        max_length=3000, required=False, widget=forms.Textarea(attrs={"rows": 4})
    )

    def __init__(self, *args, user, programme: Programme | None = None, **kwargs) -> None:
        if programme is not None:
            kwargs.setdefault(
                "initial",
                {
                    "name": programme.name,
                    "customer": programme.customer,
                    "countries": programme.countries,
                    "bloc": programme.bloc_id,
                    "description": programme.description,
                },
            )
        super().__init__(*args, **kwargs)
        if programme is None:
            help_text = self.fields["partner"].help_text
            self.fields["partner"] = partner_field(user, required=False, help_text=help_text)
        else:
            del self.fields["partner"]
        bloc = self.fields["bloc"]
        bloc.queryset = Bloc.objects.visible_to(user)
        offer_only(bloc, Bloc.objects.filter(pk__in=active_bloc_ids(user)), empty="No bloc")

    def values(self) -> dict:
        return dict(self.cleaned_data)


class InviteForm(forms.Form):
    """Invite an operator to serve one unassigned country, on the SLA's terms."""

    country = forms.ChoiceField(choices=list(countries))
    operator = forms.ModelChoiceField(
        queryset=Operator.objects.all(), help_text="Operators with an opco in the country."
    )
    availability_target = _percent_field(
        "Availability target (%)",
        f"Monthly availability, {MIN_AVAILABILITY_TARGET}–{MAX_AVAILABILITY_TARGET} %.",
        min=str(MIN_AVAILABILITY_TARGET),
        max=str(MAX_AVAILABILITY_TARGET),
    )
    support_response_hours = forms.IntegerField(
        label="Support response time (hours)",
        help_text=f"1 to {MAX_RESPONSE_HOURS} hours.",
        widget=forms.NumberInput(attrs={"min": 1, "max": MAX_RESPONSE_HOURS}),
    )
    permanent_roaming_allowed = forms.BooleanField(
        label="Permanent roaming allowed", required=False
    )
    response_due_on = forms.DateField(
        label="Answer due by", widget=DATE, help_text="When the operator should answer."
    )

    def __init__(self, *args, unassigned: list, offers: list[Operator], **kwargs) -> None:
        kwargs.setdefault("initial", {})
        kwargs["initial"].setdefault("response_due_on", default_response_due())
        kwargs["initial"].setdefault("availability_target", "99.5")
        kwargs["initial"].setdefault("support_response_hours", 4)
        super().__init__(*args, **kwargs)
        offer_only(
            self.fields["country"],
            [(c.code, c.name) for c in unassigned],
            empty="Choose a country",
        )
        offer_only(
            self.fields["operator"],
            [(operator.pk, operator.name) for operator in offers],
            empty="Choose an operator",
        )


class AnswerForm(forms.Form):
    """Accept (with the escalation contact, platform and perhaps an existing deal) or decline."""

    decision = forms.ChoiceField(
        choices=[("accept", "Accept: we take part"), ("decline", "Decline")],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label="Why you decline",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Needed to decline: the lead learns from it.",
    )
    escalation_name = forms.CharField(label="Escalation contact", max_length=120, required=False)
    escalation_email = forms.EmailField(label="Escalation email", required=False)
    escalation_phone = forms.CharField(label="Escalation phone", max_length=40, required=False)
    platform = forms.ModelChoiceField(
        queryset=Platform.objects.all(), required=False, help_text="One your opco there runs."
    )
    deal = forms.ModelChoiceField(
        label="Your deal there",
        queryset=Deal.objects.none(),
        required=False,
        help_text="Link your open deal for the partner there, or log one later.",
    )

    def __init__(self, *args, participation: Participation, user, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        offer_platforms(self.fields["platform"], participation)
        offer_deals(self, participation, user, empty="Not now")

    def operations(self) -> dict:
        return {name: self.cleaned_data[name] for name in Participation.OPERATIONS_FIELDS}


def offer_platforms(field: forms.ModelChoiceField, participation: Participation) -> None:
    """Offer the platforms the participant's opco in the country runs."""
    runs = Platform.objects.filter(
        opco_links__opco__operator_id=participation.operator_id,
        opco_links__opco__country=participation.country,
    ).order_by("name")
    offer_only(field, runs, empty="Not stated")


# More open deals than this in the country (a programme for a customer, not a partner): the deal
# is typed by its partner's name, with suggestions, instead of picked in a list.
LISTED_DEALS = 30


def participant_deals(participation: Participation, user):
    """The participant's open deals in the country (with the programme's partner, if it has
    one) that `user` sees, by partner."""
    deals = (
        Deal.objects.visible_to(user)
        .open()
        .filter(operator_id=participation.operator_id, country=participation.country)
    )
    if participation.programme.partner_id:
        deals = deals.filter(partner_id=participation.programme.partner_id)
    return deals.select_related("partner").order_by("partner__name", "pk")


def deal_label(deal: Deal) -> str:
    return f"{deal.partner.name} — {deal.get_stage_display()}"


def offer_deals(form: forms.Form, participation: Participation, user, *, empty: str = "") -> bool:
    """Offer the participant's open deals in the country in the form's `deal` field (without an
    empty choice unless `empty` names it): a list of a few, where any deal the user sees is
    accepted and the service says why one does not fit; or, when there are many, a type-ahead
    field of those deals, typed by partner. Whether there is any."""
    field = form.fields["deal"]
    offered = list(participant_deals(participation, user)[: LISTED_DEALS + 1])
    if len(offered) <= LISTED_DEALS:
        field.queryset = Deal.objects.visible_to(user)
        offer_only(field, [(deal.pk, deal_label(deal)) for deal in offered], empty=empty or "-")
        if not empty:
            field.widget.choices = field.widget.choices[1:]
        return bool(offered)
    form.fields["deal"] = TypeaheadChoiceField(
        participant_deals(participation, user),
        url_name="deals:participation_deals",
        url_args=(participation.pk,),
        slug_field="partner__slug",
        name_field="partner__name",
        label=field.label,
        required=field.required,
        help_text="Type a few letters of the deal's partner and pick it.",
        error_messages={
            "unknown": "You have no open deal there with a partner named “%(value)s”: type a few "
            "letters of its name and pick a suggestion."
        },
    )
    return True


class ReasonForm(forms.Form):
    reason = forms.CharField(
        required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )


class SLAForm(forms.Form):
    """A part of a participation's SLA (`FIELDS`), as plain form fields: the bounds are the
    services' rule, said in their words (a model form would check the constraints first)."""

    FIELDS: tuple[str, ...] = ()
    WIDGETS: dict = {}

    def __init__(self, *args, participation: Participation, **kwargs) -> None:
        kwargs.setdefault("initial", forms.model_to_dict(participation, fields=self.FIELDS))
        super().__init__(*args, **kwargs)
        self.participation = participation
        self.fields.update(
            forms.fields_for_model(Participation, fields=self.FIELDS, widgets=self.WIDGETS)
        )


class TermsForm(SLAForm):
    """The SLA's terms, which the lead sets."""

    FIELDS = Participation.TERMS_FIELDS
    WIDGETS = {"availability_target": forms.NumberInput(attrs=PERCENT)}


class OperationsForm(SLAForm):
    """The participant's part of the SLA: escalation contact and platform."""

    FIELDS = Participation.OPERATIONS_FIELDS

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["platform"].queryset = Platform.objects.all()
        offer_platforms(self.fields["platform"], self.participation)


class LinkDealForm(forms.Form):
    deal = forms.ModelChoiceField(label="Your deal there", queryset=Deal.objects.none())

    def __init__(self, *args, participation: Participation, user, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # The participant has an open deal there to link (else the page offers to log one).
        self.offers_deals = offer_deals(self, participation, user)


class NewDealForm(forms.Form):
    """Log the participant's deal for the programme's partner in the country (deals' rules)."""

    deal_type = forms.ChoiceField(
        label="Type", choices=DealType.choices, initial=DealType.IOT_CONNECTIVITY
    )
    stage = forms.ChoiceField(choices=[(s.value, s.label) for s in OPEN_STAGES])
    visibility = forms.ChoiceField(
        choices=Visibility.choices, initial=Visibility.ALLIANCE, widget=forms.RadioSelect
    )
    bloc = forms.ModelChoiceField(queryset=Bloc.objects.none(), required=False)
    summary = forms.CharField(
        max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, participation: Participation, user, **kwargs) -> None:
        kwargs.setdefault("initial", {"stage": Stage.EXPLORING})
        super().__init__(*args, **kwargs)
        self.fields["bloc"].queryset = Bloc.objects.visible_to(user)
        offer_blocs(self, operator=participation.operator, what="deal in full")

    def clean(self) -> dict:
        return bloc_only_with_bloc_visibility(super().clean())


class MonthField(forms.CharField):
    """A month as `YYYY-MM` (what `<input type="month">` and the select below send)."""

    def to_python(self, value) -> date | None:
        text = super().to_python(value)
        if not text:
            return None
        try:
            year, month = (int(part) for part in text.split("-")[:2])
            return date(year, month, 1)
        except ValueError as error:
            raise forms.ValidationError("Choose a month.") from error


def recent_months(count: int = 12) -> list[date]:
    """The last `count` months that are over, newest first."""
    today = timezone.localdate()
    return [months_back(today, n) for n in range(1, count + 1)]


class ReportForm(forms.Form):
    month = MonthField(widget=forms.Select)
    availability = _percent_field("Availability achieved (%)", min="0", max="100")
    incidents = forms.IntegerField(min_value=0, widget=forms.NumberInput(attrs={"min": 0}))
    mttr_hours = forms.DecimalField(
        label="Mean time to restore (hours)",
        max_digits=7,
        decimal_places=2,
        help_text="0 when there were no incidents.",
        widget=forms.NumberInput(attrs={"step": "0.01", "min": 0, "inputmode": "decimal"}),
    )

    def __init__(self, *args, reported: set[date], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        months = [m for m in recent_months() if m not in reported]
        self.fields["month"].widget.choices = [(f"{m:%Y-%m}", f"{m:%B %Y}") for m in months]
