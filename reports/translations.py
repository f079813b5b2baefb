"""The MDT's texts in the patient's language: what needs translating, translating it, checking it.

The MDT writes in one language (``Consensus.written_in``). A report version is
prepared in one language, or bilingual (that language, then English). Every
MDT text that reaches the patient needs a translation into each report language
it was not written in (``mdt_texts``):

- ``translations_request`` (called when a version is prepared) makes one
  ``TextTranslation`` per text and language, "to translate", and asks the
  configured translation service for a machine draft (reports.machine_translation;
  none by default);
- a translator for that language saves a translation (``translation_save``), then
  a second translator checks it (``translation_check``): nobody checks their own;
- a translation whose MDT text changed since is out of date (``state_of``) and
  counts as missing until translated and checked again;
- the report is released only when every text has a checked, current
  translation (``missing_translations``, asked by reports.report_release);
- when the chair amends the consensus (reports.opinions.consensus_amend), the
  people who translated or checked a text it changed are emailed, and a text it
  added is asked for in the languages the case is translated into
  (``translations_amended``).

Who may translate or check is decided by cases.access (TRANSLATE, CHECK_TRANSLATION).
"""

import hashlib
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import get_language_info, get_supported_language_variant, gettext_lazy
from django.utils.translation import gettext as _

from cases import access, jobs, notifications, states
from cases.errors import ActionRefused
from cases.models import Case, CaseEvent
from reports.models import Consensus, TextTranslation
from reports.opinions import patient_questions

ENGLISH = "en"

ERR_NOT_YOURS = gettext_lazy("Only a translator into this language can translate this text.")
ERR_EMPTY = gettext_lazy("Write the translation before saving it.")
ERR_OWN = gettext_lazy("A second person checks each translation: you translated this one, so someone else checks it.")
ERR_NOTHING_TO_CHECK = gettext_lazy("There is no saved translation of the current text to check yet.")
ERR_SOURCE_CHANGED = gettext_lazy(
    "The team changed this text while you had it open. Read the new text and translate it again."
)
ERR_TEXT_CHANGED = gettext_lazy("The translation was changed since you opened it. Read it again before checking it.")
ERR_ENDED = gettext_lazy("This case is closed or withdrawn: its texts are no longer translated.")

# Where each text is in the report, in the order the report shows them (answers come after the summary).
FIELDS = {
    "patient_summary": gettext_lazy("Summary for the patient"),
    "plan": gettext_lazy("Recommended plan"),
    "alternatives": gettext_lazy("Alternatives"),
    "goal_explanation": gettext_lazy("What the goal means for this patient"),
    "tests_first": gettext_lazy("Tests to complete first"),
    "china_notes": gettext_lazy("Care in China"),
    "supportive_care": gettext_lazy("Supportive care"),
    "dissent": gettext_lazy("Where the team's views differed"),
}
ANSWER = "answer:"

# What a reader sees of a translation: its stored status, or "outdated" when the MDT text changed since.
OUTDATED = "outdated"
STATE_LABELS = {
    TextTranslation.Status.TO_TRANSLATE: gettext_lazy("To translate"),
    TextTranslation.Status.TRANSLATED: gettext_lazy("Translated, to check"),
    TextTranslation.Status.CHECKED: gettext_lazy("Checked"),
    OUTDATED: gettext_lazy("Out of date: the team changed the text"),
}


class TranslationError(ActionRefused):
    """Saving or checking a translation is refused."""


@dataclass(frozen=True)
class SourceText:
    key: str
    label: str | Promise
    text: str


def normalise(code: str) -> str:
    try:
        return get_supported_language_variant((code or ENGLISH).lower())
    except LookupError:
        return (code or ENGLISH).lower()


def language_name(code: str) -> str:
    """The language's name in its own language ("简体中文", "English"): what a patient recognises."""
    try:
        return get_language_info(normalise(code))["name_local"]
    except KeyError:
        return code


def report_languages(language: str, bilingual: bool) -> list[str]:
    """The languages of a report version, in order: a bilingual one adds English after the first."""
    first = normalise(language)
    return [first, ENGLISH] if bilingual and first != ENGLISH else [first]


