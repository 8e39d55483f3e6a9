from django.urls import path

from insights import views

urlpatterns = [
    path("", views.index, name="insights"),
    path("data.json", views.data, name="insights_data"),
    path("pairs/", views.pairs, name="insights_pairs"),
]
