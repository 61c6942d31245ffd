"""Choosing bundle and receipts files: Qt's own file dialog, opened without blocking.

The dialogs are Qt's widget-based ones, not the system's: they look and read
the same on every laptop, follow the app's language and layout direction, and
can be driven with the keyboard alone (type a path in the file name field and
press Enter). They open window-modal with ``open()``, so the app keeps painting
and its database and network work go on; the answer arrives through a
callback. The dialog being shown is kept in :attr:`FileChooser.dialog`.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QDir, Qt
from PySide6.QtWidgets import QFileDialog, QWidget

from ocpsc_field.i18n import _
from ocpsc_field.sync.bundle_format import SUFFIX as BUNDLE_SUFFIX
from ocpsc_field.sync.bundle_receipts import SUFFIX as RECEIPTS_SUFFIX


def bundle_filter() -> str:
    return _("OCPSC Field bundles (*{suffix})").format(suffix=BUNDLE_SUFFIX)


def receipts_filter() -> str:
    return _("OCPSC Field receipts files (*{suffix})").format(suffix=RECEIPTS_SUFFIX)


def all_files_filter() -> str:
    return _("All files (*)")


class FileChooser:
    """Opens one file dialog at a time for ``parent`` and calls back with the choice."""

    def __init__(self, parent: QWidget) -> None:
        self._parent = parent
        self.dialog: QFileDialog | None = None

    def _open(
        self,
        title: str,
        mode: QFileDialog.FileMode,
        accept: QFileDialog.AcceptMode,
        chosen: Callable[[list[Path]], None],
        *,
        start: Path | None = None,
        filters: tuple[str, ...] = (),
        suggested: str = "",
    ) -> QFileDialog:
        if self.dialog is not None:
            self.dialog.close()
        dialog = QFileDialog(self._parent, title, str(start or Path(QDir.homePath())))
        dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)
        dialog.setFileMode(mode)
        dialog.setAcceptMode(accept)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.setAccessibleName(title)
        saving = accept == QFileDialog.AcceptMode.AcceptSave
        if filters:
            dialog.setNameFilters(list(filters))
        if suggested:
            dialog.selectFile(suggested)
        for label, text in (
            (QFileDialog.DialogLabel.Accept, _("Save") if saving else _("Choose")),
            (QFileDialog.DialogLabel.Reject, _("Cancel")),
            (QFileDialog.DialogLabel.LookIn, _("Look in:")),
            (QFileDialog.DialogLabel.FileName, _("File name:")),
            (QFileDialog.DialogLabel.FileType, _("Files of type:")),
        ):
            dialog.setLabelText(label, text)
        dialog.filesSelected.connect(lambda names: chosen([Path(name) for name in names]))
        dialog.destroyed.connect(lambda *_args: self._forget(dialog))
        self.dialog = dialog
        dialog.open()
        return dialog

    def _forget(self, dialog: QFileDialog) -> None:
        if self.dialog is dialog:
            self.dialog = None

    def save_file(
        self,
        title: str,
        suggested: str,
        chosen: Callable[[Path], None],
        *,
        filters: tuple[str, ...],
        suffix: str,
        start: Path | None = None,
    ) -> QFileDialog:
        """Ask where to save (``suffix`` is added to a name typed without it); the
        dialog itself asks before replacing a file."""
        dialog = self._open(
            title,
            QFileDialog.FileMode.AnyFile,
            QFileDialog.AcceptMode.AcceptSave,
            lambda paths: chosen(paths[0]) if paths else None,
            start=start,
            filters=filters,
            suggested=suggested,
        )
        dialog.setDefaultSuffix(suffix.lstrip("."))
        return dialog

    def open_files(
        self,
        title: str,
        chosen: Callable[[list[Path]], None],
        *,
        filters: tuple[str, ...],
        many: bool = False,
        start: Path | None = None,
    ) -> QFileDialog:
        mode = QFileDialog.FileMode.ExistingFiles if many else QFileDialog.FileMode.ExistingFile
        return self._open(
            title, mode, QFileDialog.AcceptMode.AcceptOpen, chosen, start=start, filters=filters
        )

    def folder(
        self, title: str, chosen: Callable[[Path], None], *, start: Path | None = None
    ) -> QFileDialog:
        dialog = self._open(
            title,
            QFileDialog.FileMode.Directory,
            QFileDialog.AcceptMode.AcceptOpen,
            lambda paths: chosen(paths[0]) if paths else None,
            start=start,
        )
        dialog.setOption(QFileDialog.Option.ShowDirsOnly, True)
        return dialog
