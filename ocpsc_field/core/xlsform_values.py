"""Cell values of an XLSForm that are not text: yes/no flags, defaults, appearances.

Forms from different tools spell the same thing differently: ``yes``,
``TRUE``, ``true()`` and ``1`` all mean required. A default is a fixed
answer of the question's type ("5", "2024-03-15", "red blue") unless it is
an expression (``today()``, ``${age} * 2``), which the form computes when it
starts. Appearances only change how a question looks; the ones this app
accepts (and mostly ignores) are listed in ``ACCEPTED_APPEARANCES``, and the
ones that change what is recorded or need something this app lacks are refused.
"""

from __future__ import annotations

import re
from typing import Any

from ocpsc_field.core.survey_model import ACKNOWLEDGED, Question, QuestionType
from ocpsc_field.core.text import N_, Message

_TRUE = frozenset({"yes", "true", "true()", "1", "y"})
_FALSE = frozenset({"no", "false", "false()", "0", "n", ""})

# Appearances that only change how a question looks; accepted and kept in the
# definition (the renderer uses "multiline"), never refused.
ACCEPTED_APPEARANCES = frozenset(
    {
        "minimal",
        "quick",
        "quickcompact",
        "horizontal",
        "horizontal-compact",
        "compact",
        "columns",
        "columns-pack",
        "no-buttons",
        "likert",
        "label",
        "list-nolabel",
        "list",
        "field-list",
        "table-list",
        "multiline",
        "numbers",
        "thousands-sep",
        "no-calendar",
        "autocomplete",
        "masked",
        "counter",
        "url",
        "ethiopian",
        "coptic",
        "islamic",
        "bikram-sambat",
        "myanmar",
        "persian",
    }
)
_SIZED_APPEARANCE = re.compile(r"(?:w|compact-|columns-)\d{1,2}")
# "${name}" anywhere, or a function call at the start: "today()", "concat(...)".
_DYNAMIC = re.compile(r"\$\{|^\s*[A-Za-z][\w:-]*\(")

BAD_APPEARANCE = N_(
    "The appearance “{appearance}” is not supported: it changes what is recorded or "
    "needs something this app does not have."
)
BAD_DEFAULT = N_("“{value}” is not a valid default for a {type} question.")


def read_flag(text: str) -> bool | None:
    """yes/no in its many spellings; None if ``text`` is neither."""
    lowered = text.strip().lower()
    if lowered in _TRUE:
        return True
    if lowered in _FALSE:
        return False
    return None


def appearance_problem(text: str) -> Message | None:
    for token in text.split():
        lowered = token.lower()
        if lowered in ACCEPTED_APPEARANCES or _SIZED_APPEARANCE.fullmatch(lowered):
            continue
        return Message(BAD_APPEARANCE, {"appearance": token})
    return None


def looks_dynamic(text: str) -> bool:
    """A default that is an expression rather than a fixed answer."""
    return bool(_DYNAMIC.search(text))


def fixed_default(question: Question, text: str) -> Any:
    """The answer a fixed ``default`` cell stands for (to be checked by the caller),
    or None when it can't be read as one."""
    kind = question.type
    if kind is QuestionType.INTEGER:
        try:
            number = float(text)
        except ValueError:
            return None
        return int(number) if number.is_integer() else None
    if kind is QuestionType.DECIMAL:
        try:
            number = float(text)
        except ValueError:
            return None
        return int(number) if number.is_integer() and "." not in text else number
    if kind is QuestionType.SELECT_MULTIPLE:
        return text.split()
    if kind is QuestionType.ACKNOWLEDGE:
        return ACKNOWLEDGED if read_flag(text) or text == ACKNOWLEDGED else None
    if kind is QuestionType.TIME and re.fullmatch(r"\d:\d{2}(:\d{2})?", text):
        return "0" + text
    return text
