"""Text HQ publishes in many languages, shown in the user's, with the fallback marked.

Program names and descriptions, resource directory entries and survey titles
arrive as ``{language tag: text}``. ``core.labels`` picks the text to show:
the UI language when HQ has it, else English. A text shown in another
language is marked, never passed off as a translation:

- in a list, the language follows the name ("CalFresh · English"), the
  tooltip says "Not translated into Arabic: shown in English.", and a screen
  reader hears that sentence too (no italics: they change a row's height
  after the list has measured it, and clip its last line);
- beside a heading, a small tag names the language it is written in; a
  longer text (a description) is set in italics with the note as tooltip.

The sentence is the one survey forms use for their own untranslated texts.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QWidget

from ocpsc_field import i18n
from ocpsc_field.core.bidi import isolate
from ocpsc_field.core.labels import label_tag, other_language_tag, pick_label
from ocpsc_field.i18n import _
from ocpsc_field.ui.formats import layout_is_rtl
from ocpsc_field.ui.models import language_name


@dataclass(frozen=True)
class LabelText:
    """A multilingual label as shown: its text, and its language when it is not the UI's."""

    text: str
    other_language: str | None = None

    @property
    def is_fallback(self) -> bool:
        return self.other_language is not None

    @property
    def note(self) -> str:
        """ "Not translated into Arabic: shown in English." ("" when translated)."""
        if self.other_language is None:
            return ""
        return _("Not translated into {language}: shown in {default}.").format(
            language=language_name(i18n.current_language()),
            default=language_name(self.other_language),
        )

    def tagged(self) -> str:
        """The text, followed by its language when it is a fallback: "CalFresh · English"."""
        if self.other_language is None:
            return self.text
        return i18n.fill(
            _("{name} · {language}"), name=self.text, language=language_name(self.other_language)
        )

    def spoken(self) -> str:
        """What a screen reader says: the text, then the note when there is one."""
        return f"{self.text}\n{self.note}" if self.note else self.text


def label_text(
    labels: Mapping[str, Any] | None, default: str = "", fallback: str = "en"
) -> LabelText:
    """``labels`` in the active UI language; without a translation, in ``fallback``
    (English, or a survey's own default language), then in any language it has."""
    language = i18n.current_language()
    if other_language_tag(labels, language) is None:
        return LabelText(pick_label(labels, language, default))
    shown = label_tag(labels, fallback)
    if shown is None or labels is None:
        return LabelText(default)
    return LabelText(str(labels[shown]), shown)


def item_data(shown: LabelText, role: int) -> Any:
    """The extra item roles of a list row whose text is ``shown`` (None: not ours).

    Models answer the display role themselves (with ``LabelText.tagged``) and
    ask here for the tooltip and the accessible description of a fallback text.
    """
    if not shown.is_fallback:
        return None
    if role in (Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleDescriptionRole):
        return shown.note
    return None


def data_lines(lines: list[str]) -> str:
    """Lines of a list entry, one per line; in a right-to-left layout each line is
    isolated, so an English description keeps its full stop at its end."""
    kept = [line for line in lines if line]
    if layout_is_rtl():
        kept = [isolate(line) for line in kept]
    return "\n".join(kept)


class LanguageTag(QLabel):
    """A small tag beside a heading naming the language of a text shown untranslated."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setFrameShape(QLabel.Shape.StyledPanel)
        self.setContentsMargins(4, 0, 4, 0)
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.hide()

    def show_for(self, shown: LabelText) -> None:
        """Name the language of ``shown`` when it is a fallback; hide otherwise."""
        if shown.other_language is None:
            self.clear()
            self.setToolTip("")
            self.setAccessibleName("")
            self.hide()
            return
        self.setText(language_name(shown.other_language))
        self.setToolTip(shown.note)
        self.setAccessibleName(shown.note)
        self.show()


def mark_label(label: QLabel, shown: LabelText) -> None:
    """Show ``shown`` in ``label``; italic, with the note as tooltip, when a fallback."""
    label.setText(shown.text)
    font = label.font()
    font.setItalic(shown.is_fallback)
    label.setFont(font)
    label.setToolTip(shown.note)
    label.setAccessibleDescription(shown.note)
