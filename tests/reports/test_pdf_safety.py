"""The PDF renderer loads only the project's static files and the caller's own resources.

A canary HTTP server on localhost records every request; payloads that would
make the server fetch a URL or read a file are rendered both as patient text
(through a template) and as raw HTML, and the canary must stay silent.
"""

import io
import threading
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from django.conf import settings
from django.template import engines
from PIL import Image
from pypdf import PdfReader

from reports.pdf import RefusedURL, render_pdf, render_template_pdf, static_path

PASSWD_MARKERS = ("root:x:0:0", "/bin/bash", "/usr/sbin/nologin")
SETTINGS_MARKER = "STATICFILES_DIRS"  # text of config/settings.py


class Canary:
    def __init__(self):
        self.requests: list[str] = []
        canary = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                canary.requests.append(self.path)
                if self.path.startswith("/redirect"):
                    self.send_response(302)
                    self.send_header("Location", "file:///etc/passwd")
                    self.end_headers()
                    return
                self.send_response(200)
                self.send_header("Content-Type", "text/css")
                self.end_headers()
                self.wfile.write(b"body { color: red }")

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}/{path}"


@pytest.fixture
def canary():
    c = Canary()
    c.thread.start()
    # Prove the canary hears requests, then start counting from zero.
    urllib.request.urlopen(c.url("ping"), timeout=5).read()
    assert c.requests == ["/ping"]
    c.requests.clear()
    yield c
    c.server.shutdown()
    c.server.server_close()


def png_bytes(colour=(200, 30, 30)) -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", (8, 8), colour).save(buf, format="PNG")
    return buf.getvalue()


@pytest.fixture
def static_dir(tmp_path, settings):
    """A static folder with an image and stylesheets, added to the project's."""
    root = tmp_path / "static"
    (root / "pdftest").mkdir(parents=True)
    (root / "pdftest" / "dot.png").write_bytes(png_bytes())
    settings.STATICFILES_DIRS = [*settings.STATICFILES_DIRS, root]
    return root


def payloads(port: int) -> str:
    base = f"http://127.0.0.1:{port}"
    return f"""
<base href="{base}/base/">
<link rel="stylesheet" href="{base}/link.css">
<link rel="stylesheet" href="{base}/redirect.css">
<link rel="attachment" href="file:///etc/passwd" title="passwd">
<link rel="attachment" href="/static/reports/pdf.css" title="static">
<link rel="attachment" href="{base}/attach">
<style>
  @import url("{base}/import.css");
  @import "file:///etc/passwd";
  @font-face {{ font-family: Evil; src: url("{base}/font.woff"); }}
  body {{ background: url("{base}/background.png"); font-family: Evil; }}
  p::after {{ content: url("file:///etc/passwd"); }}
  h1 {{ list-style-image: url("/static/../../config/settings.py"); }}
</style>
<p>relative to base: <img src="relative.png"></p>
<img src="{base}/img.png">
<img src="//127.0.0.1:{port}/protocol-relative.png">
<img src="file:///etc/passwd">
<img src="/static/../../config/settings.py">
<img src="/static/%2e%2e/%2e%2e/config/settings.py">
<img src="/static//etc/passwd">
<img src="data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg'%3E%3Cimage href='{base}/data-svg.png'/%3E%3C/svg%3E">
<iframe src="{base}/iframe.html"></iframe>
<iframe src="file:///etc/passwd"></iframe>
<object data="{base}/object.svg" type="image/svg+xml"></object>
<object data="file:///etc/passwd" type="text/plain"></object>
<embed src="{base}/embed.png">
<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="20" height="20">
  <image href="{base}/svg-image.png" width="10" height="10"/>
  <image xlink:href="file:///etc/passwd" width="10" height="10"/>
  <use href="{base}/sprite.svg#icon"/>
  <use href="file:///etc/passwd#x"/>
  <style>@import url("{base}/svg-import.css");</style>
</svg>
<a rel="attachment" href="file:///etc/passwd">attached passwd</a>
<a rel="attachment" href="/static/reports/pdf.css">attached static</a>
<a href="{base}/plain-link">a plain link is not fetched</a>
"""


def pdf_text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def all_stream_bytes(pdf: bytes) -> bytes:
    """Every object of the PDF, streams decompressed: what a reader could dig out."""
    reader = PdfReader(io.BytesIO(pdf))
    chunks = []
    for num in range(1, int(reader.trailer["/Size"])):
        try:
            obj = reader.get_object(num)
        except Exception:
            continue
        if obj is None:
            continue
        if hasattr(obj, "get_data"):
            chunks.append(obj.get_data())
        chunks.append(repr(obj).encode())
    return b"\n".join(chunks)


