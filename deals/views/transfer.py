"""CSV export (what the user may see, with the list's filters), CSV import (own operator) and the
import's sample file."""

from __future__ import annotations

import secrets
import tempfile
from pathlib import Path

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from alliance.errors import DomainError
from alliance.permissions import member_required
from alliance.refusals import add_to_form
from deals.forms import DealFilterForm, ImportForm
from deals.models import Deal
from deals.transfer import Importer, export_rows, sample_rows

# Uploaded files wait here between the preview and the confirmation (not a public folder).
IMPORT_DIR = Path(tempfile.gettempdir()) / "alliance-deal-imports"
SESSION_KEY = "deals_import"


def _csv_response(lines, filename: str) -> StreamingHttpResponse:
    response = StreamingHttpResponse(lines, content_type="text/csv")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@member_required
def export_csv(request: HttpRequest) -> StreamingHttpResponse:
    filters = DealFilterForm(request.GET or None, user=request.user)
    deals = filters.filter(Deal.objects.visible_to(request.user)).for_listing()
    stamp = timezone.localdate().isoformat()
    return _csv_response(export_rows(deals, request.user), f"deals-{stamp}.csv")


@member_required
def import_sample(request: HttpRequest) -> StreamingHttpResponse:
    return _csv_response(sample_rows(), "deals-import-sample.csv")


def _stored_file(request: HttpRequest) -> Path | None:
    stored = request.session.get(SESSION_KEY)
    if not stored or stored.get("user") != request.user.pk:
        return None
    path = IMPORT_DIR / f"{stored['token']}.csv"
    return path if path.exists() else None


@member_required
def import_csv(request: HttpRequest) -> HttpResponse:
    """Upload → preview (nothing written) → confirm (everything written, or nothing)."""
    importer = Importer(user=request.user)  # refuses those who may not write
    context: dict = {"operator": importer.operator}
    if request.method == "POST" and "confirm" in request.POST:
        path = _stored_file(request)
        if path is None:
            messages.error(request, "That upload has expired: please choose the file again.")
            return redirect("deals:import")
        try:
            with path.open("rb") as stream:
                report = importer.apply(stream)
        except DomainError as error:
            messages.error(request, error.message)
            return redirect("deals:import")
        if not report.is_valid:
            context.update(form=ImportForm(), report=report)
            return render(request, "deals/import.html", context, status=400)
        path.unlink(missing_ok=True)
        request.session.pop(SESSION_KEY, None)
        messages.success(request, report.summary())
        return redirect("deals:pipeline")
    form = ImportForm(
        request.POST if request.method == "POST" else None,
        request.FILES if request.method == "POST" else None,
    )
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            report = importer.validate(upload.file)
        except DomainError as error:
            add_to_form(form, error)
        else:
            context["report"] = report
            if report.is_valid:
                IMPORT_DIR.mkdir(mode=0o700, parents=True, exist_ok=True)
                token = secrets.token_urlsafe(16)
                upload.seek(0)
                with (IMPORT_DIR / f"{token}.csv").open("wb") as target:
                    for chunk in upload.chunks():
                        target.write(chunk)
                request.session[SESSION_KEY] = {"token": token, "user": request.user.pk}
    context["form"] = form
    report = context.get("report")
    status = 400 if form.errors or (report is not None and not report.is_valid) else 200
    return render(request, "deals/import.html", context, status=status)
