from django.http import HttpRequest

from alliance.permissions import can_contribute


def membership(request: HttpRequest) -> dict:
    """The signed-in user's active membership (or None), for navigation and page headers, and
    `can_contribute`: the one "may write" predicate templates use to offer an action only to those
    who may take it (the same rule the services enforce)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"current_membership": None, "can_contribute": False}
    return {"current_membership": user.active_membership, "can_contribute": can_contribute(user)}
