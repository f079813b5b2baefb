"""Reading back what the app made, as a reader would: PDF text (pdftotext), pages, bookmarks, fonts, ZIP members."""

import io
import json
import re
import subprocess
import tempfile
import zipfile

from pypdf import PdfReader


def read_pdf(field_file) -> PdfReader:
    with field_file.open("rb") as fh:
        return PdfReader(io.BytesIO(fh.read()))


def read_zip(field_file) -> tuple[dict, dict[str, bytes]]:
    with field_file.open("rb") as fh:
        with zipfile.ZipFile(io.BytesIO(fh.read())) as archive:
            members = {name: archive.read(name) for name in archive.namelist()}
    return json.loads(members.pop("manifest.json")), members


def outline_titles(reader: PdfReader) -> list:
    """The bookmarks as nested (title, page number, children) tuples."""

    def walk(items):
        out = []
        for item in items:
            if isinstance(item, list):
                out[-1] = (*out[-1][:2], walk(item))
            else:
                out.append((item.title, reader.get_destination_page_number(item), []))
        return out

    return walk(reader.outline)


def page_texts(pdf: bytes) -> list[str]:
    """pdftotext, page by page (what a reader copying the text gets)."""
    count = len(PdfReader(io.BytesIO(pdf)).pages)
    return [
        subprocess.run(
            ["pdftotext", "-f", str(n), "-l", str(n), "-", "-"], input=pdf, capture_output=True, check=True
        ).stdout.decode()
        for n in range(1, count + 1)
    ]


def flat(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def squeeze(text: str) -> str:
    """Without any whitespace: CJK lines wrap anywhere, and extraction puts a space at each wrap."""
    return re.sub(r"\s+", "", text)


def bookmarks(pdf: bytes) -> list[str]:
    def walk(items):
        for item in items:
            if isinstance(item, list):
                yield from walk(item)
            else:
                yield item.title

    return list(walk(PdfReader(io.BytesIO(pdf)).outline))


def fonts(pdf: bytes) -> list[tuple[str, bool]]:
    """(font name, embedded?) for each font, from pdffonts."""
    with tempfile.NamedTemporaryFile(suffix=".pdf") as handle:  # pdffonts does not read stdin
        handle.write(pdf)
        handle.flush()
        out = subprocess.run(["pdffonts", handle.name], capture_output=True, check=True).stdout.decode()
    rows = []
    for line in out.splitlines()[2:]:
        parts = line.split()
        # name type [type…] encoding emb sub uni object ID: emb is 5th from the end.
        rows.append((parts[0], parts[-5] == "yes"))
    return rows


def raw_text(pdf: bytes) -> str:
    """pdftotext -raw: the order the text was drawn in, so a table reads cell by cell.

    A word hyphenated at a line end ("brig-" then "atinib") is joined again, as a reader reads it (pdftotext
    without -raw does the same); a line that breaks after a hyphen of the text itself ("c-" then "Met") keeps it."""
    text = subprocess.run(["pdftotext", "-raw", "-", "-"], input=pdf, capture_output=True, check=True).stdout.decode()
    text = re.sub(r"(?<=[a-z])-\n(?=[a-z])", "", text)
    return re.sub(r"(?<=\w)-\n(?=[A-Z0-9])", "-", text)


def words_past_the_margins(pdf: bytes, margin_mm: float) -> list[tuple[int, str, float, float]]:
    """Words printed left of the left margin or right of the right one (page number, word, x min, x max in mm).

    Read from pdftotext's word boxes; a table running past the margin shows here as its cell text."""
    out = subprocess.run(["pdftotext", "-bbox", "-", "-"], input=pdf, capture_output=True, check=True).stdout.decode()
    mm = 25.4 / 72
    found = []
    for number, page in enumerate(re.findall(r"<page (.*?)</page>", out, re.S), start=1):
        width = float(re.search(r'width="([\d.]+)"', page).group(1)) * mm
        for x_min, x_max, word in re.findall(
            r'<word xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)"[^>]*>(.*?)</word>', page
        ):
            left, right = float(x_min) * mm, float(x_max) * mm
            if left < margin_mm - 0.5 or right > width - margin_mm + 0.5:
                found.append((number, word, round(left, 1), round(right, 1)))
    return found
