from django.urls import path

from journal import data_views
from report.views import export_fhir

urlpatterns = [
    path("", data_views.your_data, name="your_data"),
    path("export/csv/", data_views.export_csv_file, name="export_csv"),
    path("export/json/", data_views.export_json_file, name="export_json"),
    path("export/fhir/", export_fhir, name="export_fhir"),
    path("import/", data_views.import_preview, name="import_preview"),
    path("import/confirm/", data_views.import_confirm, name="import_confirm"),
    path("import/done/", data_views.import_done, name="import_done"),
]
