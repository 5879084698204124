"""The coverage matrix: partners × countries, within what the viewer may see."""

from __future__ import annotations

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from alliance.choices import Category
from alliance.paging import CappedPaginator
from alliance.permissions import member_required
from alliance.regions import Region
from deals.coverage import build_matrix, matrix_partners

PARTNERS_PER_PAGE = 30
# Counting a partner means probing its deals: count a thousand at most ("1,000+").
COUNT_CAP = 1_000


class CoverageFilterForm(forms.Form):
    category = forms.ChoiceField(
        required=False, choices=[("", "Every category"), *Category.choices]
    )
    region = forms.ChoiceField(required=False, choices=[("", "Every region"), *Region.choices])


@member_required
def coverage(request: HttpRequest) -> HttpResponse:
    filters = CoverageFilterForm(request.GET or None)
    data = filters.cleaned_data if filters.is_valid() else {"category": "", "region": ""}
    partners = matrix_partners(request.user, category=data["category"], region=data["region"])
    paginator = CappedPaginator(partners, PARTNERS_PER_PAGE, cap=COUNT_CAP)
    page = paginator.get_page(request.GET.get("page"))
    matrix = build_matrix(request.user, list(page.object_list), region=data["region"])
    return render(
        request,
        "deals/coverage.html",
        {"filters": filters, "page_obj": page, "matrix": matrix},
    )
