"""ELN 2022 AML response (Döhner, Blood 2022, Table 7)."""

import pytest

from cases.clinical.response import assess


def marrow(
    blasts=2, anc=1.5, platelets=150, mrd="not_done", pretreatment=60, circulating=False, emd=False, prior_cr=False
) -> dict:
    return {
        "prior_cr": prior_cr,
        "bm_blasts_pct": blasts,
        "pretreatment_bm_blasts_pct": pretreatment,
        "circulating_blasts": circulating,
        "extramedullary_disease": emd,
        "anc_1e9_per_l": anc,
        "platelets_1e9_per_l": platelets,
        "mrd": mrd,
    }


def category(data: dict) -> str:
    return assess("eln2022", data).category


def test_cr_explanation_shows_the_counts():
    result = assess("eln2022", marrow(blasts=4.9, anc=1.0, platelets=100, mrd="positive"))
    assert result.category == "CR"
    assert result.explanation == (
        "marrow blasts 4.9%, circulating blasts no, extramedullary disease no, ANC 1, "
        "platelets 100 x10^9/L, MRD positive: CR"
    )  # the CRi/MLFS reading is named only where it decides (CRi, MLFS)


def test_marrow_blasts_of_exactly_5_percent_are_not_a_remission():
    assert category(marrow(blasts=5, pretreatment=None)) == "INVALID"  # PR range: needs pretreatment
    assert category(marrow(blasts=5, pretreatment=10)) == "PR"
    assert category(marrow(blasts=4.9)) == "CR"


def test_anc_1_0_is_enough_for_cr_and_0_99_is_not():
    assert category(marrow(anc=1.0)) == "CR"
    assert category(marrow(anc=0.99)) == "CRh"


def test_platelets_100_are_enough_for_cr_and_99_9_are_not():
    assert category(marrow(platelets=100)) == "CR"
    assert category(marrow(platelets=99.9)) == "CRh"


def test_crh_needs_anc_0_5_and_platelets_50():
    assert category(marrow(anc=0.5, platelets=50)) == "CRh"
    assert category(marrow(anc=1.2, platelets=49.9)) == "CRi"
    assert category(marrow(anc=0.49, platelets=120)) == "CRi"


def test_both_counts_below_cr_and_below_crh_is_mlfs():
    assert category(marrow(anc=0.3, platelets=20)) == "MLFS"


def test_mrd_negative_cr_is_reported_as_the_best_category():
    assert category(marrow(mrd="negative")) == "CR_MRD_neg"


def test_pr_needs_blasts_halved_from_pretreatment():
    assert category(marrow(blasts=20, pretreatment=40)) == "PR"
    assert category(marrow(blasts=20.1, pretreatment=40)) == "NR"
    assert category(marrow(blasts=25, pretreatment=60)) == "PR"
    assert category(marrow(blasts=25.1, pretreatment=60)) == "NR"


def test_pr_needs_recovered_counts():
    assert category(marrow(blasts=10, pretreatment=60, anc=0.9)) == "NR"


# Table 7, each response category in ELN order.
TABLE_7 = [
    (marrow(mrd="negative"), "CR_MRD_neg"),
    (marrow(mrd="positive"), "CR"),
    (marrow(mrd="not_done"), "CR"),
    (marrow(anc=0.7, platelets=70), "CRh"),
    (marrow(anc=1.1, platelets=30), "CRi"),
    (marrow(anc=0.2, platelets=150), "CRi"),
    (marrow(anc=0.2, platelets=10), "MLFS"),
    (marrow(blasts=12, pretreatment=50), "PR"),
    (marrow(blasts=40, pretreatment=50), "NR"),
    (marrow(circulating=True), "NR"),
    (marrow(emd=True), "NR"),
    (marrow(anc=0.7, platelets=70, mrd="negative"), "CRh_MRD_neg"),
    (marrow(anc=1.1, platelets=30, mrd="negative"), "CRi_MRD_neg"),
    (marrow(anc=0.2, platelets=10, mrd="negative"), "MLFS"),
    (marrow(blasts=80, pretreatment=50), "PD"),
    (marrow(blasts=12, prior_cr=True), "relapse"),
    (marrow(circulating=True, prior_cr=True), "relapse"),
    (marrow(emd=True, prior_cr=True), "relapse"),
    ({**marrow(mrd="positive", prior_cr=True), "prior_mrd_negative": True}, "MRD_relapse"),
    (marrow(prior_cr=True), "CR"),
]


