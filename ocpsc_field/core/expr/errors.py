"""The one exception the expression language raises, and the messages it carries.

Survey authors read these messages when an import is refused, and field staff
read the run-time ones when a constraint can't be checked, so each says what
is wrong in plain words and is translatable. ``position`` points into the
expression text so the importer can quote the place.
"""

from __future__ import annotations

from typing import Any

from ocpsc_field.core.text import N_, Message


class ExpressionError(ValueError):
    """An expression can't be read or evaluated: ``message`` says why, ``position`` where
    (a 0-based offset into the expression text; 0 when it is about the whole of it)."""

    def __init__(self, message: Message, position: int = 0) -> None:
        super().__init__(message.render())
        self.message = message
        self.position = position


def fail(msgid: str, position: int = 0, **params: Any) -> ExpressionError:
    """An ``ExpressionError`` for ``msgid`` (already marked with ``N_``)."""
    return ExpressionError(Message(msgid, params), position)


# Reading an expression.
EMPTY = N_("The expression is empty.")
TOO_LONG = N_("The expression is longer than {maximum} characters.")
TOO_DEEP = N_("The expression nests brackets or functions more than {maximum} levels deep.")
UNCLOSED_STRING = N_("The text in quotes starting here is not closed with a matching quote.")
UNCLOSED_REFERENCE = N_("The question reference starting here is not closed with “}}”.")
BAD_REFERENCE = N_("“{name}” is not a valid question name.")
CURLY_QUOTE = N_("Use straight quotes (' or \") around text, not curly quotes.")
DOUBLE_EQUALS = N_("Use a single “=” to compare two values.")
UNEXPECTED_CHARACTER = N_("The character “{character}” can't be used here.")
PATH = N_(
    "XPath paths and filters (“/”, “[”, “@”, “|”) are not supported: "
    "refer to a question as ${{name}}."
)
UNEXPECTED_TOKEN = N_("“{token}” is not expected here.")
UNEXPECTED_END = N_("The expression ends too early: something is missing at its end.")
MISSING_CLOSE = N_("A closing bracket “)” is missing here.")
UNKNOWN_FUNCTION = N_("“{name}()” is not a function this app knows.")
ARITY_EXACT = N_("Wrong number of arguments to {name}(): it takes {expected}, not {given}.")
ARITY_RANGE = N_(
    "Wrong number of arguments to {name}(): it takes {minimum} to {maximum}, not {given}."
)
ARITY_MINIMUM = N_(
    "Wrong number of arguments to {name}(): it takes at least {minimum}, not {given}."
)
PARENT_ONLY_IN_POSITION = N_("“..” can only be used as position(..).")
POSITION_NEEDS_PARENT = N_("Write position(..) to get the number of the current repeat.")
NEEDS_REFERENCE = N_("{name}() needs a question reference, like {name}(${{members}}).")

# Evaluating one.
POSITION_OUTSIDE_REPEAT = N_("position(..) can only be used inside a repeat.")
NOT_EVALUATED = N_("This expression could not be evaluated.")

# regex() patterns.
REGEX_INVALID = N_(
    "The pattern given to regex() is not a valid regular expression: check it near "
    "character {index}."
)
REGEX_UNSUPPORTED = N_("Patterns given to regex() can't use “{feature}” in this app.")
REGEX_TOO_LONG = N_("The pattern given to regex() is longer than {maximum} characters.")
REGEX_TOO_COMPLEX = N_(
    "The pattern given to regex() repeats too much to be checked quickly; simplify it."
)
REGEX_TEXT_TOO_LONG = N_("regex() can only check text of up to {maximum} characters.")
