from django.urls import path

from documents import views

PREFIX = "workshops/<id:workshop_id>/document/"

urlpatterns = [
    path(PREFIX, views.document_page, name="document_page"),
    path(PREFIX + "foreword/", views.foreword_save, name="document_foreword_save"),
    path(PREFIX + "exports/", views.export_request, name="document_export"),
    path(PREFIX + "exports/<id:job_id>/", views.export_status, name="document_export_status"),
    path(
        PREFIX + "exports/<id:job_id>/retry/",
        views.export_retry,
        name="document_export_retry",
    ),
    path(
        PREFIX + "exports/<id:job_id>/download/",
        views.export_download,
        name="document_export_download",
    ),
    path(PREFIX + "finalise/", views.version_finalise, name="document_finalise"),
    path(PREFIX + "share/", views.share_start, name="document_share_start"),
    path(PREFIX + "share/stop/", views.share_stop, name="document_share_stop"),
    path(PREFIX + "share/new-link/", views.share_new_link, name="document_share_new_link"),
    path(
        PREFIX + "share/interpretation/",
        views.share_interpretation,
        name="document_share_interpretation",
    ),
    path(
        PREFIX + "values/<id:candidate_id>/rework/",
        views.value_rework,
        name="document_value_rework",
    ),
    # Public: every employee reads the philosophy, without an account.
    path("p/<str:token>/", views.share_page, name="document_share"),
]
