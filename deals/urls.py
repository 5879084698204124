from django.urls import path

from deals.programmes.urls import urlpatterns as programme_urls
from deals.views import board, coverage, pages, suggestions, transfer

app_name = "deals"

urlpatterns = [
    path("", pages.deal_list, name="list"),
    path("new/", pages.deal_create, name="create"),
    path("partners.json", suggestions.partner_suggestions, name="partner_suggestions"),
    path("pipeline/", board.pipeline, name="pipeline"),
    path("coverage/", coverage.coverage, name="coverage"),
    path("export.csv", transfer.export_csv, name="export"),
    path("import/", transfer.import_csv, name="import"),
    path("import/sample.csv", transfer.import_sample, name="import_sample"),
    path("countries/<str:code>/", board.country_detail, name="country"),
    path("<int:pk>/", pages.deal_detail, name="detail"),
    path("<int:pk>/edit/", pages.deal_edit, name="edit"),
    path("<int:pk>/move/", pages.deal_move, name="move"),
    path("<int:pk>/decline/", pages.deal_decline, name="decline"),
    *programme_urls,
]
