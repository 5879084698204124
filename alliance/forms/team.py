"""Forms of the team page: inviting a colleague, and the buttons beside each person and invitation.

Every choice is limited to the operator's own people and invitations, so an id from another
operator is an invalid choice (a form error), never a way to touch someone else's team.
"""

from __future__ import annotations

from django import forms

from alliance.models import Invitation, Membership, Operator


class InviteForm(forms.Form):
    email = forms.EmailField(
        label="Email address",
        max_length=254,
        help_text="They receive a link to create their account; it works for "
        "a limited time and only once.",
    )
    role = forms.ChoiceField(
        choices=Membership.Role.choices,
        initial=Membership.Role.MEMBER,
        help_text="Managers can also invite colleagues and edit the operator’s profile.",
    )

    def clean_email(self) -> str:
        return self.cleaned_data["email"].strip().lower()


class MembershipChoiceForm(forms.Form):
    """Picks one of the operator's memberships (approve, decline, deactivate)."""

    membership = forms.ModelChoiceField(
        queryset=Membership.objects.none(),
        error_messages={"invalid_choice": "That person is not in this team."},
    )

    def __init__(self, *args, operator: Operator, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["membership"].queryset = operator.memberships.select_related("user")


class RoleForm(MembershipChoiceForm):
    role = forms.ChoiceField(choices=Membership.Role.choices)


class InvitationChoiceForm(forms.Form):
    """Picks one of the operator's invitations not yet accepted (revoke, re-send)."""

    invitation = forms.ModelChoiceField(
        queryset=Invitation.objects.none(),
        error_messages={"invalid_choice": "That invitation is not open for this team."},
    )

    def __init__(self, *args, operator: Operator, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["invitation"].queryset = operator.invitations.open()
