"""The one error vocabulary: each domain error answers the same status and sentence on a page and
in the API, whichever app raised it."""

from __future__ import annotations

import pytest
from django.http import HttpResponse
from django.test import RequestFactory
from rest_framework.test import APIRequestFactory
from rest_framework.views import APIView

from alliance.errors import Conflict, Invalid, NotAllowed
from alliance.permissions import acting_operator, can_contribute
from alliance.refusals import DomainErrorMiddleware, add_to_form
from tests.factories import MembershipFactory, OperatorFactory

ERRORS = [
    (NotAllowed("Only its sponsors may edit this partner."), 403),
    (Conflict("This introduction has already been answered."), 409),
    (Invalid("Orange has no opco in Germany."), 400),
]


def _raising_api_view(error):
    class Raising(APIView):
        permission_classes: list = []
        authentication_classes: list = []

        def post(self, request):
            raise error

    return Raising.as_view()


@pytest.mark.parametrize(("error", "status"), ERRORS)
def test_api_answers_a_domain_error_with_its_status_and_sentence(error, status):
    response = _raising_api_view(error)(APIRequestFactory().post("/"))
    assert response.status_code == status
    assert response.data == {"detail": error.message, "code": error.code}


def test_api_answers_a_conflict_on_a_field_in_the_error_shape_naming_the_field():
    error = Conflict("Orange in Germany: one participant per country.", field="country")
    response = _raising_api_view(error)(APIRequestFactory().post("/"))
    assert response.status_code == 409
    assert response.data == {"detail": error.message, "code": "conflict", "field": "country"}


def test_api_answers_an_invalid_field_in_the_validation_shape():
    error = Invalid("Orange has no opco in Germany.", field="country")
    response = _raising_api_view(error)(APIRequestFactory().post("/"))
    assert response.status_code == 400
    assert response.data == {"country": ["Orange has no opco in Germany."]}


@pytest.mark.django_db
@pytest.mark.parametrize(("error", "status"), ERRORS)
def test_page_answers_a_domain_error_with_its_status_and_sentence(error, status, member):
    request = RequestFactory().post("/somewhere/")
    request.user = member
    middleware = DomainErrorMiddleware(lambda request: HttpResponse())
    response = middleware.process_exception(request, error)
    assert response.status_code == status
    assert error.message in response.content.decode()


def test_a_field_error_is_shown_beside_its_field_on_a_form():
    from django import forms

    class CountryForm(forms.Form):
        country = forms.CharField()

    form = CountryForm(data={"country": "DE"})
    form.is_valid()
    add_to_form(form, Invalid("Orange has no opco in Germany.", field="country"))
    assert form.errors == {"country": ["Orange has no opco in Germany."]}


@pytest.mark.django_db
@pytest.mark.parametrize("status", ["suspended", "removed"])
def test_members_of_a_suspended_or_removed_operator_write_nothing(status):
    user = MembershipFactory(operator=OperatorFactory(name="MTS", status=status)).user
    assert not can_contribute(user)
    if status == "suspended":
        with pytest.raises(NotAllowed, match="MTS is suspended: its people can read"):
            acting_operator(user)


@pytest.mark.django_db
def test_staff_are_told_they_act_through_the_admin_pages(admin_user):
    with pytest.raises(NotAllowed, match="act through the admin pages"):
        acting_operator(admin_user)


@pytest.mark.django_db
def test_a_member_of_an_active_operator_acts_for_it(member, operator):
    assert acting_operator(member) == operator
