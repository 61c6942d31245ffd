"""A parsed expression: what it refers to, and evaluating it safely."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

from ocpsc_field.core.expr import errors
from ocpsc_field.core.expr.context import EvalContext
from ocpsc_field.core.expr.errors import ExpressionError, fail
from ocpsc_field.core.expr.nodes import Bare, Current, Node, Reference
from ocpsc_field.core.expr.parser import parse_tree
from ocpsc_field.core.expr.values import Value, to_boolean, to_string


@dataclass(frozen=True)
class Expression:
    """An expression as written (``text``) and as parsed (``tree``).

    ``references`` are the ``${name}``s it reads, ``uses_current`` whether it reads
    ``.``, ``bare_names`` the plain names (columns of the choices sheet, in a
    ``choice_filter``)."""

    text: str
    tree: Node = field(repr=False, compare=False)
    references: frozenset[str] = field(default=frozenset(), compare=False)
    uses_current: bool = field(default=False, compare=False)
    bare_names: frozenset[str] = field(default=frozenset(), compare=False)

    def evaluate(self, context: EvalContext) -> Value:
        """The value in ``context``; raises only ``ExpressionError``."""
        try:
            return self.tree.evaluate(context)
        except ExpressionError:
            raise
        except (ArithmeticError, ValueError, TypeError, LookupError, RecursionError) as error:
            # A bug here must not take the form down with it: the caller reports it.
            raise fail(errors.NOT_EVALUATED) from error

    def is_true(self, context: EvalContext) -> bool:
        """The value as a boolean (for ``relevant``, ``constraint``, ``required``)."""
        return to_boolean(self.evaluate(context))

    def text_value(self, context: EvalContext) -> str:
        """The value as text (for ``calculation`` and ``default``)."""
        return to_string(self.evaluate(context))


@lru_cache(maxsize=4_096)
def parse(text: str) -> Expression:
    """Parse ``text``; raises ``ExpressionError`` (``message``, ``position``) when it can't.

    Expressions are immutable, so a text used on many items is parsed once."""
    tree = parse_tree(text)
    references: set[str] = set()
    bare: set[str] = set()
    uses_current = False
    for node in tree.walk():
        if isinstance(node, Reference):
            references.add(node.name)
        elif isinstance(node, Bare):
            bare.add(node.name)
        elif isinstance(node, Current):
            uses_current = True
    return Expression(text, tree, frozenset(references), uses_current, frozenset(bare))
