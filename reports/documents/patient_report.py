"""The patient's second-opinion report: the MDT's agreed consensus, written for the patient.

``patient_report_pdf(case)`` renders it in the case's report language (else
the owner's language): what the team reviewed and who they were, the answer
to each of the patient's own questions, the plan in plain words, the tests to
ask for, the realistic goal and what remission would mean for this cancer
(cases.clinical.remission), care in China, supportive care, next steps and the
disclaimer that it is a second opinion, not a treatment order.

The fixed text is translated (everything runs inside translation.override);
the MDT's free text is shown in its checked translation (reports.translations)
when the report is in another language than the team wrote in. A bilingual
report is the whole report twice: the patient's language, then English. Patient and MDT
text reach the template as plain strings and are autoescaped there.
"""

import datetime
import io
from collections import Counter

from django.conf import settings
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import get_language_info, get_supported_language_variant
from django.utils.translation import gettext as _
from pypdf import PdfReader, PdfWriter

from cases.assessment import (
    assessment_date,
    case_with_clinical,
    interpretation_for,
    latest_assessment,
    render,
    snapshot_for,
)
from cases.biomarker_view import STATEMENT_ORDER, gap_rows, result_rows, statement_marker
from cases.clinical import codes, reported
from cases.clinical.biomarkers import PATIENT_ALL_RESULTS, PATIENT_MEANINGS
from cases.clinical.lab_requests import given_drug_classes, requests_for
from cases.clinical.panels import marker, panel_for
from cases.clinical.remission import case_notes, goal_text, oligometastatic_note, remission_for
from cases.clinical.response.categories import is_progression
from cases.clinical.snapshot import TreatmentLineInfo
from cases.labels import (
    cancer_type_label,
    code_label,
    criteria_name,
    diagnosis_line,
    join_list,
    reported_label,
    response_label,
)
from cases.models import Case
from cases.models.documents import DocumentKind
from cases.models.users import Discipline
from reports.labels import has_han
from reports.models import Consensus, Opinion, TreatmentGoal
from reports.pdf import render_template_pdf
from reports.translations import checked_texts, report_languages
from reports.translations import language_name as native_language_name

TEMPLATE = "reports/report/report.html"


def report_language(case: Case) -> str:
    """The case's report language, else the owner's, as a language this site supports."""
    wanted = case.report_language or getattr(case.owner, "language", "") or settings.LANGUAGE_CODE
    try:
        return get_supported_language_variant(wanted)
    except LookupError:
        return settings.LANGUAGE_CODE


def patient_report_pdf(
    case: Case,
    *,
    language: str | None = None,
    bilingual: bool = False,
    version: int = 1,
    correction_note: str = "",
    today: datetime.date | None = None,
    translations: dict[tuple[str, str], str] | None = None,
) -> bytes:
    """The report as PDF bytes. The case must have a consensus (Consensus.DoesNotExist otherwise).

    A bilingual report is the whole report in `language`, then the whole report in English, each half with its
    own page numbers in its own language. `translations` are the checked translations of the MDT's texts
    ({(language, key): text}, reports.translations.checked_texts); a text without one is shown as written,
    marked as not yet translated (such a version cannot be released).
    """
    case = case_with_clinical(case)
    consensus = Consensus.objects.select_related("chair").get(case=case)
    languages = report_languages(language or report_language(case), bilingual)
    if translations is None:
        translations = checked_texts(case, consensus, languages)
    halves = []
    for index, half in enumerate(languages):
        with translation.override(half):
            context = report_context(
                case,
                consensus,
                language=half,
                languages=languages,
                part=index,
                version=version,
                correction_note=correction_note,
                today=today or timezone.localdate(),
                translations=translations,
            )
            halves.append(render_template_pdf(TEMPLATE, context))
    return halves[0] if len(halves) == 1 else merge_pdfs(halves)


def merge_pdfs(parts: list[bytes]) -> bytes:
    """One PDF of `parts` in order, keeping each part's bookmarks."""
    writer = PdfWriter()
    for part in parts:
        writer.append(PdfReader(io.BytesIO(part)))
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def report_filename(case: Case, version: int) -> str:
    return f"{case.reference}-second-opinion-v{version}.pdf"


