"""The import's column step: which column holds which resident field, with a live preview.

Each resident field gets a list of the file's columns, prefilled from the
header names. Every change re-checks the first rows at once (on the GUI
thread: they are already in memory, and checking them touches no disk), so
the preview always shows what would be saved.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import (
    QAbstractScrollArea,
    QComboBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from ocpsc_field.i18n import _
from ocpsc_field.store.importer import (
    DELIMITER_LABELS,
    ENCODING_LABELS,
    IMPORT_FIELDS,
    REQUIRED_FIELDS,
    ImportOptions,
    SourceRow,
    Table,
    check_row,
    column_letter,
)
from ocpsc_field.ui.formats import format_items
from ocpsc_field.ui.import_models import PreviewModel, field_label
from ocpsc_field.ui.pages.common import heading, set_text, wrapped
from ocpsc_field.ui.pages.residents import resident_table

COMBO_CHARS = 18


def column_name(table: Table, index: int) -> str:
    """How a column is offered: its letter, as the spreadsheet shows it, and its name."""
    letter = column_letter(index)
    name = table.header[index] if index < len(table.header) else ""
    if not name:
        return _("Column {letter}").format(letter=letter)
    return _("{letter}: {name}").format(letter=letter, name=name)


def describe_table(table: Table) -> str:
    """What was read, in words: the user can see what the app assumed about the file."""
    if table.format == "xlsx":
        if table.sheet_count > 1:
            return _(
                "“{file}”: sheet “{sheet}” ({count} sheets in the file; only this one is "
                "imported). The column names are in row {row}."
            ).format(
                file=table.path.name,
                sheet=table.sheet,
                count=table.sheet_count,
                row=table.header_row,
            )
        return _("“{file}”: sheet “{sheet}”. The column names are in row {row}.").format(
            file=table.path.name, sheet=table.sheet, row=table.header_row
        )
    return _(
        "“{file}”: text read as {encoding}, columns separated by {delimiter}. "
        "The column names are in row {row}."
    ).format(
        file=table.path.name,
        encoding=_(ENCODING_LABELS.get(table.encoding or "", table.encoding or "")),
        delimiter=_(DELIMITER_LABELS.get(table.delimiter or "", table.delimiter or "")),
        row=table.header_row,
    )


class MappingStep(QWidget):
    """Match the file's columns to resident fields; see the first rows as they will be saved."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName(_("Match the columns"))
        self.table: Table | None = None
        self._preview_rows: list[SourceRow] = []
        self.file_summary = wrapped("", self)
        self.combos: dict[str, QComboBox] = {}
        form_widget = QWidget(self)
        form = self.form = QFormLayout(form_widget)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.DontWrapRows)
        self._labels: list[QLabel] = []
        for name in IMPORT_FIELDS:
            combo = self._combo()
            required = name in REQUIRED_FIELDS
            text = _("{field} (required)").format(field=field_label(name)) if required else None
            label = QLabel(text or field_label(name), form_widget)
            label.setBuddy(combo)
            self._labels.append(label)
            combo.setAccessibleName(text or field_label(name))
            combo.setAccessibleDescription(_("The column of the file that holds this field."))
            combo.currentIndexChanged.connect(self.update_preview)
            self.combos[name] = combo
            form.addRow(label, combo)
        self.date_order = self._combo()
        self.date_order.addItem(_("month/day/year (US)"), False)
        self.date_order.addItem(_("day/month/year"), True)
        # A whole label, whichever order is chosen: "Order of dates like 03/04/1980:".
        example = {"example": "03/04/1980"}
        self.date_order.setAccessibleName(_("Order of dates like {example}").format(**example))
        date_label = QLabel(_("Order of dates like {example}:").format(**example), form_widget)
        date_label.setBuddy(self.date_order)
        self._labels.append(date_label)
        form.addRow(date_label, self.date_order)
        self.date_order.currentIndexChanged.connect(self.update_preview)

        self.form_area = QScrollArea(self)
        self.form_area.setWidgetResizable(True)
        self.form_area.setFrameShape(QFrame.Shape.NoFrame)
        self.form_area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.form_area.setSizeAdjustPolicy(QAbstractScrollArea.SizeAdjustPolicy.AdjustToContents)
        self.form_area.setWidget(form_widget)
        self.form_area.setAccessibleName(_("Resident fields"))
        self.form_area.installEventFilter(self)

        self.preview_model = PreviewModel(self)
        self.preview = resident_table(self.preview_model, _("Preview of the first rows"), self)
        self.preview.verticalHeader().show()
        self.preview.setTabKeyNavigation(False)
        preview_intro = wrapped(
            _(
                "The first rows, as they will be saved. ⚠ marks a value that needs fixing; "
                "point at it to read why."
            ),
            self,
        )
        self.missing = wrapped("", self)
        self.error = wrapped("", self)
        for label in (self.missing, self.error):
            font = label.font()
            font.setBold(True)
            label.setFont(font)
            label.setAccessibleDescription(_("Problem"))
            label.hide()
        self.back_button = QPushButton(_("&Back"), self)
        self.back_button.setAccessibleName(_("Back"))
        self.check_button = QPushButton(_("&Check all rows"), self)
        self.check_button.setAccessibleName(_("Check all rows"))

        preview_column = QVBoxLayout()
        preview_column.addWidget(preview_intro)
        preview_column.addWidget(self.preview, 1)
        body = QHBoxLayout()
        body.addWidget(self.form_area, 2)
        body.addLayout(preview_column, 3)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.back_button)
        buttons.addWidget(self.check_button)
        layout = QVBoxLayout(self)
        layout.addWidget(heading(_("Match the columns"), self))
        layout.addWidget(self.file_summary)
        layout.addLayout(body, 1)
        layout.addWidget(self.missing)
        layout.addWidget(self.error)
        layout.addLayout(buttons)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.form_area and event.type() == QEvent.Type.Resize:
            self._fit_form()
        return super().eventFilter(watched, event)

    def _fit_form(self) -> None:
        """Labels beside their lists when there is room, above them when there is not.

        At large font sizes (or with long translations) a label beside its list
        would have to wrap, and word-wrapped labels in a form get cut off; on a
        line of their own they have the whole width.
        """
        # Measured unwrapped, so wrapping a label can't make it look narrow enough to unwrap.
        widest = max(
            label.fontMetrics().horizontalAdvance(label.text().replace("&", ""))
            for label in self._labels
        )
        combo = self.date_order.minimumSizeHint().width()
        spacing = self.form.horizontalSpacing() + self.form.contentsMargins().left() * 2
        room = self.form_area.width() - self.form_area.verticalScrollBar().sizeHint().width()
        wrap = widest + combo + spacing > room
        policy = QFormLayout.RowWrapPolicy
        wanted = policy.WrapAllRows if wrap else policy.DontWrapRows
        if self.form.rowWrapPolicy() != wanted:
            self.form.setRowWrapPolicy(wanted)
        for label in self._labels:
            label.setWordWrap(wrap)

    def _combo(self) -> QComboBox:
        combo = QComboBox(self)
        combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        combo.setMinimumContentsLength(COMBO_CHARS)
        return combo

    def set_table(
        self, table: Table, preview: Sequence[SourceRow], mapping: dict[str, int]
    ) -> None:
        """Show a newly read file, with the guessed columns chosen."""
        self.table = table
        self._preview_rows = list(preview)
        set_text(self.file_summary, describe_table(table))
        self.error.hide()
        for name, combo in self.combos.items():
            combo.blockSignals(True)
            combo.clear()
            combo.addItem(_("Not in this file"), None)
            for index in range(len(table.header)):
                combo.addItem(column_name(table, index), index)
            chosen = mapping.get(name)
            combo.setCurrentIndex(0 if chosen is None else chosen + 1)
            combo.blockSignals(False)
        self.update_preview()

    def options(self) -> ImportOptions:
        mapping = {
            name: int(combo.currentData())
            for name, combo in self.combos.items()
            if combo.currentData() is not None
        }
        return ImportOptions(mapping=mapping, day_first=bool(self.date_order.currentData()))

    def ready(self) -> bool:
        return not self._missing()

    def _missing(self) -> list[str]:
        return [name for name in REQUIRED_FIELDS if self.combos[name].currentData() is None]

    def focus_first(self) -> None:
        self.combos[IMPORT_FIELDS[0]].setFocus()

    def update_preview(self) -> None:
        options = self.options()
        fields = [name for name in IMPORT_FIELDS if name in options.mapping]
        rows = []
        for row in self._preview_rows:
            raw = {
                name: row.cells[column] if column < len(row.cells) else None
                for name, column in options.mapping.items()
            }
            rows.append((row.number, check_row(row.cells, options), raw))
        self.preview_model.set_rows(fields, rows)
        missing = self._missing()
        if missing:
            names = format_items([field_label(name) for name in missing])
            set_text(
                self.missing,
                _("Every resident needs this; choose the column that holds it: {fields}.").format(
                    fields=names
                ),
            )
        self.missing.setVisible(bool(missing))
        self.check_button.setEnabled(not missing)
