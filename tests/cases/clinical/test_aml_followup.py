"""AML after induction: MRD on file with method and level, positive NPM1 MRD -> consider transplant (ELN 2022; ELN
MRD 2021, Heuser 2021), and a missing consolidation flagged."""

from datetime import date

from cases.clinical.aml_followup import LineFacts, MrdResult, notes

TODAY = date(2026, 11, 30)
INDUCTION = LineFacts("7+3 induction (cytarabine + daunorubicin)", date(2026, 5, 24), date(2026, 6, 23), False)


def texts(**kw) -> list[str]:
    return [n.template % n.params if n.params else n.template for n in notes("aml", today=TODAY, **kw)]


def test_positive_npm1_mrd_says_transplant_should_be_considered_and_shows_method_and_level():
    mrd = [MrdResult(date(2026, 11, 21), True, "Quantitative PCR", "NPM1 0.8% of ABL1")]
    out = texts(npm1=True, mrd=mrd, lines=[INDUCTION])
    assert "MRD on file: positive, Quantitative PCR, NPM1 0.8% of ABL1 (2026-11-21)" in out
    assert any("transplant in first remission should be considered" in t for t in out)
    # One positive result is not "high risk" by itself: its weight depends on level, time point and trend (ELN MRD
    # 2021, D5; review 2026-11-30, A6L).
    assert not any("high risk" in t for t in out)
    assert any("the level, the time point (blood after 2 cycles, marrow at the end of consolidation)" in t for t in out)


def test_negative_mrd_does_not_raise_transplant():
    out = texts(npm1=True, mrd=[MrdResult(date(2026, 11, 21), False)], lines=[])
    assert out == ["MRD on file: negative (2026-11-21)"]


def test_no_consolidation_five_months_after_induction_is_flagged_and_not_once_one_is_recorded():
    assert any(t.startswith("No consolidation recorded") for t in texts(npm1=True, mrd=[], lines=[INDUCTION]))
    hidac = LineFacts("High-dose cytarabine consolidation", date(2026, 7, 20), date(2026, 10, 1), False)
    assert not any("consolidation recorded" in t for t in texts(npm1=True, mrd=[], lines=[INDUCTION, hidac]))
    recent = LineFacts(INDUCTION.regimen, date(2026, 10, 20), date(2026, 11, 20), False)
    assert not any("consolidation recorded" in t for t in texts(npm1=True, mrd=[], lines=[recent]))


def test_other_cancers_get_none():
    assert notes("myeloma", npm1=False, mrd=[MrdResult(TODAY, True)], lines=[INDUCTION], today=TODAY) == []


def test_a_consolidation_naming_induction_drugs_is_not_read_as_another_induction():
    """CPX-351 and daunorubicin are given in induction and in consolidation: a recorded consolidation must not raise
    "No consolidation recorded" (review 2026-11-30)."""
    for induction, consolidation in [
        ("CPX-351 induction", "CPX-351 consolidation x2"),
        ("7+3 induction (cytarabine + daunorubicin)", "Daunorubicin + cytarabine 5+2 consolidation"),
    ]:
        lines = [
            LineFacts(induction, date(2026, 3, 1), date(2026, 4, 1), False),
            LineFacts(consolidation, date(2026, 5, 1), date(2026, 7, 1), False),
        ]
        assert not any(t.startswith("No consolidation recorded") for t in texts(npm1=False, mrd=[], lines=lines))
    only_induction = [LineFacts("CPX-351 induction", date(2026, 3, 1), date(2026, 4, 1), False)]
    assert any(t.startswith("No consolidation recorded") for t in texts(npm1=False, mrd=[], lines=only_induction))
