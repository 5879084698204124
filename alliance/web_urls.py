from django.urls import path

from alliance.standing import views as standing
from alliance.views import accounts, applications, m2m, operators, pages, team

app_name = "alliance"

urlpatterns = [
    path("", pages.home, name="home"),
    path("dashboard/", pages.dashboard, name="dashboard"),
    path("members/", operators.directory, name="directory"),
    path("members/<slug:slug>/", operators.operator_detail, name="operator"),
    path("members/<slug:slug>/edit/", operators.operator_edit, name="operator_edit"),
    path("members/<slug:slug>/opcos/", operators.opcos_edit, name="opcos_edit"),
    path("members/<slug:slug>/team/", team.team, name="team"),
    path("members/<slug:slug>/m2m/", m2m.m2m_edit, name="m2m_edit"),
    path("coverage-finder/", m2m.coverage_finder, name="coverage_finder"),
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
