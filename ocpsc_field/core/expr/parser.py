"""Reading expression text into a syntax tree.

Recursive descent over XPath 1.0's precedence levels, lowest first::

    or < and < (= !=) < (< <= > >=) < (+ -) < (* div mod) < unary - < primary

``and``, ``or``, ``div`` and ``mod`` are operators only where an operator can
stand (after a value), as in XPath; elsewhere they are plain names. Function
names and argument counts are checked here, so a wrong call is refused when a
form is imported, not when a field worker meets it.
"""

from __future__ import annotations

from ocpsc_field.core.expr import errors
from ocpsc_field.core.expr.errors import ExpressionError, fail
from ocpsc_field.core.expr.functions import FUNCTIONS, Function
from ocpsc_field.core.expr.lexer import Token, TokenKind, tokenize
from ocpsc_field.core.expr.nodes import (
    Bare,
    Call,
    Chain,
    Current,
    Literal,
    Negate,
    Node,
    Number,
    Parent,
    Reference,
)

MAX_LENGTH = 10_000
MAX_DEPTH = 40

# Binary operators by precedence level, lowest first.
LEVELS: tuple[frozenset[str], ...] = (
    frozenset({"or"}),
    frozenset({"and"}),
    frozenset({"=", "!="}),
    frozenset({"<", "<=", ">", ">="}),
    frozenset({"+", "-"}),
    frozenset({"*", "div", "mod"}),
)
_OPERATOR_NAMES = frozenset({"or", "and", "div", "mod"})


def parse_tree(text: str) -> Node:
    """The tree of ``text``; raises ``ExpressionError`` with the position of the problem."""
    if len(text) > MAX_LENGTH:
        raise fail(errors.TOO_LONG, maximum=MAX_LENGTH)
    if not text.strip():
        raise fail(errors.EMPTY)
    return _Parser(tokenize(text)).parse()


class _Parser:
    def __init__(self, tokens: list[Token]) -> None:
        self.tokens = tokens
        self.index = 0
        self.depth = 0

    @property
    def token(self) -> Token:
        return self.tokens[self.index]

    def advance(self) -> Token:
        token = self.tokens[self.index]
        if token.kind is not TokenKind.END:
            self.index += 1
        return token

    def unexpected(self, token: Token) -> ExpressionError:
        if token.kind is TokenKind.END:
            return fail(errors.UNEXPECTED_END, token.position)
        return fail(errors.UNEXPECTED_TOKEN, token.position, token=token.text)

    def parse(self) -> Node:
        tree = self.level(0)
        if self.token.kind is not TokenKind.END:
            raise self.unexpected(self.token)
        return tree

    def operator_at(self, level: int) -> str | None:
        token = self.token
        if token.kind is TokenKind.OPERATOR or (
            token.kind is TokenKind.NAME and token.text in _OPERATOR_NAMES
        ):
            return token.text if token.text in LEVELS[level] else None
        return None

    def level(self, level: int) -> Node:
        if level == len(LEVELS):
            return self.unary()
        operands = [self.level(level + 1)]
        symbols: list[str] = []
        while (symbol := self.operator_at(level)) is not None:
            self.advance()
            symbols.append(symbol)
            operands.append(self.level(level + 1))
        if not symbols:
            return operands[0]
        return Chain(tuple(symbols), tuple(operands))

    def nested(self, at: Token) -> None:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise fail(errors.TOO_DEEP, at.position, maximum=MAX_DEPTH)

    def unary(self) -> Node:
        token = self.token
        if token.kind is TokenKind.OPERATOR and token.text == "-":
            self.advance()
            self.nested(token)
            operand = self.unary()
            self.depth -= 1
            return Negate(operand)
        return self.primary()

    def primary(self) -> Node:
        token = self.advance()
        kind = token.kind
        if kind is TokenKind.NUMBER:
            return Number(float(token.text))
        if kind is TokenKind.STRING:
            return Literal(token.value)
        if kind is TokenKind.REFERENCE:
            return Reference(token.value)
        if kind is TokenKind.DOT:
            return Current()
        if kind is TokenKind.PARENT:
            raise fail(errors.PARENT_ONLY_IN_POSITION, token.position)
        if kind is TokenKind.OPEN:
            self.nested(token)
            inner = self.level(0)
            self.close()
            self.depth -= 1
            return inner
        if kind is TokenKind.NAME:
            if self.token.kind is TokenKind.OPEN:
                return self.call(token)
            return Bare(token.text)
        raise self.unexpected(token)

    def close(self) -> None:
        if self.token.kind is not TokenKind.CLOSE:
            if self.token.kind is TokenKind.END:
                raise fail(errors.MISSING_CLOSE, self.token.position)
            raise self.unexpected(self.token)
        self.advance()

    def call(self, name: Token) -> Node:
        function = FUNCTIONS.get(name.text)
        if function is None:
            raise fail(errors.UNKNOWN_FUNCTION, name.position, name=name.text)
        self.advance()  # the "("
        self.nested(name)
        arguments: list[Node] = []
        if name.text == "position" and self.token.kind is TokenKind.CLOSE:
            raise fail(errors.POSITION_NEEDS_PARENT, self.token.position)
        if self.token.kind is not TokenKind.CLOSE:
            arguments.append(self.argument(name))
            while self.token.kind is TokenKind.COMMA:
                self.advance()
                arguments.append(self.argument(name))
        self.close()
        self.depth -= 1
        _check_arity(name, function, len(arguments))
        for index in function.references:
            if index < len(arguments) and not isinstance(arguments[index], Reference):
                raise fail(errors.NEEDS_REFERENCE, name.position, name=name.text)
        return Call(name.text, tuple(arguments), function.implementation)

    def argument(self, name: Token) -> Node:
        if name.text == "position":
            token = self.advance()
            if token.kind is not TokenKind.PARENT:
                raise fail(errors.POSITION_NEEDS_PARENT, token.position)
            return Parent()
        return self.level(0)


def _check_arity(name: Token, function: Function, given: int) -> None:
    minimum, maximum = function.minimum, function.maximum
    if minimum <= given and (maximum is None or given <= maximum):
        return
    if maximum is None:
        raise fail(
            errors.ARITY_MINIMUM, name.position, name=name.text, minimum=minimum, given=given
        )
    if minimum == maximum:
        raise fail(errors.ARITY_EXACT, name.position, name=name.text, expected=minimum, given=given)
    raise fail(
        errors.ARITY_RANGE,
        name.position,
        name=name.text,
        minimum=minimum,
        maximum=maximum,
        given=given,
    )
