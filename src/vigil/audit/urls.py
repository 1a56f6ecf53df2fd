from django.urls import path

from vigil.audit import views

urlpatterns = [
    path("audit/", views.read_log, name="read-audit"),
    path("persons/<int:pk>/audit/", views.person_read_log, name="person-read-audit"),
]
