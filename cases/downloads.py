"""Sending a stored file after the view has checked access: by Django, or handed to the reverse proxy.

With MDT_DOWNLOADS_VIA_PROXY=true (docker-compose.yml with its nginx) and the file-system storage, the view
answers with an empty body and `X-Accel-Redirect: /protected/<storage name>`; nginx serves the file from an
`internal` location no client can request directly, so a gunicorn worker is not tied up for the minutes a
large study takes over a slow link. Everything else (the access check, the audit record, the headers) has
happened already. By default, and with any other storage, Django streams the file itself.
"""

from urllib.parse import quote

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.http import FileResponse, HttpResponse, HttpResponseBase
from django.utils.http import content_disposition_header


def file_response(handle, *, field_file, as_attachment: bool, filename: str, content_type: str) -> HttpResponseBase:
    """`handle` is the opened file (its opening was the audited read); `field_file` its FieldFile."""
    if settings.DOWNLOADS_VIA_PROXY and isinstance(field_file.storage, FileSystemStorage):
        handle.close()
        response = HttpResponse(content_type=content_type)
        response["X-Accel-Redirect"] = settings.DOWNLOADS_PROXY_PREFIX + quote(field_file.name)
        response["Content-Disposition"] = content_disposition_header(as_attachment, filename) or ""
        return response
    return FileResponse(handle, as_attachment=as_attachment, filename=filename, content_type=content_type)
