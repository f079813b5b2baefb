"""Simplified Chinese: the catalog is complete, clinical labels reach the page, a patient sees Chinese."""

import re
from pathlib import Path

import polib
import pytest
from asgiref.local import Local
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext, trans_real

from cases.assessment import render
from cases.clinical import codes, completeness_messages, urgency
from cases.clinical.data import lab_requests
from cases.clinical.data.markers import MARKERS
from cases.clinical.data.panels import PANELS
from cases.clinical.panels import panel_for
from cases.clinical.response import categories

ROOT = Path(__file__).resolve().parents[2]
PO = ROOT / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"
MO = PO.with_suffix(".mo")
PLACEHOLDER = re.compile(r"%\(\w+\)[sdfi]|%%|%[sdfi]")

# Labels that read the same in Chinese: gene/karyotype notation, assay and tumour-marker abbreviations.
SAME_IN_CHINESE = {
    "PCR",
    "CA-125",
    "CA 19-9",
    "CA 15-3",
    "del(17p)",
    "t(4;14)",
    "t(14;16)",
    "t(11;14)",
    "t(14;20)",
    "del(1p32)",
    "CLL",
    "SLL",
}


def _catalog():
    return polib.pofile(str(PO))


@pytest.fixture(scope="module", autouse=True)
def compiled_catalog():
    """The .mo is a build artefact (make locales); build it here too when it is missing or older than the .po."""
    if not MO.exists() or MO.stat().st_mtime < PO.stat().st_mtime:
        _catalog().save_as_mofile(str(MO))
        # Forget catalogs already loaded, as Django's own setting_changed handler for LOCALE_PATHS does.
        trans_real._translations = {}
        trans_real._active = Local()
        trans_real._default = None


@pytest.fixture(autouse=True)
def english_afterwards():
    """A request in Chinese leaves Chinese active in this thread (LocaleMiddleware); later tests expect English."""
    yield
    translation.deactivate()


def zh(text: str) -> str:
    with translation.override("zh-hans"):
        return gettext(text)


def clinical_labels() -> list[str]:
    """Every label and message from cases.clinical that the intake shows to a patient or coordinator."""
    labels = []
    for cancer_type in codes.CANCER_TYPES.values():
        labels += [cancer_type.label, *cancer_type.subtypes.values()]
    for mapping in (
        codes.METASTATIC_SITES,
        codes.GROWTH_TEMPO,
        codes.ECOG,
        codes.RESPONSE_CATEGORIES,
        codes.BIOMARKER_STATUSES,
        codes.BIOMARKER_METHODS,
        codes.SUPPORTIVE_CARE_NEEDS,
        codes.TREATMENT_INTENTS,
        codes.STOP_REASONS,
        codes.LOCAL_TREATMENT_KINDS,
        codes.SEED_QUESTIONS,
        codes.STAGE_GROUPS,
        codes.ISS_STAGES,
        codes.LUGANO_HODGKIN_STAGES,
    ):
        labels += mapping.values()
    for mapping in (codes.T_CATEGORIES, codes.N_CATEGORIES, codes.M_CATEGORIES):
        labels += [label for code, label in mapping.items() if label != code]  # bare codes such as T2a stay as they are
    labels += [test.label for test in codes.LAB_TESTS.values()]
    labels += [*lab_requests.METHODS.values(), *lab_requests.SPECIMENS.values(), lab_requests.REPORT_WHEN_READY]
    labels += [*categories.LABELS.values(), *(v for m in categories.LABELS_BY_CRITERIA.values() for v in m.values())]
    labels += [urgency.R_PD_DERIVED, urgency.R_PD_UNCONFIRMED, urgency.R_REFRACTORY]
    for _level, _step, patient, coordinator in completeness_messages.MESSAGES.values():
        labels += [patient, coordinator]
    for label, why, _guideline, _agnostic in MARKERS.values():
        labels += [label, why]
    for key in PANELS:
        cancer_type, _, subtype = key.partition("/")
        labels += [m.why for m in panel_for(cancer_type, subtype)]
    return list(dict.fromkeys(labels))


def test_every_chinese_string_is_translated():
    catalog = _catalog()
    assert catalog.metadata["Language"] == "zh_Hans"
    assert "charset=UTF-8" in catalog.metadata["Content-Type"]
    assert catalog.metadata["Plural-Forms"].startswith("nplurals=1; plural=0")
    untranslated = [e.msgid for e in catalog.untranslated_entries()]
    fuzzy = [e.msgid for e in catalog.fuzzy_entries()]
    assert not untranslated, f"untranslated (run make messages, then translate): {untranslated}"
    assert not fuzzy, f"fuzzy, needs checking: {fuzzy}"


