from django.urls import path

from alliance.blocs import views as blocs
from alliance.standing import views as standing
from alliance.views import accounts, applications, m2m, operators, pages, team

app_name = "alliance"

urlpatterns = [
    path("", pages.home, name="home"),
    path("dashboard/", pages.dashboard, name="dashboard"),
    path("members/", operators.directory, name="directory"),
    path("members/suggestions.json", operators.operator_suggestions, name="operator_suggestions"),
    path("members/<slug:slug>/", operators.operator_detail, name="operator"),
    path("members/<slug:slug>/edit/", operators.operator_edit, name="operator_edit"),
    path("members/<slug:slug>/opcos/", operators.opcos_edit, name="opcos_edit"),
    path("members/<slug:slug>/team/", team.team, name="team"),
    path("members/<slug:slug>/m2m/", m2m.m2m_edit, name="m2m_edit"),
    path("coverage-finder/", m2m.coverage_finder, name="coverage_finder"),
    path("blocs/", blocs.bloc_list, name="bloc_list"),
    path("blocs/new/", blocs.bloc_propose, name="bloc_propose"),
    path("blocs/<slug:slug>/", blocs.bloc_detail, name="bloc"),
    path("blocs/<slug:slug>/invite/", blocs.bloc_invite, name="bloc_invite"),
    path("blocs/<slug:slug>/accept/", blocs.bloc_accept, name="bloc_accept"),
    path("blocs/<slug:slug>/decline/", blocs.bloc_decline, name="bloc_decline"),
    path("blocs/<slug:slug>/leave/", blocs.bloc_leave, name="bloc_leave"),
    path("blocs/<slug:slug>/dissolve/", blocs.bloc_dissolve, name="bloc_dissolve"),
    path("invitations/<str:token>/", accounts.accept_invitation, name="accept_invitation"),
    path("account/api-token/", accounts.api_token, name="api_token"),
    path("join/", applications.apply, name="apply"),
    path("join/thanks/", applications.apply_thanks, name="apply_thanks"),
    path("staff/applications/", applications.staff_applications, name="staff_applications"),
    path(
        "staff/applications/<int:pk>/",
        applications.staff_application,
        name="staff_application",
    ),
    path("staff/standing/", standing.pruning, name="standing_pruning"),
    path("staff/standing/dry-run/", standing.dry_run, name="standing_dry_run"),
    path("staff/standing/dry-run/run/", standing.run_now, name="standing_run_now"),
    path("staff/standing/<slug:slug>/", standing.operator_standing, name="standing_operator"),
]
