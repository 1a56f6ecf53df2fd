from django.contrib.auth import views as auth_views
from django.urls import path

from vigil.accounts.forms import LoginForm
from vigil.web import articles, views

urlpatterns = [
    path("login/", auth_views.LoginView.as_view(template_name="vigil/login.html",
                                                authentication_form=LoginForm), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("", views.person_list, name="person-list"),
    path("persons/new/", views.person_create, name="person-create"),
    path("persons/<int:pk>/", views.person_detail, name="person-detail"),
    path("persons/<int:pk>/edit/", views.person_edit, name="person-edit"),
    path("persons/<int:pk>/delete/", views.person_delete, name="person-delete"),
    path("persons/<int:pk>/history/", views.person_history_page, name="person-history"),
    path("persons/<int:pk>/<slug:kind>/new/", views.record_create, name="record-create"),
    path("persons/<int:pk>/<slug:kind>/<int:record_pk>/edit/", views.record_edit,
         name="record-edit"),
    path("persons/<int:pk>/<slug:kind>/<int:record_pk>/delete/", views.record_delete,
         name="record-delete"),
    path("sources/", views.source_list, name="source-list"),
    path("sources/new/", views.source_create, name="source-create"),
    path("sources/<int:pk>/", views.source_detail, name="source-detail"),
    path("sources/<int:pk>/edit/", views.source_edit, name="source-edit"),
    path("articles/proposed/", articles.proposed_articles, name="proposed-articles"),
    path("articles/<int:article_pk>/decide/", articles.decide_article, name="article-decide"),
    path("unsourced/", views.unsourced_records, name="unsourced-records"),
    path("officials/", views.official_search, name="official-search"),
    path("deleted/", views.deleted_records, name="deleted-records"),
    path("deleted/<slug:model_name>/<int:record_pk>/restore/", views.record_restore,
         name="record-restore"),
    path("account/tokens/", views.api_tokens, name="api-tokens"),
    path("account/tokens/<int:token_pk>/revoke/", views.api_token_revoke,
         name="api-token-revoke"),
]
