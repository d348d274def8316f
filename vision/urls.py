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
    path(
        "workshops/<id:workshop_id>/vision/drafts/<id:draft_id>/rate/",
        views.draft_rate,
        name="vision_draft_rate",
    ),
    path(
        "workshops/<id:workshop_id>/vision/drafts/<id:draft_id>/journey/",
        views.draft_journey,
        name="vision_draft_journey",
    ),
    path(
        "workshops/<id:workshop_id>/vision/drafts/<id:draft_id>/shortlist/",
        views.draft_shortlist,
        name="vision_draft_shortlist",
    ),
    path(
        "workshops/<id:workshop_id>/vision/drafts/<id:draft_id>/confirm-promise/",
        views.promise_confirm,
        name="vision_promise_confirm",
    ),
    path(
        "workshops/<id:workshop_id>/vision/drafts/<id:draft_id>/pick/",
        views.statement_pick,
        name="vision_pick",
    ),
    path("workshops/<id:workshop_id>/vision/unpick/", views.statement_unpick, name="vision_unpick"),
    path(
        "workshops/<id:workshop_id>/vision/gut-check/share/",
        views.gut_check_share,
        name="vision_gut_check_share",
    ),
    path(
        "workshops/<id:workshop_id>/vision/gut-check/stop/",
        views.gut_check_stop,
        name="vision_gut_check_stop",
    ),
    # Public: stakeholders outside the workshop react to the shortlist, without an account.
    path("g/<str:token>/", views.gut_check, name="vision_gut_check"),
]