def report_context(
    case: Case,
    consensus: Consensus,
    *,
    language: str,
    version: int,
    correction_note: str,
    today: datetime.date,
    languages: list[str] | None = None,
    part: int = 0,
    translations: dict[tuple[str, str], str] | None = None,
) -> dict:
    """Everything the template shows, as plain values in the active language."""
    languages = languages or [language]
    mdt = MdtText(consensus.written_in, language, translations or {})
    title = _("Your second-opinion report")
    context = {
        "case": case,
        "title": title,
        "footer": f"{case.reference} · {_('Second-opinion report')} · v{version} · {native_language_name(language)}",
        "version": version,
        "language_line": language_line(languages, part),
        "correction": {"text": correction_note.strip(), "script": script(correction_note)}
        if correction_note.strip()
        else None,
        "date": _date(today),
        "birth_date": _date(case.patient_birth_date),
        "agreed_on": _date(timezone.localtime(consensus.agreed_at).date() if consensus.agreed_at else None),
        "meeting": _date(meeting_day(case, today)),
        "diagnosis": diagnosis_line(case),
        "records": records(case),
        "reviewers": reviewers(case, consensus),
        "mdt_language": language_name(mdt.written_in),
        "questions": questions(case, consensus, mdt),
        "summary": mdt("patient_summary", consensus.patient_summary),
        "plan": mdt("plan", consensus.plan),
        "alternatives": mdt("alternatives", consensus.alternatives),
        "goal": goal(consensus, mdt, case),
        "remission": remission(case),
        "tests": tests(case, consensus.tests_from_gaps or []),
        "results": results(case),
        "meanings": meanings(case),
        "tests_first": mdt("tests_first", consensus.tests_first),
        "china": china(case, consensus, mdt),
        "supportive_care": mdt("supportive_care", consensus.supportive_care),
        "dissent": mdt("dissent", consensus.dissent),
        "case_url": settings.SITE_URL + reverse("intake:case_detail", args=[case.reference]),
    }
    # After every text was looked up: the note says whether any is still untranslated.
    context["written_in"] = mdt.note()
    context["translation_pending"] = mdt.pending > 0
    return context


def language_line(languages: list[str], part: int) -> str:
    """Which language this report is in, said in that language (and, for a bilingual one, what follows)."""
    here = native_language_name(languages[part])
    if len(languages) == 1:
        return _("This report is in %(language)s.") % {"language": here}
    if part == 0:
        return _("This report is in %(language)s. The same report in %(other)s follows it.") % {
            "language": here,
            "other": native_language_name(languages[1]),
        }
    return _("This is the %(language)s version of the report; the %(other)s version comes first.") % {
        "language": here,
        "other": native_language_name(languages[0]),
    }


def meeting_day(case: Case, today: datetime.date) -> datetime.date | None:
    """The day of the MDT meeting, once it has taken place (a meeting still to come reviewed nothing yet)."""
    if not case.mdt_meeting_at:
        return None
    day = timezone.localtime(case.mdt_meeting_at).date()
    return day if day <= today else None


def _date(value) -> str:
    return formats.date_format(value, "DATE_FORMAT") if value else ""


def _same_language(a: str, b: str) -> bool:
    def norm(code):
        try:
            return get_supported_language_variant((code or "").lower())
        except LookupError:
            return (code or "").lower()

    return norm(a) == norm(b)


def language_name(code: str) -> str:
    """The name of a language in the active language ("English", "Chinese (Simplified)" …)."""
    try:
        return _(get_language_info(code)["name"])
    except KeyError:
        return code


class MdtText:
    """The MDT's free text in the report's language: as written, or its checked translation.

    A text written in another language with no checked translation is shown as written and marked "not yet
    translated": the coordinator sees what is missing when checking, and reports.report_release refuses to
    release such a version.
    """

    def __init__(self, written_in: str, report_language: str, translations: dict[tuple[str, str], str] | None = None):
        self.written_in = written_in or settings.LANGUAGE_CODE
        self.language = report_language
        self.foreign = not _same_language(self.written_in, report_language)
        self.translations = translations or {}
        self.translated = 0
        self.pending = 0

    def __call__(self, key: str, text: str) -> dict | None:
        if not text or not text.strip():
            return None
        if self.foreign and (self.language, key) in self.translations:
            self.translated += 1
            translated = self.translations[(self.language, key)].strip()
            return {"text": translated, "lang": self.language, "script": script(translated), "foreign": False}
        if self.foreign:
            self.pending += 1
        return {
            "text": text.strip(),
            "lang": self.written_in,
            "script": script(text),
            "foreign": self.foreign,
            "pending": self.foreign,
        }

    def note(self) -> str:
        if not self.foreign:
            return ""
        if self.pending:
            return _(
                "Not ready for the patient: %(n)s of the team's texts are not yet translated and checked; they are "
                "shown in %(language)s, as the team wrote them."
            ) % {"n": self.pending, "language": language_name(self.written_in)}
        return _(
            "The team wrote in %(language)s. Its words were translated for you and checked by a second translator."
        ) % {"language": language_name(self.written_in)}


def script(text: str) -> str:
    """Which fonts the text needs: "han" for Chinese characters, else "latin" (which covers Cyrillic too)."""
    return "han" if has_han(text) else "latin"


