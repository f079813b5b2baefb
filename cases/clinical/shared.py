"""What the urgency rules share: a flag with its reason and severity."""

from dataclasses import dataclass, field

HIGH, MEDIUM = "high", "medium"


@dataclass(frozen=True)
class Flag:
    code: str
    reason: str  # gettext_noop template
    params: dict = field(default_factory=dict)
    severity: str = HIGH  # high or medium