@pytest.mark.parametrize(("data", "expected"), TABLE_7)
def test_eln_table_7_every_row(data, expected):
    assert category(data) == expected


@pytest.mark.parametrize(
    "data",
    [{}, marrow(blasts="3"), marrow(anc=None), marrow(mrd="neg"), marrow(blasts=101), marrow(circulating="no")],
)
def test_malformed_input_is_invalid_with_reasons(data):
    result = assess("eln2022", data)
    assert result.category == "INVALID"
    assert result.errors


def test_relapse_after_a_prior_cr_is_not_a_partial_remission_review_e14():
    result = assess("eln2022", marrow(blasts=12, pretreatment=60, prior_cr=True))
    assert result.category == "relapse"
    assert "marrow blasts 12%" in result.explanation
    assert category(marrow(blasts=12, pretreatment=60, prior_cr=False)) == "PR"


def test_relapse_threshold_is_5_percent_marrow_blasts():
    assert category(marrow(blasts=4.9, prior_cr=True)) == "CR"
    assert category(marrow(blasts=5, prior_cr=True)) == "relapse"


def test_prior_cr_is_required():
    data = marrow()
    del data["prior_cr"]
    result = assess("eln2022", data)
    assert result.category == "INVALID"
    assert "prior_cr is missing" in result.errors


def test_partial_remission_needs_no_circulating_blasts_review_e17():
    assert category(marrow(blasts=10, pretreatment=50, circulating=True)) == "NR"
    assert category(marrow(blasts=10, pretreatment=50, circulating=False)) == "PR"


def test_mlfs_needs_no_circulating_blasts_and_no_extramedullary_disease():
    assert category(marrow(anc=0.2, platelets=10, circulating=True)) == "NR"
    assert category(marrow(anc=0.2, platelets=10, emd=True)) == "NR"


def test_mrd_negativity_is_reported_for_crh_and_cri_review_e09():
    assert category(marrow(anc=0.5, platelets=50, mrd="negative")) == "CRh_MRD_neg"
    assert category(marrow(anc=0.49, platelets=120, mrd="negative")) == "CRi_MRD_neg"


@pytest.mark.parametrize(
    ("anc", "platelets", "one_count", "any_depth"),
    [(0.8, 40, "MLFS", "CRi"), (0.5, 49, "MLFS", "CRi"), (1.0, 40, "CRi", "CRi"), (0.4, 100, "CRi", "CRi")],
)
def test_cri_mlfs_boundary_follows_the_reading_and_says_which_review_e07_e15(anc, platelets, one_count, any_depth):
    default = assess("eln2022", marrow(anc=anc, platelets=platelets))
    assert default.category == one_count
    assert "one count at its CR level" in default.explanation
    literal = assess("eln2022", {**marrow(anc=anc, platelets=platelets), "cri_reading": "any_residual_cytopenia"})
    assert literal.category == any_depth
    assert "any depth" in literal.explanation


@pytest.mark.parametrize(
    ("pretreatment", "blasts", "expected"),
    [(50, 75, "NR"), (50, 75.1, "PD"), (20, 30, "NR"), (20, 34.9, "NR"), (20, 35, "PD"), (30, 45.1, "PD")],
)
def test_progressive_disease_needs_a_rise_over_50_percent_and_15_points_under_30(pretreatment, blasts, expected):
    assert category(marrow(blasts=blasts, pretreatment=pretreatment)) == expected


# Progressive disease, every limb of Döhner 2022, Table 7 (kept from ELN 2017, Table 6), at its threshold and beside.
def test_progressive_disease_names_the_paper_and_says_the_count_exception_was_not_checked():
    result = assess("eln2022", marrow(blasts=80, pretreatment=50))
    assert result.category == "PD"
    assert "ELN 2022, Döhner et al., Blood 2022" in result.explanation
    assert "exception for recovering counts was not checked" in result.explanation


