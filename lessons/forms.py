"""Forms of the lessons pages: the guided write form, comments and following."""

from __future__ import annotations

from django import forms
from django_countries import countries

from alliance.blocs.forms import bloc_only_with_bloc_visibility, offer_blocs
from alliance.choices import Category
from alliance.models import Bloc
from alliance.typeahead import TypeaheadChoiceField
from alliance.widgets import CountryPicker, own_footprint
from lessons.models import COMMENT_MAX_LENGTH, Lesson, clean_title
from lessons.services import MAX_TAGS, parse_tags
from partners.models import Partner

# What the write form asks, in a member's words; the model's verbose names are the short labels.
QUESTION_HELP = {
    "tried": "The product, the offer, the channel, the country, the price: what exactly?",
    "happened": "Numbers if you have them: uptake, churn, revenue, how long it took.",
    "why": "The root cause, as far as you know it — this is what other members need most.",
    "recommendation": "What would you tell another member about to try the same thing?",
}


def partner_field(user, **kwargs) -> TypeaheadChoiceField:
    """A partner the user sees, typed (name, slug or id) with suggestions: not a `<select>` of
    the 50,000 partners a member may see."""
    return TypeaheadChoiceField(
        Partner.objects.visible_to(user), url_name="partners:suggestions", required=False, **kwargs
    )


class LessonForm(forms.ModelForm):
    """The guided form: the four questions, then what the lesson is about."""

    countries = forms.MultipleChoiceField(
        choices=list(countries),
        required=False,
        help_text="Where this happened.",
        widget=CountryPicker(suggested_label="Your footprint"),
    )
    tags = forms.CharField(
        required=False,
        max_length=400,
        help_text="Comma-separated, e.g. “pricing, carrier billing”.",
    )

    class Meta:
        model = Lesson
        fields = [
            "title",
            "outcome",
            "tried",
            "happened",
            "why",
            "recommendation",
            "category",
            "partner",
            "countries",
            "tags",
            "visibility",
            "bloc",
        ]
        widgets = {
            "outcome": forms.RadioSelect,
            "visibility": forms.RadioSelect,
            **{name: forms.Textarea(attrs={"rows": 5}) for name in Lesson.ANSWER_FIELDS},
        }
        help_texts = {
            "title": "One line another member would search for, e.g. “Pushing security apps to "
            "prepaid customers did not work”.",
            **QUESTION_HELP,
        }

    def __init__(self, *args, user, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["partner"] = partner_field(user, label=self.fields["partner"].label)
        self.fields["outcome"].choices = Lesson.Outcome.choices
        self.fields["category"].choices = [("", "Choose a category"), *Category.choices]
        self.fields["countries"].widget.suggested = own_footprint(user)
        self.fields["bloc"].queryset = Bloc.objects.visible_to(user)
        self.fields["visibility"].required = False
        self.fields["visibility"].initial = self.instance.visibility
        membership = user.active_membership
        offer_blocs(
            self,
            operator=membership.operator if membership else None,
            current=self.instance.bloc if self.instance.bloc_id else None,
            what="lesson (no one else does)",
        )
        if self.instance.pk and not self.is_bound:
            self.initial["countries"] = self.instance.country_codes
            self.initial["tags"] = ", ".join(tag.name for tag in self.instance.tags.all())

    def clean_title(self) -> str:
        return clean_title(self.cleaned_data["title"])

    def clean(self) -> dict:
        cleaned = super().clean()
        if not cleaned.get("visibility"):  # not sent: the lesson keeps whom it is shared with
            cleaned["visibility"], cleaned["bloc"] = self.instance.visibility, self.instance.bloc
        return bloc_only_with_bloc_visibility(cleaned)

    def clean_tags(self) -> list[str]:
        names = parse_tags(self.cleaned_data["tags"])
        if len(names) > MAX_TAGS:
            raise forms.ValidationError(f"Use at most {MAX_TAGS} tags.")
        return names

    def questions(self) -> list[forms.BoundField]:
        return [self[name] for name in Lesson.ANSWER_FIELDS]

    def lesson_fields(self) -> dict:
        """The cleaned data as the services take it."""
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class CommentForm(forms.Form):
    body = forms.CharField(
        label="Your comment",
        max_length=COMMENT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Write something before posting a comment."},
    )


class FollowForm(forms.Form):
    """What a member follows; the weekly digest lists what is new in these."""

    # The partners followed, to unfollow (any partner the member sees is accepted), and one more
    # to follow, typed: not a checkbox for each of the 50,000 partners a member may see.
    partners = forms.ModelMultipleChoiceField(
        queryset=Partner.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Untick one to stop following it.",
    )
    add_partner = forms.CharField(required=False)  # a type-ahead field (__init__)
    countries = forms.MultipleChoiceField(
        choices=list(countries),
        required=False,
        widget=CountryPicker(suggested_label="Your footprint"),
    )
    categories = forms.MultipleChoiceField(
        choices=Category.choices, required=False, widget=forms.CheckboxSelectMultiple
    )
    digest = forms.BooleanField(label="Email me a weekly digest of what is new", required=False)

    def __init__(self, *args, user, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        active = Partner.objects.visible_to(user).filter(status=Partner.Status.ACTIVE)
        self.fields["partners"].queryset = active
        followed = self.initial.get("partners", [])
        self.fields["partners"].widget.choices = [(p.pk, p.name) for p in followed]
        if not followed:  # nothing to untick; a posted id is still taken
            self.fields["partners"].widget = forms.MultipleHiddenInput()
        self.fields["add_partner"] = TypeaheadChoiceField(
            active,
            url_name="partners:suggestions",
            required=False,
            label="Follow a partner" if followed else "Partners",
            help_text="Type a few letters of its name and pick it.",
        )
        self.fields["countries"].widget.suggested = own_footprint(user)

    def followed_partners(self) -> list[Partner]:
        """The partners ticked, and the one typed (valid forms only)."""
        partners = list(self.cleaned_data.get("partners", []))
        added = self.cleaned_data.get("add_partner")
        return [*partners, added] if added and added not in partners else partners


class FollowOneForm(forms.Form):
    """Follow or unfollow one partner (by slug, among those the member may see) or one country,
    from the button on its page."""

    partner = forms.ModelChoiceField(
        queryset=Partner.objects.none(), to_field_name="slug", required=False
    )
    country = forms.ChoiceField(choices=[("", ""), *countries], required=False)
    following = forms.BooleanField(required=False)

    def __init__(self, *args, user, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["partner"].queryset = Partner.objects.visible_to(user)

    def clean(self) -> dict:
        cleaned = super().clean()
        if bool(cleaned.get("partner")) == bool(cleaned.get("country")):
            raise forms.ValidationError("Say which one partner or one country to follow.")
        return cleaned
