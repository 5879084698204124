"""The public "apply to join" form of an operator, and the admins' decline form."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django_countries import countries

from alliance.forms.operators import with_blank_label
from alliance.models import Operator, OperatorApplication
from alliance.widgets import CountryPicker


class OperatorApplicationForm(forms.ModelForm):
    website = forms.URLField(
        max_length=300,
        assume_scheme="https",
        help_text="For example https://www.orange.com",
        error_messages={
            "required": "Enter your operator's website.",
            "invalid": "Enter the full address of your website, like https://example.com.",
        },
    )
    footprint = forms.MultipleChoiceField(
        choices=countries,
        label="Footprint countries",
        help_text="Every country where your operator has an opco.",
        widget=CountryPicker,
        error_messages={"required": "Choose at least one country where you operate."},
    )
    # A field people never see: bots that fill in every field give themselves away.
    fax_number = forms.CharField(
        required=False,
        label="Leave this field empty",
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    class Meta:
        model = OperatorApplication
        fields = [
            "name",
            "website",
            "hq_country",
            "footprint",
            "objectives",
            "contact_name",
            "contact_email",
            "contact_role",
        ]
        labels = {
            "contact_name": "Your name",
            "contact_email": "Your work email",
            "contact_role": "Your role",
        }
        help_texts = {
            "objectives": "What your operator hopes to get from, and bring to, the alliance. "
            "Members will see this once you join.",
            "contact_email": "We send the decision here; if approved, your invitation too.",
        }
        error_messages = {
            "name": {"required": "Enter your operator's name."},
            "hq_country": {"required": "Choose the country of your headquarters."},
            "objectives": {
                "required": "Tell the members what your operator wants from the alliance."
            },
            "contact_name": {"required": "Enter your name, so the admins know whom to answer."},
            "contact_email": {
                "required": "Enter your work email: the decision is sent there.",
                "invalid": "Enter an email address like name@operator.com.",
            },
        }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["hq_country"].choices = with_blank_label(self.fields["hq_country"].choices)

    @property
    def is_spam(self) -> bool:
        return bool(self.cleaned_data.get("fax_number"))

    def clean_name(self) -> str:
        name = " ".join(self.cleaned_data["name"].split())
        if Operator.objects.current().filter(name__iexact=name).exists():
            raise ValidationError(f"{name} is already a member of the alliance.")
        if OperatorApplication.objects.filter(
            name__iexact=name, status=OperatorApplication.Status.PENDING
        ).exists():
            raise ValidationError(f"An application for {name} is already being reviewed.")
        return name

    def clean_objectives(self) -> str:
        objectives = self.cleaned_data["objectives"].strip()
        if len(objectives) < 20:
            raise ValidationError("Tell the members a little more (at least 20 characters).")
        return objectives

    def clean_contact_email(self) -> str:
        return self.cleaned_data["contact_email"].strip().lower()


class DeclineApplicationForm(forms.Form):
    reason = forms.CharField(
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        label="Reason for declining",
        help_text="Sent to the applicant as written.",
        error_messages={"required": "Give the applicant a reason: it is sent to them."},
    )

    def clean_reason(self) -> str:
        reason = self.cleaned_data["reason"].strip()
        if len(reason) < 10:
            raise ValidationError(
                "Write a reason the applicant can understand (10 characters or more)."
            )
        return reason
