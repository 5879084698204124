"""Forms of the M2M/IoT pages: an opco's platforms and services, and the coverage finder. They
check the shape of the input; alliance.m2m enforces the rules."""

from __future__ import annotations

from django import forms

from alliance.finder_input import MAX_ENTRIES, MAX_ENTRY_LENGTH, parse_country_list
from alliance.models import M2MService, Opco, Platform
from alliance.regions import Region

COUNTRIES_HELP = (
    "Names or ISO codes, separated by commas or new lines, e.g. “Germany, FR, sweden”. "
    "Add whole regions below."
)
NO_COUNTRIES = "Paste the countries your customer needs, or pick a region."


class OpcoM2MForm(forms.Form):
    """One opco's platforms and services on its operator's capabilities page. `platforms` is the
    list of platforms the operator may run, loaded once for all of its opcos' forms."""

    platforms = forms.MultipleChoiceField(
        required=False, widget=forms.CheckboxSelectMultiple, label="Platforms it runs"
    )
    services = forms.MultipleChoiceField(
        choices=M2MService.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="M2M services it offers",
    )

    def __init__(self, *args, opco: Opco, platforms: list[Platform], **kwargs) -> None:
        kwargs.setdefault("prefix", f"opco-{opco.pk}")
        kwargs.setdefault(
            "initial",
            {
                "platforms": [str(link.platform_id) for link in opco.platform_links.all()],
                "services": [service.service for service in opco.m2m_services.all()],
            },
        )
        super().__init__(*args, **kwargs)
        self.opco = opco
        self._platforms = {str(platform.pk): platform for platform in platforms}
        self.fields["platforms"].choices = [
            (key, platform.name) for key, platform in self._platforms.items()
        ]

    def clean_platforms(self) -> list[Platform]:
        return [self._platforms[key] for key in self.cleaned_data["platforms"]]


class CoverageFinderForm(forms.Form):
    """The finder's question (GET): the countries, pasted and/or by region, and the optional
    platform or service every proposed opco must have."""

    countries = forms.CharField(
        required=False,
        max_length=MAX_ENTRIES * (MAX_ENTRY_LENGTH + 2),
        widget=forms.Textarea(attrs={"rows": 4, "placeholder": "Germany, FR\nsweden"}),
        label="Countries the customer needs",
        help_text=COUNTRIES_HELP,
    )
    region = forms.MultipleChoiceField(
        choices=Region.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Whole regions",
    )
    platform = forms.ModelChoiceField(
        queryset=Platform.objects.none(),
        required=False,
        to_field_name="slug",
        empty_label="Any platform",
        label="On the platform",
    )
    service = forms.ChoiceField(
        choices=[("", "Any service"), *M2MService.choices],
        required=False,
        label="Offering the service",
    )

    def __init__(self, *args, user, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["platform"].queryset = Platform.objects.visible_to(user)

    def clean(self) -> dict:
        data = super().clean()
        if "countries" not in data:
            return data
        parsed = parse_country_list(data["countries"], regions=data.get("region") or ())
        for error in parsed.errors:
            self.add_error("countries", error)
        if not parsed.codes and not parsed.errors:
            self.add_error("countries", NO_COUNTRIES)
        data["codes"] = parsed.codes
        return data
