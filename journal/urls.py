from django.urls import path

from journal import views

urlpatterns = [
    path("today/", views.today, name="today"),
    path("day/", views.day_jump, name="day_jump"),
    path("day/<str:date>/", views.day, name="day"),
    path("history/", views.history, name="history"),
    path("foods/new/", views.food_new, name="food_new"),
    path("foods.json", views.foods_json, name="foods_json"),
    path("day-templates.html", views.day_templates, name="day_templates"),
    path("foods/<int:food_id>/favourite/", views.favourite_food, name="favourite_food"),
    path("meals/favourites/<int:favourite_id>/delete/", views.favourite_meal_delete, name="favourite_meal_delete"),
]