def assert_nothing_leaked(pdf: bytes, canary: Canary):
    assert canary.requests == []
    reader = PdfReader(io.BytesIO(pdf))
    assert dict(reader.attachments) == {}
    annotations = [a.get_object() for page in reader.pages for a in page.get("/Annots") or []]
    assert not [a for a in annotations if a.get("/Subtype") == "/FileAttachment"]
    everything = all_stream_bytes(pdf).decode("latin-1")
    for marker in (*PASSWD_MARKERS, SETTINGS_MARKER):
        assert marker not in everything


def test_raw_html_payloads_fetch_nothing_and_leak_no_files(canary):
    html = f"<!DOCTYPE html><html><head></head><body><h1>Report</h1>{payloads(canary.port)}</body></html>"
    pdf = render_pdf(html)
    assert pdf.startswith(b"%PDF")
    assert_nothing_leaked(pdf, canary)
    assert "Report" in pdf_text(pdf)


def test_payloads_in_extra_stylesheets_fetch_nothing(canary):
    base = canary.url("")
    css = f'@import url("{base}css-import.css"); body {{ background: url("{base}css-bg.png"); }}'
    pdf = render_pdf("<p>Hello</p>", stylesheets=[css, canary.url("user.css"), "file:///etc/passwd"])
    assert_nothing_leaked(pdf, canary)


def test_patient_text_is_printed_as_text_not_markup(canary):
    template = engines["django"].from_string(
        '{% extends "reports/pdf_base.html" %}{% block content %}<h1>Case</h1><p>{{ story }}</p>{% endblock %}'
    )
    story = payloads(canary.port) + "<script>alert(1)</script>"
    pdf = render_pdf(template.render({"story": story, "footer": "MDT-TEST1"}))
    assert_nothing_leaked(pdf, canary)
    text = pdf_text(pdf)
    # The reader sees what the patient typed, as typed.
    assert f'<img src="http://127.0.0.1:{canary.port}/img.png">' in text.replace("\n", "")


def test_render_template_pdf_autoescapes_context(canary, tmp_path, settings):
    templates = tmp_path / "templates"
    (templates / "pdftest").mkdir(parents=True)
    (templates / "pdftest" / "doc.html").write_text(
        '{% extends "reports/pdf_base.html" %}{% block content %}<p>{{ note }}</p>{% endblock %}'
    )
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [*settings.TEMPLATES[0]["DIRS"], templates]}]
    note = f'<img src="{canary.url("t.png")}"><link rel="attachment" href="file:///etc/passwd">'
    pdf = render_template_pdf("pdftest/doc.html", {"note": note, "footer": "MDT-TEST2"})
    assert_nothing_leaked(pdf, canary)
    assert "MDT-TEST2" in pdf_text(pdf)


def test_static_file_and_resource_image_load(canary, static_dir):
    html = (
        "<p>Static</p><img src='/static/pdftest/dot.png'>"
        "<p>Resource</p><img src='resource:scan.png'>"
        f"<img src='{canary.url('next-to-good.png')}'>"
    )
    pdf = render_pdf(html, resources={"scan.png": png_bytes((30, 30, 200))})
    images = PdfReader(io.BytesIO(pdf)).pages[0].images
    assert len(images) == 2
    assert canary.requests == []


def test_static_stylesheet_cannot_reach_out_either(canary, static_dir):
    (static_dir / "pdftest" / "evil.css").write_text(
        f'@import url("{canary.url("from-static.css")}");\n'
        'body { background: url("../../../config/settings.py"); }\n'
        "h1 { color: rgb(10, 200, 10); }\n"
        'p { background: url("dot.png") no-repeat; min-height: 10mm; }\n'
    )
    pdf = render_pdf("<h1>Title</h1><p>Text</p>", stylesheets=["/static/pdftest/evil.css"])
    assert_nothing_leaked(pdf, canary)
    # The stylesheet itself did load: its relative background image is in the PDF.
    assert len(PdfReader(io.BytesIO(pdf)).pages[0].images) == 1


def test_no_file_is_ever_attached_to_the_pdf_even_an_allowed_one(canary):
    html = (
        '<link rel="attachment" href="/static/reports/pdf.css" title="css">'
        '<link rel="attachment" href="resource:scan.png">'
        '<p><a rel="attachment" href="/static/reports/pdf.css">attached css</a></p>'
        '<p><a rel="attachment" href="resource:scan.png" download="scan.png">attached scan</a></p>'
    )
    pdf = render_pdf(html, resources={"scan.png": png_bytes()})
    assert_nothing_leaked(pdf, canary)
    assert "attached scan" in pdf_text(pdf)


