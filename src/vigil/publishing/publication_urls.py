"""Documenter pages for publishing persons (propose, confirm, withdraw)."""

from django.urls import path

from vigil.publishing import publication_views as views

urlpatterns = [
    path("", views.pending_publications, name="publication-pending"),
    path("persons/<int:pk>/", views.person_publication, name="person-publication"),
]
