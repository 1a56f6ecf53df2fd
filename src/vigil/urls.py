from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

from vigil.api.routes import api
from vigil.languages.views import choose_language
from vigil.public import urls as public_urls
from vigil.web.health import healthz

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
    path("i18n/setlang/", choose_language, name="set_language"),
    path("lists/", include("vigil.lists.urls")),
    path("figures/", include("vigil.publishing.urls")),
    path("account/", include("vigil.accounts.urls")),
    path("", include("vigil.audit.urls")),
    path("publication/", include("vigil.publishing.publication_urls")),
    path("reconcile/", include("vigil.public.reconcile_urls")),
    path("drafting/", include("vigil.statements.urls")),
    path("", include(public_urls.unprefixed)),
    path("", include("vigil.web.urls")),
]
# The public site, in each language under its own prefix (/be/, /ru/, /en/).
urlpatterns += i18n_patterns(path("", include("vigil.public.urls")),
                             path("statements/", include("vigil.statements.public_urls")))
