from django.urls import path

from transfer import views

urlpatterns = [
    path("", views.your_data, name="your_data"),
    path("export/csv/", views.export_csv_file, name="export_csv"),
    path("export/json/", views.export_json_file, name="export_json"),
    path("export/fhir/", views.export_fhir, name="export_fhir"),
    path("import/", views.import_preview, name="import_preview"),
    path("import/confirm/", views.import_confirm, name="import_confirm"),
    path("import/done/", views.import_done, name="import_done"),
    path("import/<uuid:job_id>/", views.import_job, name="import_job"),
    path("import/<uuid:job_id>/status.json", views.import_job_status, name="import_job_status"),
    path("import/<uuid:job_id>/confirm/", views.import_job_confirm, name="import_job_confirm"),
    path("import/<uuid:job_id>/retry/", views.import_job_retry, name="import_job_retry"),
    path("import/<uuid:job_id>/cancel/", views.import_job_cancel, name="import_job_cancel"),
]
