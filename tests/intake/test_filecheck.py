"""Upload inspection: what a patient's file is, and why we refuse the bad ones."""

import hashlib
import io
import pickle
import tracemalloc
import zipfile

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from PIL import Image

from intake.filecheck import Limits, Rejected, claimed_type, extract_metadata, inspect_file, sniff
from tests.helpers import files


def inspect_bytes(data: bytes, name: str, **kwargs):
    return inspect_file(io.BytesIO(data), name=name, **kwargs)


def refusal(data: bytes | None = None, name: str = "", *, path=None, **kwargs) -> Rejected:
    """The Rejected raised for a file, checking the patient is told which file."""
    with pytest.raises(Rejected) as caught:
        if path is not None:
            with open(path, "rb") as fileobj:
                inspect_file(fileobj, name=name or path.name, **kwargs)
        else:
            inspect_bytes(data, name, **kwargs)
    rejected = caught.value
    assert (name or path.name) in rejected.message
    return rejected


def plain(message: str) -> str:
    return message.replace("\xa0", " ")  # filesizeformat keeps "2.0 GB" on one line


# --- What each accepted file is -------------------------------------------------


def test_pathology_report_pdf_is_accepted_with_its_hash():
    pdf = files.report_pdf()

    inspection = inspect_bytes(pdf, "pathology.pdf", content_type="application/pdf", kind="pathology_report")

    assert inspection.detected_type == "pdf"
    assert inspection.mime == "application/pdf"
    assert inspection.size == len(pdf)
    assert inspection.sha256 == hashlib.sha256(pdf).hexdigest()


@pytest.mark.parametrize(("fmt", "name", "detected"), [("PNG", "scan.png", "png"), ("JPEG", "photo.JPG", "jpeg")])
def test_photo_of_a_report_is_accepted(fmt, name, detected):
    inspection = inspect_bytes(files.image_bytes(fmt), name, kind="lab_results")

    assert (inspection.detected_type, inspection.mime) == (detected, f"image/{detected}")


@pytest.mark.parametrize("name", ["CT_small.dcm", "IM00001", "1.2.840.113619.2.55.3"])
def test_dicom_image_is_accepted_whatever_its_name(name):
    inspection = inspect_bytes(files.dicom_bytes("CT_small.dcm"), name, kind="imaging_study")

    assert (inspection.detected_type, inspection.mime) == ("dicom", "application/dicom")


def test_cd_export_zip_with_dicomdir_is_accepted(tmp_path):
    path = files.write_cd_export(tmp_path / "cd.zip")

    with open(path, "rb") as fileobj:
        inspection = inspect_file(fileobj, name="cd.zip", kind="imaging_study")

    assert (inspection.detected_type, inspection.mime) == ("zip_dicom", "application/zip")


def test_zip_may_carry_a_readme_beside_the_images(tmp_path):
    path = files.write_zip(tmp_path / "mri.zip", {"README.txt": b"Exported by PACS", "MR/IM1": files.dicom_bytes()})

    with open(path, "rb") as fileobj:
        assert inspect_file(fileobj, name="mri.zip").detected_type == "zip_dicom"


def test_pdf_behind_a_byte_order_mark_is_accepted():
    assert inspect_bytes(b"\xef\xbb\xbf\r\n" + files.blank_pdf(), "letter.pdf").detected_type == "pdf"


def test_pdf_with_only_an_owner_password_is_accepted():
    pdf = files.blank_pdf(user_password="", owner_password="no-printing")

    assert inspect_bytes(pdf, "protected.pdf").detected_type == "pdf"


def test_dicom_with_a_tiff_header_in_its_preamble_is_accepted():
    # PS3.10 allows dual-personality DICOM/TIFF files; pydicom ships one.
    assert files.dicom_bytes("CT_small.dcm")[:4] == b"II*\x00"
    assert inspect_bytes(files.dicom_bytes("CT_small.dcm"), "ct.dcm").detected_type == "dicom"


