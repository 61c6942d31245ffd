"""Splitting an expression into tokens, with the offset of each for error messages.

XLSForm expressions are XPath 1.0 with ``${name}`` references. Paths, filters
and axes are not part of the language here, so their characters get a message
that says so instead of a generic "unexpected character". Whitespace is any
Unicode space (spreadsheet cells often hold non-breaking spaces).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum

from ocpsc_field.core.expr import errors
from ocpsc_field.core.expr.errors import fail


class TokenKind(Enum):
    NUMBER = "number"
    STRING = "string"
    REFERENCE = "reference"  # ${name}
    NAME = "name"  # function names, operator names and choice-sheet columns
    DOT = "."
    PARENT = ".."
    OPEN = "("
    CLOSE = ")"
    COMMA = ","
    OPERATOR = "operator"
    END = "end"


@dataclass(frozen=True, slots=True)
class Token:
    kind: TokenKind
    text: str  # as written
    position: int
    value: str = ""  # the string's content, the reference's name


# A question name, as the survey format allows them (core.survey's _NAME_RE, any length).
QUESTION_NAME = re.compile(r"[^\W\d][\w.-]*")
_NAME = re.compile(r"[^\W\d][\w.-]*(?::[^\W\d][\w.-]*)?")
_NUMBER = re.compile(r"[0-9]+(?:\.[0-9]*)?|\.[0-9]+", re.ASCII)
_OPERATORS = ("!=", "<=", ">=", "=", "<", ">", "+", "-", "*")
_PUNCTUATION = {"(": TokenKind.OPEN, ")": TokenKind.CLOSE, ",": TokenKind.COMMA}
_PATH_CHARACTERS = frozenset("/[]@|")
_CURLY_QUOTES = frozenset("“”„‘’‚«»")


def tokenize(text: str) -> list[Token]:
    """The tokens of ``text``, ending with an END token; raises ``ExpressionError``."""
    tokens: list[Token] = []
    index = 0
    length = len(text)
    while index < length:
        character = text[index]
        if character.isspace():
            index += 1
            continue
        token = _token_at(text, index)
        tokens.append(token)
        index += len(token.text)
    tokens.append(Token(TokenKind.END, "", length))
    return tokens


def _token_at(text: str, index: int) -> Token:
    character = text[index]
    if character == "$":
        return _reference(text, index)
    if character in "'\"":
        end = text.find(character, index + 1)
        if end < 0:
            raise fail(errors.UNCLOSED_STRING, index)
        return Token(TokenKind.STRING, text[index : end + 1], index, text[index + 1 : end])
    number = _NUMBER.match(text, index)
    if number:
        return Token(TokenKind.NUMBER, number.group(), index)
    if text.startswith("..", index):
        return Token(TokenKind.PARENT, "..", index)
    if character == ".":
        return Token(TokenKind.DOT, ".", index)
    if character in _PUNCTUATION:
        return Token(_PUNCTUATION[character], character, index)
    if text.startswith("==", index):
        raise fail(errors.DOUBLE_EQUALS, index)
    for operator in _OPERATORS:
        if text.startswith(operator, index):
            return Token(TokenKind.OPERATOR, operator, index)
    name = _NAME.match(text, index)
    if name:
        return Token(TokenKind.NAME, name.group(), index)
    if character in _PATH_CHARACTERS or text.startswith("::", index):
        raise fail(errors.PATH, index)
    if character in _CURLY_QUOTES:
        raise fail(errors.CURLY_QUOTE, index)
    raise fail(errors.UNEXPECTED_CHARACTER, index, character=character)


def _reference(text: str, index: int) -> Token:
    if not text.startswith("${", index):
        raise fail(errors.UNEXPECTED_CHARACTER, index, character="$")
    end = text.find("}", index + 2)
    if end < 0:
        raise fail(errors.UNCLOSED_REFERENCE, index)
    name = text[index + 2 : end].strip()
    if not QUESTION_NAME.fullmatch(name):
        raise fail(errors.BAD_REFERENCE, index, name=name)
    return Token(TokenKind.REFERENCE, text[index : end + 1], index, name)
