"""The sign-up form: closed sign-up, open only to an invited email or a registered domain."""

from __future__ import annotations

from allauth.account.forms import SignupForm as AllauthSignupForm
from django import forms

from alliance.models import Invitation
from alliance.services import email_domain, operator_for_email_domain


class SignupForm(AllauthSignupForm):
    first_name = forms.CharField(max_length=150, label="First name")
    last_name = forms.CharField(max_length=150, label="Last name")

    field_order = ["email", "first_name", "last_name", "password1", "password2"]

    def __init__(self, *args, invitation: Invitation | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.invitation = invitation if invitation is not None and invitation.is_usable else None
        if self.invitation is not None:
            self.fields["email"].initial = self.invitation.email
            self.fields["email"].widget.attrs["readonly"] = True
            self.fields[
                "email"
            ].help_text = (
                f"You were invited to join {self.invitation.operator.name} with this address."
            )
            # The name the applicant gave when their operator applied, theirs to correct.
            first, last = self.invitation.invitee_name
            self.fields["first_name"].initial = first or None
            self.fields["last_name"].initial = last or None

    def clean_email(self) -> str:
        email = super().clean_email()
        if self.invitation is not None:
            if email != self.invitation.email:
                raise forms.ValidationError(
                    "Use the address your invitation was sent to: " + self.invitation.email
                )
            return email
        if operator_for_email_domain(email) is None:
            raise forms.ValidationError(
                f"Sign-up is by invitation only, and no member operator has registered "
                f"“{email_domain(email)}”. Ask a manager at your operator to invite you."
            )
        return email