def test_image_within_our_limits_is_accepted_even_above_pillows_default():
    # 108 megapixels: over Pillow's own MAX_IMAGE_PIXELS, so our Limits decide.
    png = files.png_claiming(12000, 9000)

    assert inspect_bytes(png, "big.png", limits=Limits(image_max_pixels=200_000_000)).detected_type == "png"


@pytest.mark.parametrize(
    ("data", "name"),
    [
        (files.blank_pdf(), "x.pdf"),
        (files.image_bytes("PNG"), "x.png"),
        (files.dicom_bytes(), "x.dcm"),
    ],
)
def test_file_is_left_rewound_after_inspection(data, name):
    fileobj = io.BytesIO(data)
    inspect_file(fileobj, name=name)
    assert fileobj.tell() == 0

    with pytest.raises(Rejected):
        inspect_file(fileobj, name=name, limits=Limits(max_bytes=10))
    assert fileobj.tell() == 0


# --- Sniffing and claims --------------------------------------------------------


@pytest.mark.parametrize(
    ("head", "expected"),
    [
        (b"%PDF-1.7\n", "pdf"),
        (b"\n %PDF-1.4", "pdf"),
        (b"GIF89a" + b"x" * 100 + b"%PDF-1.4", None),
        (b"\xff\xd8\xff\xe0", "jpeg"),
        (b"\x89PNG\r\n\x1a\n", "png"),
        (b"\x00" * 128 + b"DICM", "dicom"),
        (b"\x00" * 128 + b"DIC", None),
        (b"PK\x03\x04", "zip_dicom"),
        (b"PK\x05\x06", "zip_dicom"),
        (b"MZ\x90\x00", None),
        (b"", None),
    ],
)
def test_sniff_reads_the_type_from_the_first_bytes(head, expected):
    assert sniff(head) == expected


@pytest.mark.parametrize(
    ("name", "content_type", "expected"),
    [
        ("report.PDF", "", "pdf"),
        ("photo.jpeg", "", "jpeg"),
        ("C:\\fakepath\\photo.jpg", "", "jpeg"),
        ("scan.png", "application/octet-stream", "png"),
        ("series.dicom", "", "dicom"),
        ("cd.zip", "", "zip_dicom"),
        ("IM00001", "", None),
        ("IM00001", "application/octet-stream", None),
        ("download", "application/pdf; charset=binary", "pdf"),
        ("scan.exe", "", None),
    ],
)
def test_claimed_type_comes_from_the_name_then_the_content_type(name, content_type, expected):
    assert claimed_type(name, content_type) == expected


# --- Refusals -------------------------------------------------------------------


def test_empty_file_is_refused():
    assert refusal(b"", "blank.pdf").code == "empty"


def test_file_over_the_size_limit_is_refused_with_both_sizes():
    rejected = refusal(files.blank_pdf(), "scan.pdf", limits=Limits(max_bytes=100))

    assert rejected.code == "too_large"
    assert "the limit is 100 bytes per file" in plain(rejected.message)


@pytest.mark.parametrize(
    ("data", "name"),
    [
        (b"MZ\x90\x00\x03" + bytes(300), "scan.bin"),
        (b"\x7fELF\x02\x01\x01" + bytes(300), "viewer"),
        (b"Patient: see attached\n", "notes.txt"),
    ],
)
def test_program_or_text_file_is_refused_naming_accepted_types(data, name):
    rejected = refusal(data, name)

    assert rejected.code == "unsupported_type"
    assert "Accepted: PDF, JPEG, PNG, DICOM, or a ZIP of DICOM files." in rejected.message


def test_png_named_pdf_is_refused_as_a_mismatch():
    rejected = refusal(files.image_bytes("PNG"), "report.pdf")

    assert rejected.code == "type_mismatch"
    assert rejected.message == "report.pdf says it is a PDF but its contents are a PNG image."


def test_dicom_sent_as_a_pdf_content_type_is_refused_as_a_mismatch():
    assert refusal(files.dicom_bytes(), "IM00001", content_type="application/pdf").code == "type_mismatch"


