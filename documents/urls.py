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
]
