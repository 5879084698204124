"""Owned by a helper: being written now."""
from django.http import Http404


def directory(request):
    raise Http404


operator_detail = operator_edit = opcos_edit = directory
