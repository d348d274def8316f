from django.urls import path

from actions import views

PREFIX = "workshops/<id:workshop_id>/actions/"

urlpatterns = [
    path(
        PREFIX + "values/<id:value_id>/statement/",
        views.statement_save,
        name="actions_statement_save",
    ),
    path(PREFIX + "check/", views.action_check, name="actions_check"),
    path(PREFIX + "values/<id:value_id>/answers/", views.answer_add, name="actions_answer_add"),
    path(PREFIX + "answers/<id:answer_id>/save/", views.answer_save, name="actions_answer_save"),
    path(
        PREFIX + "answers/<id:answer_id>/remove/",
        views.answer_remove,
        name="actions_answer_remove",
    ),
    path(
        PREFIX + "answers/<id:answer_id>/support/",
        views.answer_support,
        name="actions_answer_support",
    ),
    path(PREFIX + "answers/<id:answer_id>/keep/", views.answer_keep, name="actions_answer_keep"),
    path(
        PREFIX + "values/<id:value_id>/questions/<slug:question>/keep-top/",
        views.question_keep_top,
        name="actions_question_keep_top",
    ),
    path(PREFIX + "values/<id:value_id>/metrics/", views.metric_add, name="actions_metric_add"),
    path(
        PREFIX + "values/<id:value_id>/metrics/<id:metric_id>/remove/",
        views.metric_remove,
        name="actions_metric_remove",
    ),
    path(
        PREFIX + "values/<id:value_id>/teams/<slug:team>/",
        views.practice_save,
        name="actions_practice_save",
    ),
    path(PREFIX + "conflicts/<slug:topic>/", views.guide_save, name="actions_guide_save"),
]
