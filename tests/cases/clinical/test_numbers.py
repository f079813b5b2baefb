"""How numbers are shown in explanations (cases.clinical.numbers)."""

from decimal import Decimal

from cases.clinical.numbers import fmt_percent, percent_change


def test_a_percentage_is_truncated_toward_zero_so_it_never_crosses_a_threshold():
    assert fmt_percent(Decimal("-29.96")) == "-29.9%"
    assert fmt_percent(Decimal("19.99")) == "+19.9%"
    assert fmt_percent(Decimal("-0.04")) == "+0.0%"


def test_an_astronomical_change_is_shown_not_refused():
    """A rise from a nadir of a few µm² (hypothesis found 5.8e-217 mm² in a RANO input) is larger than Decimal's
    default precision; it must still be shown, not raise InvalidOperation."""
    change = percent_change(Decimal("100"), Decimal("5.8092284818235724e-217"))
    shown = fmt_percent(change)
    assert shown.startswith("+1721") and shown.endswith("%")
