"""Saving an intake step so that nothing typed is lost.

A step page carries the version of the step it was opened at and a snapshot of the answers it showed
(`_version`, `_base`). A save then

1. merges three ways, answer by answer: what this page sent ("mine"), what the page showed when it was
   opened ("base") and what is saved now ("current", perhaps from another device). An answer only this page
   changed is taken; one only the other device changed is kept; one both changed differently is a *conflict*:
   the saved answer stays, what this page sent is shown beside it and the patient chooses;
2. saves every valid answer: an invalid one keeps its saved value, and a new row with an error is not saved,
   while the page shows what was typed with the message beside it.

Rows of a formset are answers by their id (or, for biomarkers, by marker), never by their position, so a row
added or removed on another device does not shift anyone's answers.

A whole row removed on one device and changed on the other is a *row conflict*, in either order: a save that
removes a row changed since its page was opened keeps the row (with the other device's changes), and a save
that changes a row removed since keeps it as a new entry; either way the patient then chooses to keep the row
or remove it (`_row:<row key>` is "keep" or "delete"), and until then nothing either device typed is dropped.

"Another device" is what the box says when it was the same person, or when nobody can be named; when someone
else saved the step since the page was opened (a caregiver, the patient, the coordinator completing the biomarker
records), the box names them (`ChangedBy`, filled in by intake.editors).
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Callable

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS
from django.db.models import Model
from django.forms.formsets import BaseFormSet
from django.forms.models import InlineForeignKeyField
from django.utils.text import get_text_list
from django.utils.translation import gettext_lazy as _

ERR_CONFLICT = _("This answer was changed on another device after this page was opened. Choose which to keep.")
ERR_CONFLICT_BY = _("This answer was changed by %(who)s after this page was opened. Choose which to keep.")
ERR_ROW_REMOVED = _("This entry was removed on another device; what you typed here was kept as a new entry.")
ROW_NAMES = {
    "lines": _("Treatment line"),
    "local": _("Local treatment"),
    "labs": _("Lab result"),
    "bm": _("Biomarker result"),
}
MAX_ROUNDS = 4

Snapshot = dict[str, list[str]]


@dataclasses.dataclass
class Field:
    """Where an answer is on the page, and how to name it to the patient."""

    key: str
    html_name: str
    auto_id: str
    label: str
    display: str = ""


@dataclasses.dataclass(frozen=True)
class ChangedBy:
    """Who saved the step since the page was opened, when known (intake.editors): the conflict box names them.

    `others` are the other people ("Dana Coordinator (coordinator)"); `mine_too` says the person saving also
    saved it meanwhile on another device. With no one else known, the box says "on another device".
    """

    others: tuple[str, ...] = ()
    mine_too: bool = False

    @property
    def who(self) -> str:
        people = [*self.others, str(_("you on another device"))] if self.mine_too else list(self.others)
        return str(get_text_list(people, str(_("and"))))

    def _pick(self, elsewhere, by_someone) -> str:
        return str(by_someone) % {"who": self.who} if self.others else str(elsewhere)

    @property
    def conflict_error(self) -> str:
        return self._pick(ERR_CONFLICT, ERR_CONFLICT_BY)

    @property
    def heading(self) -> str:
        return self._pick(
            _(
                "These answers were changed on another device after this page was opened. Both versions are kept "
                "until you choose:"
            ),
            _(
                "These answers were changed by %(who)s after this page was opened. Both versions are kept until you "
                "choose:"
            ),
        )

    @property
    def use_saved(self) -> str:
        return self._pick(_("Use what was saved on the other device"), _("Use what %(who)s saved"))

    @property
    def saved_stays(self) -> str:
        return self._pick(
            _("Until you save again, the other device's answer stays saved."),
            _("Until you save again, the answer %(who)s saved stays saved."),
        )

    @property
    def removed_here(self) -> str:
        return self._pick(
            _(
                "You removed this entry here, but it was changed on another device after this page was opened. It "
                "was not removed:"
            ),
            _("You removed this entry here, but %(who)s changed it after this page was opened. It was not removed:"),
        )

    @property
    def removed_there(self) -> str:
        return self._pick(
            _(
                "This entry was removed on another device, but you changed it here. What you typed was saved as a "
                "new entry."
            ),
            _("This entry was removed by %(who)s, but you changed it here. What you typed was saved as a new entry."),
        )

    @property
    def removed_there_note(self) -> str:
        return self._pick(
            _("An entry you changed here had been removed on another device; what you typed was kept as a new entry."),
            _("An entry you changed here had been removed by %(who)s; what you typed was kept as a new entry."),
        )

    @property
    def keep_their_changes(self) -> str:
        return self._pick(_("Keep it, with the changes made on the other device"), _("Keep it, with %(who)s's changes"))


@dataclasses.dataclass
class Conflict:
    field: Field
    mine: str
    saved: str
    saved_values: list[str] = dataclasses.field(default_factory=list)

    @property
    def saved_values_json(self) -> str:
        return json.dumps(self.saved_values)


@dataclasses.dataclass
class RowConflict:
    """A row one device removed and the other changed: kept until the patient chooses to keep or remove it."""

    row: str  # "<formset prefix>#<id>", the name of the choice is "_row:<row>"
    removed_here: bool  # True: this page removed it after another device changed it; False: the other way round
    name: str  # what kind of entry ("Treatment line")
    summary: str  # the row as it is saved now, in words
    auto_id: str  # the row's first field, to link to
    changes: list[tuple[str, str, str]] = dataclasses.field(default_factory=list)  # (label, before, after)


@dataclasses.dataclass
class Outcome:
    """What a save did: the forms to show (bound to what the patient sent), and what was not applied."""

    forms: dict
    saved: bool
    conflicts: list[Conflict]
    invalid: list[Field]
    new_ids: dict[str, int]
    taken: dict[str, list[str]]  # answers another device saved that this page did not change: the page takes them
    removed_elsewhere: list[str]
    row_conflicts: list[RowConflict] = dataclasses.field(default_factory=list)
    changed_by: ChangedBy = dataclasses.field(default_factory=ChangedBy)


# --- Snapshots -----------------------------------------------------------------------------------------------


def _items(bound_forms: dict):
    """(form, row key or None) for every form and every formset row; a row key of None is a new, unsaved row."""
    for item in bound_forms.values():
        if isinstance(item, BaseFormSet):
            for form in item.forms:
                row_id = _row_id(form)
                yield form, (f"{item.prefix}#{row_id}" if row_id else None)
        else:
            yield item, ""


def _row_id(form) -> str:
    for name in ("id", "record", "marker"):  # "record": a biomarker result row (several per marker)
        if name in form.fields:
            bf = form[name]
            raw = bf.data if form.is_bound else bf.value()
            if isinstance(raw, Model):
                raw = raw.pk
            return str(raw or "").strip()
    return ""


def _values(bf) -> list[str]:
    """The answer in one field as the browser sends it, so a page's snapshot and its post compare equal."""
    widget = bf.field.widget
    raw = bf.data if bf.form.is_bound else bf.value()
    if isinstance(widget, forms.CheckboxInput):
        return ["on"] if raw else []
    if raw is None:
        return [""]
    if not bf.form.is_bound:
        raw = widget.format_value(raw)
    if isinstance(raw, list | tuple):
        return sorted(str(v) for v in raw if v not in (None, ""))
    return [str(raw).replace("\r\n", "\n").strip() if raw is not None else ""]


