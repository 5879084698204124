from __future__ import annotations

from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.internal.stagekit import clear_login

from alliance.services import join_after_signup


class AccountAdapter(DefaultAccountAdapter):
    def save_user(self, request, user, form, commit=True):
        """Save the new user, then give them their membership in the same request."""
        user = super().save_user(request, user, form, commit=commit)
        if commit:
            join_after_signup(user=user, invitation=getattr(form, "invitation", None))
        return user

    def pre_login(self, request, user, **kwargs):
        """People of a removed operator can no longer sign in; reinstating the operator lets them
        back in (their memberships are left untouched by removal)."""
        membership = getattr(user, "membership", None)
        if not user.is_staff and membership is not None and membership.operator.is_former_member:
            clear_login(request)
            return self.respond_user_inactive(request, user)
        return super().pre_login(request, user, **kwargs)
