from django.urls import path

from reports import views, views_mdt, views_packets, views_report

app_name = "reports"
urlpatterns = [
    path("cases/<str:reference>/biomarker-letter.pdf", views.gap_letter, name="gap_letter"),
    path("cases/<str:reference>/packet/", views_packets.packet_panel, name="packet_panel"),
    path("cases/<str:reference>/packet/compile/", views_packets.packet_compile, name="packet_compile"),
    path("cases/<str:reference>/packet/v<int:version>/<str:part>/", views_packets.packet_file, name="packet_file"),
    path("cases/<str:reference>/my-copy.pdf", views_packets.patient_copy, name="patient_copy"),
    path("mdt/", views_mdt.mdt_cases, name="mdt_cases"),
    path("cases/<str:reference>/mdt/", views_mdt.mdt_panel, name="mdt_panel"),
    path("cases/<str:reference>/opinion/", views_mdt.opinion, name="opinion"),
    path("cases/<str:reference>/consensus/", views_mdt.consensus, name="consensus"),
    path("cases/<str:reference>/report/", views_report.report_panel, name="report_panel"),
    path("cases/<str:reference>/report/prepare/", views_report.report_prepare_view, name="report_prepare"),
    path("cases/<str:reference>/report/release/", views_report.report_release_view, name="report_release"),
    path("cases/<str:reference>/report/v<int:version>.pdf", views_report.report_file, name="report_file"),
]
