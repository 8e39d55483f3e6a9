from django.urls import path

from journal import data_views

urlpatterns = [
    path("", data_views.your_data, name="your_data"),
]
