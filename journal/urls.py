from django.urls import path

from journal import views

urlpatterns = [
    path("", views.home, name="home"),
    path("today/", views.home, name="today"),
    path("history/", views.home, name="history"),
]
