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
    path(
        "workshops/<id:workshop_id>/survey/answers/<id:answer_id>/visibility/",
        views.answer_visibility,
        name="survey_answer_visibility",
    ),
]
