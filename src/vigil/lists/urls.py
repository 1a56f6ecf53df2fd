from django.urls import path

from vigil.lists import views

urlpatterns = [
    path("", views.list_index, name="list-index"),
    path("import/", views.list_import, name="list-import"),
    path("import/template.<str:fmt>", views.list_import_template, name="list-import-template"),
    path("import/<int:pk>/", views.list_import_confirm, name="list-import-confirm"),
    path("import/<int:pk>/mapping/", views.list_import_mapping, name="list-import-mapping"),
    path("import/<int:pk>/fix/", views.list_import_fix, name="list-import-fix"),
    path("import/job/<int:pk>/", views.list_import_job, name="list-import-job"),
    path("<int:pk>/", views.list_version, name="list-version"),
    path("<int:pk>/compare/<int:other>/", views.list_compare, name="list-compare"),
    path("review/", views.review_queue, name="list-review"),
    path("review/<int:pk>/", views.review_decide, name="list-review-decide"),
    path("review/cluster/", views.review_decide_cluster, name="list-review-decide-cluster"),
    path("duplicates/", views.duplicates, name="list-duplicates"),
    path("duplicates/search/", views.duplicates_search, name="list-duplicates-search"),
    path("duplicates/propose/", views.merge_propose, name="list-merge-propose"),
    path("merges/", views.merge_list, name="list-merges"),
    path("merges/<int:pk>/undo/", views.merge_undo, name="list-merge-undo"),
    path("name-only/", views.name_only_list, name="list-name-only"),
    path("name-only/confirm/", views.name_only_confirm, name="list-name-only-confirm"),
    path("name-only/<int:pk>/undo/", views.name_only_undo, name="list-name-only-undo"),
    path("decisions.csv", views.decisions_export, name="list-decisions"),
]