def languages_needing(consensus: Consensus, languages: list[str]) -> list[str]:
    """The report languages the MDT did not write in."""
    written = normalise(consensus.written_in)
    return [language for language in languages if normalise(language) != written]


def answer_labels(case: Case) -> dict[str, str]:
    return {f"{ANSWER}{q.key}": _("Answer: %(question)s") % {"question": q.text} for q in patient_questions(case)}


def label_for(case: Case, key: str) -> str:
    if key.startswith(ANSWER):
        return answer_labels(case).get(key, key)
    return str(FIELDS.get(key, key))


def current_text(consensus: Consensus, key: str) -> str:
    if key.startswith(ANSWER):
        return ((consensus.answers or {}).get(key.removeprefix(ANSWER)) or "").strip()
    return (getattr(consensus, key, "") or "").strip() if key in FIELDS else ""


def mdt_texts(case: Case, consensus: Consensus) -> list[SourceText]:
    """Every non-empty MDT text that reaches the patient, in report order."""
    keys = ["patient_summary", *answer_labels(case), *[k for k in FIELDS if k != "patient_summary"]]
    texts = [SourceText(key, label_for(case, key), current_text(consensus, key)) for key in keys]
    return [t for t in texts if t.text]


def state_of(translation: TextTranslation, consensus: Consensus | None) -> str:
    """The stored status, or OUTDATED when a translated text's MDT text has changed since."""
    if translation.status == TextTranslation.Status.TO_TRANSLATE or consensus is None:
        return translation.status
    if current_text(consensus, translation.key) != translation.source_text:
        return OUTDATED
    return translation.status


