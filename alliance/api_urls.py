"""The /api/v1/ router: each app registers its viewsets here."""

from rest_framework.routers import DefaultRouter

from alliance import api as alliance_api
from alliance import api_m2m as m2m_api
from alliance.blocs import api as blocs_api
from alliance.standing import api as standing_api
from deals import api as deals_api
from deals.programmes import api as programmes_api
from lessons import api as lessons_api
from partners import api as partners_api

router = DefaultRouter()
alliance_api.register(router)
standing_api.register(router)
m2m_api.register(router)
blocs_api.register(router)
deals_api.register(router)
programmes_api.register(router)
lessons_api.register(router)
partners_api.register(router)

urlpatterns = router.urls + m2m_api.urlpatterns
