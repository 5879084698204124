"""The country picker widget (issue 11, point 7): one widget for every multiple choice of
countries, offering the valid set first. What its script does is tested in the browser
(tests/browser/test_country_picker.py); here, what the server renders."""

from __future__ import annotations

import json
import re

import pytest
from django import forms
from django_countries import countries

from alliance.widgets import CountryPicker
from lessons.forms import FollowForm, LessonForm
from partners.forms import IntroductionForm, PartnerApplicationForm, SponsorForm
from tests.factories import OpcoFactory, OperatorFactory

pytestmark = pytest.mark.django_db


def render(widget: CountryPicker, value=()) -> str:
    class Form(forms.Form):
        countries_ = forms.MultipleChoiceField(choices=list(countries), widget=widget)

    return str(Form(initial={"countries_": list(value)})["countries_"])


def optgroup_codes(html: str, label: str) -> list[str]:
    group = re.search(rf'<optgroup label="{label}">(.*?)</optgroup>', html, re.S)
    assert group, f"no group {label!r}"
    return re.findall(r'value="([A-Z]{2})"', group.group(1))


def test_the_picker_is_a_plain_select_multiple_that_the_script_enhances():
    html = render(CountryPicker())
    assert html.startswith("<select") and "multiple" in html and "data-country-picker" in html
    assert html.count("<option") == len(countries)
    assert "<optgroup" not in html


def test_suggested_countries_come_first_in_their_own_group_and_are_not_repeated():
    html = render(CountryPicker(suggested=["FR", "BE"], suggested_label="Your footprint"))
    assert optgroup_codes(html, "Your footprint") == ["BE", "FR"]
    assert "FR" not in optgroup_codes(html, "All countries")
    assert html.count('value="FR"') == 1
    assert 'data-suggested="FR,BE"' in html


def test_suggestions_may_be_computed_when_the_form_is_shown():
    html = render(CountryPicker(suggested=lambda: ["SE"]))
    assert optgroup_codes(html, "Suggested") == ["SE"]


def test_a_picker_that_follows_another_field_offers_only_its_footprints_and_what_was_chosen():
    picker = CountryPicker(footprint_of="to_operator", footprints={"1": ["FR"], "2": ["CO", "FR"]})
    html = render(picker, value=["DE"])
    assert re.findall(r'value="([A-Z]{2})"', html) == ["CO", "FR", "DE"]
    assert 'data-footprint-of="to_operator"' in html
    footprints = re.search(r'data-footprints="([^"]*)"', html).group(1).replace("&quot;", '"')
    assert json.loads(footprints) == {"1": ["FR"], "2": ["CO", "FR"]}


def test_the_introduce_form_knows_each_possible_recipients_footprint(operator, other_operator):
    OpcoFactory(operator=other_operator, country="CO")
    OpcoFactory(operator=other_operator, country="BO")
    no_opcos = OperatorFactory(name="Newcomer", slug="newcomer")
    form = IntroductionForm(from_operator=operator)
    picker = form.fields["countries"].widget
    assert picker.footprint_of == "to_operator"
    assert picker.footprints == {str(other_operator.pk): ["BO", "CO"], str(no_opcos.pk): []}
    assert str(operator.pk) not in picker.footprints  # one does not introduce to oneself


def test_lesson_and_follow_forms_suggest_the_members_own_footprint(member, operator):
    OpcoFactory(operator=operator, country="FR")
    OpcoFactory(operator=operator, country="SN")
    for form in (LessonForm(user=member), FollowForm(user=member)):
        html = str(form["countries"])
        assert optgroup_codes(html, "Your footprint") == ["FR", "SN"]


def test_the_sponsor_form_suggests_the_countries_where_members_have_opcos(operator):
    OpcoFactory(operator=operator, country="FR")
    html = str(SponsorForm()["suggested_countries"])
    assert optgroup_codes(html, "Members’ countries") == ["FR"]


def test_public_forms_offer_every_country_without_suggestions(db):
    html = str(PartnerApplicationForm()["countries"])
    assert "data-country-picker" in html and "<optgroup" not in html
