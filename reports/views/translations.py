"""The translator's pages: a queue of the MDT texts to translate or check, and a side-by-side editor per text.

A translator sees only the texts themselves (and which case and question they belong to), never the case page,
its records or the patient's details. What they may open and do is asked of cases.access; each opening is
recorded in the case's access log, as any read of a case's health data by someone other than its patient.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from cases import access, audit
from cases.access import can, can_translate, get_translation_for, require
from cases.labels import cancer_type_label
from cases.models import ReadKind
from reports import translations
from reports.forms import TranslationCheckForm, TranslationForm
from reports.models import TextTranslation


@login_required
def translation_queue(request):
    require(request.user, access.TRANSLATIONS)
    work = translations.queue_for(request.user)
    return render(
        request,
        "reports/translations/queue.html",
        # Not "languages": base.html's language menu sets that name for the whole page.
        {
            "work": work,
            "translator_languages": [translations.language_name(code) for code in request.user.translation_languages],
        },
    )


def _editor(request, row, *, form=None, problem=""):
    t = row.translation
    case_rows = translations.rows_for(
        TextTranslation.objects.filter(access.translations_filter(request.user), case=t.case, language=t.language)
        .select_related("case")
        .order_by("id")
    )
    ids = [r.translation.pk for r in case_rows]
    index = ids.index(t.pk) if t.pk in ids else 0
    may_check = row.state == TextTranslation.Status.TRANSLATED and can_translate(
        request.user, access.CHECK_TRANSLATION, language=t.language, translated_by_id=t.translated_by_id
    )
    return render(
        request,
        "reports/translations/edit.html",
        {
            "row": row,
            "t": t,
            "cancer": cancer_type_label(t.case.cancer_type) if t.case.cancer_type else "",
            "source_language": translations.language_name(t.source_language),
            "target_language": translations.language_name(t.language),
            "form": form or TranslationForm(initial={"text": t.text, "source": translations.digest(row.source)}),
            "check_form": TranslationCheckForm(initial={"text": translations.digest(t.text)}) if may_check else None,
            "may_translate": can_translate(request.user, access.TRANSLATE, language=t.language),
            "own_translation": t.translated_by_id == request.user.pk,
            "problem": problem,
            "previous": ids[index - 1] if index > 0 else None,
            "next": ids[index + 1] if index + 1 < len(ids) else None,
            "position": index + 1,
            "total": len(ids),
            "others": case_rows,
        },
    )


def _row(request, pk):
    t = get_translation_for(request.user, TextTranslation.objects.all(), pk)
    return translations.rows_for([t])[0]


@login_required
@require_http_methods(["GET", "POST"])
def translation_edit(request, pk):
    require(request.user, access.TRANSLATIONS)
    row = _row(request, pk)
    t = row.translation
    if request.method == "GET":
        audit.record_read(user=request.user, case=t.case, what=ReadKind.TRANSLATION, obj=t, detail=t.key)
        return _editor(request, row)
    form = TranslationForm(request.POST)
    if not form.is_valid():
        return _editor(request, row, form=form, problem=_("Write the translation before saving it."))
    try:
        translations.translation_save(
            translation=t, by=request.user, text=form.cleaned_data["text"], source_seen=form.cleaned_data["source"]
        )
    except translations.TranslationError as error:
        return _editor(
            request,
            translations.rows_for([TextTranslation.objects.select_related("case").get(pk=t.pk)])[0],
            form=form,
            problem=error.message,
        )
    messages.success(request, _("Translation saved. A second translator checks it next."))
    return redirect("reports:translation_edit", pk=t.pk)


@login_required
@require_POST
def translation_check_view(request, pk):
    require(request.user, access.TRANSLATIONS)
    row = _row(request, pk)
    form = TranslationCheckForm(request.POST)
    if not form.is_valid():
        return redirect("reports:translation_edit", pk=pk)
    try:
        translations.translation_check(
            translation=row.translation, by=request.user, text_seen=form.cleaned_data["text"]
        )
    except translations.TranslationError as error:
        return _editor(request, _row(request, pk), problem=error.message)
    messages.success(request, _("Translation checked. It can now go to the patient."))
    if can(request.user, access.TRANSLATIONS):
        return redirect("reports:translation_queue")
    return redirect("home")
