from django.http import HttpRequest


def membership(request: HttpRequest) -> dict:
    """The signed-in user's active membership (or None), for navigation and page headers."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"current_membership": None}
    return {"current_membership": user.active_membership}
