from django.urls import path

from checkins import views

urlpatterns = [
    path("", views.index, name="checkins"),
]