@pytest.mark.parametrize("program", [b"MZ\x90\x00", b"\x7fELF", b"#!/bin/sh\n", b"%PDF-1.4"])
def test_dicom_with_a_program_in_its_preamble_is_refused(program):
    data = bytearray(files.dicom_bytes("rtplan.dcm"))
    data[: len(program)] = program

    assert refusal(bytes(data), "plan.dcm").code == "dicom_preamble"


def test_truncated_dicom_header_is_refused_as_corrupt():
    data = files.dicom_bytes("rtplan.dcm")[:200]

    assert refusal(data, "plan.dcm").code == "corrupt"


def test_zip_entry_escaping_the_folder_is_refused(tmp_path):
    path = files.write_zip(tmp_path / "ct.zip", {"../evil.dcm": files.dicom_bytes()})

    rejected = refusal(path=path)

    assert rejected.code == "zip_traversal"
    assert "../evil.dcm" in rejected.message


@pytest.mark.parametrize("entry", ["/etc/cron.d/evil", "C:/Windows/evil.dcm", "CT\\..\\..\\evil.dcm"])
def test_zip_entry_with_an_absolute_path_is_refused(tmp_path, entry):
    path = files.write_zip(tmp_path / "ct.zip", {"CT/IM1": files.dicom_bytes(), entry: files.dicom_bytes()})

    assert refusal(path=path).code == "zip_traversal"


def test_zip_with_a_symlink_is_refused(tmp_path):
    path = files.write_zip_with_symlink(tmp_path / "ct.zip", "CT/IM00002", "/etc/passwd")

    assert refusal(path=path).code == "zip_link"


def test_zip_bomb_of_zeros_is_refused(tmp_path):
    path = files.write_zip_of_zeros(tmp_path / "ct.zip", megabytes=200)

    assert refusal(path=path).code == "zip_bomb"


def test_zip_unpacking_past_the_total_limit_is_refused(tmp_path):
    path = files.write_zip(tmp_path / "ct.zip", {"IM1": files.dicom_bytes()}, compression=zipfile.ZIP_STORED)

    rejected = refusal(path=path, limits=Limits(zip_max_total_uncompressed=10_000))

    assert rejected.code == "zip_bomb"
    assert "the limit is 9.8 KB" in plain(rejected.message)


def test_zip_with_too_many_files_is_refused(tmp_path):
    entries = {f"CT/IM{n}": files.dicom_bytes() for n in range(3)}
    path = files.write_zip(tmp_path / "ct.zip", entries)

    rejected = refusal(path=path, limits=Limits(zip_max_entries=2))

    assert rejected.code == "zip_bomb"
    assert "contains 3 files; the limit is 2 per ZIP" in rejected.message


def test_zip_whose_entries_claim_more_data_than_it_holds_is_refused(tmp_path):
    path = files.write_zip(tmp_path / "ct.zip", {"IM1": files.dicom_bytes(), "IM2": files.dicom_bytes()})
    files.inflate_declared_compressed_sizes(path, path.stat().st_size)

    assert refusal(path=path).code == "zip_bomb"


def test_password_protected_zip_is_refused(tmp_path):
    path = files.set_zip_flag(files.write_zip(tmp_path / "ct.zip", {"IM1": files.dicom_bytes()}), 0x1)

    assert refusal(path=path).code == "encrypted"


def test_zip_without_dicom_files_is_refused(tmp_path):
    path = files.write_zip(tmp_path / "photos.zip", {"a.png": files.image_bytes("PNG"), "notes.txt": b"hi"})

    assert refusal(path=path).code == "zip_no_dicom"


def test_empty_zip_is_refused_as_holding_no_dicom(tmp_path):
    path = tmp_path / "empty.zip"
    zipfile.ZipFile(path, "w").close()

    assert refusal(path=path).code == "zip_no_dicom"


@pytest.mark.parametrize(
    ("entry", "data"),
    [
        ("Viewer/Viewer.exe", b"MZ\x90\x00" + bytes(200)),
        ("autorun.bat", b"start Viewer.exe"),
        ("Viewer.app/Contents/Info.plist", b"<plist/>"),
        ("viewer/run", b"\x7fELF\x02\x01" + bytes(200)),
        ("start", b"#!/bin/sh\nrm -rf ~\n"),
    ],
)
def test_zip_with_a_viewer_program_is_refused(tmp_path, entry, data):
    path = files.write_zip(tmp_path / "cd.zip", {"DICOM/IM1": files.dicom_bytes(), entry: data})

    rejected = refusal(path=path)

    assert rejected.code == "zip_executable"
    assert entry in rejected.message


