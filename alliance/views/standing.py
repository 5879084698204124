"""The admins' pruning pages: flagged, suspended and removed operators with their figures, the
actions on them (one or many at a time) and the audit trail. Staff only; /staff/ also requires
two-factor authentication (alliance.middleware.StaffTwoFactorMiddleware)."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Case, IntegerField, Prefetch, Value, When
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from alliance.forms.standing import StandingActionForm
from alliance.models import AuditLogEntry, Exemption, InactivityPolicy, Operator, StandingFlag
from alliance.permissions import staff_required
from alliance.standing import StandingError, apply_action, flag_inactive_members
from alliance.standing_figures import monthly_contributions, with_consumption, with_figures

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


def _apply(request: HttpRequest, form: StandingActionForm) -> bool:
    """Run the chosen action through the service; report success or put its error on the form."""
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
    except StandingError as error:
        form.add_error(None, error)
        return False
    names = ", ".join(op.name for op in data["operators"])
    label = dict(form.fields["action"].choices)[data["action"]]
    messages.success(
        request, f"{label}: done for {count} operator{'s' if count != 1 else ''} ({names})."
    )
    return True


@staff_required
def pruning(request: HttpRequest) -> HttpResponse:
    show = request.GET.get("show", "review")
    if show not in SHOW_CHOICES:
        show = "review"
    form = StandingActionForm(request.POST or None)
    if request.method == "POST" and form.is_valid() and _apply(request, form):
        return redirect(request.get_full_path())
    policy = InactivityPolicy.current()
    page = Paginator(_pruning_queryset(policy=policy, now=timezone.now(), show=show), PAGE_SIZE)
    page_obj = page.get_page(request.GET.get("page"))
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
        status=400 if request.method == "POST" else 200,
    )


@staff_required
def operator_standing(request: HttpRequest, slug: str) -> HttpResponse:
    """One operator's contribution history, flags, exemptions and audit trail, and the actions."""
    operator = get_object_or_404(Operator, slug=slug)
    form = StandingActionForm(request.POST or None, initial={"operators": [operator.pk]})
    if request.method == "POST" and form.is_valid() and _apply(request, form):
        return redirect("alliance:standing_operator", slug=operator.slug)
    policy = InactivityPolicy.current()
    now = timezone.now()
    figures = with_consumption(
        with_figures(Operator.objects.filter(pk=operator.pk), policy=policy, now=now),
        policy=policy,
        now=now,
    ).get()
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
        status=400 if request.method == "POST" else 200,
    )


@require_POST
@staff_required
def dry_run(request: HttpRequest) -> HttpResponse:
    """What the inactivity job would do now, without writing or mailing anything."""
    for line in flag_inactive_members(dry_run=True).lines():
        messages.info(request, line)
    return redirect("alliance:standing_pruning")
