"""URLs of programmes, included in the deals app's (`deals:programme`, `deals:participation`...)."""

from django.urls import path

from deals.programmes import participation_views as participations
from deals.programmes import views

urlpatterns = [
    path("programmes/", views.programme_list, name="programmes"),
    path("programmes/new/", views.programme_create, name="programme_create"),
    path("programmes/<int:pk>/", views.programme_detail, name="programme"),
    path("programmes/<int:pk>/edit/", views.programme_edit, name="programme_edit"),
    path("programmes/<int:pk>/close/", views.programme_close, name="programme_close"),
    path("programmes/<int:pk>/invite/", views.programme_invite, name="programme_invite"),
    path("programmes/<int:pk>/export.csv", views.programme_export, name="programme_export"),
    path(
        "programmes/participations/<int:pk>/",
        participations.participation_detail,
        name="participation",
    ),
    path(
        "programmes/participations/<int:pk>/answer/",
        participations.participation_answer,
        name="participation_answer",
    ),
    path(
        "programmes/participations/<int:pk>/withdraw/",
        participations.participation_withdraw,
        name="participation_withdraw",
    ),
    path(
        "programmes/participations/<int:pk>/terms/",
        participations.participation_terms,
        name="participation_terms",
    ),
    path(
        "programmes/participations/<int:pk>/operations/",
        participations.participation_operations,
        name="participation_operations",
    ),
    path(
        "programmes/participations/<int:pk>/deal/",
        participations.participation_link_deal,
        name="participation_link_deal",
    ),
    path(
        "programmes/participations/<int:pk>/deals.json",
        participations.participation_deals,
        name="participation_deals",
    ),
    path(
        "programmes/participations/<int:pk>/new-deal/",
        participations.participation_new_deal,
        name="participation_new_deal",
    ),
    path(
        "programmes/participations/<int:pk>/report/",
        participations.participation_report,
        name="participation_report",
    ),
]
