from django.urls import path

from experiments import views

urlpatterns = [
    path("", views.index, name="experiments"),
    path("new/", views.new, name="experiment_new"),
    path("<int:experiment_id>/", views.detail, name="experiment_detail"),
    path("<int:experiment_id>/stop/", views.stop, name="experiment_stop"),
    path("<int:experiment_id>/washout/", views.washout, name="experiment_washout"),
    path("<int:experiment_id>/repeat/", views.repeat, name="experiment_repeat"),
    path("<int:experiment_id>/delete/", views.delete, name="experiment_delete"),
]
