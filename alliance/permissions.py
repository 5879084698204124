"""Who may use the portal: the same rules for web views (decorators) and the API (permissions)."""

from __future__ import annotations

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from rest_framework.permissions import SAFE_METHODS, BasePermission


def is_alliance_member(user) -> bool:
    """Signed in with an approved membership of a current operator, or staff."""
    return user.is_authenticated and (user.is_staff or user.active_membership is not None)


def can_contribute(user) -> bool:
    """May write (introduce, log deals, publish lessons...): an active membership of an operator
    that is not suspended. Staff act through admin pages, not as a member."""
    membership = user.active_membership if user.is_authenticated else None
    return membership is not None and membership.operator.can_contribute


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

    def has_permission(self, request, view) -> bool:
        return is_alliance_member(request.user)


class IsAllianceMemberReadOnly(IsAllianceMember):
    def has_permission(self, request, view) -> bool:
        return request.method in SAFE_METHODS and super().has_permission(request, view)
