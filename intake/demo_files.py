"""Real record files for the demo cases: PDFs rendered by WeasyPrint, DICOM from pydicom's test data."""

import io
import zipfile
from typing import cast

from django.utils.html import escape

_REPORT = """<html><head><style>
@page {{ size: A4; margin: 2cm; @bottom-center {{ content: "Page " counter(page) " of " counter(pages); font-size: 9pt; }} }}
body {{ font-family: sans-serif; font-size: 11pt; }} h1 {{ font-size: 16pt; border-bottom: 2px solid #333; }}
table {{ border-collapse: collapse; width: 100%; }} td, th {{ border: 1px solid #999; padding: 4px; text-align: left; }}
</style></head><body>
<p><strong>{hospital}</strong> · Department of {department}</p>
<h1>{title}</h1>
<p>Date: {date} · Demo record, not a real patient.</p>
{body}
</body></html>"""


def report_pdf(*, title: str, hospital: str, department: str, date: str, paragraphs: list[str], rows=None) -> bytes:
    from weasyprint import HTML

    body = "".join(f"<p>{escape(p)}</p>" for p in paragraphs)
    if rows:
        body += "<table><tr><th>Test</th><th>Result</th></tr>"
        body += "".join(f"<tr><td>{escape(a)}</td><td>{escape(b)}</td></tr>" for a, b in rows)
        body += "</table>"
    html = _REPORT.format(
        hospital=escape(hospital), department=escape(department), title=escape(title), date=date, body=body
    )
    return HTML(string=html).write_pdf()


def dicom_zip() -> bytes:
    """A ZIP of the small CT and MR studies that pydicom ships (anonymised test data)."""
    from pydicom.data import get_testdata_file

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for index, name in enumerate(("CT_small.dcm", "MR_small.dcm"), start=1):
            archive.write(cast(str, get_testdata_file(name)), f"STUDY/SERIES{index}/IM0001.dcm")
    return buffer.getvalue()


def lesion_photo_png() -> bytes:
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (640, 480), (231, 200, 180))
    draw = ImageDraw.Draw(image)
    draw.ellipse((260, 180, 380, 290), fill=(90, 50, 40))
    draw.line((40, 440, 140, 440), fill=(0, 0, 0), width=4)
    draw.text((40, 450), "10 mm", fill=(0, 0, 0))
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()
