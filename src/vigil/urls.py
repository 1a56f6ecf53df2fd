from django.contrib import admin
from django.urls import include, path

from vigil.api.routes import api
from vigil.web.health import healthz

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("lists/", include("vigil.lists.urls")),
    path("figures/", include("vigil.publishing.urls")),
    path("account/", include("vigil.accounts.urls")),
    path("", include("vigil.audit.urls")),
    path("", include("vigil.web.urls")),
]
