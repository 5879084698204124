from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from alliance import bench
from alliance.views.accounts import InvitationSignupView
from alliance.views.health import healthz

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("admin/", admin.site.urls),
    # Sign-up is by invitation or registered domain: our view wraps allauth's.
    path("accounts/signup/", InvitationSignupView.as_view(), name="account_signup"),
    path("accounts/", include("allauth.urls")),
    path("api/v1/", include("alliance.api_urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    # The split view serves its start-up script as a file: the CSP forbids inline scripts.
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="schema"), name="api-docs"),
    path("partners/", include("partners.urls")),
    path("deals/", include("deals.urls")),
    path("lessons/", include("lessons.urls")),
    path("", include("alliance.web_urls")),
]

# Errors no view handled: 503 when the database is unreachable, 413 for an oversized upload.
handler500 = "alliance.views.errors.server_error"
# An API address that matches no endpoint answers in the API's error shape.
handler404 = "alliance.views.errors.page_not_found"

if settings.BENCH_MODE:
    urlpatterns.insert(0, path("bench/floor/", bench.floor, name="bench_floor"))
