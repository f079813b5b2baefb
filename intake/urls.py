from django.urls import path

from intake import tus
from intake.views import biomarkers, cases, documents, steps

app_name = "intake"
urlpatterns = [
    path("cases/", cases.case_list, name="case_list"),
    path("cases/new/", cases.case_start, name="case_start"),
    path("cases/subtypes/", steps.subtype_options, name="subtype_options"),
    path("cases/staging/", steps.staging_fields, name="staging_fields"),
    path("cases/<str:reference>/", cases.case_detail, name="case_detail"),
    path("cases/<str:reference>/withdraw/", cases.case_withdraw, name="case_withdraw"),
    path("cases/<str:reference>/intake/treatment/measurements/", steps.measurements_view, name="measurements"),
    path("cases/<str:reference>/intake/<str:step>/", steps.step_view, name="step"),
    path("cases/<str:reference>/review/", cases.case_review, name="review"),
    path("cases/<str:reference>/biomarkers/", biomarkers.biomarker_records, name="biomarker_records"),
    path("cases/<str:reference>/documents/", documents.document_list, name="document_list"),
    path("cases/<str:reference>/documents/upload/", documents.upload, name="upload"),
    path(
        "cases/<str:reference>/documents/<int:document_id>/remove/", documents.document_delete, name="document_delete"
    ),
    path(
        "cases/<str:reference>/documents/<int:document_id>/<str:disposition>/",
        documents.document_file,
        name="document_file",
    ),
    path("cases/<str:reference>/access-log/", documents.access_log, name="access_log"),
    path("cases/<str:reference>/uploads/", tus.create, name="tus_create"),
    path("cases/<str:reference>/uploads/<uuid:upload_id>/", tus.upload, name="tus_upload"),
]
