from __future__ import annotations

from allauth.account.adapter import DefaultAccountAdapter

from alliance.services import join_after_signup


class AccountAdapter(DefaultAccountAdapter):
    def save_user(self, request, user, form, commit=True):
        """Save the new user, then give them their membership in the same request."""
        user = super().save_user(request, user, form, commit=commit)
        if commit:
            join_after_signup(user=user, invitation=getattr(form, "invitation", None))
        return user
