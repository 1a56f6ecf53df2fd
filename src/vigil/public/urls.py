"""The public site, under a language prefix (/be/, /ru/, /en/), and the open data's files,
which are the same in every language (`unprefixed`): see docs/publishing.md."""

from django.urls import path

from vigil.public import feeds, views

urlpatterns = [
    path("", views.home, name="public-home"),
    path("prisoners/", views.person_list, {"state": "held"}, name="public-prisoners"),
    path("released/", views.person_list, {"state": "released"}, name="public-released"),
    path("memorial/", views.person_list, {"state": "died_in_custody"}, name="public-memorial"),
    path("prisoners/<slug:slug>/", views.person_page, name="public-person"),
    path("birthdays/", views.birthdays, name="public-birthdays"),
    path("facilities/", views.facilities, name="public-facilities"),
    path("figures/", views.figures, name="public-figures"),
    path("figures/<path:slug>/figure.csv", views.figure_csv, name="public-figure-csv"),
    path("figures/<path:slug>/chart.png", views.figure_png, name="public-figure-png"),
    path("figures/<path:slug>/", views.figure, name="public-figure"),
    path("data/", views.open_data, name="public-data"),
    path("feeds/events.atom", feeds.EventFeed(), name="public-feed"),
    path("feeds/prisoners/<slug:slug>.atom", feeds.PersonFeed(), name="public-person-feed"),
]

unprefixed = [
    path("data/<str:name>", views.open_data_file, name="public-data-file"),
]
