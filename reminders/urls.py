from django.urls import path

from reminders import views

urlpatterns = [
    path("push/subscribe/", views.subscribe, name="reminders_subscribe"),
    path("push/unsubscribe/", views.unsubscribe, name="reminders_unsubscribe_push"),
    path("push/<int:subscription_id>/remove/", views.remove_browser, name="reminders_remove_browser"),
    path("test/", views.send_test, name="reminders_test"),
    path("unsubscribe/<str:token>/", views.unsubscribe_email, name="reminders_unsubscribe"),
]
