"""The members directory, an operator's profile, and the pages where its managers edit it.

Who may see an operator is `Operator.objects.visible_to(user)`: an operator outside it answers
404. Who may change one is `require_may_edit` (`Operator.objects.editable_by`): an operator the
user can see but not change answers 403 with the refusal page, since its existence is no secret to
them (its profile is one click away) and "only its managers may do this" — or "it is suspended" —
is the honest answer. The API answers the same way, with the same sentence.
"""

from __future__ import annotations

from django.contrib import messages
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from alliance import services
from alliance.errors import DomainError
from alliance.filters import operators_in_country, operators_with_focus
from alliance.forms.operators import DirectoryFilterForm, OpcoFormSet, OperatorProfileForm
from alliance.models import Membership, Operator
from alliance.paging import CappedPaginator
from alliance.permissions import member_required, require_may_edit
from alliance.refusals import add_to_form
from alliance.text import possessive
from alliance.typeahead import suggestions
from alliance.widgets import country_names_list

DIRECTORY_PAGE_SIZE = 24


def filter_directory(operators: QuerySet[Operator], form: DirectoryFilterForm) -> QuerySet:
    """Apply the directory's valid filters; an invalid one is ignored (and shown on the form)."""
    if not form.is_valid():
        return operators
    data = form.cleaned_data
    if data["q"]:
        operators = operators.filter(name__icontains=data["q"].strip())
    if data["country"]:
        operators = operators_in_country(operators, data["country"])
    if data["category"]:
        operators = operators_with_focus(operators, data["category"])
    return operators


@member_required
def directory(request: HttpRequest) -> HttpResponse:
    form = DirectoryFilterForm(request.GET or None)
    operators = filter_directory(
        Operator.objects.visible_to(request.user).current().with_footprint(), form
    )
    page = CappedPaginator(operators, DIRECTORY_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "alliance/directory.html",
        {"form": form, "page_obj": page, "operators": page.object_list},
    )


@member_required
def operator_suggestions(request: HttpRequest) -> HttpResponse:
    """The operator fields' type-ahead: operators the member may see, by name."""
    return suggestions(request, Operator.objects.visible_to(request.user))


def _visible_operator(request: HttpRequest, slug: str) -> Operator:
    return get_object_or_404(Operator.objects.visible_to(request.user).with_footprint(), slug=slug)


@member_required
def operator_detail(request: HttpRequest, slug: str) -> HttpResponse:
    operator = _visible_operator(request, slug)
    managers = (
        Membership.objects.approved()
        .managers()
        .filter(operator=operator)
        .select_related("user")
        .order_by("user__last_name", "user__email")
    )
    return render(
        request,
        "alliance/operator_detail.html",
        {
            "operator": operator,
            "managers": managers,
            "can_edit": Operator.objects.editable_by(request.user).filter(pk=operator.pk).exists(),
        },
    )


@member_required
def operator_edit(request: HttpRequest, slug: str) -> HttpResponse:
    operator = _visible_operator(request, slug)
    require_may_edit(request.user, operator)
    # The form gets its own copy: a rejected name must not show up in the page header.
    form = OperatorProfileForm(request.POST or None, instance=Operator.objects.get(pk=operator.pk))
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in services.PROFILE_FIELDS}
        try:
            services.update_operator_profile(
                operator=operator,
                by=request.user,
                email_domains=form.cleaned_data["email_domains"],
                **fields,
            )
        except DomainError as error:
            add_to_form(form, error)
        else:
            messages.success(request, f"{possessive(operator.name)} profile is saved.")
            return redirect(operator)
    return render(request, "alliance/operator_edit.html", {"operator": operator, "form": form})


@member_required
def opcos_edit(request: HttpRequest, slug: str) -> HttpResponse:
    operator = _visible_operator(request, slug)
    require_may_edit(request.user, operator)
    formset = OpcoFormSet(
        request.POST or None, queryset=operator.opcos.order_by("country"), prefix="opcos"
    )
    if request.method == "POST" and formset.is_valid():
        deleted = [form.instance for form in formset.deleted_forms if form.instance.pk]
        updated, created = [], []
        for form in formset.forms:
            if form in formset.deleted_forms or not form.has_changed():
                continue
            fields = {name: form.cleaned_data[name] for name in ("country", "brand_name")}
            if form.instance.pk:
                updated.append((form.instance, fields))
            else:
                created.append(fields)
        try:
            services.save_opcos(
                operator=operator,
                by=request.user,
                created=created,
                updated=updated,
                deleted=deleted,
            )
        except DomainError as error:
            # A formset has no single form to put it on: shown above it, with everything kept.
            messages.error(request, error.message)
        else:
            messages.success(request, f"{possessive(operator.name)} opcos are saved.")
            return redirect(operator)
    context = {"operator": operator, "formset": formset, "country_list": country_names_list()}
    return render(request, "alliance/opcos_edit.html", context)