def digest(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


# --- Requests, and what is still missing ---------------------------------------------------------------------------


def translations_request(*, case: Case, consensus: Consensus, languages: list[str]) -> list[TextTranslation]:
    """Make sure each MDT text has a translation into each report language it was not written in."""
    created = []
    for language in languages_needing(consensus, languages):
        for source in mdt_texts(case, consensus):
            row, made = TextTranslation.objects.get_or_create(
                case=case,
                key=source.key,
                language=language,
                defaults={"source_language": normalise(consensus.written_in), "source_text": source.text},
            )
            if not made and row.status == TextTranslation.Status.TO_TRANSLATE and row.source_text != source.text:
                # Nobody has translated it yet: the text to translate is simply the new one.
                row.source_text = source.text
                row.save(update_fields=["source_text", "updated_at"])
                made = True
            if made:
                created.append(row)
    if created and machine_translation_configured():
        ids = [row.pk for row in created]
        transaction.on_commit(lambda: jobs.enqueue("reports.tasks.machine_drafts", ids))
    return created


def missing_translations(case: Case, consensus: Consensus, languages: list[str]) -> list[tuple[str, SourceText]]:
    """(language, text) for each MDT text without a checked translation of its current wording."""
    rows = {(t.language, t.key): t for t in TextTranslation.objects.filter(case=case)}
    missing = []
    for language in languages_needing(consensus, languages):
        for source in mdt_texts(case, consensus):
            row = rows.get((language, source.key))
            if row is None or state_of(row, consensus) != TextTranslation.Status.CHECKED:
                missing.append((language, source))
    return missing


def checked_texts(case: Case, consensus: Consensus, languages: list[str]) -> dict[tuple[str, str], str]:
    """{(language, key): translated text} for the checked translations of the current MDT texts."""
    wanted = languages_needing(consensus, languages)
    return {
        (row.language, row.key): row.text
        for row in TextTranslation.objects.filter(case=case, language__in=wanted)
        if state_of(row, consensus) == TextTranslation.Status.CHECKED
    }


def fingerprint(texts: dict[tuple[str, str], str]) -> dict[str, str]:
    """What a rendered version holds, comparable with what is checked later (PatientReport.translations)."""
    return {f"{language}|{key}": digest(text) for (language, key), text in sorted(texts.items())}


def describe_missing(case: Case, missing: list[tuple[str, SourceText]]) -> str:
    return "; ".join(f"{language_name(language)}: {source.label}" for language, source in missing)


# --- The consensus amended -------------------------------------------------------------------------------------------


def translations_current(*, case: Case, consensus: Consensus) -> list[TextTranslation]:
    """The translations someone has done (translated, or checked too) of the MDT texts as they are now."""
    done = TextTranslation.objects.filter(case=case).exclude(status=TextTranslation.Status.TO_TRANSLATE)
    return [row for row in done.select_related("translated_by", "checked_by") if state_of(row, consensus) != OUTDATED]


def translations_amended(
    *, case: Case, consensus: Consensus, current: list[TextTranslation], by
) -> list[TextTranslation]:
    """After the chair amended `consensus`: which of the translations that were `current` (translations_current,
    taken before the change) it made out of date; their translators and checkers are told.

    Out of date is what `state_of` says (the MDT text differs from the one translated), so the queue lists them
    under "To translate" again and release waits for a new checked translation. A text the amendment emptied
    needs no translation any more and tells nobody; a text it added gets a translation to do in each language
    the case already has translations into (no version prepared yet: preparing one asks for them all).
    """
    outdated = [row for row in current if state_of(row, consensus) == OUTDATED and current_text(consensus, row.key)]
    languages = list(TextTranslation.objects.filter(case=case).values_list("language", flat=True).distinct())
    if languages:
        translations_request(case=case, consensus=consensus, languages=languages)
    _tell_translators(case, outdated, by)
    return outdated


def _tell_translators(case: Case, outdated: list[TextTranslation], by) -> None:
    """One email to each person who translated or checked an out-of-date text and still translates its language."""
    texts: dict[int, int] = {}
    people = {}
    for row in outdated:
        for person in (p for p in {row.translated_by, row.checked_by} if p is not None):
            if person.pk != by.pk and row.language in person.translation_languages:
                people[person.pk] = person
                texts[person.pk] = texts.get(person.pk, 0) + 1
    # Translators never see the case page: the link is their queue, where the texts are.
    queue_url = settings.SITE_URL.rstrip("/") + reverse("reports:translation_queue")
    for pk, person in people.items():
        notifications.notify(
            notifications.TRANSLATIONS_OUTDATED,
            case=case,
            recipients=[person],
            context={"texts": texts[pk], "queue_url": queue_url},
        )


# --- Translating and checking ---------------------------------------------------------------------------------------


def _locked(translation: TextTranslation) -> tuple[TextTranslation, Consensus]:
    # Race: a translator saves while the checker checks the same text (or two translators save).
    # The row lock serialises them; each then sees what the other did.
    row = TextTranslation.objects.select_for_update().select_related("case").get(pk=translation.pk)
    if row.case.state not in states.REPORT_PREPARABLE:
        raise TranslationError(ERR_ENDED)
    consensus = Consensus.objects.get(case_id=row.case_id)
    return row, consensus


@transaction.atomic
def translation_save(*, translation: TextTranslation, by, text: str, source_seen: str) -> TextTranslation:
    """Save `by`'s translation of the MDT text they were shown (`source_seen`: its digest); to be checked next."""
    row, consensus = _locked(translation)
    if not access.can_translate(by, access.TRANSLATE, language=row.language):
        raise TranslationError(ERR_NOT_YOURS)
    source = current_text(consensus, row.key)
    if digest(source) != source_seen:
        raise TranslationError(ERR_SOURCE_CHANGED)
    text = text.strip()
    if not text:
        raise TranslationError(ERR_EMPTY)
    row.text = text
    row.source_text = source
    row.source_language = normalise(consensus.written_in)
    row.status = TextTranslation.Status.TRANSLATED
    row.machine_draft = False
    row.translated_by = by
    row.translated_at = timezone.now()
    row.checked_by = None
    row.checked_at = None
    row.save()
    return row


@transaction.atomic
def translation_check(*, translation: TextTranslation, by, text_seen: str) -> TextTranslation:
    """`by` confirms the translation they read (`text_seen`: its digest) is right; they must not have written it."""
    row, consensus = _locked(translation)
    if not access.can_translate(
        by, access.CHECK_TRANSLATION, language=row.language, translated_by_id=row.translated_by_id
    ):
        raise TranslationError(ERR_OWN if row.translated_by_id == by.pk else ERR_NOT_YOURS)
    if state_of(row, consensus) != TextTranslation.Status.TRANSLATED:
        raise TranslationError(ERR_NOTHING_TO_CHECK)
    if digest(row.text) != text_seen:
        raise TranslationError(ERR_TEXT_CHANGED)
    row.status = TextTranslation.Status.CHECKED
    row.checked_by = by
    row.checked_at = timezone.now()
    row.save()
    CaseEvent.objects.create(
        case=row.case,
        actor=by,
        kind="translation_checked",
        message=label_for(row.case, row.key)[:200],
        params={"language": row.language},
        internal=True,
    )
    return row


# --- Machine drafts (a seam: no service is shipped, none is configured by default) --------------------------------


def machine_translation_configured() -> bool:
    return bool(settings.MDT_TRANSLATION_SERVICE)


def machine_drafts(ids: list[int]) -> int:
    """Fill each untouched translation with the configured service's draft; a person still translates and checks it.

    Returns how many were drafted. Idempotent: a text someone has started is never overwritten.
    """
    from reports.machine_translation import draft  # the configured service, loaded only when used

    done = 0
    for row in TextTranslation.objects.filter(pk__in=ids, status=TextTranslation.Status.TO_TRANSLATE, text=""):
        proposal = draft(row.source_text, source=row.source_language, target=row.language)
        if proposal:
            updated = TextTranslation.objects.filter(
                pk=row.pk, status=TextTranslation.Status.TO_TRANSLATE, text=""
            ).update(text=proposal, machine_draft=True, updated_at=timezone.now())
            done += updated
    return done


# --- Reads ------------------------------------------------------------------------------------------------------------


@dataclass
class Row:
    translation: TextTranslation
    state: str
    label: str
    source: str  # the MDT's text now

    @property
    def state_label(self) -> str:
        return str(STATE_LABELS[self.state])


def rows_for(translations) -> list[Row]:
    """Each translation with its state and label; `translations` should select_related("case")."""
    translations = list(translations)
    consensus_by_case = {c.case_id: c for c in Consensus.objects.filter(case_id__in={t.case_id for t in translations})}
    rows = []
    for t in translations:
        consensus = consensus_by_case.get(t.case_id)
        rows.append(
            Row(
                translation=t,
                state=state_of(t, consensus),
                label=label_for(t.case, t.key),
                source=current_text(consensus, t.key) if consensus else "",
            )
        )
    return rows


def queue_for(user) -> dict[str, list[Row]]:
    """A translator's work: texts to translate (or out of date), texts others translated to check, and done ones."""
    queryset = (
        TextTranslation.objects.filter(access.translations_filter(user))
        .select_related("case", "translated_by", "checked_by")
        .order_by("case__mdt_meeting_at", "case_id", "language", "id")
    )
    work: dict[str, list[Row]] = {"translate": [], "check": [], "waiting": [], "done": []}
    for row in rows_for(queryset):
        if not row.source:
            continue  # the team emptied this text (an amendment): nothing is left to translate
        if row.state in (TextTranslation.Status.TO_TRANSLATE, OUTDATED):
            work["translate"].append(row)
        elif row.state == TextTranslation.Status.TRANSLATED:
            mine = row.translation.translated_by_id == user.pk
            work["waiting" if mine else "check"].append(row)
        else:
            work["done"].append(row)
    return work


def case_rows(case: Case, languages: list[str] | None = None) -> list[Row]:
    """The case's translations (in `languages`, if given), for the coordinator's report panel."""
    queryset = TextTranslation.objects.filter(case=case).select_related("case", "translated_by", "checked_by")
    if languages is not None:
        queryset = queryset.filter(language__in=languages)
    return rows_for(queryset)
