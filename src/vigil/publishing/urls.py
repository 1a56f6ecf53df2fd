from django.urls import path

from vigil.publishing import views

urlpatterns = [
    path("", views.figures_page, name="figures"),
    path("figure.zip", views.figures_csv, name="figures-csv"),
    path("chart.png", views.figures_chart, name="figures-chart"),
    path("publish/", views.figures_publish, name="figures-publish"),
    path("releases/", views.release_list, name="release-list"),
    path("releases/<path:slug>/figure.zip", views.release_csv, name="release-csv"),
    path("releases/<path:slug>/", views.release_detail, name="release-detail"),
]
