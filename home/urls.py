from django.urls import path

from home import views

urlpatterns = [
    path("", views.home, name="home"),
    path("accounts/delete/", views.delete_account, name="delete_account"),
]
