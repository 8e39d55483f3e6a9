from django.urls import path

from report import views

urlpatterns = [
    path("report/", views.report_page, name="report"),
    path("report.pdf", views.report_pdf, name="report_pdf"),
]
