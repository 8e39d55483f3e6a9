from django.urls import include, path

from journal import views as placeholder

urlpatterns = [
    path("signup/", placeholder.home, name="signup"),
    path("profile/", placeholder.home, name="profile"),
    path("", include("django.contrib.auth.urls")),
]
