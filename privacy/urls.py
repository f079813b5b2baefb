from django.urls import path

from privacy import views

app_name = "privacy"
urlpatterns = [
    path("my-data/", views.my_data, name="my_data"),
    path("my-data/archive/", views.export_request, name="export_request"),
    path("my-data/archive/panel/", views.export_panel, name="export_panel"),
    path("my-data/archive/<int:export_id>/download/", views.export_download, name="export_download"),
    path("my-data/erase/", views.erasure_ask, name="erasure_ask"),
    path("erasure-requests/", views.erasure_list, name="erasure_list"),
    path("erasure-requests/<int:request_id>/confirm/", views.erasure_confirm_view, name="erasure_confirm"),
]
