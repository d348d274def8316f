"""URLs served only by `make bench`: the app plus a bare view that gives the baseline H."""

from django.http import HttpResponse
from django.urls import include, path


def hello(request):
    return HttpResponse("hello", content_type="text/plain")


urlpatterns = [
    path("bench/hello/", hello),
    path("", include("philosophy.urls")),
]
