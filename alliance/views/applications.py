"""Owned by a helper: being written now."""
from django.http import Http404


def apply(request):
    raise Http404


apply_thanks = staff_applications = staff_application = apply
