from django.urls import path

from journal import views

urlpatterns = [
    path("today/", views.today, name="today"),
    path("day/<str:date>/", views.day, name="day"),
    path("history/", views.history, name="history"),
    path("foods/new/", views.food_new, name="food_new"),
]
