from django.urls import include, path

urlpatterns = [
    path("", include("workshops.urls")),
    path("", include("surveys.urls")),
    path("", include("values.urls")),
    path("", include("vision.urls")),
    path("", include("actions.urls")),
    path("", include("documents.urls")),
]

handler404 = "workshops.views.errors.not_found"
handler500 = "workshops.views.errors.server_error"
