"""The regular expressions of ``regex()``, matched in time linear in the text.

Python's ``re`` backtracks: a survey pattern like ``^(a+)+$`` could freeze the
form on a 30-character answer. Patterns here are compiled to a Thompson NFA
and run as a lazily built DFA (state sets cached per character), so matching
takes at most (text length × pattern size) steps whatever the pattern. The
bounds: a pattern of at most ``MAX_PATTERN`` characters compiling to at most
``MAX_PROGRAM`` instructions, text of at most ``MAX_TEXT`` characters (the
longest text answer a survey takes).

The syntax is Java's (what ODK forms are written and tested against), minus
what needs backtracking or is rarely used:

* supported: literals and escapes (``\\t \\n \\r \\f \\xhh \\uhhhh \\Q…\\E``), ``.``,
  classes with ranges and negation, ``\\d \\w \\s`` and their negations (ASCII,
  as in Java), ``\\p{…}``/``\\P{…}`` for Unicode general categories (``L``,
  ``Lu``, ``Nd``…) and Java's POSIX names (``Alpha``, ``Digit``…), groups
  ``(…)``, ``(?:…)``, ``(?<name>…)``, alternation, ``* + ? {n} {n,} {n,m}``
  (lazy forms too: laziness does not change whether a pattern matches),
  anchors ``^ $ \\A \\z \\Z \\b \\B``, and the ``(?i)`` flag (ASCII letters).
* refused with a message: backreferences, lookahead and lookbehind,
  possessive quantifiers, class intersections, other inline flags.

``search`` answers Java's ``Matcher.find()``: does the pattern match anywhere.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache

from ocpsc_field.core.expr import errors
from ocpsc_field.core.expr.errors import fail

MAX_PATTERN = 500
MAX_PROGRAM = 2_000
MAX_TEXT = 10_000
_CACHE_LIMIT = 20_000

Predicate = Callable[[str], bool]

_LINE_TERMINATORS = frozenset("\n\r\u0085\u2028\u2029")
_ASCII_DIGITS = frozenset("0123456789")
_ASCII_WORD = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_")
_JAVA_SPACE = frozenset(" \t\n\x0b\f\r")
_POSIX: dict[str, Predicate] = {
    "Lower": lambda c: "a" <= c <= "z",
    "Upper": lambda c: "A" <= c <= "Z",
    "ASCII": lambda c: c <= "\x7f",
    "Alpha": lambda c: c.isascii() and c.isalpha(),
    "Digit": lambda c: c in _ASCII_DIGITS,
    "Alnum": lambda c: c.isascii() and c.isalnum(),
    "Punct": lambda c: c.isascii() and c.isprintable() and not c.isalnum() and c != " ",
    "Graph": lambda c: "\x21" <= c <= "\x7e",
    "Print": lambda c: "\x20" <= c <= "\x7e",
    "Blank": lambda c: c in " \t",
    "Cntrl": lambda c: c < "\x20" or c == "\x7f",
    "XDigit": lambda c: c in "0123456789abcdefABCDEF",
    "Space": lambda c: c in _JAVA_SPACE,
}
_SIMPLE_ESCAPES = {"t": "\t", "n": "\n", "r": "\r", "f": "\f", "a": "\a", "e": "\x1b"}
_CLASS_ESCAPES: dict[str, Predicate] = {
    "d": lambda c: c in _ASCII_DIGITS,
    "D": lambda c: c not in _ASCII_DIGITS,
    "w": lambda c: c in _ASCII_WORD,
    "W": lambda c: c not in _ASCII_WORD,
    "s": lambda c: c in _JAVA_SPACE,
    "S": lambda c: c not in _JAVA_SPACE,
}
_CATEGORIES = frozenset(
    ("L", "Lu", "Ll", "Lt", "Lm", "Lo", "M", "Mn", "Mc", "Me", "N", "Nd", "Nl", "No")
    + ("P", "Pc", "Pd", "Ps", "Pe", "Pi", "Pf", "Po", "S", "Sm", "Sc", "Sk", "So")
    + ("Z", "Zs", "Zl", "Zp", "C", "Cc", "Cf", "Cs", "Co", "Cn")
)

# Assertions, checked against the flags of a position in the text.
AT_START, AT_END, BEFORE_FINAL_NEWLINE, AT_BOUNDARY = 1, 2, 4, 8
_ASSERTIONS = {
    "^": lambda flags: bool(flags & AT_START),
    "A": lambda flags: bool(flags & AT_START),
    "$": lambda flags: bool(flags & (AT_END | BEFORE_FINAL_NEWLINE)),
    "Z": lambda flags: bool(flags & (AT_END | BEFORE_FINAL_NEWLINE)),
    "z": lambda flags: bool(flags & AT_END),
    "b": lambda flags: bool(flags & AT_BOUNDARY),
    "B": lambda flags: not flags & AT_BOUNDARY,
}


# --- the syntax tree of a pattern ------------------------------------------------------


@dataclass(frozen=True)
class _Char:
    matches: Predicate


@dataclass(frozen=True)
class _Assert:
    kind: str


@dataclass(frozen=True)
class _Sequence:
    parts: tuple[_Pattern, ...]


@dataclass(frozen=True)
class _Either:
    options: tuple[_Pattern, ...]


@dataclass(frozen=True)
class _Repeat:
    body: _Pattern
    minimum: int
    maximum: int | None


_Pattern = _Char | _Assert | _Sequence | _Either | _Repeat


def _literal(character: str, ignore_case: bool) -> Predicate:
    if ignore_case and character.isascii() and character.isalpha():
        lower = character.lower()
        return lambda c: c.lower() == lower and c.isascii()
    return lambda c: c == character


def _caseless(predicate: Predicate) -> Predicate:
    def matches(c: str) -> bool:
        if predicate(c):
            return True
        return c.isascii() and c.isalpha() and predicate(c.swapcase())

    return matches


def _word(c: str) -> bool:
    return c.isalnum() or c == "_"


class _PatternParser:
    """Recursive descent over the pattern; nesting is bounded by the pattern's length."""

    def __init__(self, pattern: str) -> None:
        self.pattern = pattern
        self.index = 0
        self.ignore_case = False

    def error(self, index: int | None = None) -> Exception:
        return fail(errors.REGEX_INVALID, index=(self.index if index is None else index) + 1)

    def unsupported(self, feature: str) -> Exception:
        return fail(errors.REGEX_UNSUPPORTED, feature=feature)

    def peek(self, offset: int = 0) -> str:
        at = self.index + offset
        return self.pattern[at] if at < len(self.pattern) else ""

    def parse(self) -> _Pattern:
        tree = self.alternatives()
        if self.index < len(self.pattern):
            raise self.error()  # an unmatched ")"
        return tree

    def alternatives(self) -> _Pattern:
        saved = self.ignore_case  # an inline (?i) lasts to the end of its group
        options = [self.sequence()]
        while self.peek() == "|":
            self.index += 1
            options.append(self.sequence())
        self.ignore_case = saved
        return options[0] if len(options) == 1 else _Either(tuple(options))

    def sequence(self) -> _Pattern:
        parts: list[_Pattern] = []
        while self.peek() not in ("", "|", ")"):
            atom = self.atom()
            if atom is not None:
                parts.append(self.quantified(atom))
        return parts[0] if len(parts) == 1 else _Sequence(tuple(parts))

    def quantified(self, atom: _Pattern) -> _Pattern:
        character = self.peek()
        if character in ("*", "+", "?"):
            self.index += 1
            bounds = {"*": (0, None), "+": (1, None), "?": (0, 1)}[character]
        elif character == "{":
            bounds = self.braces()
        else:
            return atom
        if self.peek() == "+":
            raise self.unsupported(self.pattern[self.index - 1 : self.index + 1])
        if self.peek() == "?":
            self.index += 1
        if self.peek() in ("*", "+", "?") or (self.peek() == "{" and self.peek(1).isdigit()):
            raise self.error()
        return _Repeat(atom, *bounds)

    def braces(self) -> tuple[int, int | None]:
        start = self.index
        end = self.pattern.find("}", start)
        inside = self.pattern[start + 1 : end] if end > 0 else ""
        low, comma, high = inside.partition(",")
        if not low.isdigit() or (high and not high.isdigit()) or not low.isascii():
            raise self.error(start)
        self.index = end + 1
        minimum = int(low[:6])
        maximum = int(high[:6]) if high else (None if comma else minimum)
        if maximum is not None and maximum < minimum:
            raise self.error(start)
        return minimum, maximum

    def atom(self) -> _Pattern | None:
        character = self.peek()
        start = self.index
        self.index += 1
        if character == "(":
            return self.group(start)
        if character == "[":
            return _Char(self.character_class())
        if character == ".":
            return _Char(lambda c: c not in _LINE_TERMINATORS)
        if character in ("^", "$"):
            return _Assert(character)
        if character == "\\":
            return self.escape()
        if character in ("*", "+", "?", "{"):
            raise self.error(start)
        return _Char(_literal(character, self.ignore_case))

    def group(self, start: int) -> _Pattern | None:
        if self.peek() == "?":
            marker = self.peek(1)
            if marker == ":":
                self.index += 2
            elif marker == "<" and self.peek(2) not in ("=", "!"):
                end = self.pattern.find(">", self.index)
                if end < 0:
                    raise self.error(start)
                self.index = end + 1
            elif marker in ("=", "!", ">"):
                raise self.unsupported("(?" + marker)
            elif marker == "<":
                raise self.unsupported("(?<" + self.peek(2))
            else:
                return self.inline_flags(start)
        body = self.alternatives()
        if self.peek() != ")":
            raise self.error(start)
        self.index += 1
        return body

    def inline_flags(self, start: int) -> _Pattern | None:
        """``(?i)`` for the rest of the group, ``(?-i)`` to end it, ``(?i:…)`` for a part."""
        self.index += 1
        on = True
        flag = self.ignore_case
        while self.peek() not in (")", ":", ""):
            letter = self.peek()
            if letter == "-":
                on = False
            elif letter == "i":
                flag = on
            else:
                raise self.unsupported(f"(?{letter})")
            self.index += 1
        if self.peek() == ")":
            self.index += 1
            self.ignore_case = flag
            return None
        if self.peek() != ":":
            raise self.error(start)
        self.index += 1
        saved, self.ignore_case = self.ignore_case, flag
        body = self.alternatives()
        self.ignore_case = saved
        if self.peek() != ")":
            raise self.error(start)
        self.index += 1
        return body

    def escape(self) -> _Pattern:
        start = self.index - 1
        character = self.peek()
        if not character:
            raise self.error(start)
        self.index += 1
        if character in _SIMPLE_ESCAPES:
            return _Char(_literal(_SIMPLE_ESCAPES[character], False))
        if character in _CLASS_ESCAPES:
            return _Char(_CLASS_ESCAPES[character])
        if character in ("p", "P"):
            predicate = self.property_class(start)
            if character == "P":
                return _Char(lambda c: not predicate(c))
            return _Char(_caseless(predicate) if self.ignore_case else predicate)
        if character in ("x", "u"):
            return _Char(_literal(self.code_point(character, start), self.ignore_case))
        if character == "Q":
            end = self.pattern.find("\\E", self.index)
            end = len(self.pattern) if end < 0 else end
            quoted = self.pattern[self.index : end]
            self.index = min(end + 2, len(self.pattern))
            return _Sequence(tuple(_Char(_literal(c, self.ignore_case)) for c in quoted))
        if character in "AzZbB":
            return _Assert(character)
        if character.isdigit() or character == "k":
            raise self.unsupported("\\" + character)
        if character.isascii() and character.isalpha():
            raise self.error(start)
        return _Char(_literal(character, self.ignore_case))

    def code_point(self, kind: str, start: int) -> str:
        if kind == "x" and self.peek() == "{":
            end = self.pattern.find("}", self.index)
            digits = self.pattern[self.index + 1 : end] if end > 0 else ""
            self.index = end + 1
        else:
            width = 2 if kind == "x" else 4
            digits = self.pattern[self.index : self.index + width]
            if len(digits) != width:
                raise self.error(start)
            self.index += width
        try:
            return chr(int(digits, 16))
        except (ValueError, OverflowError):
            raise self.error(start) from None

    def property_class(self, start: int) -> Predicate:
        if self.peek() == "{":
            end = self.pattern.find("}", self.index)
            if end < 0:
                raise self.error(start)
            name = self.pattern[self.index + 1 : end]
            self.index = end + 1
        else:
            name = self.peek()
            self.index += 1
        if name in _POSIX:
            return _POSIX[name]
        category = name.removeprefix("Is").removeprefix("general_category=")
        if category in _CATEGORIES:
            return lambda c: unicodedata.category(c).startswith(category)
        raise self.unsupported("\\p{" + name + "}")

    def character_class(self) -> Predicate:
        start = self.index - 1
        negated = self.peek() == "^"
        if negated:
            self.index += 1
        predicates: list[Predicate] = []
        first = True
        while True:
            character = self.peek()
            if not character:
                raise self.error(start)
            if character == "]" and not first:
                self.index += 1
                break
            if character == "[" or self.pattern.startswith("&&", self.index):
                raise self.unsupported(character if character == "[" else "&&")
            first = False
            predicates.append(self.class_item())
        if self.ignore_case:
            predicates = [_caseless(predicate) for predicate in predicates]
        if negated:
            return lambda c: not any(predicate(c) for predicate in predicates)
        return lambda c: any(predicate(c) for predicate in predicates)

    def class_item(self) -> Predicate:
        low = self.class_character()
        if isinstance(low, str) and self.peek() == "-" and self.peek(1) not in ("]", ""):
            self.index += 1
            high = self.class_character()
            if not isinstance(high, str) or high < low:
                raise self.error()
            return lambda c: low <= c <= high
        if isinstance(low, str):
            return lambda c: c == low
        return low

    def class_character(self) -> str | Predicate:
        """One character of a class, or a class escape like ``\\d`` as its predicate."""
        character = self.peek()
        self.index += 1
        if character != "\\":
            return character
        start = self.index - 1
        escaped = self.peek()
        if not escaped:
            raise self.error(start)
        self.index += 1
        if escaped in _SIMPLE_ESCAPES:
            return _SIMPLE_ESCAPES[escaped]
        if escaped in _CLASS_ESCAPES:
            return _CLASS_ESCAPES[escaped]
        if escaped in ("p", "P"):
            predicate = self.property_class(start)
            return predicate if escaped == "p" else (lambda c: not predicate(c))
        if escaped in ("x", "u"):
            return self.code_point(escaped, start)
        if escaped.isdigit() or escaped == "k":
            raise self.unsupported("\\" + escaped)
        if escaped.isascii() and escaped.isalpha():
            raise self.error(start)
        return escaped


