from django.urls import path

from checkins import views

urlpatterns = [
    path("", views.index, name="checkins"),
    path("result/<int:result_id>/", views.result, name="checkins_result"),
    path("result/<int:result_id>/delete/", views.delete, name="checkins_delete"),
    path("safety/read/", views.safety_read, name="checkins_safety_read"),
    path("<slug:instrument>/", views.take, name="checkins_take"),
]
