from django.urls import path

from vision import views

urlpatterns = [
    path("workshops/<id:workshop_id>/vision/drafts/", views.draft_create, name="vision_draft_add"),
    path(
        "workshops/<id:workshop_id>/vision/drafts/<id:draft_id>/save/",
        views.draft_save,
        name="vision_draft_save",
    ),
    path(
        "workshops/<id:workshop_id>/vision/drafts/<id:draft_id>/remove/",
        views.draft_remove,
        name="vision_draft_remove",
    ),
    path("workshops/<id:workshop_id>/vision/check/", views.vision_check, name="vision_check"),
]
