from django.urls import path

from experiments import views

urlpatterns = [
    path("", views.index, name="experiments"),
]
