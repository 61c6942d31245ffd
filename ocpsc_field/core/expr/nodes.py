"""The syntax tree of an expression, and how each node evaluates.

Operators of one precedence level are kept as one ``Chain`` node evaluated in
a loop, so ``1 + 1 + ... + 1`` costs no recursion however long it is; only
brackets, function calls and unary minus nest, and the parser bounds how deep.
Every node prints back to text (``text()``) that parses to the same tree.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

from ocpsc_field.core.expr import operators
from ocpsc_field.core.expr.context import EvalContext
from ocpsc_field.core.expr.values import Value, number_text, to_boolean, to_number


class Node:
    """One node of the tree."""

    __slots__ = ()

    def evaluate(self, context: EvalContext) -> Value:
        raise NotImplementedError

    def children(self) -> tuple[Node, ...]:
        return ()

    def text(self) -> str:
        raise NotImplementedError

    def walk(self) -> Iterator[Node]:
        """This node and every node below it, depth first."""
        stack: list[Node] = [self]
        while stack:
            node = stack.pop()
            yield node
            stack.extend(reversed(node.children()))


@dataclass(frozen=True, slots=True)
class Literal(Node):
    value: str

    def evaluate(self, context: EvalContext) -> Value:
        return self.value

    def text(self) -> str:
        quote = '"' if "'" in self.value else "'"
        return f"{quote}{self.value}{quote}"


@dataclass(frozen=True, slots=True)
class Number(Node):
    value: float

    def evaluate(self, context: EvalContext) -> Value:
        return self.value

    def text(self) -> str:
        return number_text(self.value)


@dataclass(frozen=True, slots=True)
class Reference(Node):
    """``${name}``."""

    name: str

    def evaluate(self, context: EvalContext) -> Value:
        return context.resolve(self.name)

    def text(self) -> str:
        return "${" + self.name + "}"


@dataclass(frozen=True, slots=True)
class Current(Node):
    """``.``: the value of the question a constraint belongs to."""

    def evaluate(self, context: EvalContext) -> Value:
        return context.current_value()

    def text(self) -> str:
        return "."


@dataclass(frozen=True, slots=True)
class Parent(Node):
    """``..``: only ever the argument of ``position(..)``, which reads it itself."""

    def evaluate(self, context: EvalContext) -> Value:
        return ""

    def text(self) -> str:
        return ".."


@dataclass(frozen=True, slots=True)
class Bare(Node):
    """A plain name: a column of the choice a ``choice_filter`` is tested on."""

    name: str

    def evaluate(self, context: EvalContext) -> Value:
        return context.bare_value(self.name)

    def text(self) -> str:
        return self.name


Implementation = Callable[[EvalContext, tuple[Node, ...]], Value]


@dataclass(frozen=True, slots=True)
class Call(Node):
    name: str
    arguments: tuple[Node, ...]
    implementation: Implementation

    def evaluate(self, context: EvalContext) -> Value:
        return self.implementation(context, self.arguments)

    def children(self) -> tuple[Node, ...]:
        return self.arguments

    def text(self) -> str:
        return f"{self.name}({', '.join(argument.text() for argument in self.arguments)})"


@dataclass(frozen=True, slots=True)
class Negate(Node):
    operand: Node

    def evaluate(self, context: EvalContext) -> Value:
        return -to_number(self.operand.evaluate(context))

    def children(self) -> tuple[Node, ...]:
        return (self.operand,)

    def text(self) -> str:
        return "-" + self.operand.text()


@dataclass(frozen=True, slots=True)
class Chain(Node):
    """``operands[0] symbols[0] operands[1] ...``, all of one precedence, left to right."""

    symbols: tuple[str, ...]
    operands: tuple[Node, ...]

    def evaluate(self, context: EvalContext) -> Value:
        first = self.symbols[0]
        if first in ("or", "and"):
            return self._logical(context, first == "or")
        result = self.operands[0].evaluate(context)
        for symbol, operand in zip(self.symbols, self.operands[1:], strict=True):
            right = operand.evaluate(context)
            if symbol in operators.COMPARISONS:
                result = operators.compare(symbol, result, right)
            else:
                result = operators.arithmetic(symbol, result, right)
        return result

    def _logical(self, context: EvalContext, is_or: bool) -> bool:
        # One chain holds only "or" or only "and": they are different levels.
        for operand in self.operands:
            if to_boolean(operand.evaluate(context)) is is_or:
                return is_or
        return not is_or

    def children(self) -> tuple[Node, ...]:
        return self.operands

    def text(self) -> str:
        parts = [self.operands[0].text()]
        for symbol, operand in zip(self.symbols, self.operands[1:], strict=True):
            parts.append(f" {symbol} {operand.text()}")
        return "(" + "".join(parts) + ")"
