"""The project's select template writes options in Python (alliance/templatetags/widget_options.py)
with the same HTML Django's own templates give."""

from __future__ import annotations

from django import forms


class ChoiceForm(forms.Form):
    single = forms.ChoiceField(choices=[("", "Any"), ("fr", "France"), ("x", "<b>&</b>")])
    grouped = forms.ChoiceField(
        choices=[("Europe", [("fr", "France"), ("de", "Germany")]), ("co", "Colombia")]
    )
    several = forms.MultipleChoiceField(choices=[("a", "A"), ("b", "B")])


def rendered(field: str, value) -> str:
    return str(ChoiceForm(initial={field: value})[field])


def test_the_chosen_option_is_marked_selected_and_the_others_are_not():
    html = rendered("single", "fr")
    assert '<option value="fr" selected>France</option>' in html
    assert '<option value="">Any</option>' in html


def test_labels_and_values_are_escaped():
    assert '<option value="x">&lt;b&gt;&amp;&lt;/b&gt;</option>' in rendered("single", "")


def test_grouped_choices_keep_their_optgroup():
    html = rendered("grouped", "de")
    assert '<optgroup label="Europe"><option value="fr">France</option>' in html
    assert '<option value="de" selected>Germany</option></optgroup>' in html


def test_a_multiple_select_marks_every_chosen_option():
    html = rendered("several", ["a", "b"])
    assert html.startswith('<select name="several"') and " multiple" in html
    assert html.count(" selected>") == 2
