"""Forms of the partners pages. They check the shape of input (types, required, lengths) and say
what is wrong beside the field; the domain rules are the services' (their refusals are shown on
the form with `alliance.refusals.add_to_form`)."""

from __future__ import annotations

from datetime import timedelta

from django import forms
from django.utils import timezone
from django_countries import countries

from alliance.choices import Category
from alliance.models import Operator
from alliance.widgets import CountryPicker, alliance_footprint, footprints_of
from partners.models import (
    INTRODUCTION_RESPONSE_DAYS,
    MEMBER_VISIBLE_STATUSES,
    PITCH_DECK_HELP,
    ApplicationMail,
    Introduction,
    Partner,
)


def country_codes_field(
    *, label: str, help_text: str = "", required: bool = True, widget: CountryPicker | None = None
):
    return forms.MultipleChoiceField(
        label=label,
        choices=list(countries),
        required=required,
        help_text=help_text,
        widget=widget or CountryPicker(),
        error_messages={"invalid_choice": "%(value)s is not a country code we know."},
    )


class PartnerApplicationForm(forms.ModelForm):
    """The public onboarding form. `nickname` is a honeypot: hidden from people, filled by bots."""

    countries = country_codes_field(
        label="Countries where you already operate",
    )
    works_with = forms.ModelChoiceField(
        label="Member operator you already work with",
        queryset=Operator.objects.current(),
        required=False,
        empty_label="None yet",
    )
    pitch_deck = forms.FileField(
        label="Pitch deck",
        required=False,
        help_text=PITCH_DECK_HELP,
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,.pdf"}),
    )
    nickname = forms.CharField(required=False, label="Leave this empty")

    class Meta:
        model = Partner
        fields = list(Partner.PROFILE_FIELDS)
        labels = {
            "name": "Company name",
            "description": "What you offer operators",
            "contact_name": "Your name",
            "contact_email": "Your email",
        }
        help_texts = {
            "website": "For example https://www.example.com",
            "contact_email": "We send your private status link here.",
        }
        widgets = {"website": forms.URLInput(attrs={"placeholder": "https://"})}

    field_order = [
        "name",
        "website",
        "category",
        "hq_country",
        "countries",
        "description",
        "contact_name",
        "contact_email",
        "works_with",
        "pitch_deck",
    ]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["name"].max_length = 120
        self.fields["nickname"].widget.attrs.update({"autocomplete": "off", "tabindex": "-1"})

    @property
    def is_spam(self) -> bool:
        return bool(self.data.get("nickname"))

    def public_fields(self) -> list:
        """The fields people see; the honeypot is rendered apart, out of sight."""
        return [field for field in self.visible_fields() if field.name != "nickname"]


class PartnerProfileForm(forms.ModelForm):
    """A partner's profile, as its sponsors and the admins edit it."""

    countries = country_codes_field(label="Countries where it operates")

    class Meta:
        model = Partner
        fields = list(Partner.PROFILE_FIELDS)


class SponsorForm(forms.Form):
    pitch = forms.CharField(
        label="Your pitch",
        max_length=5000,
        widget=forms.Textarea,
        help_text="Why it could work at other members: what it did for you, and where.",
    )
    suggested_countries = country_codes_field(
        label="Countries you suggest",
        required=False,
        help_text="Where you think it could work at other members; shown with your pitch.",
        widget=CountryPicker(suggested=alliance_footprint, suggested_label="Members’ countries"),
    )


class DeclineForm(forms.Form):
    reason = forms.CharField(
        label="Reason (sent to the applicant)", max_length=2000, widget=forms.Textarea
    )


class IntroductionForm(forms.Form):
    to_operator = forms.ModelChoiceField(
        label="Introduce to", queryset=Operator.objects.none(), empty_label="Choose a member"
    )
    countries = country_codes_field(
        label="For these countries", help_text="Countries of the recipient where it could work."
    )
    pitch = forms.CharField(
        label="Your pitch",
        max_length=5000,
        widget=forms.Textarea,
        help_text="What it did for you, and why it could work for them.",
    )
    response_due_on = forms.DateField(
        label="Answer due by",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=f"Defaults to {INTRODUCTION_RESPONSE_DAYS} days from today.",
    )

    def __init__(self, *args, from_operator: Operator, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # The members that may take an introduction are offered; the service has the last word.
        self.fields["to_operator"].queryset = Operator.objects.contributing().exclude(
            pk=from_operator.pk
        )
        # Only the recipient's countries are offered (the picker follows the recipient chosen).
        picker = self.fields["countries"].widget
        picker.footprint_of = "to_operator"
        picker.footprints = footprints_of(self.fields["to_operator"].queryset.with_footprint())
        self.fields["response_due_on"].initial = timezone.localdate() + timedelta(
            days=INTRODUCTION_RESPONSE_DAYS
        )


class AnswerForm(forms.Form):
    decision = forms.ChoiceField(
        choices=[("accept", "Accept"), ("decline", "Decline")], widget=forms.RadioSelect
    )
    reason = forms.CharField(
        label="Your answer",
        max_length=2000,
        required=False,
        widget=forms.Textarea,
        help_text="Required when you decline: the introducer learns from it.",
    )


class ApplicationMailForm(forms.Form):
    choice = forms.ChoiceField(
        label="When a startup applies to the alliance",
        choices=ApplicationMail.choices,
        widget=forms.RadioSelect,
    )


class DirectoryFilterForm(forms.Form):
    """The directory's search and filters; an invalid value is reported and ignored."""

    q = forms.CharField(label="Search", required=False, max_length=100)
    category = forms.ChoiceField(
        choices=[("", "All categories"), *Category.choices], required=False
    )
    country = forms.ChoiceField(
        label="Operates in", choices=[("", "All countries"), *countries], required=False
    )
    status = forms.ChoiceField(required=False)
    sponsor = forms.ModelChoiceField(
        label="Sponsored by",
        queryset=Operator.objects.order_by("name"),
        to_field_name="slug",
        required=False,
        empty_label="Any member",
    )

    def __init__(self, *args, user, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        statuses = Partner.Status.choices
        if not user.is_staff:
            statuses = [c for c in statuses if c[0] in MEMBER_VISIBLE_STATUSES]
        self.fields["status"].choices = [("", "Any status"), *statuses]

    def filter(self, partners):
        """`partners` narrowed by every valid filter."""
        if not self.is_bound:
            return partners
        self.is_valid()
        data = self.cleaned_data
        if data.get("q"):
            partners = partners.search(data["q"])
        if data.get("category"):
            partners = partners.filter(category=data["category"])
        if data.get("country"):
            partners = partners.operating_in(data["country"])
        if data.get("status"):
            partners = partners.filter(status=data["status"])
        if data.get("sponsor"):
            partners = partners.sponsored_by(data["sponsor"])
        return partners


class IntroductionFilterForm(forms.Form):
    status = forms.ChoiceField(
        choices=[("", "Any status"), *Introduction.Status.choices], required=False
    )
