from django.contrib import admin
from django.urls import include, path

from config.views import healthz, manifest, offline, service_worker

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("manifest.webmanifest", manifest, name="manifest"),
    path("sw.js", service_worker, name="service_worker"),
    path("offline/", offline, name="offline"),
    path("admin/", admin.site.urls),
    path("", include("home.urls")),
    path("accounts/", include("accounts.urls")),
    path("insights/", include("insights.urls")),
    path("data/", include("transfer.urls")),
    path("experiments/", include("experiments.urls")),
    path("checkins/", include("checkins.urls")),
    path("trackers/", include("trackers.urls")),
    path("reminders/", include("reminders.urls")),
    path("", include("report.urls")),
    path("", include("journal.urls")),
]

handler500 = "config.middleware.server_error"  # a database outage is a 503 page, other faults the 500 page
