"""How a resident's timeline reads: dates, one-line summaries and sync states in words.

The store hands over codes and names by language (``store.timeline``); this
module words them in the user's language, and ``TimelineModel`` shows them.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt

from ocpsc_field import i18n
from ocpsc_field.core.labels import pick_label
from ocpsc_field.core.records import Kind
from ocpsc_field.i18n import _
from ocpsc_field.store.timeline import Standing, SyncState, TimelineEntry
from ocpsc_field.ui.conversation_parts import local_time_text
from ocpsc_field.ui.formats import format_day
from ocpsc_field.ui.models import ModelIndex, language_name, list_text
from ocpsc_field.ui.pages.conversations import channel_label, outcome_label


def standing_text(standing: Standing) -> str:
    """Where a record stands with HQ, in words."""
    if standing.state is SyncState.ATTENTION:
        return _("Needs attention: {reason}").format(
            reason=standing.reason or _("HQ did not accept it")
        )
    if standing.state is SyncState.SAVED:
        return _("Saved on this laptop")
    return _("Sent")


def day_text(value: str | None) -> str:
    """A stored date or UTC timestamp in the user's words (timestamps in local time)."""
    if not value:
        return ""
    try:
        if "T" in value:
            return local_time_text(value)
        return format_day(value)
    except ValueError:
        return value


def entry_summary(entry: TimelineEntry) -> str:
    """What happened, in one line."""
    details = entry.details
    language = i18n.current_language()
    if entry.kind is Kind.CONTACT_LOG:
        text = _("{outcome} · {channel} · in {language}").format(
            outcome=outcome_label(details.get("outcome")),
            channel=channel_label(details.get("channel")),
            language=language_name(details.get("language")),
        )
        programs = [pick_label(labels, language) for labels in details.get("programs") or []]
        if programs:
            text = _("{summary} · talked about {programs}").format(
                summary=text, programs=list_text([name for name in programs if name])
            )
        if details.get("follow_up_date"):
            text = _("{summary} · follow up by {date}").format(
                summary=text, date=day_text(details["follow_up_date"])
            )
        if details.get("is_correction"):
            text = _("Correction: {summary}").format(summary=text)
        return text
    if entry.kind is Kind.ENROLLMENT:
        return _("{program}: {status}").format(
            program=pick_label(details.get("program"), language, _("A program")),
            status=status_name(details.get("status")),
        )
    title = pick_label(details.get("survey"), language, _("Survey"))
    if details.get("status") == "complete":
        return _("Survey “{title}”: completed").format(title=title)
    return _("Survey “{title}”: not finished").format(title=title)


def status_name(status: str | None) -> str:
    """An enrollment's status in words."""
    names = {
        "started": _("Started"),
        "submitted": _("Submitted"),
        "approved": _("Approved"),
        "denied": _("Denied"),
        "withdrawn": _("Withdrawn"),
    }
    return names.get(status or "", status or "")


def kind_text(kind: Kind) -> str:
    return {
        Kind.CONTACT_LOG: _("Conversation"),
        Kind.ENROLLMENT: _("Enrollment"),
        Kind.SURVEY_RESPONSE: _("Survey"),
    }.get(kind, kind.value)


class TimelineModel(QAbstractTableModel):
    """The resident's records, newest first."""

    COL_WHEN, COL_KIND, COL_WHAT, COL_STATE = range(4)

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.entries: list[TimelineEntry] = []

    def set_entries(self, entries: Sequence[TimelineEntry]) -> None:
        self.beginResetModel()
        self.entries = list(entries)
        self.endResetModel()

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.entries)

    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else 4

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        if orientation != Qt.Orientation.Horizontal or role not in (
            Qt.ItemDataRole.DisplayRole,
            Qt.ItemDataRole.AccessibleTextRole,
        ):
            return None
        return [_("When"), _("What"), _("What happened"), _("Sent to HQ?")][section]

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or role not in (
            Qt.ItemDataRole.DisplayRole,
            Qt.ItemDataRole.AccessibleTextRole,
        ):
            return None
        entry = self.entries[index.row()]
        return [
            day_text(entry.when),
            kind_text(entry.kind),
            entry_summary(entry),
            standing_text(entry.standing),
        ][index.column()]
