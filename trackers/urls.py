from django.urls import path

from trackers import views

urlpatterns = [
    path("", views.index, name="trackers"),
    path("<int:tracker_id>/rename/", views.rename, name="tracker_rename"),
    path("<int:tracker_id>/archive/", views.archive, name="tracker_archive"),
    path("<int:tracker_id>/delete/", views.delete, name="tracker_delete"),
]
