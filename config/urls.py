from django.contrib import admin
from django.urls import include, path

from config.views import healthz

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("admin/", admin.site.urls),
    path("accounts/", include("accounts.urls")),
    path("insights/", include("insights.urls")),
    path("data/", include("journal.data_urls")),
    path("", include("journal.urls")),
]
