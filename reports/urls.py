from django.urls import path

from reports import views, views_packets

app_name = "reports"
urlpatterns = [
    path("cases/<str:reference>/biomarker-letter.pdf", views.gap_letter, name="gap_letter"),
    path("cases/<str:reference>/packet/", views_packets.packet_panel, name="packet_panel"),
    path("cases/<str:reference>/packet/compile/", views_packets.packet_compile, name="packet_compile"),
    path("cases/<str:reference>/packet/v<int:version>/<str:part>/", views_packets.packet_file, name="packet_file"),
    path("cases/<str:reference>/my-copy.pdf", views_packets.patient_copy, name="patient_copy"),
]
