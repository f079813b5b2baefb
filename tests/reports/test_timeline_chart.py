"""The treatment timeline draws each line's best response with the pattern of its family of categories."""

import datetime

import pytest

from reports.documents.charts import INK, TimelineBar, treatment_timeline_svg

TODAY = datetime.date(2026, 11, 30)


def _bar_fill(response: str) -> str:
    bar = TimelineBar(
        "L1", "Daratumumab + lenalidomide + dexamethasone", datetime.date(2026, 2, 23), None, True, response
    )
    svg = str(treatment_timeline_svg([bar], today=TODAY))
    rect = svg[svg.index("<rect", svg.index("</defs>")) :]
    return rect[rect.index('fill="') + 6 : rect.index('"', rect.index('fill="') + 6)]


@pytest.mark.parametrize(
    ("response", "drawn_as"),
    [
        ("VGPR", "url(#tl-PR)"),  # review 2026-11-30 (Y7P): a myeloma VGPR was drawn white, "Other or not known"
        ("iPR", "url(#tl-PR)"),
        ("PR", "url(#tl-PR)"),
        ("sCR", INK),
        ("iSD", "url(#tl-SD)"),
        ("PMD", "url(#tl-PD)"),
        ("CRi", "#fff"),  # not a full complete remission: stays "other", its label says which
        ("", "#fff"),
    ],
)
def test_a_lines_best_response_is_drawn_with_its_familys_pattern(response, drawn_as):
    assert _bar_fill(response) == drawn_as
