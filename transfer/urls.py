from django.urls import path

from transfer import views

urlpatterns = [
    path("", views.your_data, name="your_data"),
    path("export/csv/", views.export_csv_file, name="export_csv"),
    path("export/json/", views.export_json_file, name="export_json"),
    path("import/", views.import_preview, name="import_preview"),
    path("import/confirm/", views.import_confirm, name="import_confirm"),
    path("import/done/", views.import_done, name="import_done"),
]
