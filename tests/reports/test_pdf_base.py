"""The shared PDF base template: page size, footer and page numbers on every page, bookmarks, Chinese text."""

import io
import re
import subprocess

import pytest
from django.template import engines
from django.utils import translation
from pypdf import PdfReader

from reports.pdf import render_pdf
from tests.helpers.pdfs import page_texts

DOC = """{% extends "reports/pdf_base.html" %}
{% block title %}Base test{% endblock %}
{% block content %}
<h1>第一部分 Part one</h1>
<h2>Details</h2>
<h3>Not a bookmark</h3>
{% for i in lines %}<p>Line {{ i }} 中文内容 with enough text to fill the page.</p>{% endfor %}
{% endblock %}"""


def render(**context) -> bytes:
    html = engines["django"].from_string(DOC).render({"lines": range(120), **context})
    return render_pdf(html)


@pytest.mark.parametrize("size,expected", [(None, (595, 842)), ("A4", (595, 842)), ("Letter", (612, 792))])
def test_page_size_is_a4_unless_letter_is_asked_for(size, expected):
    page = PdfReader(io.BytesIO(render(page_size=size, lines=range(1)))).pages[0]
    assert (round(float(page.mediabox.width)), round(float(page.mediabox.height))) == expected


def test_footer_and_page_x_of_y_on_every_page():
    pdf = render(footer="MDT-FOOT42")
    pages = page_texts(pdf)
    assert len(pages) >= 3
    for number, text in enumerate(pages, start=1):
        tail = " ".join(text.strip().splitlines()[-3:])
        assert "MDT-FOOT42" in tail
        assert f"Page {number} of {len(pages)}" in tail


def test_page_numbers_follow_the_language():
    with translation.override("zh-hans"):
        pdf = render(footer="MDT-FOOT42", lines=range(1))
    assert re.search(r"1\D+1", page_texts(pdf)[0].strip().splitlines()[-1])


def test_footer_text_cannot_break_out_of_the_stylesheet():
    pdf = render(footer='x"; } body { display: none } </style><h1>injected</h1>', lines=range(1))
    text = re.sub(r"\s+", "", page_texts(pdf)[0])
    assert "Partone" in text
    assert 'x";}body{display:none}</style><h1>injected</h1>' in text


def test_h1_and_h2_are_bookmarks_h3_is_not():
    reader = PdfReader(io.BytesIO(render(lines=range(1))))
    [h1, children] = reader.outline
    assert h1.title == "第一部分 Part one"
    assert [c.title for c in children] == ["Details"]


def test_chinese_text_is_extractable_and_its_font_embedded():
    pdf = render(lines=range(1))
    assert "中文内容" in page_texts(pdf)[0]
    fonts = subprocess.run(["pdffonts", "-"], input=pdf, capture_output=True, check=True).stdout.decode()
    cjk = [line for line in fonts.splitlines() if "CJK" in line]
    assert cjk and all(" yes " in line for line in cjk), fonts


# Typography --------------------------------------------------------------------------------------------------------

LONG_WORDS = "Immunohistochemistry characterisation of oligometastatic adenocarcinoma after immunotherapy " * 3
NARROW = """{% extends "reports/pdf_base.html" %}
{% block content %}
<div style="width: 38mm">
  <p id="en" lang="en">{{ words }}</p>
  <p id="zh" lang="zh-Hans">免疫组织化学 {{ words }} 转移性腺癌的免疫治疗以后的病情评估与随访计划</p>
</div>
{% endblock %}"""


def narrow_lines(language: str) -> tuple[list[str], list[str]]:
    """The lines of the English paragraph and of the Chinese one (which holds the same English words), as
    printed, from a document in `language` (pdftotext -raw: without it, poppler joins hyphenated words)."""
    with translation.override(language):
        html = engines["django"].from_string(NARROW).render({"words": LONG_WORDS})
    raw = ["pdftotext", "-raw", "-enc", "UTF-8", "-", "-"]
    text = subprocess.run(raw, input=render_pdf(html), capture_output=True, check=True).stdout.decode()
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    zh_start = next(i for i, line in enumerate(lines) if line.startswith("免疫"))
    return lines[:zh_start], lines[zh_start:]


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_english_is_hyphenated_with_a_plain_hyphen_and_chinese_blocks_never(language):
    """English words in an English block break with U+002D (the U+2010 default printed as a stray raised dash),
    in an English or a Chinese document alike; the same words inside a Chinese block are never hyphenated."""
    english, chinese = narrow_lines(language)
    hyphenated = [line for line in english if re.search(r"[a-z]-$", line)]
    assert hyphenated, english
    assert not any("\u2010" in line for line in english + chinese)
    assert not [line for line in chinese if line.endswith("-")], chinese


def test_headings_stay_with_what_follows_and_a_table_keeps_two_rows_on_a_page():
    """A heading at the foot of a page moves to the next page with its table, and a table never leaves its first
    or its last row alone on a page, wherever the page break falls."""
    for filler in range(18, 34):
        rows = "".join(f"<tr><td>Row {i}</td><td>value</td></tr>" for i in range(1, 7))
        html = (
            engines["django"]
            .from_string(
                """{% extends "reports/pdf_base.html" %}{% block content %}
            {% for i in filler %}<p>Filler paragraph {{ i }}.</p>{% endfor %}
            <h2>Laboratory results</h2>
            <table><thead><tr><th>Test</th><th>Value</th></tr></thead><tbody>{{ rows|safe }}</tbody></table>
            {% endblock %}"""
            )
            .render({"filler": range(filler), "rows": rows})
        )
        pages = page_texts(render_pdf(html))
        for number, text in enumerate(pages, start=1):
            count = len(re.findall(r"Row \d", text))
            assert count != 1, (filler, number, text)
            if "Laboratory results" in text:
                assert count >= 2, (filler, number)


def test_a_one_row_table_is_not_dragged_onto_the_next_page_by_what_follows_it():
    """The first-and-last-row rules must not chain a one-row table to the block after it: when that block (a
    chart that cannot be split) goes to the next page, the table stays where it fits."""
    html = (
        engines["django"]
        .from_string(
            """{% extends "reports/pdf_base.html" %}{% block content %}
        {% for i in filler %}<p>Filler paragraph {{ i }}.</p>{% endfor %}
        <h2>Local treatments</h2>
        <table><thead><tr><th>Treatment</th><th>Date</th></tr></thead>
        <tbody><tr><td>Wide local excision</td><td>2025-07-28</td></tr></tbody></table>
        <h2>Response assessments</h2>
        <figure style="height: 150mm; border: 1pt solid #999">chart</figure>
        {% endblock %}"""
        )
        .render({"filler": range(12)})
    )
    pages = page_texts(render_pdf(html))
    assert "Wide local excision" in pages[0] and "Response assessments" in pages[1]