def _skip(bf) -> bool:
    """Not an answer: a row's id, marker or delete box, or the inline link to the case."""
    return (
        bf.name in ("id", "record", "marker", "DELETE")
        or bf.name.startswith("_")
        or isinstance(bf.field, InlineForeignKeyField)
    )


def fields_of(bound_forms: dict) -> dict[str, tuple[Field, list[str]]]:
    """Every answer on the page by key, with its place and value."""
    out = {}
    for form, row in _items(bound_forms):
        if row is None:
            continue
        for bf in form:
            if _skip(bf):
                continue
            key = f"{row}.{bf.name}" if row else bf.name
            out[key] = (Field(key, bf.html_name, bf.auto_id, _label(form, bf)), _values(bf))
    return out


def _label(form, bf) -> str:
    """A field's label, after its row's own name when the row has one (a biomarker row: "KRAS · Result")."""
    row = str(getattr(form, "row_label", "") or "")
    return f"{row} · {bf.label}" if row else str(bf.label)


def snapshot(bound_forms: dict) -> Snapshot:
    return {key: values for key, (_field, values) in fields_of(bound_forms).items()}


def snapshot_json(bound_forms: dict, leave_out=()) -> str:
    snap = snapshot(bound_forms)
    for key in leave_out:
        snap.pop(key, None)
    return json.dumps(snap, separators=(",", ":"), sort_keys=True)


