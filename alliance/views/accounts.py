"""Owned by a helper: being written now."""
from allauth.account.views import SignupView
from django.http import Http404


class InvitationSignupView(SignupView):
    pass


def accept_invitation(request, token):
    raise Http404


api_token = accept_invitation