# --- compiling to an NFA ---------------------------------------------------------------


@dataclass
class _Instruction:
    """``char`` (consume a matching character), ``split`` (try ``next`` and ``other``),
    ``assert`` (go on only if the position passes), ``jump`` or ``match``."""

    op: str
    next: int = -1
    other: int = -1
    matches: Predicate | None = None
    kind: str = ""


class _Compiler:
    def __init__(self) -> None:
        self.program: list[_Instruction] = []

    def emit(self, instruction: _Instruction) -> int:
        if len(self.program) >= MAX_PROGRAM:
            raise fail(errors.REGEX_TOO_COMPLEX)
        self.program.append(instruction)
        return len(self.program) - 1

    def here(self) -> int:
        return len(self.program)

    def compile(self, tree: _Pattern) -> list[_Instruction]:
        self.node(tree)
        self.emit(_Instruction("match"))
        return self.program

    def node(self, tree: _Pattern) -> None:
        if isinstance(tree, _Char):
            at = self.emit(_Instruction("char", matches=tree.matches))
            self.program[at].next = at + 1
        elif isinstance(tree, _Assert):
            at = self.emit(_Instruction("assert", kind=tree.kind))
            self.program[at].next = at + 1
        elif isinstance(tree, _Sequence):
            for part in tree.parts:
                self.node(part)
        elif isinstance(tree, _Either):
            self.either(tree.options)
        else:
            self.repeat(tree)

    def either(self, options: tuple[_Pattern, ...]) -> None:
        jumps: list[int] = []
        for option in options[:-1]:
            split = self.emit(_Instruction("split"))
            self.program[split].next = split + 1
            self.node(option)
            jumps.append(self.emit(_Instruction("jump")))
            self.program[split].other = self.here()
        self.node(options[-1])
        for jump in jumps:
            self.program[jump].next = self.here()

    def repeat(self, tree: _Repeat) -> None:
        for _ in range(tree.minimum):
            self.node(tree.body)
        if tree.maximum is None:
            loop = self.emit(_Instruction("split"))
            self.program[loop].next = loop + 1
            self.node(tree.body)
            back = self.emit(_Instruction("jump", next=loop))
            self.program[loop].other = back + 1
            return
        splits: list[int] = []
        for _ in range(tree.maximum - tree.minimum):
            split = self.emit(_Instruction("split"))
            self.program[split].next = split + 1
            splits.append(split)
            self.node(tree.body)
        for split in splits:
            self.program[split].other = self.here()