def test_zip_holding_a_dicom_with_a_program_in_its_preamble_is_refused(tmp_path):
    polyglot = b"MZ" + files.dicom_bytes("rtplan.dcm")[2:]
    path = files.write_zip(tmp_path / "ct.zip", {"IM1": files.dicom_bytes(), "IM2": polyglot})

    rejected = refusal(path=path)

    assert rejected.code == "dicom_preamble"
    assert "IM2" in rejected.message


def test_truncated_zip_is_refused_as_corrupt(tmp_path):
    data = files.write_zip(tmp_path / "ct.zip", {"IM1": files.dicom_bytes()}).read_bytes()

    assert refusal(data[: len(data) // 2], "ct.zip").code == "corrupt"


def test_png_claiming_a_huge_size_is_refused_with_its_dimensions():
    rejected = refusal(files.png_claiming(100000, 100000), "scan.png")

    assert rejected.code == "image_too_large"
    assert "claims 100000 × 100000 pixels" in rejected.message


def test_png_within_each_side_but_too_many_pixels_is_refused():
    assert refusal(files.png_claiming(20000, 20000), "scan.png").code == "image_too_large"


def test_rejection_survives_pickling():
    rejected = refusal(b"", "blank.pdf")

    assert (pickle.loads(pickle.dumps(rejected)).code, str(rejected)) == ("empty", rejected.message)


def test_pillows_own_bomb_alarm_becomes_a_refusal(monkeypatch):
    def alarm(self):
        raise Image.DecompressionBombError("could be decompression bomb DOS attack")

    monkeypatch.setattr("PIL.PngImagePlugin.PngImageFile.verify", alarm)

    assert refusal(files.image_bytes("PNG"), "scan.png").code == "image_too_large"


def test_damaged_png_is_refused_as_corrupt():
    png = bytearray(files.image_bytes("PNG", 300, 300))
    png[-20] ^= 0xFF  # breaks a chunk's checksum

    assert refusal(bytes(png), "scan.png").code == "corrupt"


def test_password_protected_pdf_is_refused_saying_so():
    rejected = refusal(files.blank_pdf(user_password="secret"), "report.pdf")

    assert rejected.code == "encrypted"
    assert "password-protected" in rejected.message


@pytest.mark.parametrize("data", [b"%PDF-1.4\nnot really a pdf\n", b"%PDF-1.4\n" + bytes(5000)])
def test_broken_pdf_is_refused_as_corrupt(data):
    assert refusal(data, "report.pdf").code == "corrupt"


@pytest.mark.parametrize(
    ("data", "name", "kind"),
    [
        (files.blank_pdf(), "report.pdf", "imaging_study"),
        (files.image_bytes("JPEG"), "photo.jpg", "imaging_study"),
        (files.dicom_bytes(), "IM00001", "pathology_report"),
        (files.dicom_bytes(), "IM00001", "biomarker_report"),
    ],
)
def test_file_of_the_wrong_kind_for_the_record_is_refused(data, name, kind):
    assert refusal(data, name, kind=kind).code == "kind_mismatch"


def test_zip_of_dicom_filed_as_other_is_refused(tmp_path):
    path = files.write_zip(tmp_path / "ct.zip", {"IM1": files.dicom_bytes()})

    assert refusal(path=path, kind="other").code == "kind_mismatch"


def test_single_dicom_may_be_filed_as_other():
    assert inspect_bytes(files.dicom_bytes(), "IM00001", kind="other").detected_type == "dicom"


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    source=st.sampled_from(["pdf", "png", "jpeg", "dicom", "zip"]),
    cut=st.floats(min_value=0.0, max_value=1.0),
    noise=st.binary(max_size=64),
)
def test_damaged_files_never_crash_the_check(source, cut, noise):
    whole = {
        "pdf": files.blank_pdf,
        "png": lambda: files.image_bytes("PNG"),
        "jpeg": lambda: files.image_bytes("JPEG"),
        "dicom": lambda: files.dicom_bytes("rtplan.dcm"),
        "zip": _small_zip,
    }[source]()
    at = int(len(whole) * cut)
    damaged = whole[:at] + noise + whole[at + len(noise) :]
    try:
        event(f"{source}: accepted as {inspect_bytes(damaged, 'upload').detected_type}")
    except Rejected as rejected:
        event(f"{source}: {rejected.code}")
        assert "upload" in rejected.message


def _small_zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("IM1", files.dicom_bytes("rtplan.dcm"))
    return buffer.getvalue()


# --- Large files stay cheap -----------------------------------------------------


def _peak_memory_of(call) -> int:
    tracemalloc.start()
    try:
        call()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_inspecting_a_300_mb_dicom_keeps_memory_small(tmp_path):
    path = files.sparse_copy(files.dicom_bytes("CT_small.dcm"), tmp_path / "big.dcm", 300 * 1024**2)

    with open(path, "rb") as fileobj:
        peak = _peak_memory_of(lambda: inspect_file(fileobj, name="big.dcm"))

    assert peak < 20 * 1024**2


def test_broken_300_mb_pdf_is_refused_without_reading_it_into_memory(tmp_path, monkeypatch):
    # pypdf walks back through a file without %%EOF a byte at a time, which
    # tracemalloc makes ten times slower: a smaller read budget keeps this fast.
    monkeypatch.setattr("intake.filecheck.formats.PARSER_READ_BUDGET", 512 * 1024)
    path = files.sparse_copy(b"%PDF-1.4\n", tmp_path / "big.pdf", 300 * 1024**2)

    def inspect():
        with pytest.raises(Rejected, match="big.pdf"):
            with open(path, "rb") as fileobj:
                inspect_file(fileobj, name="big.pdf")

    assert _peak_memory_of(inspect) < 20 * 1024**2


# --- Metadata for the care team -------------------------------------------------


def test_pdf_metadata_counts_pages():
    assert extract_metadata(io.BytesIO(files.report_pdf(pages=3)), "pdf") == {"pages": 3}


@pytest.mark.parametrize(("fmt", "detected"), [("PNG", "png"), ("JPEG", "jpeg")])
def test_image_metadata_gives_its_size(fmt, detected):
    data = files.image_bytes(fmt, width=640, height=480)

    assert extract_metadata(io.BytesIO(data), detected) == {"width": 640, "height": 480}


def test_dicom_metadata_describes_the_scan():
    metadata = extract_metadata(io.BytesIO(files.dicom_bytes("CT_small.dcm")), "dicom")

    assert metadata == {
        "modality": "CT",
        "study_date": "2004-01-19",
        "study_description": "e+1",
        "body_part": "",
        "series_count": 1,
        "image_count": 1,
    }


def test_zip_metadata_counts_series_and_images(tmp_path):
    ct_again = files.dicom_bytes("CT_small.dcm", SOPInstanceUID="1.2.826.0.1.3680043.8.498.1")
    entries = {"CT/1": files.dicom_bytes("CT_small.dcm"), "CT/2": ct_again, "MR/1": files.dicom_bytes("MR_small.dcm")}
    path = files.write_zip(tmp_path / "scans.zip", entries)

    with open(path, "rb") as fileobj:
        metadata = extract_metadata(fileobj, "zip_dicom")

    assert metadata["modalities"] == ["CT", "MR"]
    assert metadata["study_date"] == "2004-01-19"  # the earlier of the two studies
    assert (metadata["study_count"], metadata["series_count"], metadata["image_count"]) == (2, 2, 3)


def test_cd_export_metadata_leaves_out_the_dicomdir(tmp_path):
    path = files.write_cd_export(tmp_path / "cd.zip")

    with open(path, "rb") as fileobj:
        metadata = extract_metadata(fileobj, "zip_dicom")

    assert metadata["modalities"] == ["CR", "CT", "MR"]
    assert metadata["study_date"] == "1995-09-03"
    assert (metadata["study_count"], metadata["series_count"], metadata["image_count"]) == (6, 13, 31)
    assert metadata["unreadable_count"] == 0


def test_metadata_never_names_the_patient(tmp_path):
    data = files.dicom_bytes(
        "CT_small.dcm", PatientName="Doe^Jane", PatientID="MRN-555-0100", PatientBirthDate="19610412"
    )
    path = files.write_zip(tmp_path / "scans.zip", {"CT/1": data})

    with open(path, "rb") as fileobj:
        found = repr(extract_metadata(io.BytesIO(data), "dicom")) + repr(extract_metadata(fileobj, "zip_dicom"))

    for identifier in ("Doe", "Jane", "MRN-555-0100", "19610412", "1961-04-12"):
        assert identifier not in found


# --- Names that disguise a file, and PDFs that run things -----------------------

HIDDEN_NAMES = {
    "right-to-left override": ("photo\u202egnp.exe", "photo[U+202E]gnp.exe"),
    "isolate": ("report\u2067fdp.pdf", "report[U+2067]fdp.pdf"),
    "arabic letter mark": ("report\u061c.pdf", "report[U+061C].pdf"),
    "NUL": ("report.pdf\x00.exe", "report.pdf[U+0000].exe"),
    "newline": ("report\n.pdf", "report[U+000A].pdf"),
}


@pytest.mark.parametrize(("name", "shown"), HIDDEN_NAMES.values(), ids=HIDDEN_NAMES.keys())
def test_name_with_hidden_characters_is_refused_showing_them(name, shown):
    with pytest.raises(Rejected) as caught:
        inspect_bytes(files.report_pdf(pages=1), name)

    assert caught.value.code == "unsafe_name"
    assert shown in caught.value.message
    assert name not in caught.value.message


@pytest.mark.parametrize(
    "name", ["report.pdf.exe", "scan.SCR", "viewer.exe. ", "run.js", "page.html", "logo.svg", "x.hta", "a.ps1"]
)
def test_name_of_a_program_or_web_page_is_refused_whatever_the_bytes(name):
    with pytest.raises(Rejected) as caught:
        inspect_bytes(files.report_pdf(pages=1), name, content_type="application/pdf")

    assert caught.value.code == "unsafe_name"
    assert "program, script or web page" in caught.value.message


@pytest.mark.parametrize(
    ("kind", "code"),
    [
        ("open_action_js", "pdf_javascript"),
        ("launch", "pdf_launch"),
        ("embedded_file", "pdf_embedded_file"),
        ("xfa", "pdf_xfa"),
        ("page_aa_js", "pdf_javascript"),
        ("annotation_js", "pdf_javascript"),
        ("names_js", "pdf_javascript"),
    ],
)
def test_pdf_with_active_content_is_refused(kind, code):
    rejected = refusal(files.hostile_pdf(kind), "pathology.pdf", kind="pathology_report")

    assert rejected.code == code


def test_pdf_that_opens_at_page_one_and_links_to_the_web_is_accepted():
    assert inspect_bytes(files.pdf_with_harmless_links(), "report.pdf").detected_type == "pdf"


@pytest.mark.parametrize("kind", ["open_action_js", "embedded_file"])
def test_zip_holding_a_pdf_with_active_content_is_refused_naming_it(tmp_path, kind):
    path = files.write_zip(
        tmp_path / "cd.zip", {"DICOM/IM1": files.dicom_bytes(), "REPORT/report.pdf": files.hostile_pdf(kind)}
    )

    rejected = refusal(path=path)

    assert rejected.code == "pdf_active_content"
    assert "REPORT/report.pdf" in rejected.message


def test_zip_holding_a_plain_pdf_report_beside_the_images_is_accepted(tmp_path):
    path = files.write_zip(tmp_path / "cd.zip", {"DICOM/IM1": files.dicom_bytes(), "REPORT.PDF": files.report_pdf()})

    with open(path, "rb") as fileobj:
        assert inspect_file(fileobj, name="cd.zip").detected_type == "zip_dicom"