def test_unknown_resource_is_refused_and_logged(caplog):
    pdf = render_pdf("<img src='resource:missing.png'><img src='file:///etc/passwd'>", resources={})
    assert pdf.startswith(b"%PDF")
    assert "refused to load file:///etc/passwd" in caplog.text


@pytest.mark.parametrize(
    "url",
    [
        "/static/../../config/settings.py",
        "/static/reports/../../../config/settings.py",
        "/static/%2e%2e/config/settings.py",
        "/static/%2E%2E%2Fconfig%2Fsettings.py",
        "/static//etc/passwd",
        "/static/./reports/pdf.css",
        "/static/..\\..\\config\\settings.py",
        "/static/C:/Windows/win.ini",
        "/static/reports/pdf.css%00.png",
    ],
)
def test_static_path_refuses_traversal(url):
    with pytest.raises(RefusedURL):
        static_path(url)


def test_static_path_accepts_a_plain_path():
    assert static_path("/static/reports/pdf.css") == "reports/pdf.css"


def test_project_settings_file_exists_so_the_traversal_test_means_something():
    assert SETTINGS_MARKER in (Path(settings.BASE_DIR) / "config" / "settings.py").read_text()
    assert Path("/etc/passwd").exists()


# The real documents, end to end: what a patient types reaches every PDF as text, and nothing is fetched. -------


def hostile(port: int) -> str:
    """HTML and CSS a patient might type (or paste) into any field, each piece able to fetch or read a file."""
    base = f"http://127.0.0.1:{port}"
    return (
        f'<img src="file:///etc/passwd"><link rel="stylesheet" href="{base}/typed.css">'
        f'<style>@import url({base}/typed-import.css)</style><b style="background:url({base}/typed-bg.png)">x</b>'
    )


@pytest.mark.django_db
def test_patient_text_in_every_real_pdf_is_printed_as_typed_and_fetches_nothing(canary, patient, settings, tmp_path):
    """The summary (both audiences), the biomarker letter, the patient report and the packet's separator pages,
    made from a case whose free-text fields, a regimen and a record's name and description hold HTML and CSS."""
    from cases.models import Biomarker, TreatmentLine
    from reports.documents.letter import gap_letter_pdf
    from reports.documents.patient_report import patient_report_pdf
    from reports.documents.summary import summary_pdf
    from reports.models import Packet
    from reports.packets import packet_compile, packet_request
    from tests.helpers.files import pdf_bytes
    from tests.helpers.pdfs import page_texts
    from tests.reports.packet_helpers import add_record
    from tests.reports.report_helpers import reviewed_case

    settings.MEDIA_ROOT = str(tmp_path / "media")
    payload = hostile(canary.port)
    case, _team = reviewed_case(
        patient,
        patient_name=payload[:200],
        histology=payload[:300],
        own_questions=payload,
        goals_text=payload,
        oncologist_said=payload,
    )
    TreatmentLine.objects.create(case=case, regimen=payload[:300], ongoing=True)
    # No driver found, so the untested ones are gaps and there is a letter to write.
    case.biomarkers.filter(marker="EGFR").update(result="not_detected", value="", covers_gene=True)
    Biomarker.objects.create(case=case, marker="ROS1", result="not_tested")
    record = add_record(case, "pathology_report", pdf_bytes(1, "Biopsy"), "pdf", "biopsy.pdf")
    type(record).objects.filter(pk=record.pk).update(description=payload[:300], original_name=payload[:255])

    packet = packet_request(case=case, reuse_waiting=False, enqueue=False)
    packet_compile(packet_id=packet.pk)
    packet.refresh_from_db()
    assert packet.status == Packet.Status.DONE, packet.error
    with packet.packet.open("rb") as handle:
        packet_pdf = handle.read()
    documents = {
        "summary": summary_pdf(case),
        "patient copy": summary_pdf(case, audience="patient"),
        "letter": gap_letter_pdf(case),
        "report": patient_report_pdf(case),
        "packet": packet_pdf,
    }
    for name, pdf in documents.items():
        assert_nothing_leaked(pdf, canary)
        text = "".join("".join(page_texts(pdf)).split())
        assert '<imgsrc="file:///etc/passwd">' in text, name  # printed, as typed
