"""The one error a service raises when it refuses an action, for a reason the user can read.

Views catch `ActionRefused` and show `message` (a lazy translation, rendered in
the reader's language), then each of `problems`: a list of reasons, or, where a
form is behind the action, a dict of form field name ("" for the form as a
whole) to reason. Each service subclasses it, so a caller can still catch one
family, and keeps its messages as `ERR_*` constants beside it.
"""

from collections.abc import Iterable, Mapping


class ActionRefused(Exception):
    def __init__(self, message, problems: Iterable | Mapping = (), *, code: str = "refused"):
        super().__init__(str(message))
        self.message = message
        self.problems: list | dict = dict(problems) if isinstance(problems, Mapping) else list(problems)
        self.code = code