@pytest.mark.parametrize(
    ("pre_anc", "anc", "expected"),
    [(0.3, 0.6, "NR"), (0.3, 0.59, "PD"), (0.2, 0.4, "PD"), (0.25, 0.51, "NR")],
)
def test_a_marrow_rise_with_anc_doubled_to_over_0_5_is_not_progression(pre_anc, anc, expected):
    """ANC doubled (0.3 -> 0.6) and over 0.5: not PD; 0.59 is less than double; 0.4 is double but not over 0.5."""
    data = {**marrow(blasts=80, pretreatment=50, anc=anc, platelets=20), "pretreatment_anc_1e9_per_l": pre_anc}
    data["pretreatment_platelets_1e9_per_l"] = 20
    result = assess("eln2022", data)
    assert result.category == expected
    if expected == "NR":
        assert "at least doubled" in result.explanation


@pytest.mark.parametrize(("platelets", "expected"), [(51, "NR"), (50, "PD"), (39, "PD")])
def test_a_marrow_rise_with_platelets_doubled_to_over_50_is_not_progression(platelets, expected):
    data = {**marrow(blasts=80, pretreatment=50, anc=0.1, platelets=platelets)}
    data.update(pretreatment_anc_1e9_per_l=0.1, pretreatment_platelets_1e9_per_l=20)
    assert category(data) == expected


@pytest.mark.parametrize(("persistent", "expected"), [(True, "PD"), (False, "NR")])
def test_marrow_blasts_over_70_for_3_months_is_progression(persistent, expected):
    # 75% from 60%: not a 50% rise, so only the persistence limb can make it PD.
    data = {**marrow(blasts=75, pretreatment=60), "bm_blasts_over_70_for_3_months": persistent}
    result = assess("eln2022", data)
    assert result.category == expected
    if persistent:
        assert "over 70% for at least 3 months" in result.explanation


@pytest.mark.parametrize(
    ("before", "now", "expected"),
    [(10, 25.1, "PD"), (10, 25, "NR"), (20, 30.1, "PD"), (20, 30, "NR")],
)
def test_blood_blasts_up_more_than_50_percent_to_over_25_is_progression(before, now, expected):
    data = {**marrow(blasts=40, pretreatment=40, circulating=True)}
    data.update(blood_blasts_1e9_per_l=now, pretreatment_blood_blasts_1e9_per_l=before)
    assert category(data) == expected


def test_blood_blasts_rising_during_differentiation_syndrome_are_not_progression():
    data = {**marrow(blasts=40, pretreatment=40, circulating=True), "differentiation_syndrome": True}
    data.update(blood_blasts_1e9_per_l=40, pretreatment_blood_blasts_1e9_per_l=10)
    assert category(data) == "NR"


@pytest.mark.parametrize(("new", "expected"), [(True, "PD"), (False, "NR")])
def test_new_extramedullary_disease_is_progression(new, expected):
    data = {**marrow(blasts=40, pretreatment=40, emd=True), "new_extramedullary_disease": new}
    assert category(data) == expected


@pytest.mark.parametrize(("blasts", "expected"), [(4.9, "CR"), (5, "relapse")])
def test_haematologic_relapse_after_a_prior_cr_starts_at_5_percent_marrow_blasts(blasts, expected):
    assert category(marrow(blasts=blasts, prior_cr=True)) == expected


@pytest.mark.parametrize(
    ("prior_mrd_negative", "mrd", "expected"),
    [(True, "positive", "MRD_relapse"), (True, "negative", "CR_MRD_neg"), (False, "positive", "CR")],
)
def test_mrd_relapse_is_mrd_positive_after_an_mrd_negative_remission(prior_mrd_negative, mrd, expected):
    data = {**marrow(mrd=mrd, prior_cr=True), "prior_mrd_negative": prior_mrd_negative}
    assert category(data) == expected


def test_crh_counts_are_crh_not_cri_when_both_fit():
    # Table 7: "If CRh used, CRi should only include patients not meeting the definition of CRh".
    assert category(marrow(anc=0.5, platelets=120)) == "CRh"
    assert category(marrow(anc=1.2, platelets=50)) == "CRh"


def test_the_cri_reading_is_named_for_cri_and_mlfs_and_not_for_cr_or_crh():
    reading = "CRi read as one count at its CR level"
    assert reading in assess("eln2022", marrow(anc=1.2, platelets=49.9)).explanation  # CRi
    assert reading in assess("eln2022", marrow(anc=0.4, platelets=40)).explanation  # MLFS
    assert reading not in assess("eln2022", marrow(anc=1.0, platelets=100)).explanation  # CR
    assert reading not in assess("eln2022", marrow(anc=0.5, platelets=50)).explanation  # CRh