def parse_base(text: str | None) -> Snapshot | None:
    if not text:
        return None
    try:
        data = json.loads(text)
    except ValueError:
        return None
    if not isinstance(data, dict):
        return None
    return {str(k): [str(x) for x in v] for k, v in data.items() if isinstance(v, list)}


# --- The merge -----------------------------------------------------------------------------------------------


def merge(*, base: Snapshot, current: Snapshot, mine: Snapshot) -> tuple[set[str], set[str]]:
    """Three-way merge by answer: (keys to take from what is saved, keys in conflict).

    A key missing from `base` is one the page never showed unchallenged (a conflict still open): if this page
    and the saved answer differ, it is a conflict again until the patient chooses.
    """
    take_saved, conflicts = set(), set()
    for key, m in mine.items():
        if key not in current:
            continue
        c, b = current[key], base.get(key)
        if _same(m, c):
            continue
        if b is None:
            conflicts.add(key)
        elif _same(m, b):
            take_saved.add(key)
        elif not _same(c, b):
            conflicts.add(key)
    return take_saved, conflicts


def _same(a: list[str], b: list[str]) -> bool:
    return [x for x in a if x] == [x for x in b if x]


# --- Saving --------------------------------------------------------------------------------------------------


def save_step(
    *,
    data,
    build: Callable[[object], dict],
    persist: Callable[[dict], None],
    base: Snapshot | None,
    changed_by: ChangedBy | None = None,
) -> Outcome:
    """Merge, then save every valid answer. `build(data)` makes the step's forms, `persist(forms)` saves them.

    `changed_by`: who saved the step since the page was opened, when known, to name them beside a conflict.

    Run under a lock on the case (the caller's), so two saves of one step are applied one after the other.
    """
    data = data.copy()
    current_fields = fields_of(build(None))
    current = {key: values for key, (_f, values) in current_fields.items()}
    mine_forms = build(data)
    mine_fields = fields_of(mine_forms)
    mine = {key: values for key, (_f, values) in mine_fields.items()}
    removed = _rows_removed_elsewhere(mine_forms, current, base)
    conflicts: set[str] = set()
    taken: dict[str, list[str]] = {}
    row_conflicts: list[RowConflict] = []
    held: list[RowConflict] = []
    if base is not None:
        held, settled = _rows_removed_here(data, mine_forms, base, current, current_fields, taken)
        if _apply_choices(data, base, current, mine_fields) or held or settled:
            mine_forms = build(data)
            mine_fields = fields_of(mine_forms)
            mine = {key: values for key, (_f, values) in mine_fields.items()}
        for row in settled:  # removed by the patient's choice: its answers are not merged
            mine = {k: v for k, v in mine.items() if not k.startswith(f"{row}.")}
        take_saved, conflicts = merge(base=base, current=current, mine=mine)
        for key in take_saved:
            data.setlist(mine_fields[key][0].html_name, current[key])
            taken[mine_fields[key][0].html_name] = current[key]
        for prefix, changed in removed.items():
            if not changed:  # removed on another device, and not changed here: it stays removed
                _clear_row(data, mine_forms, prefix)
    shown = data.copy()  # what the page shows: this page's answers, with the other device's where only it changed
    to_save = data.copy()
    for key in conflicts:
        to_save.setlist(mine_fields[key][0].html_name, current[key])
    saved_forms = _valid_forms(to_save, build, current, current_fields)
    new_ids = {}
    if saved_forms is not None:
        persist(saved_forms)
        new_ids = _new_ids(saved_forms)
        for name, pk in new_ids.items():
            shown[name] = str(pk)
    shown_forms = build(shown)
    changed_by = changed_by or ChangedBy()
    invalid = _shown_errors(shown_forms, conflicts, changed_by.conflict_error)
    if base is not None:
        row_conflicts = held + _rows_kept_as_new(removed, new_ids, shown_forms)
    return Outcome(
        forms=shown_forms,
        saved=saved_forms is not None,
        conflicts=[
            Conflict(
                field=mine_fields[k][0],
                mine=_display(shown_forms, k, mine[k]),
                saved=_display(shown_forms, k, current[k]),
                saved_values=current[k],
            )
            for k in sorted(conflicts, key=list(mine_fields).index)
        ],
        invalid=invalid,
        new_ids=new_ids,
        taken=taken,
        removed_elsewhere=[p for p, changed in removed.items() if changed],
        row_conflicts=row_conflicts,
        changed_by=changed_by,
    )


