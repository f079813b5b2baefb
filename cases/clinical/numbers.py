"""Exact arithmetic helpers shared by the clinical rules.

Thresholds in the published criteria are exact (a -30.0% change is PR,
-29.9% is not), so values are converted to Decimal through their string
form and never compared as binary floats.
"""

from decimal import ROUND_DOWN, Decimal, InvalidOperation, localcontext

HUNDRED = Decimal(100)


def to_decimal(value: object) -> Decimal | None:
    """A finite Decimal from an int, float or Decimal; None for anything else.

    bool is rejected although it is an int: ``True`` is never a measurement.
    """
    if isinstance(value, bool) or not isinstance(value, (int, float, Decimal)):
        return None
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        return None
    return number if number.is_finite() else None


def percent_change(new: Decimal, reference: Decimal) -> Decimal:
    """Change from reference to new, in percent (reference must be > 0)."""
    return (new - reference) * HUNDRED / reference


def fmt_percent(value: Decimal) -> str:
    """Signed, one decimal, truncated toward zero so a display never crosses a threshold.

    -29.96% shows as -29.9%, not as -30.0% (which would read as PR).
    """
    with localcontext() as context:
        # Enough digits for any change (a rise from a nadir of a few µm² is astronomically large, and quantize
        # refuses a result longer than the context's precision).
        context.prec = max(context.prec, value.adjusted() + 3)
        shown = value.quantize(Decimal("0.1"), rounding=ROUND_DOWN)
    if shown == 0:
        shown = abs(shown)
    return f"{shown:+}%"


def fmt_number(value: Decimal) -> str:
    """A measurement without a trailing '.0' (70 mm, 7.5 mm)."""
    text = f"{value.normalize():f}"
    return text
