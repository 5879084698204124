"""The admins' pruning pages: flagged, suspended and removed operators with their figures, the
actions on them (one or many at a time), the job's dry run and "run now", and the audit trail.
Staff only; /staff/ also requires two-factor authentication
(alliance.middleware.StaffTwoFactorMiddleware)."""

from __future__ import annotations

from django.contrib import messages
from django.db.models import Case, IntegerField, Prefetch, Value, When
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from alliance.errors import DomainError
from alliance.models import AuditLogEntry, Exemption, InactivityPolicy, Operator, StandingFlag
from alliance.paging import CappedPaginator
from alliance.permissions import staff_required
from alliance.refusals import add_to_form
from alliance.standing.actions import apply_action, run_job_now
from alliance.standing.figures import monthly_contributions, with_consumption, with_figures
from alliance.standing.forms import RunJobForm, StandingActionForm
from alliance.standing.job import flag_inactive_members

PAGE_SIZE = 50

SHOW_CHOICES = {
    "review": "Flagged, suspended and removed",
    "all": "All operators",
}


def _pruning_queryset(*, policy: InactivityPolicy, now, show: str):
    operators = Operator.objects.all()
    if show != "all":
        operators = operators.exclude(status=Operator.Status.ACTIVE)
    operators = with_consumption(
        with_figures(operators, policy=policy, now=now), policy=policy, now=now
    )
    return operators.prefetch_related(
        Prefetch("standing_flags", StandingFlag.objects.unresolved(), to_attr="open_flags"),
        Prefetch(
            "exemptions",
            Exemption.objects.in_force(timezone.localdate(now)),
            to_attr="exemptions_in_force",
        ),
    ).order_by(
        Case(
            When(status=Operator.Status.FLAGGED, then=Value(0)),
            When(status=Operator.Status.SUSPENDED, then=Value(1)),
            When(status=Operator.Status.REMOVED, then=Value(2)),
            default=Value(3),
            output_field=IntegerField(),
        ),
        "name",
    )


def _with_first_checks(operators, *, policy: InactivityPolicy, now) -> list[Operator]:
    """Mark each operator not judged yet (new or reinstated) with the day of its first check."""
    today = timezone.localdate(now)
    rows = list(operators)
    for op in rows:
        op.first_check = op.first_check_on(policy.window_days)
        op.judged = op.is_judged_on(today, policy.window_days)
    return rows


def _apply(request: HttpRequest, form: StandingActionForm) -> int | None:
    """Run the chosen action through the service: None when done (and said so), else the status
    of its refusal, which is put on the form."""
    data = form.cleaned_data
    try:
        count = apply_action(
            action=data["action"],
            operators=list(data["operators"]),
            by=request.user,
            reason=data["reason"],
            days=data.get("days"),
            until=data.get("until"),
        )
    except DomainError as error:
        add_to_form(form, error)
        return error.status_code
    names = ", ".join(op.name for op in data["operators"])
    label = dict(form.fields["action"].choices)[data["action"]]
    messages.success(
        request, f"{label}: done for {count} operator{'s' if count != 1 else ''} ({names})."
    )
    return None


def _post_status(request: HttpRequest, form: StandingActionForm) -> int | None:
    """None when a posted action was done; otherwise the status of the page to show again."""
    if request.method != "POST":
        return 200
    if not form.is_valid():
        return 400
    return _apply(request, form)


@staff_required
def pruning(request: HttpRequest) -> HttpResponse:
    show = request.GET.get("show", "review")
    if show not in SHOW_CHOICES:
        show = "review"
    form = StandingActionForm(request.POST or None)
    status = _post_status(request, form)
    if status is None:
        return redirect(request.get_full_path())
    policy = InactivityPolicy.current()
    now = timezone.now()
    page_obj = CappedPaginator(
        _pruning_queryset(policy=policy, now=now, show=show), PAGE_SIZE
    ).get_page(request.GET.get("page"))
    page_obj.object_list = _with_first_checks(page_obj.object_list, policy=policy, now=now)
    audit_log = AuditLogEntry.objects.filter(action__startswith="standing.").select_related(
        "actor", "operator"
    )[:30]
    selected = {str(pk) for pk in request.POST.getlist("operators")}
    return render(
        request,
        "alliance/standing/pruning.html",
        {
            "policy": policy,
            "page_obj": page_obj,
            "form": form,
            "show": show,
            "show_choices": SHOW_CHOICES,
            "audit_log": audit_log,
            "selected": selected,
        },
        status=status,
    )


@staff_required
def operator_standing(request: HttpRequest, slug: str) -> HttpResponse:
    """One operator's contribution history, flags, exemptions and audit trail, and the actions."""
    operator = get_object_or_404(Operator, slug=slug)
    form = StandingActionForm(request.POST or None, initial={"operators": [operator.pk]})
    status = _post_status(request, form)
    if status is None:
        return redirect("alliance:standing_operator", slug=operator.slug)
    policy = InactivityPolicy.current()
    now = timezone.now()
    (figures,) = _with_first_checks(
        with_consumption(
            with_figures(Operator.objects.filter(pk=operator.pk), policy=policy, now=now),
            policy=policy,
            now=now,
        ),
        policy=policy,
        now=now,
    )
    return render(
        request,
        "alliance/standing/operator.html",
        {
            "operator": figures,
            "policy": policy,
            "form": form,
            "bars": monthly_contributions(operator, now=now),
            "recent": operator.contributions.select_related("user")[:20],
            "flags": operator.standing_flags.all()[:20],
            "exemptions": operator.exemptions.select_related("created_by")[:20],
            "audit_log": operator.audit_entries.filter(
                action__startswith="standing."
            ).select_related("actor")[:50],
        },
        status=status,
    )


def _dry_run_page(request: HttpRequest, form: RunJobForm, status: int = 200) -> HttpResponse:
    return render(
        request,
        "alliance/standing/dry_run.html",
        {"report": flag_inactive_members(dry_run=True), "form": form},
        status=status,
    )


@require_http_methods(["GET", "POST"])
@staff_required
def dry_run(request: HttpRequest) -> HttpResponse:
    """What the inactivity job would change now — the list of exactly those operators — without
    writing or mailing anything; and the button that runs it for real."""
    return _dry_run_page(request, RunJobForm())


@require_POST
@staff_required
def run_now(request: HttpRequest) -> HttpResponse:
    """Queue the real job (the daily task) once the admin has confirmed; audited."""
    form = RunJobForm(request.POST)
    if not form.is_valid():
        return _dry_run_page(request, form, status=400)
    run_job_now(by=request.user)
    messages.success(
        request,
        "The inactivity job is running: it makes the changes the dry run listed, and mails the "
        "operators' managers and the admins. Running it again changes nothing more.",
    )
    return redirect("alliance:standing_pruning")