def patient_text(text: str) -> dict:
    return {"text": text.strip(), "lang": "zh-hans" if has_han(text) else "", "script": script(text)}


# What was reviewed, and by whom ---------------------------------------------------------------------------------


def records(case: Case) -> dict:
    """How many records the team had, by kind (in the order of the packet)."""
    counts = Counter(d.kind for d in case.documents.all())
    kinds = [
        _("%(kind)s (%(n)s)") % {"kind": kind.label, "n": counts[kind.value]}
        for kind in DocumentKind
        if counts[kind.value]
    ]
    return {"count": sum(counts.values()), "kinds": join_list(kinds, strong=True)}


def _discipline(code: str) -> str:
    return str(Discipline(code).label) if code in Discipline.values else code


def reviewers(case: Case, consensus: Consensus) -> list[dict]:
    """The assigned specialists whose opinion was submitted, and the chair who wrote the consensus; chair first."""
    assignments = {a.specialist_id: a for a in case.assignments.select_related("specialist")}
    opinions = Opinion.objects.filter(case=case, status=Opinion.Status.SUBMITTED).select_related("author")
    people = {}
    for opinion in opinions:
        if opinion.author_id in assignments:
            people[opinion.author_id] = (
                opinion.author,
                opinion.discipline or assignments[opinion.author_id].discipline,
            )
    chair = consensus.chair
    if chair.pk not in people:
        assignment = assignments.get(chair.pk)
        people[chair.pk] = (chair, assignment.discipline if assignment else chair.discipline)
    rows = [
        {"name": user.get_full_name() or str(user), "discipline": _discipline(discipline), "chair": pk == chair.pk}
        for pk, (user, discipline) in people.items()
    ]
    return sorted(rows, key=lambda r: not r["chair"])


# The patient's questions --------------------------------------------------------------------------------------------


def own_questions(case: Case) -> list[str]:
    """The patient's own questions: one per non-empty line (own:<n> counts them from 1)."""
    return [line.strip() for line in case.own_questions.splitlines() if line.strip()]


def questions(case: Case, consensus: Consensus, mdt: MdtText) -> list[dict]:
    """Each question in the patient's words (chosen ones translated, own ones verbatim) with the MDT's answer."""
    answers = consensus.answers or {}
    rows = [
        {
            "question": {"text": code_label(codes.SEED_QUESTIONS, code), "lang": "", "script": ""},
            "own": False,
            "answer": mdt(f"answer:seed:{code}", answers.get(f"seed:{code}", "")),
        }
        for code in case.question_codes or []
        if code in codes.SEED_QUESTIONS
    ]
    rows += [
        {"question": patient_text(text), "own": True, "answer": mdt(f"answer:own:{n}", answers.get(f"own:{n}", ""))}
        for n, text in enumerate(own_questions(case), start=1)
    ]
    return rows


# The goal, remission, tests, China ---------------------------------------------------------------------------------


def goal(consensus: Consensus, mdt: MdtText, case: Case) -> dict | None:
    if consensus.goal not in TreatmentGoal.values and not consensus.goal_explanation.strip():
        return None
    known = consensus.goal in TreatmentGoal.values
    return {
        "label": str(TreatmentGoal(consensus.goal).label) if known else "",
        "means": _(goal_text(consensus.goal, case.cancer_type, case.histology)) if known else "",
        "explanation": mdt("goal_explanation", consensus.goal_explanation),
    }


def _lines(case: Case) -> tuple[TreatmentLineInfo, ...]:
    return tuple(
        TreatmentLineInfo(t.regimen, t.start_date, t.end_date, t.best_response, t.stop_reason, t.ongoing, t.intent)
        for t in case.treatment_lines.all()
    )


def _progressing(case: Case) -> bool:
    latest = latest_assessment(case)
    return reported.is_progression(case.reported_response) or (
        latest is not None and is_progression(latest.derived_category)
    )


def remission(case: Case) -> dict:
    """What remission means for this cancer, with the notes that follow this patient's treatment (not another's)."""
    entry = remission_for(case.cancer_type, case.histology)
    progressing = _progressing(case)
    oligo = oligometastatic_note(
        case.cancer_type,
        oligometastatic=codes.oligometastatic(
            len(case.metastatic_sites or []), case.metastatic_lesion_count, case.cancer_type
        ),
        progressing=progressing,
    )
    notes = [
        *case_notes(_lines(case), progressing=progressing, cancer_type=case.cancer_type, histology=case.histology),
        *([oligo] if oligo else []),
    ]
    return {
        "status": own_status(case, progressing=progressing),
        "case_notes": [_(note) for note in notes],
        "cancer": cancer_type_label(case.cancer_type) if case.cancer_type else "",
        "criteria": entry.criteria,
        "source": entry.source,
        "summary": _(entry.summary),
        "levels": [{"term": _(level.term), "means": _(level.means)} for level in entry.levels],
        "note": _(entry.note) if entry.note else "",
    }


