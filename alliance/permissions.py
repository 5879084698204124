"""Who may use the portal: the same rules for web views (decorators) and the API (permissions)."""

from __future__ import annotations

from functools import wraps

from allauth.mfa.utils import is_mfa_enabled
from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from rest_framework.permissions import BasePermission

from alliance.errors import NotAllowed
from alliance.models import Operator
from alliance.text import possessive


def staff_lacks_two_factor(user) -> bool:
    """Staff must have two-factor authentication before they use any of their powers (on by
    default; only the local demo switches it off with STAFF_REQUIRE_TWO_FACTOR=false)."""
    return (
        settings.STAFF_REQUIRE_TWO_FACTOR
        and user.is_authenticated
        and user.is_staff
        and not is_mfa_enabled(user)
    )


def is_alliance_member(user) -> bool:
    """Signed in with an approved membership of a current operator, or staff."""
    return user.is_authenticated and (user.is_staff or user.active_membership is not None)


def acting_operator(user):
    """The operator on whose behalf `user` writes (introduces, logs deals, publishes lessons...):
    that of their active membership, if it may contribute. Otherwise `NotAllowed`, saying why.
    Staff act through the admin pages, not as a member of an operator."""
    if not user.is_authenticated:
        raise NotAllowed("Sign in as a member of an operator to do this.")
    membership = user.active_membership
    if membership is None:
        if user.is_staff:
            raise NotAllowed(
                "Alliance admins act through the admin pages, not on behalf of an operator."
            )
        raise NotAllowed("Only members of an operator may do this.")
    operator = membership.operator
    if not operator.can_contribute:
        raise NotAllowed(
            f"{operator.name} is {operator.get_status_display().lower()}: its people can read "
            "the portal but not change anything until it is reinstated."
        )
    return operator


def require_may_edit(user, operator: Operator) -> None:
    """`NotAllowed`, saying why, unless `user` may change `operator`'s profile, opcos and team
    (`Operator.objects.editable_by`: its managers while it may contribute, and staff)."""
    if Operator.objects.editable_by(user).filter(pk=operator.pk).exists():
        return
    membership = user.active_membership if user.is_authenticated else None
    if membership is not None and membership.operator_id == operator.pk and membership.is_manager:
        acting_operator(user)  # its own manager: refused because the operator may not write
    raise NotAllowed(
        f"Only {possessive(operator.name)} managers and the alliance admins can change its "
        "profile, opcos and team."
    )


def can_contribute(user) -> bool:
    """May write: `acting_operator` would name an operator rather than refuse."""
    try:
        acting_operator(user)
    except NotAllowed:
        return False
    return True


def member_required(view):
    """Web views for alliance members: anonymous visitors go to the login page; signed-in users
    without an approved membership see why they cannot get in yet."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not is_alliance_member(request.user):
            return render(request, "alliance/no_membership.html", status=403)
        return view(request, *args, **kwargs)

    return wrapper


def staff_required(view):
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not request.user.is_staff:
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


class IsAllianceMember(BasePermission):
    message = "Only members of the alliance may use the API."
    two_factor_message = "Staff must turn on two-factor authentication before using the API."

    def has_permission(self, request, view) -> bool:
        if staff_lacks_two_factor(request.user):
            self.message = self.two_factor_message
            return False
        return is_alliance_member(request.user)
