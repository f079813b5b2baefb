"""The upload row's floor: a trivial WSGI app that writes each PATCH body to a file at its offset, as tus does.

No framework, no session, no database, no checks: the cost of taking a request body off the socket and writing
it to disk through gunicorn, which no upload handler can beat. Served by `gunicorn bench.floor_upload:app`.
"""

import os
import tempfile
import uuid

FOLDER = os.environ.get("BENCH_FLOOR_DIR") or tempfile.mkdtemp(prefix="mdt-floor-")
BLOCK = 1024 * 1024


def app(environ, start_response):
    method = environ["REQUEST_METHOD"]
    if method == "POST":
        name = uuid.uuid4().hex
        open(os.path.join(FOLDER, name), "wb").close()
        start_response("201 Created", [("Location", f"/upload/{name}"), ("Content-Length", "0")])
        return [b""]
    name = os.path.basename(environ["PATH_INFO"])
    offset = int(environ.get("HTTP_UPLOAD_OFFSET", "0"))
    remaining = int(environ.get("CONTENT_LENGTH") or 0)
    body = environ["wsgi.input"]
    with open(os.path.join(FOLDER, name), "r+b") as out:
        out.seek(offset)
        while remaining > 0:
            chunk = body.read(min(BLOCK, remaining))
            if not chunk:
                break
            out.write(chunk)
            remaining -= len(chunk)
            offset += len(chunk)
    start_response("204 No Content", [("Upload-Offset", str(offset))])
    return [b""]