def _apply_choices(data, base: Snapshot, current: Snapshot, mine_fields) -> bool:
    """A conflict the patient settled: `_choose:<key>` is "mine" (keep this page's) or "saved"."""
    applied = False
    for name in list(data.keys()):
        if not name.startswith("_choose:"):
            continue
        key = name.removeprefix("_choose:")
        if key in current and key in mine_fields:
            base[key] = current[key]  # either way, the saved answer is no longer news to this page
            if data.get(name) == "saved":
                data.setlist(mine_fields[key][0].html_name, current[key])
            applied = True
    return applied


def _row_keys(snap: Snapshot, row: str) -> list[str]:
    return [k for k in snap if k.startswith(f"{row}.")]


def _removes(formset, form) -> bool:
    """Whether this page removes the row: its "Remove this" box, or (biomarkers) every answer cleared."""
    if formset.can_delete:
        return bool(form["DELETE"].data)
    return not any(v for bf in form if not _skip(bf) for v in _values(bf))


def _set_removed(data, formset, form, removed: bool, current: Snapshot, row: str, taken: dict) -> None:
    """Tick or clear the row's "Remove this" (biomarkers: clear its answers, or put the saved ones back)."""
    if formset.can_delete:
        name = form["DELETE"].html_name
        data.setlist(name, ["on"] if removed else [])
        taken[name] = ["on"] if removed else []
        return
    for bf in form:
        if _skip(bf):
            continue
        values = [] if removed else current.get(f"{row}.{bf.name}", [])
        data.setlist(bf.html_name, values)
        taken[bf.html_name] = values


def _rows_removed_here(data, mine_forms, base: Snapshot, current: Snapshot, current_fields, taken):
    """Rows this page removes: those changed on another device since the page was opened are kept.

    Returns the row conflicts (rows kept until the patient chooses) and the rows the patient chose to remove.
    """
    choices = {n.removeprefix("_row:"): data.get(n) for n in list(data.keys()) if n.startswith("_row:")}
    held: list[RowConflict] = []
    settled: list[str] = []
    for item in mine_forms.values():
        if not isinstance(item, BaseFormSet):
            continue
        for form in item.forms:
            row_id = _row_id(form)
            row = f"{item.prefix}#{row_id}"
            keys = _row_keys(current, row)
            if not row_id or not keys:
                continue
            choice = choices.get(row)
            if choice == "delete":
                _set_removed(data, item, form, True, current, row, taken)
                settled.append(row)
                continue
            if not _removes(item, form):
                continue
            if choice == "keep":
                _set_removed(data, item, form, False, current, row, taken)
                continue
            changed = [k for k in keys if k not in base or not _same(current[k], base[k])]
            if not changed:
                continue
            # Kept: its answers then merge like any other (the other device's changes are taken, and an answer
            # this page changed too is a conflict the patient settles), so nothing either device typed is lost.
            _set_removed(data, item, form, False, current, row, taken)
            held.append(
                RowConflict(
                    row=row,
                    removed_here=True,
                    name=str(ROW_NAMES.get(item.prefix or "", _("Entry"))),
                    summary=_row_summary(form, current, row),
                    auto_id=_first_auto_id(form),
                    changes=[_change(form, k, base.get(k, []), current[k], current_fields) for k in changed],
                )
            )
    return held, settled


