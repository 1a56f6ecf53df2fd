"""The reconciliation service (W3C Reconciliation Service API 0.2): docs/publishing.md."""

from django.urls import path

from vigil.public import reconcile_views as views

urlpatterns = [
    path("", views.endpoint, name="reconcile"),
    path("suggest/entity", views.suggest_entity, name="reconcile-suggest"),
    path("extend/propose", views.propose_properties, name="reconcile-propose"),
    path("preview", views.preview, name="reconcile-preview"),
]