def test_chinese_strings_keep_the_values_filled_in_at_display_time():
    broken = []
    for entry in _catalog():
        wanted = sorted(PLACEHOLDER.findall(entry.msgid))
        for text in entry.msgstr_plural.values() if entry.msgid_plural else [entry.msgstr]:
            if sorted(PLACEHOLDER.findall(text)) != wanted:
                broken.append((entry.msgid, text))
    assert not broken


def test_chinese_strings_keep_the_html_of_the_english():
    tags = re.compile(r"</?\w+[^>]*>")
    broken = [e.msgid for e in _catalog() if sorted(tags.findall(e.msgid)) != sorted(tags.findall(e.msgstr))]
    assert not broken


@pytest.mark.parametrize(
    "english",
    [
        "Save and continue",
        "Save draft",
        "Review and submit",
        "Upload records",
        "What is still missing",
        "Submit the case to the MDT",
        "Diagnosis and spread",
        "Non-small cell lung cancer",
        "Complete response (CR)",
        "Not tested",
        "Log out",
    ],
)
def test_key_screens_show_chinese(english):
    assert zh(english) != english


def test_the_ten_questions_for_the_doctor_are_in_chinese():
    assert len(codes.SEED_QUESTIONS) == 10
    for question in codes.SEED_QUESTIONS.values():
        translated = zh(question)
        assert translated != question
        assert translated.endswith("？")


def test_what_is_missing_is_explained_in_chinese_with_the_details_filled_in():
    for _level, _step, patient, coordinator in completeness_messages.MESSAGES.values():
        for message in (patient, coordinator):
            assert zh(message) != message
    imaging = completeness_messages.MESSAGES["imaging_stale"][2]
    assert "120" in zh(imaging) % {"days": 120}
    gap = completeness_messages.MESSAGES["biomarker_gap"][2]
    assert "EGFR" in zh(gap) % {"marker": "EGFR"}


def test_progression_from_the_measurements_is_flagged_in_chinese():
    flag = urgency.Flag("progression_on_therapy", urgency.R_PD_LATEST, {"source": urgency.SOURCE_DERIVED})
    with translation.override("zh-hans"):
        assert render(flag.reason, flag.params) == "最近一次疗效评估为进展（由测量结果推算）"


def test_every_clinical_label_is_in_the_chinese_catalog():
    missing = [label for label in clinical_labels() if zh(label) == label and label not in SAME_IN_CHINESE]
    assert not missing


def test_patient_who_chooses_chinese_sees_the_intake_in_chinese(patient_client, draft):
    response = patient_client.post(reverse("set_language"), {"language": "zh-hans", "next": "/"})
    assert response.status_code == 302

    page = patient_client.get(reverse("intake:step", args=[draft.reference, "diagnosis"]))

    assert page.status_code == 200
    html = page.content.decode()
    assert '<html lang="zh-hans">' in html
    assert "第 1 步，共 5 步：诊断与扩散情况" in html
    for chinese in ("保存并继续", "保存草稿", "检查并提交", "病理与生物标志物", "癌症类型", "非小细胞肺癌"):
        assert chinese in html
    for english in ("Save and continue", "Review and submit", "Diagnosis and spread", "Non-small cell lung cancer"):
        assert english not in html


def test_patient_who_chooses_chinese_sees_what_is_missing_in_chinese(patient_client, draft):
    patient_client.post(reverse("set_language"), {"language": "zh-hans", "next": "/"})

    html = patient_client.get(reverse("intake:review", args=[draft.reference])).content.decode()

    assert "还缺少哪些信息" in html
    assert "请告诉我们是哪一种癌症。" in html
    assert "Please tell us what type of cancer it is." not in html


# A literal % that a gettext tool would read as a conversion ("10% or" holds "% o"): xgettext then marks the
# entry python-format and `msgfmt -c` rejects the translation. Percentages are written "per cent" or as "%%"
# inside a python-format message.
CONVERSION_LIKE = re.compile(r"%[ #0+-]*\d*(\.\d+)?[diouxXeEfFgGcrsa]")


def test_no_msgid_holds_a_percent_sign_that_reads_as_a_format_directive():
    bad = []
    for entry in polib.pofile(str(PO)):
        if entry.obsolete:
            continue
        rest = re.sub(r"%\(\w+\)[sdfi]|%%", "", entry.msgid)
        if CONVERSION_LIKE.search(rest):
            bad.append(entry.msgid[:80])
    assert not bad, bad


def test_msgfmt_check_passes_where_gnu_gettext_is_installed():
    import shutil
    import subprocess

    if shutil.which("msgfmt") is None:
        pytest.skip("GNU gettext is not installed")
    done = subprocess.run(["msgfmt", "-c", "-o", "/dev/null", str(PO)], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