def _change(form, key: str, before: list[str], after: list[str], current_fields) -> tuple[str, str, str]:
    bf = form[key.split(".", 1)[1]]
    return (str(current_fields[key][0].label), _display({}, None, before, bf), _display({}, None, after, bf))


def _rows_kept_as_new(removed: dict[str, bool], new_ids: dict[str, int], shown_forms) -> list[RowConflict]:
    """Rows this page changed that another device had removed, saved again as new entries: the patient chooses."""
    out = []
    for item in shown_forms.values():
        if not isinstance(item, BaseFormSet):
            continue
        for form in item.forms:
            if not removed.get(form.prefix):
                continue
            pk = next((v for n, v in new_ids.items() if n in (f"{form.prefix}-id", f"{form.prefix}-record")), None)
            if pk is None:
                continue  # not saved (a mistake in it): it stays on the page with its message
            row = f"{item.prefix}#{pk}"
            snap = snapshot({"f": form})
            out.append(
                RowConflict(
                    row=row,
                    removed_here=False,
                    name=str(ROW_NAMES.get(item.prefix or "", _("Entry"))),
                    summary=_row_summary(form, {f"{row}.{k}": v for k, v in snap.items()}, row),
                    auto_id=_first_auto_id(form),
                )
            )
    return out


def _row_summary(form, values: Snapshot, row: str) -> str:
    parts = []
    for bf in form:
        if _skip(bf):
            continue
        shown = values.get(f"{row}.{bf.name}", [])
        if any(shown):
            parts.append(_display({"f": form}, None, shown, bf))
    return "; ".join(parts[:4]) or "—"


def _first_auto_id(form) -> str:
    return next((bf.auto_id for bf in form if not _skip(bf) and not bf.is_hidden), "")


def _clear_row(data, mine_forms, prefix: str) -> None:
    for item in mine_forms.values():
        for form in getattr(item, "forms", []):
            if form.prefix != prefix:
                continue
            if item.can_delete:
                data[f"{prefix}-DELETE"] = "on"
            else:
                for bf in form:
                    if not _skip(bf):
                        data.setlist(bf.html_name, [])


def _rows_removed_elsewhere(mine_forms: dict, current: Snapshot, base: Snapshot | None) -> dict[str, bool]:
    """Rows this page still has that are gone from what is saved: form prefix -> whether this page changed them."""
    out = {}
    for item in mine_forms.values():
        for prefix, pk in getattr(item, "removed_ids", {}).items():
            form = next(f for f in item.forms if f.prefix == prefix)
            row = f"{item.prefix}#{pk}"
            changed = base is None or any(
                not _same(values, base.get(f"{row}.{name}", values))
                for name, (_f, values) in fields_of({"f": form}).items()
            )
            out[prefix] = changed
    return out


def _valid_forms(data, build, current: Snapshot, current_fields) -> dict | None:
    """Forms bound to `data` with every invalid answer put back to what is saved; None if they never validate."""
    for _round in range(MAX_ROUNDS):
        bound = build(data)
        if all(item.is_valid() for item in bound.values()):
            return bound
        for item in bound.values():
            if isinstance(item, BaseFormSet):
                for form in item.forms:
                    _revert_row(data, item, form, current)
            else:
                _revert_form(data, item, None, current)
    return None


