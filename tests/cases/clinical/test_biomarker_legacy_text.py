"""Results stored as free text are read for their variant class, score and origin."""

import pytest

from cases.clinical.biomarkers.legacy import parse_value


@pytest.mark.parametrize(
    ("marker", "text", "classes", "score", "scoring"),
    [
        ("EGFR", "exon 19 deletion", ("ex19del",), None, ""),
        ("EGFR", "p.L858R", ("L858R",), None, ""),
        ("EGFR", "exon 20 insertion (A767_V769dup)", ("ex20ins",), None, ""),
        ("KRAS", "G12D", ("G12D",), None, ""),
        ("NRAS", "Q61R", ("Q61",), None, ""),
        ("BRAF", "V600K", ("V600_other",), None, ""),
        ("HER2", "IHC 3+", ("ihc_3plus",), None, ""),
        ("HER2", "IHC 2+, ISH not amplified", ("ihc_2plus", "ish_not_amplified"), None, ""),
        ("HER2", "ultralow", ("ihc_ultralow",), None, ""),
        ("MSI", "MSI-H, loss of MLH1/PMS2", ("msi_h", "dmmr_mlh1_pms2"), None, ""),
        ("MSI", "dMMR: isolated loss of PMS2", ("dmmr_other",), None, ""),
        # Each protein takes the status the report gives it; a protein named is not a protein lost.
        ("MSI", "MLH1 intact, PMS2 lost, MSH2 intact, MSH6 intact", ("dmmr_other",), None, ""),
        ("MSI", "MLH1 intact but PMS2 lost", ("dmmr_other",), None, ""),
        ("MSI", "Loss of MLH1/PMS2 staining; MSH2 and MSH6 retained", ("dmmr_mlh1_pms2",), None, ""),
        ("MSI", "MLH1 (-), PMS2 (-), MSH2 (+), MSH6 (+)", ("dmmr_mlh1_pms2",), None, ""),
        ("MSI", "MLH1: no nuclear staining; PMS2: no nuclear staining; MSH2: intact", ("dmmr_mlh1_pms2",), None, ""),
        ("MSI", "MSH2 and MSH6 not expressed, MLH1 and PMS2 retained", ("dmmr_msh2_msh6",), None, ""),
        ("MSI", "MLH1缺失，PMS2缺失，MSH2阳性，MSH6阳性", ("dmmr_mlh1_pms2",), None, ""),
        ("MSI", "all four proteins intact", (), None, ""),
        # MLH1 promoter methylation: "unmethylated" and "not detected" are not methylated, and not MLH1 loss.
        ("MSI", "Loss of MLH1/PMS2; MLH1 promoter unmethylated", ("dmmr_mlh1_pms2", "mlh1_unmethylated"), None, ""),
        ("MSI", "MLH1 methylation: negative", ("mlh1_unmethylated",), None, ""),
        ("MSI", "methylation of the MLH1 promoter not detected", ("mlh1_unmethylated",), None, ""),
        ("MSI", "MLH1 promoter hypermethylation detected", ("mlh1_methylated",), None, ""),
        ("MSI", "MLH1启动子未甲基化", ("mlh1_unmethylated",), None, ""),
        ("ALK", "EML4::ALK", ("fusion",), None, ""),
        ("PDL1", "TPS 30%", (), 30.0, "TPS"),
        ("PDL1", "CPS 5", (), 5.0, "CPS"),
        ("FLT3", "ITD, allelic ratio 0.6", ("ITD",), None, ""),
        ("EGFR", "", (), None, ""),
        ("KRAS", "wild type", (), None, ""),
    ],
)
def test_free_text_is_read_for_its_class(marker, text, classes, score, scoring):
    parsed = parse_value(marker, text)
    assert (parsed.alterations, parsed.score, parsed.scoring) == (classes, score, scoring)


def test_germline_is_read_from_the_text():
    assert parse_value("BRCA", "BRCA2 germline pathogenic variant").origin == "germline"