# --- running it ------------------------------------------------------------------------


@dataclass
class Pattern:
    """A compiled pattern; keeps the DFA states it has met, so matching speeds up."""

    program: list[_Instruction]
    # Word boundaries cost two lookups per character: only patterns with \b or \B pay.
    boundaries: bool = False
    _closures: dict[tuple[frozenset[int], int], tuple[frozenset[int], bool]] = field(
        default_factory=dict
    )
    _steps: dict[tuple[frozenset[int], str], frozenset[int]] = field(default_factory=dict)

    def search(self, text: str) -> bool:
        """Whether the pattern matches anywhere in ``text``."""
        if len(text) > MAX_TEXT:
            raise fail(errors.REGEX_TEXT_TOO_LONG, maximum=MAX_TEXT)
        if len(self._closures) + len(self._steps) > _CACHE_LIMIT:
            self._closures.clear()
            self._steps.clear()
        threads: frozenset[int] = frozenset()
        length = len(text)
        for index in range(length + 1):
            flags = AT_START if index == 0 else 0
            if index >= length - 1:
                flags |= _end_flags(text, index, length)
            if self.boundaries:
                flags |= _boundary(text, index, length)
            waiting, matched = self._closure(threads, flags)
            if matched:
                return True
            if index == length:
                break
            key = (waiting, text[index])
            stepped = self._steps.get(key)
            if stepped is None:
                stepped = self._step(waiting, text[index])
                self._steps[key] = stepped
            threads = stepped
        return False

    def _step(self, waiting: frozenset[int], character: str) -> frozenset[int]:
        """Where the waiting ``char`` instructions go on ``character``."""
        moved: set[int] = set()
        for at in waiting:
            instruction = self.program[at]
            if instruction.matches is not None and instruction.matches(character):
                moved.add(instruction.next)
        return frozenset(moved)

    def _closure(self, threads: frozenset[int], flags: int) -> tuple[frozenset[int], bool]:
        """The ``char`` instructions reachable from ``threads`` and a new start at this
        position without consuming a character, and whether ``match`` is reachable."""
        key = (threads, flags)
        found = self._closures.get(key)
        if found is not None:
            return found
        program = self.program
        seen: set[int] = set()
        stack = [0, *threads]
        waiting: set[int] = set()
        matched = False
        while stack:
            at = stack.pop()
            if at in seen:
                continue
            seen.add(at)
            instruction = program[at]
            if instruction.op == "char":
                waiting.add(at)
            elif instruction.op == "match":
                matched = True
            elif instruction.op == "jump":
                stack.append(instruction.next)
            elif instruction.op == "split":
                stack.extend((instruction.other, instruction.next))
            elif _ASSERTIONS[instruction.kind](flags):
                stack.append(instruction.next)
        found = (frozenset(waiting), matched)
        self._closures[key] = found
        return found


def _end_flags(text: str, index: int, length: int) -> int:
    if index == length:
        return AT_END
    return BEFORE_FINAL_NEWLINE if text[index] == "\n" else 0


def _boundary(text: str, index: int, length: int) -> int:
    before = index > 0 and _word(text[index - 1])
    after = index < length and _word(text[index])
    return AT_BOUNDARY if before != after else 0


@lru_cache(maxsize=256)
def compile_pattern(pattern: str) -> Pattern:
    """Compile ``pattern``; raises ``ExpressionError`` saying what can't be used."""
    if len(pattern) > MAX_PATTERN:
        raise fail(errors.REGEX_TOO_LONG, maximum=MAX_PATTERN)
    tree = _PatternParser(pattern).parse()
    program = _Compiler().compile(tree)
    boundaries = any(instruction.kind in ("b", "B") for instruction in program)
    return Pattern(program, boundaries)