def _revert_row(data, formset, form, current: Snapshot) -> None:
    if not form.errors or (formset.can_delete and formset._should_delete_form(form)):
        return
    row_id = _row_id(form)
    if not row_id or f"{formset.prefix}#{row_id}" not in {k.split(".", 1)[0] for k in current}:
        # A new row with a mistake is not saved; it stays on the page with its message.
        if formset.can_delete:
            data[f"{form.prefix}-DELETE"] = "on"
        else:
            for bf in form:
                if not _skip(bf):
                    data.setlist(bf.html_name, [])
        return
    _revert_form(data, form, f"{formset.prefix}#{row_id}", current)


def _revert_form(data, form, row: str | None, current: Snapshot) -> None:
    names = [n for n in form.errors if n != NON_FIELD_ERRORS]
    if NON_FIELD_ERRORS in form.errors:
        names = [bf.name for bf in form if not _skip(bf)]
    for name in names:
        key = f"{row}.{name}" if row else name
        if key in current:
            data.setlist(form[name].html_name, current[key])


def _new_ids(saved_forms: dict) -> dict[str, int]:
    """The ids rows saved for the first time were given: the page writes them in, so its next save updates them."""
    out = {}
    for item in saved_forms.values():
        if not isinstance(item, BaseFormSet):
            continue
        for form in item.forms:
            pk = getattr(getattr(form, "instance", None), "pk", None)
            for name in ("id", "record"):  # "record": a biomarker result row (intake.biomarker_forms)
                if pk and name in form.fields and not form[name].data:
                    out[form[name].html_name] = pk
                    break
    return out


def _shown_errors(shown_forms: dict, conflicts: set[str], conflict_error: str) -> list[Field]:
    for item in shown_forms.values():
        item.is_valid()
    invalid = []
    by_key = fields_of(shown_forms)
    for form, row in _items(shown_forms):
        for name in form.errors:
            if name == NON_FIELD_ERRORS or name not in form.fields:
                continue
            bf = form[name]
            if row is None:
                key = f"new:{bf.html_name}"
            else:
                key = f"{row}.{name}" if row else name
            field = by_key[key][0] if key in by_key else Field(key, bf.html_name, bf.auto_id, _label(form, bf))
            field.display = " ".join(str(e) for e in form.errors[name])
            invalid.append(field)
    for form, row in _items(shown_forms):
        for bf in form:
            key = f"{row}.{bf.name}" if row else bf.name
            if row is not None and key in conflicts:
                form.add_error(bf.name, conflict_error)
    return invalid


def _display(shown_forms: dict, key: str | None, values: list[str], bf=None) -> str:
    """An answer in words: a choice's label rather than its code."""
    if bf is None:
        bf = next(
            (f for form, row in _items(shown_forms) for f in form if (f"{row}.{f.name}" if row else f.name) == key),
            None,
        )
    if bf is not None:
        if isinstance(bf.field.widget, forms.CheckboxInput):
            return str(_("Yes") if values else _("No"))
        choices = {str(k): v for k, v in getattr(bf.field, "choices", []) if not isinstance(v, list | tuple)}
        if choices:
            return ", ".join(str(choices.get(v, v)) for v in values if v) or "—"
    return ", ".join(v for v in values if v) or "—"


def typed_back(*, mine: dict, current: dict) -> list[dict]:
    """What a page sent that differs from what is saved, in words: given back when it cannot be applied."""
    saved = snapshot(current)
    out = []
    for form, row in _items(mine):
        for bf in form:
            if _skip(bf):
                continue
            values = _values(bf)
            key = f"{row}.{bf.name}" if row else bf.name
            if not any(values) or (row is not None and _same(values, saved.get(key, []))):
                continue
            out.append({"label": str(bf.label), "value": _display(mine, key if row is not None else None, values, bf)})
    return out
