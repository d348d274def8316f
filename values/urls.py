from django.urls import path

from values import views

urlpatterns = [
    path("workshops/<id:workshop_id>/values/add/", views.candidate_add, name="values_add"),
    path(
        "workshops/<id:workshop_id>/values/<id:candidate_id>/edit/",
        views.candidate_edit,
        name="values_edit",
    ),
    path(
        "workshops/<id:workshop_id>/values/<id:candidate_id>/remove/",
        views.candidate_remove,
        name="values_remove",
    ),
    path("workshops/<id:workshop_id>/values/merge/", views.candidate_merge, name="values_merge"),
    path(
        "workshops/<id:workshop_id>/values/merges/<id:merge_id>/undo/",
        views.candidate_merge_undo,
        name="values_merge_undo",
    ),
    path(
        "workshops/<id:workshop_id>/values/brainstorm/", views.brainstorm, name="values_brainstorm"
    ),
    path("workshops/<id:workshop_id>/rounds/open/", views.round_open, name="vote_open"),
    path("workshops/<id:workshop_id>/rounds/<id:round_id>/dot/", views.dot, name="vote_dot"),
    path(
        "workshops/<id:workshop_id>/rounds/<id:round_id>/action/",
        views.round_action,
        name="vote_round_action",
    ),
    path(
        "workshops/<id:workshop_id>/rounds/<id:round_id>/narrow/",
        views.round_narrow,
        name="vote_narrow",
    ),
    path("workshops/<id:workshop_id>/values/final/", views.final, name="values_final"),
]
