"""The public statements, under each language's prefix: /<lang>/statements/…"""

from django.urls import path

from vigil.statements import public_views

urlpatterns = [
    path("", public_views.statement_list, name="public-statements"),
    path("feed.atom", public_views.StatementFeed(), name="public-statements-feed"),
    path("<slug:slug>/", public_views.statement_page, name="public-statement"),
    path("<slug:slug>/statement.pdf", public_views.statement_pdf, name="public-statement-pdf"),
]
