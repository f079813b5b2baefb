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