def own_status(case: Case, *, progressing: bool) -> list[str]:
    """This patient's own status in plain words: the latest assessment the criteria could read (its date and
    criteria), else what their doctors told them; and, when the disease is progressing, what that means."""
    latest = latest_assessment(case, usable_only=True)
    sentences = []
    if latest is not None:
        when = assessment_date(latest)
        sentences.append(
            _("At your latest assessment (%(date)s, %(criteria)s), the reading of your measurements is: %(category)s.")
            % {
                "date": formats.date_format(when, "DATE_FORMAT") if when else "—",
                "criteria": criteria_name(latest.criteria),
                "category": response_label(latest.criteria, latest.derived_category),
            }
        )
    elif case.reported_response:
        sentences.append(
            _("Your doctors told you: %(category)s.") % {"category": reported_label(case, case.reported_response)}
        )
    if progressing:
        sentences.append(
            _("This means the cancer has grown or spread. The team's answers below say what they suggest next.")
        )
    return sentences


def tests(case: Case, marker_codes: list[str]) -> list[dict]:
    """The tests the MDT picked from the biomarker gaps: what each is, why it matters in this cancer, how it is done.

    The reason is the interpretation's for this case (cases.clinical.biomarkers), else this cancer's panel entry;
    the general marker text only for a marker neither knows.
    """
    interpretation = interpretation_for(case)
    gaps = {row["code"]: row for row in gap_rows(interpretation)}
    panel = {m.code: m for m in panel_for(case.cancer_type, case.cancer_subtype)}
    states = {g.marker: g.state for g in interpretation.gaps}
    given = given_drug_classes(snapshot_for(case).treatment_lines)
    rows = []
    for code in dict.fromkeys(marker_codes):
        m = panel.get(code) or marker(code)
        if m is None:
            rows.append({"label": code, "why": "", "requests": []})
            continue
        gap = gaps.get(code)
        state = states.get(code, "not_tested")
        rows.append(
            {
                "label": _(m.label),
                "why": gap["why"] if gap else (_(m.why) if m.why else ""),
                "status": gap["reason"] if gap else code_label(codes.BIOMARKER_STATUSES, state),
                "source": gap["source"] if gap else m.guideline,
                "requests": [
                    {"method": _(r.method), "specimen": _(r.specimen)}
                    for r in requests_for(code, case.cancer_type, state, gap["reason_code"] if gap else "", given=given)
                ],
            }
        )
    return rows


def meanings(case: Case) -> list[dict]:
    """What the results mean, in the patient's words: one sentence per test and kind of statement.

    Each sentence (cases.clinical.biomarkers.PATIENT_MEANINGS) is a plain frame
    that is never more certain than the team's statements it stands for, and
    those statements follow it, with their sources, for the patient's doctor.
    """
    interpretation = interpretation_for(case)
    grouped: dict[tuple[str, str], list] = {}
    for statement in interpretation.statements:
        grouped.setdefault((statement.kind, statement.marker), []).append(statement)
    rows = []
    for kind in STATEMENT_ORDER:
        for (k, code), statements in grouped.items():
            if k != kind or kind not in PATIENT_MEANINGS:
                continue
            name = statement_marker(interpretation, code) if code else _(PATIENT_ALL_RESULTS)
            own = next((s.patient for s in statements if s.patient), "")
            rows.append(
                {
                    "kind": kind,
                    "code": code,
                    "text": render(own or PATIENT_MEANINGS[kind], {"marker": name}),
                    "for_doctor": [{"text": render(s.template, s.params), "source": s.source} for s in statements],
                }
            )
    return rows


def results(case: Case) -> list[dict]:
    """The results on record, in the words of the result labels: what was tested, on what, when, what was found."""
    return result_rows(case)


def china(case: Case, consensus: Consensus, mdt: MdtText) -> dict | None:
    """Shown when the patient asked about care in China, or the team said something about it."""
    asked = case.care_in_china in ("yes", "unsure")
    answered = consensus.china in (Consensus.ChinaSuitability.SUITABLE, Consensus.ChinaSuitability.NOT_SUITABLE)
    if not (asked or answered or consensus.china_notes.strip()):
        return None
    return {
        "verdict": consensus.get_china_display() if answered else "",
        "suitable": consensus.china == Consensus.ChinaSuitability.SUITABLE,
        "notes": mdt("china_notes", consensus.china_notes),
    }
