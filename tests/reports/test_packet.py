"""The case packet, compiled in this process and read back: PDF pages, bookmarks, archive, versions."""

import hashlib
import io
import json
import threading
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.db import connection

from cases.assessment import render_stored
from cases.models import Biomarker
from reports.models import Packet
from reports.packet_build import ERR_CHECKSUM
from reports.packets import packet_compile, packet_request
from tests.helpers.pdfs import outline_titles, read_pdf, read_zip
from tests.reports.packet_helpers import case_with_records


def compiled(case) -> Packet:
    packet = packet_request(case=case, reuse_waiting=False, enqueue=False)
    packet_compile(packet_id=packet.pk)
    packet.refresh_from_db()
    assert packet.status == Packet.Status.DONE, packet.error
    return packet


@pytest.fixture
def case(patient):
    return case_with_records(patient)


@pytest.mark.django_db
def test_packet_is_summary_then_each_record_behind_a_separator(case):
    packet = compiled(case)
    summary_pages = len(read_pdf(packet.summary).pages)
    reader = read_pdf(packet.packet)
    # Separators for the 2 PDFs and the PNG, their 3 + 2 + 1 pages, one page listing the DICOM study.
    assert len(reader.pages) == summary_pages + 3 + (3 + 2 + 1) + 1
    first_record_page = reader.pages[summary_pages].extract_text()
    biopsy = case.documents.get(original_name="biopsy.pdf")
    assert "RECORD 1 OF 4" in first_record_page.upper() and "biopsy.pdf" in first_record_page
    assert biopsy.sha256 in first_record_page.replace("\n", "")
    assert "Biopsy page 1" in reader.pages[summary_pages + 1].extract_text()


@pytest.mark.django_db
def test_a_separator_says_what_the_record_is_when_how_long_and_what_the_summary_took_from_it(case):
    """Leafing through a printed packet, the page before each record names its kind in large type, its date,
    how many pages follow and the biomarker results read from it."""
    biopsy = case.documents.get(original_name="biopsy.pdf")
    Biomarker.objects.create(case=case, marker="ALK", result="not_detected", value="D5F3 negative", document=biopsy)
    packet = compiled(case)
    summary_pages = len(read_pdf(packet.summary).pages)
    reader = read_pdf(packet.packet)
    separator = " ".join(reader.pages[summary_pages].extract_text().split())
    assert "Pathology report" in separator
    when = biopsy.document_date
    assert f"{when.day} {when:%b %Y} · 3 pages follow" in separator  # the reader's format, "11 Oct 2025"
    assert "Results the summary reads from this record" in separator
    assert "ALK: Not detected (negative) · D5F3 negative" in separator
    # biopsy: separator + 3 pages; CT report: separator + 2; the list of imaging studies; then the photo.
    photo_separator = " ".join(reader.pages[summary_pages + 1 + 3 + 1 + 2 + 1].extract_text().split())
    assert "RECORD 4 OF 4" in photo_separator.upper() and "1 page follows" in photo_separator
    assert "Results the summary reads" not in photo_separator


@pytest.mark.django_db
def test_every_record_has_a_bookmark_in_packet_order(case):
    reader = read_pdf(compiled(case).packet)
    outline = outline_titles(reader)
    assert [title for title, _page, _children in outline] == ["MDT summary", "Records"]
    summary_sections = [title for title, _page, _children in outline[0][2]]
    assert "Biomarkers" in summary_sections  # the summary keeps its own section bookmarks
    records = outline[1][2]
    titles = [title for title, _page, _children in records]
    # Pathology first, then imaging reports, the imaging studies, then the rest.
    # Each says its number in the summary's index of records, kind, date, name and pages.
    when = case.documents.get(original_name="biopsy.pdf").document_date
    biopsy_date = f"{when.day} {when:%b %Y}"  # the reader's format, as in the summary's index
    assert titles[0] == f"1. Pathology report · {biopsy_date} · biopsy.pdf (3 p.)"
    assert titles[1].startswith("2. Imaging report · ") and titles[1].endswith("ct-report.pdf (2 p.)")
    assert titles[2].startswith("Imaging studies") and records[2][2][0][0].endswith("ct-study.zip")
    assert records[2][2][0][0].startswith("3. Imaging study")
    assert titles[3].startswith("4. ") and titles[3].endswith("photo.png (1 p.)")
    pages = [page for _title, page, _children in records]
    assert pages == sorted(pages)
    study_page = reader.pages[records[2][1]].extract_text()
    assert "ct-study.zip" in study_page and "CT, MR" in study_page


@pytest.mark.django_db
def test_archive_holds_every_file_and_the_manifest_checksums_match(case):
    packet = compiled(case)
    manifest, members = read_zip(packet.archive)
    assert manifest["case"] == case.reference and manifest["version"] == packet.version
    assert sorted(members) == sorted(entry["name"] for entry in manifest["files"])
    for entry in manifest["files"]:
        data = members[entry["name"]]
        assert hashlib.sha256(data).hexdigest() == entry["sha256"]
        assert len(data) == entry["size"]
    kinds = {entry["kind"] for entry in manifest["files"]}
    assert kinds == {"summary", "packet", "pathology_report", "imaging_report", "imaging_study", "other"}
    with packet.packet.open("rb") as fh:
        assert members["packet.pdf"] == fh.read()
    for document in case.documents.all():
        entry = next(e for e in manifest["files"] if e.get("original_name") == document.original_name)
        assert entry["sha256"] == document.sha256
    assert packet.manifest == manifest


