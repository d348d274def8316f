from django.urls import path

from surveys import views

urlpatterns = [
    path("s/<str:token>/", views.respond, name="survey_respond"),
    path(
        "workshops/<id:workshop_id>/survey/settings/", views.survey_settings, name="survey_settings"
    ),
    path("workshops/<id:workshop_id>/survey/action/", views.survey_action, name="survey_action"),
    path("workshops/<id:workshop_id>/survey/join/", views.survey_join, name="survey_join"),
    path(
        "workshops/<id:workshop_id>/survey/answers.csv",
        views.answers_csv,
        name="survey_answers_csv",
    ),
    path("workshops/<id:workshop_id>/survey/answers/", views.answers_list, name="survey_answers"),
    path(
        "workshops/<id:workshop_id>/survey/answers/<id:answer_id>/visibility/",
        views.answer_visibility,
        name="survey_answer_visibility",
    ),
    path(
        "workshops/<id:workshop_id>/cloud/<slug:picture_hash>.svg",
        views.cloud_svg,
        name="survey_cloud_svg",
    ),
    path("workshops/<id:workshop_id>/cloud.png", views.cloud_png, name="survey_cloud_png"),
    path("workshops/<id:workshop_id>/cloud/hide/", views.cloud_hide, name="survey_cloud_hide"),
    path("workshops/<id:workshop_id>/cloud/merge/", views.cloud_merge, name="survey_cloud_merge"),
    path(
        "workshops/<id:workshop_id>/cloud/adjustments/<id:adjustment_id>/undo/",
        views.cloud_undo,
        name="survey_cloud_undo",
    ),
]
