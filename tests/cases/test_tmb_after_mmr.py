"""Review 2026-12-01: the case page said TMB was "not needed: MSI-high already opens immunotherapy" when the only
record was mismatch-repair IHC. The note names what was found: dMMR by IHC, MSI-high by PCR or NGS (CAP/AMP,
Bartley 2022; cases.clinical.biomarkers.mmr). Read from the coordinator's case page, in English and Chinese."""

import re

import pytest
from django.conf import settings
from django.urls import reverse

from cases.models import Biomarker, Case, State
from tests.factories import complete_case

pytestmark = pytest.mark.django_db


def tmb_row(client, case, language: str) -> str:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    html = client.get(reverse("intake:case_detail", args=[case.reference])).content.decode()
    table = html[html.index('id="biomarker-table"') :]
    row = next(r for r in re.findall(r"<tr.*?</tr>", table, re.S) if "TMB" in r or "肿瘤突变负荷" in r)
    return re.sub(r"\s+", " ", row)


def case_with_msi(patient, coordinator, assay: str, alterations: list[str]) -> Case:
    case = complete_case(patient, cancer_type="gastric_oesophageal", cancer_subtype="")
    Case.objects.filter(pk=case.pk).update(state=State.IN_TRIAGE, coordinator=coordinator)
    case.biomarkers.all().delete()
    Biomarker.objects.create(case=case, marker="MSI", result="detected", assay=assay, alterations=alterations)
    return case


def test_tmb_note_after_mmr_loss_by_ihc_names_dmmr(client, patient, coordinator):
    case = case_with_msi(patient, coordinator, "ihc", ["dmmr_mlh1_pms2"])
    client.force_login(coordinator)
    english = tmb_row(client, case, "en")
    assert "dMMR (mismatch-repair deficiency) already opens immunotherapy" in english
    assert "MSI-high already" not in english
    assert "dMMR（错配修复缺陷）已提供免疫治疗机会" in tmb_row(client, case, "zh-hans")


def test_tmb_note_after_msi_by_pcr_names_msi_high(client, patient, coordinator):
    case = case_with_msi(patient, coordinator, "msi_pcr", ["msi_h"])
    client.force_login(coordinator)
    assert "not needed: MSI-high already opens immunotherapy" in tmb_row(client, case, "en")
    assert "MSI-H已提供免疫治疗机会" in tmb_row(client, case, "zh-hans")
