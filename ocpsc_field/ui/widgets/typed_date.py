"""The keys typed into an empty date field, read as a date once they spell a whole one.

Kept apart from the widget (and free of Qt) so the reading rules are plain to
see: the order of the language's short date format, or year first as in ISO.
"""

from __future__ import annotations

import re
from datetime import date


class TypedDate:
    """Keys typed for a date: digits in the display pattern's order, or year first (ISO).

    Any punctuation separates the parts, so "5/6/2020", "6.5.2020" and "2020-05-06"
    all read as three numbers; four digits first always means year, month, day.
    """

    SEPARATORS = frozenset("/.-,: \u00a0\u5e74\u6708\u65e5\ub144\uc6d4\uc77c")
    LONGEST = 16

    def __init__(self, pattern: str) -> None:
        order = [letter for letter in pattern if letter in "dMy"]
        self.order = "".join(dict.fromkeys(order)) if len(set(order)) == 3 else "Mdy"
        self.text = ""

    def accepts(self, character: str) -> bool:
        if len(self.text) >= self.LONGEST:
            return False
        return character.isdigit() or character in self.SEPARATORS

    def _parts(self) -> tuple[str, list[str]]:
        parts = re.findall(r"\d+", self.text)
        order = "yMd" if parts and len(parts[0]) == 4 else self.order
        return order, parts

    def day(self) -> date | None:
        order, parts = self._parts()
        if len(parts) != 3:
            return None
        found = dict(zip(order, parts, strict=True))
        if len(found["y"]) != 4:
            return None
        try:
            return date(int(found["y"]), int(found["M"]), int(found["d"]))
        except ValueError:
            return None

    def is_whole(self) -> bool:
        """True once no further digit could belong to the last part."""
        if self.day() is None:
            return False
        order, parts = self._parts()
        last, digits = order[-1], parts[-1]
        if last == "y":
            return len(digits) == 4
        most = 31 if last == "d" else 12
        return len(digits) >= 2 or int(digits) * 10 > most
