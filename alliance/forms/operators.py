"""Forms of the operator pages: the profile (with its self sign-up email domains) and the opcos."""

from __future__ import annotations

import re

from django import forms
from django.core.exceptions import ValidationError
from django.forms import BaseModelFormSet, modelformset_factory
from django_countries.fields import Country

from alliance.choices import Category
from alliance.country_names import country_name
from alliance.models import Opco, Operator
from alliance.widgets import CountryNameField

_DOMAIN_RE = re.compile(r"^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$")
# Anyone can own an address at these, so registering one would open sign-up to the world.
PUBLIC_EMAIL_DOMAINS = frozenset(
    {
        "gmail.com",
        "googlemail.com",
        "outlook.com",
        "hotmail.com",
        "live.com",
        "yahoo.com",
        "icloud.com",
        "me.com",
        "aol.com",
        "proton.me",
        "protonmail.com",
        "gmx.com",
        "gmx.de",
        "mail.ru",
        "yandex.ru",
        "qq.com",
    }
)
MAX_EMAIL_DOMAINS = 20


def with_blank_label(choices, label: str = "Choose a country") -> list:
    """Country choices with a readable first option instead of Django's dashes."""
    return [("", label), *[(value, name) for value, name in choices if value]]


def clean_email_domain(value: str) -> str:
    """Normalise one email domain ("@Orange.COM " → "orange.com") or say why it is refused."""
    domain = value.strip().lower().removeprefix("@")
    if not _DOMAIN_RE.match(domain):
        raise ValidationError(f"“{value.strip()[:60]}” is not a domain name like orange.com.")
    if domain in PUBLIC_EMAIL_DOMAINS:
        raise ValidationError(
            f"{domain} is a public email service: anyone could sign up with it. "
            "Register your operator's own domain."
        )
    return domain


def clean_email_domains(values: list[str]) -> list[str]:
    if len(values) > MAX_EMAIL_DOMAINS:
        raise ValidationError(f"Register at most {MAX_EMAIL_DOMAINS} email domains.")
    errors, domains = [], []
    for value in values:
        try:
            domains.append(clean_email_domain(value))
        except ValidationError as error:
            errors.extend(error.messages)
    if errors:
        raise ValidationError(errors)
    return sorted(set(domains))


def clean_operator_name(value: str, *, operator: Operator | None) -> str:
    """Collapse runs of spaces; refuse a name another operator has, whatever its case."""
    name = " ".join(value.split())
    others = Operator.objects.filter(name__iexact=name)
    if operator is not None and operator.pk:
        others = others.exclude(pk=operator.pk)
    if others.exists():
        raise ValidationError("Another member operator already has this name.")
    return name


def clean_focus_categories(values: list[str]) -> list[str]:
    """Focus categories in the order of Category, without duplicates."""
    chosen = set(values)
    return [value for value in Category.values if value in chosen]


class OperatorProfileForm(forms.ModelForm):
    website = forms.URLField(
        required=False,
        max_length=300,
        assume_scheme="https",
        error_messages={
            "invalid": "Enter the full address of the website, like https://example.com."
        },
    )
    focus_categories = forms.MultipleChoiceField(
        choices=Category.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="The kinds of partners your operator is looking for.",
    )
    email_domains = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=MAX_EMAIL_DOMAINS * 64,
        label="Email domains for self sign-up",
        help_text="One per line, e.g. orange.com. People with an address at these domains may "
        "sign up and ask to join; a manager approves each of them.",
    )

    class Meta:
        model = Operator
        fields = ["name", "hq_country", "website", "objectives", "focus_categories"]
        help_texts = {
            "objectives": "What your operator wants from the alliance. Every member sees this.",
        }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.is_bound:
            self.initial["email_domains"] = "\n".join(
                self.instance.email_domains.values_list("domain", flat=True)
            )

    def clean_name(self) -> str:
        return clean_operator_name(self.cleaned_data["name"], operator=self.instance)

    def clean_focus_categories(self) -> list[str]:
        return clean_focus_categories(self.cleaned_data["focus_categories"])

    def clean_email_domains(self) -> list[str]:
        return clean_email_domains(self.cleaned_data["email_domains"].split())


class OpcoForm(forms.ModelForm):
    country = CountryNameField()  # typed: an operator may have 250 opcos, one row each

    class Meta:
        model = Opco
        fields = ["country", "brand_name"]
        labels = {"brand_name": "Brand name"}

    def clean_brand_name(self) -> str:
        return " ".join(self.cleaned_data["brand_name"].split())


class BaseOpcoFormSet(BaseModelFormSet):
    def clean(self) -> None:
        super().clean()
        seen: set[str] = set()
        for index, form in enumerate(self.forms):
            if not hasattr(form, "cleaned_data"):
                continue
            if index < self.initial_form_count() and form.instance.pk is None:
                # Not one of this operator's opcos: removed meanwhile, or a tampered form.
                form.add_error(None, "This opco no longer exists. Reload the page.")
                continue
            country = form.cleaned_data.get("country")
            if not country or self._should_delete_form(form):
                continue
            if country in seen:
                form.add_error(
                    "country",
                    f"{Country(country).name} is listed twice: an operator has one opco per "
                    "country.",
                )
            seen.add(country)


OpcoFormSet = modelformset_factory(
    Opco,
    form=OpcoForm,
    formset=BaseOpcoFormSet,
    extra=2,
    can_delete=True,
    max_num=250,
    validate_max=True,
    absolute_max=300,
)


class DirectoryFilterForm(forms.Form):
    """The members directory's search and filters (GET); invalid values are shown, not fatal."""

    q = forms.CharField(required=False, max_length=100, label="Name")
    country = forms.ChoiceField(required=False, label="Country of footprint")
    category = forms.ChoiceField(
        required=False, choices=[("", "Any focus"), *Category.choices], label="Focus category"
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # Only countries where some opco exists: an empty result for the rest says nothing.
        codes = Opco.objects.order_by().values_list("country", flat=True).distinct()
        named = sorted(((code, country_name(code)) for code in codes), key=lambda c: c[1])
        self.fields["country"].choices = [("", "Any country"), *named]
        self.fields["q"].widget.attrs.update({"type": "search", "placeholder": "e.g. Orange"})
