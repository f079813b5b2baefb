from django.urls import path

from reports.views import letter, mdt, packets, patient_copy, report, translations

app_name = "reports"
urlpatterns = [
    path("cases/<str:reference>/biomarker-letter.pdf", letter.gap_letter, name="gap_letter"),
    path("cases/<str:reference>/packet/", packets.packet_panel, name="packet_panel"),
    path("cases/<str:reference>/packet/compile/", packets.packet_compile_view, name="packet_compile"),
    path("cases/<str:reference>/packet/v<int:version>/<str:part>/", packets.packet_file, name="packet_file"),
    path("cases/<str:reference>/my-copy.pdf", patient_copy.patient_copy, name="patient_copy"),
    path("mdt/", mdt.mdt_cases, name="mdt_cases"),
    path("translations/", translations.translation_queue, name="translation_queue"),
    path("translations/<int:pk>/", translations.translation_edit, name="translation_edit"),
    path("translations/<int:pk>/check/", translations.translation_check_view, name="translation_check"),
    path("mdt/opinions/<str:reference>/", mdt.own_opinion, name="own_opinion"),
    path("cases/<str:reference>/mdt/", mdt.mdt_panel, name="mdt_panel"),
    path("cases/<str:reference>/opinion/", mdt.opinion, name="opinion"),
    path("cases/<str:reference>/consensus/", mdt.consensus, name="consensus"),
    path("cases/<str:reference>/consensus/amend/", mdt.consensus_amend, name="consensus_amend"),
    path("cases/<str:reference>/report/", report.report_panel, name="report_panel"),
    path("cases/<str:reference>/report/prepare/", report.report_prepare_view, name="report_prepare"),
    path("cases/<str:reference>/report/release/", report.report_release_view, name="report_release"),
    path("cases/<str:reference>/report/v<int:version>.pdf", report.report_file, name="report_file"),
]
