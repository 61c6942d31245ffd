"""Keyboard mnemonics of one window: every ``&x`` must pick out a single control."""

from __future__ import annotations

import re
from collections import defaultdict

from PySide6.QtWidgets import QAbstractButton, QGroupBox, QLabel, QWidget

_MNEMONIC = re.compile(r"&&|&(\w)")


def mnemonic(text: str) -> str | None:
    """The letter after a single ``&`` (``&&`` is a literal ampersand), lower-cased."""
    for found in _MNEMONIC.finditer(text):
        if found.group(1):
            return found.group(1).casefold()
    return None


def mnemonics(window: QWidget) -> dict[str, list[str]]:
    """Each mnemonic letter in ``window`` (shown or not yet shown) and the texts using it."""
    texts = [button.text() for button in window.findChildren(QAbstractButton)]
    texts += [label.text() for label in window.findChildren(QLabel) if label.buddy() is not None]
    texts += [box.title() for box in window.findChildren(QGroupBox)]
    used: dict[str, list[str]] = defaultdict(list)
    for text in texts:
        letter = mnemonic(text)
        if letter is not None:
            used[letter].append(text)
    return dict(used)


def assert_unique_mnemonics(window: QWidget) -> None:
    repeated = {letter: texts for letter, texts in mnemonics(window).items() if len(texts) > 1}
    assert repeated == {}, f"mnemonics used twice: {repeated}"