@pytest.mark.django_db
def test_each_compile_is_a_new_version_and_earlier_ones_stay_readable(case):
    first, second = compiled(case), compiled(case)
    assert (first.version, second.version) == (1, 2)
    first.refresh_from_db()
    assert first.status == Packet.Status.DONE
    assert {first.summary.name, first.packet.name, first.archive.name}.isdisjoint(
        {second.summary.name, second.packet.name, second.archive.name}
    )
    assert len(read_pdf(first.packet).pages) == len(read_pdf(second.packet).pages)
    for name in (first.summary.name, first.packet.name, first.archive.name):
        assert name.startswith(f"packets/{case.pk}/{first.pk}/")
        assert "Li" not in name and "biopsy" not in name


@pytest.mark.django_db
def test_a_request_while_one_is_still_waiting_reuses_it(case, coordinator):
    waiting = packet_request(case=case, by=coordinator, enqueue=False)
    assert packet_request(case=case, by=coordinator, enqueue=False) == waiting
    packet_compile(packet_id=waiting.pk)
    assert packet_request(case=case, by=coordinator, enqueue=False).version == 2


@pytest.mark.django_db
def test_a_record_changed_in_storage_fails_the_packet_with_its_name(case):
    biopsy = case.documents.get(original_name="biopsy.pdf")
    default_storage.delete(biopsy.file.name)
    default_storage.save(biopsy.file.name, ContentFile(b"%PDF-1.4 tampered"))
    packet = packet_request(case=case, enqueue=False)
    packet_compile(packet_id=packet.pk)
    packet.refresh_from_db()
    assert packet.status == Packet.Status.FAILED
    assert render_stored(packet.error) == ERR_CHECKSUM % {"name": "biopsy.pdf"}
    assert not (packet.summary or packet.packet or packet.archive)
    # The working copies of the records already gathered are gone with the failed attempt.
    assert not list(Path(settings.WORK_DIR).glob(f"*/packet-{packet.pk}-*"))


@pytest.mark.django_db
def test_an_unreadable_pdf_gets_a_separator_saying_so_and_stays_in_the_archive(case):
    from tests.reports.packet_helpers import add_record

    add_record(case, "lab_results", b"%PDF-1.7\nnot really a pdf\n%%EOF\n", "pdf", "labs.pdf")
    packet = compiled(case)
    reader = read_pdf(packet.packet)
    records = outline_titles(reader)[1][2]
    labs = next(page for title, page, _children in records if title.endswith("labs.pdf"))
    assert "could not be read as a PDF" in reader.pages[labs].extract_text().replace("\n", " ")
    _manifest, members = read_zip(packet.archive)
    assert any(name.endswith("labs.pdf") for name in members)


@pytest.mark.django_db
def test_compile_packet_command_prints_version_and_storage_names(case):
    out = io.StringIO()
    call_command("compile_packet", case.reference, stdout=out)
    result = json.loads(out.getvalue())
    packet = case.packets.get()
    assert result["version"] == packet.version == 1
    assert result["files"] == {
        "summary": packet.summary.name,
        "packet": packet.packet.name,
        "archive": packet.archive.name,
    }
    assert all(default_storage.exists(name) for name in result["files"].values())
    call_command("compile_packet", case.reference.lower(), stdout=io.StringIO())
    assert case.packets.count() == 2


def _in_threads(*targets):
    errors = []

    def run(target):
        try:
            target()
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(t,)) for t in targets]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not errors, errors


@pytest.mark.django_db(transaction=True)
def test_two_compiles_at_once_give_two_complete_versions(patient):
    case = case_with_records(patient)
    _in_threads(
        *[lambda: packet_compile(packet_id=packet_request(case=case, reuse_waiting=False, enqueue=False).pk)] * 2
    )
    packets = list(case.packets.order_by("version"))
    assert [p.version for p in packets] == [1, 2]
    assert all(p.status == Packet.Status.DONE for p in packets), [p.error for p in packets]
    pages = {len(read_pdf(p.packet).pages) for p in packets}
    assert len(pages) == 1


@pytest.mark.django_db(transaction=True)
def test_the_same_packet_compiled_twice_at_once_is_compiled_once(patient):
    case = case_with_records(patient)
    packet = packet_request(case=case, enqueue=False)
    results = []
    _in_threads(*[lambda: results.append(packet_compile(packet_id=packet.pk))] * 2)
    packet.refresh_from_db()
    assert packet.status == Packet.Status.DONE and packet.attempts == 1
    assert sorted(r is None for r in results) == [False, True]
    _, files = default_storage.listdir(f"packets/{case.pk}/{packet.pk}")
    assert len(files) == 3  # nothing left over by the attempt that stood down
    manifest, members = read_zip(packet.archive)
    assert all(hashlib.sha256(members[e["name"]]).hexdigest() == e["sha256"] for e in manifest["files"])


@pytest.mark.django_db
def test_records_are_linked_into_the_work_folder_not_copied_and_still_checked(case, tmp_path):
    """Issue 16: with the storage on the same filesystem a record's bytes are read once (for its checksum), not
    copied; the record's checksum is still taken and compared."""
    from reports.packet_build import Record, _copy_from_storage

    document = case.documents.get(original_name="biopsy.pdf")
    record = Record(document=document, member="m", path=Path(settings.WORK_DIR) / f"link-test-{document.pk}")
    record.path.parent.mkdir(parents=True, exist_ok=True)
    try:
        _copy_from_storage(record)
        assert record.path.stat().st_ino == Path(document.file.path).stat().st_ino
        assert record.sha256 == document.sha256 and record.size == document.size
    finally:
        record.path.unlink(missing_ok=True)
