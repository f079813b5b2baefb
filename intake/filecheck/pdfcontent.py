"""Active content in a PDF: scripts, actions that run by themselves, launched
programs, attached files and XFA forms. A record holding any of them is
refused, not cleaned: the care team must see what the hospital issued, and a
refusal tells the patient how to make a plain copy ("Save as PDF").

Every object in the file is looked at, not only the usual places (catalog
/OpenAction and /AA, page and annotation /AA and /A, /Names /JavaScript and
/EmbeddedFiles, /AcroForm /XFA), because viewers find actions anywhere they are
referenced from (outlines, form fields, /Next chains). qpdf reads objects from
the cross-reference table as they are asked for, through a read budget, so a
2 GB scan is never held in memory; stream contents are never decoded.
"""

from collections.abc import Iterator
from typing import BinaryIO, cast

import pikepdf

from . import messages
from .base import BudgetedReader, refuse

# Actions that run code, send data out, or open something outside the document.
_SCRIPT_ACTIONS = frozenset({"/JavaScript", "/SubmitForm", "/ImportData", "/RichMediaExecute", "/GoToE", "/GoTo3DView"})
_LAUNCH_ACTIONS = frozenset({"/Launch"})
# What may run by itself (on opening the file or a page, or on any event an /AA
# lists): moving within the document. "Open at page 1" is common and harmless.
_AUTOMATIC_ALLOWED = frozenset({"/GoTo"})
_MAX_ACTION_CHAIN = 100


def check_pdf_content(fileobj: BinaryIO, name: str, budget: int) -> None:
    """Raise Rejected if the PDF holds active content; other failures are the caller's ("corrupt")."""
    fileobj.seek(0)
    with pikepdf.open(cast(BinaryIO, BudgetedReader(fileobj, budget))) as pdf:
        if "/OpenAction" in pdf.Root:
            _check_automatic(pdf.Root.OpenAction, name)
        for obj in pdf.objects:
            for value in _with_direct_children(obj):
                _check_object(value, name)


def _with_direct_children(obj) -> Iterator:
    """The object and every direct object nested in it; indirect ones come from pdf.objects."""
    stack = [obj]
    while stack:
        item = stack.pop()
        yield item
        if isinstance(item, pikepdf.Dictionary | pikepdf.Stream):
            children = [item[key] for key in item.keys()]
        elif isinstance(item, pikepdf.Array):
            children = list(item)
        else:
            continue
        stack.extend(child for child in children if _is_container(child) and not child.is_indirect)


def _is_container(obj) -> bool:
    return isinstance(obj, pikepdf.Dictionary | pikepdf.Stream | pikepdf.Array)


def _check_object(obj, name: str) -> None:
    if not isinstance(obj, pikepdf.Dictionary | pikepdf.Stream):
        return
    _check_action(obj, name)
    if "/XFA" in obj:
        raise refuse("pdf_xfa", messages.PDF_XFA, name=name)
    if "/EF" in obj or obj.get("/Type") == "/EmbeddedFile" or obj.get("/Subtype") == "/FileAttachment":
        raise refuse("pdf_embedded_file", messages.PDF_ATTACHMENT, name=name)
    if "/EmbeddedFiles" in obj:
        raise refuse("pdf_embedded_file", messages.PDF_ATTACHMENT, name=name)
    if "/AA" in obj and isinstance(obj.AA, pikepdf.Dictionary):
        for key in obj.AA.keys():
            _check_automatic(obj.AA[key], name)


def _check_action(obj, name: str) -> None:
    kind = obj.get("/S")
    if kind in _LAUNCH_ACTIONS:
        raise refuse("pdf_launch", messages.PDF_LAUNCH, name=name)
    if kind in _SCRIPT_ACTIONS or "/JS" in obj:
        raise refuse("pdf_javascript", messages.PDF_SCRIPT, name=name)


def _check_automatic(action, name: str, depth: int = 0) -> None:
    """An action that runs without a click (/OpenAction, /AA, and what they chain
    to with /Next) may only move within the document."""
    if isinstance(action, pikepdf.Array) and (
        depth == 0 or not action or not isinstance(action[0], pikepdf.Dictionary)
    ):
        return  # a destination: "open at this page"
    if depth > _MAX_ACTION_CHAIN:
        raise refuse("pdf_javascript", messages.PDF_SCRIPT, name=name)
    if isinstance(action, pikepdf.Array):  # /Next may list several actions
        for item in action:
            _check_automatic(item, name, depth + 1)
        return
    if not isinstance(action, pikepdf.Dictionary):
        raise refuse("pdf_javascript", messages.PDF_SCRIPT, name=name)
    _check_action(action, name)
    if action.get("/S") not in _AUTOMATIC_ALLOWED:
        raise refuse("pdf_javascript", messages.PDF_SCRIPT, name=name)
    if "/Next" in action:
        _check_automatic(action.Next, name, depth + 1)
