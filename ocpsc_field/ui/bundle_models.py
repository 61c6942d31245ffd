"""The coordinator's collected bundles as a table, and the words for each bundle's state.

A row shows only what a bundle's clear header says (who sent how many records,
which changes, when) and where it stands: waiting to upload, uploading,
uploaded, or refused by HQ. Nothing in it comes from inside a bundle: the
coordinator's laptop cannot open one.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QFont

from ocpsc_field.i18n import _, ngettext
from ocpsc_field.store import relay
from ocpsc_field.store.relay import RelayBundle
from ocpsc_field.ui import formats
from ocpsc_field.ui.models import format_number

ModelIndex = QModelIndex | QPersistentModelIndex
BUNDLE_ROLE = Qt.ItemDataRole.UserRole + 1
TEXT_ROLES = (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole)


def isolate(text: str) -> str:
    """Keep a sentence in its own direction inside a right-to-left table."""
    return f"\u2068{text}\u2069"


def moment_text(iso: str | None) -> str:
    """A stored UTC time in the user's time zone and locale; "" when unknown."""
    if not iso:
        return ""
    try:
        return formats.format_moment(iso, "short")
    except ValueError:
        return ""


def size_text(size: int) -> str:
    """A bundle's size: at least one kilobyte, then megabytes with one decimal."""
    return formats.format_size(max(size, formats.KIB))


def change_numbers(first: int, last: int) -> str:
    """The bundle's change numbers (the laptop's journal op ids): "7" or "1–1,500".

    Numbers only: the sentences around them name them ("change numbers 1–6"),
    so no translated word is ever put inside another sentence.
    """
    if first == last:
        return format_number(first)
    return f"{format_number(first)}\u2013{format_number(last)}"


def records_text(count: int) -> str:
    return ngettext("{count} record", "{count} records", count).format(count=format_number(count))


def sender_text(bundle: RelayBundle) -> str:
    return _("{user} (laptop {device})").format(
        user=bundle.sender_user, device=bundle.sender_device[:8]
    )


def state_text(bundle: RelayBundle, uploading: bool = False) -> str:
    """Where the bundle stands, in a few words."""
    if uploading:
        return _("Uploading\u2026")
    if bundle.state == relay.QUEUED:
        return _("Waiting to upload")
    if bundle.state == relay.REFUSED:
        return _("Refused by HQ")
    if bundle.state == relay.UPLOADED:
        return _("Uploaded {when}").format(when=moment_text(bundle.uploaded_at))
    return bundle.state


class RelayBundlesModel(QAbstractTableModel):
    """Collected bundles, newest first, one row each; ``uploading`` marks the one in flight."""

    COL_SENDER, COL_RECORDS, COL_CHANGES, COL_SIZE, COL_MADE, COL_STATE = range(6)

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.bundles: list[RelayBundle] = []
        self.uploading: str | None = None

    def set_bundles(self, bundles: Sequence[RelayBundle]) -> None:
        self.beginResetModel()
        self.bundles = list(bundles)
        self.endResetModel()

    def set_uploading(self, bundle_id: str | None) -> None:
        self.uploading = bundle_id
        if self.bundles:
            self.dataChanged.emit(
                self.index(0, self.COL_STATE), self.index(len(self.bundles) - 1, self.COL_STATE)
            )

    def row_of(self, bundle_id: str) -> int:
        return next((row for row, item in enumerate(self.bundles) if item.id == bundle_id), -1)

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.bundles)

    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else 6

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        if orientation != Qt.Orientation.Horizontal or role not in TEXT_ROLES:
            return None
        return [_("Sent by"), _("Records"), _("Changes"), _("Size"), _("Made"), _("Status")][
            section
        ]

    def cell_text(self, row: int, column: int) -> str:
        item = self.bundles[row]
        return [
            sender_text(item),
            records_text(item.record_count),
            change_numbers(item.op_id_from, item.op_id_to),
            size_text(item.size),
            moment_text(item.made_at),
            state_text(item, item.id == self.uploading),
        ][column]

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        if role == BUNDLE_ROLE:
            return self.bundles[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return isolate(self.cell_text(index.row(), index.column()))
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return self.cell_text(index.row(), index.column())
        if role == Qt.ItemDataRole.FontRole and index.column() == self.COL_STATE:
            item = self.bundles[index.row()]
            if item.state == relay.REFUSED:
                font = QFont()  # the application's font, in bold: words first, never colour
                font.setBold(True)
                return font
        return None
