"""The drafting pages, under /drafting/ (docs/statements.md)."""

from django.urls import path

from vigil.statements import views

urlpatterns = [
    path("", views.draft_list, name="statement-drafts"),
    path("new/", views.draft_new, name="statement-new"),
    path("<int:pk>/", views.draft, name="statement-draft"),
    path("<int:pk>/figures/", views.draft_figures, name="statement-figures"),
    path("<int:pk>/mentions/", views.draft_mentions, name="statement-mentions"),
    path("<int:pk>/check/", views.draft_check, name="statement-check"),
    path("<int:pk>/signatories/", views.draft_signatories, name="statement-signatories"),
    path("<int:pk>/step/", views.draft_step, name="statement-step"),
]
