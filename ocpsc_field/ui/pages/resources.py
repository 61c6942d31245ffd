"""Resources: find a place to refer a resident to, with everything the referral needs.

The directory is stored on this laptop, so searching works offline. Typing
searches names, services and descriptions as you type; the county, language
and category filters narrow the list at once. The details pane shows the
chosen place in full, and its text can be selected or copied for a referral.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, Qt, QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFormLayout,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QListView,
    QPushButton,
    QScrollArea,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from ocpsc_field import i18n
from ocpsc_field.core import bidi
from ocpsc_field.core.labels import pick_label
from ocpsc_field.i18n import _, ngettext
from ocpsc_field.store.resource_directory import (
    SEARCH_LIMIT,
    count_resources,
    directory_choices,
    search_resources,
)
from ocpsc_field.store.session import OpenProfile
from ocpsc_field.ui.formats import format_items
from ocpsc_field.ui.models import display_phone, format_number, language_name
from ocpsc_field.ui.multilingual import (
    LabelText,
    LanguageTag,
    data_lines,
    item_data,
    label_text,
)
from ocpsc_field.ui.pages.common import EmptyState, heading, scaled_font, set_text, wrapped
from ocpsc_field.ui.pages.residents import DEBOUNCE_MS, SearchBox
from ocpsc_field.ui.tasks import DatabaseQueue, Task

ModelIndex = QModelIndex | QPersistentModelIndex


def category_name(category: str | None) -> str:
    """A resource category in words."""
    names = {
        "food": _("Food"),
        "legal_aid": _("Legal aid"),
        "reentry": _("Reentry after prison or jail"),
        "health_clinic": _("Health clinic"),
        "mental_health": _("Mental health"),
        "housing": _("Housing"),
        "utilities": _("Utilities"),
        "employment": _("Jobs and training"),
        "education": _("Education"),
        "immigration": _("Immigration"),
        "family": _("Family and children"),
        "seniors": _("Older adults"),
        "disability": _("Disability"),
        "transportation": _("Transportation"),
    }
    return names.get(category or "", category or "")


def resource_name(resource: Mapping[str, Any]) -> str:
    return pick_label(resource.get("name"), i18n.current_language())


def languages_text(tags: Sequence[str] | None) -> str:
    """Languages spoken there, by name, in the UI language: "English, Spanish and Hmong"."""
    names = [language_name(tag) for tag in tags or ()]
    return format_items(names)


class ResourceListModel(QAbstractListModel):
    """Search results: each place's name, then its kind of service and where it is."""

    ResourceRole = Qt.ItemDataRole.UserRole + 1

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[dict[str, Any]] = []

    def set_rows(self, rows: Sequence[Mapping[str, Any]]) -> None:
        self.beginResetModel()
        self._rows = [dict(row) for row in rows]
        self.endResetModel()

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            county = _("{county} County").format(county=row.get("county") or "")
            where = _("{city}, {county}").format(city=row.get("city"), county=county)
            second = _("{category} · {place}").format(
                category=category_name(row.get("category")),
                place=where if row.get("city") else county,
            )
            shown = label_text(row.get("name"))
            if role == Qt.ItemDataRole.AccessibleTextRole:
                return LabelText(f"{shown.text}\n{second}", shown.other_language).spoken()
            return data_lines([shown.tagged(), second])
        if role == self.ResourceRole:
            return dict(row)
        # A name HQ has not translated yet is marked as such.
        return item_data(label_text(row.get("name")), role)


class ResourceDetails(QScrollArea):
    """One resource in full: what a referral needs, as selectable text."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAccessibleName(_("Resource details"))
        self.resource: dict[str, Any] | None = None
        body = QWidget(self)
        self.name = heading("", body)
        self.name_language = LanguageTag(body)
        self.category = wrapped("", body)
        self.hint = wrapped(_("Choose a resource in the list to see its details."), body)
        self.values: dict[str, QLabel] = {}
        self.form = QFormLayout()
        self.form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        for key, text in (
            ("services", _("Services:")),
            ("address_line", _("Address:")),
            ("city", _("City:")),
            ("zip", _("ZIP code:")),
            ("county", _("County:")),
            ("phone", _("Phone:")),
            ("hours", _("Hours:")),
            ("languages", _("Languages spoken:")),
            ("url", _("Website:")),
            ("description", _("About:")),
        ):
            value = wrapped("", body, name=text.rstrip(":："))
            value.setAccessibleDescription(text.rstrip(":："))
            value.setTextInteractionFlags(
                Qt.TextInteractionFlag.TextSelectableByMouse
                | Qt.TextInteractionFlag.TextSelectableByKeyboard
            )
            label = QLabel(text, body)
            label.setFont(scaled_font(label, 1.0, bold=True))
            label.setAccessibleName(text.rstrip(":："))
            self.form.addRow(label, value)
            self.values[key] = value
        self.copy_button = QPushButton(_("&Copy details for a referral"), body)
        self.copy_button.setAccessibleName(_("Copy details for a referral"))
        self.copy_button.clicked.connect(self.copy)
        layout = QVBoxLayout(body)
        layout.addWidget(self.hint)
        title = QHBoxLayout()
        title.addWidget(self.name, 1)
        title.addWidget(self.name_language, 0, Qt.AlignmentFlag.AlignTop)
        layout.addLayout(title)
        layout.addWidget(self.category)
        layout.addLayout(self.form)
        layout.addWidget(self.copy_button, 0, Qt.AlignmentFlag.AlignLeading)
        layout.addStretch(1)
        self.setWidget(body)
        self.show_resource(None)

    def show_resource(self, resource: Mapping[str, Any] | None) -> None:
        self.resource = dict(resource) if resource else None
        shown = resource is not None
        self.hint.setVisible(not shown)
        for widget in (self.name, self.category, self.copy_button):
            widget.setVisible(shown)
        if resource is None:
            self.name_language.show_for(LabelText(""))
            for row in range(self.form.rowCount()):
                self.form.setRowVisible(row, False)
            return
        name = label_text(resource.get("name"))
        set_text(self.name, name.text)
        self.name_language.show_for(name)
        set_text(self.category, category_name(resource.get("category")))
        texts = self.texts(resource)
        for row, (key, value) in enumerate(self.values.items()):
            # Each line in its own direction: an English address reads whole in Arabic.
            value.setText(data_lines(texts[key].split("\n")))
            # Read out as the value itself; an empty (hidden) row still has a name.
            value.setAccessibleName(texts[key] or value.accessibleDescription())
            self.form.setRowVisible(row, bool(texts[key]))
        # A description HQ has not translated yet: italic, and the tooltip says so.
        about, description = label_text(resource.get("description")), self.values["description"]
        font = description.font()
        font.setItalic(about.is_fallback)
        description.setFont(font)
        description.setToolTip(about.note)

    @staticmethod
    def texts(resource: Mapping[str, Any]) -> dict[str, str]:
        """Each detail as it reads on screen; empty when the directory does not say."""
        services = resource.get("services") or []
        return {
            "services": "\n".join(_("• {service}").format(service=s) for s in services),
            "address_line": resource.get("address_line") or "",
            "city": resource.get("city") or "",
            "zip": resource.get("zip") or "",
            "county": resource.get("county") or "",
            "phone": display_phone(resource.get("phone")),
            "hours": resource.get("hours") or "",
            "languages": languages_text(resource.get("languages")),
            "url": resource.get("url") or "",
            "description": pick_label(resource.get("description"), i18n.current_language()),
        }

    def referral_text(self) -> str:
        """The chosen resource as plain text to paste into a message or a note.

        Without the direction isolates the screen uses: a pasted phone number
        must be the digits alone, in any app.
        """
        if self.resource is None:
            return ""
        lines = [resource_name(self.resource), category_name(self.resource.get("category"))]
        texts = self.texts(self.resource)
        for row, key in enumerate(self.values):
            label = self.form.itemAt(row, QFormLayout.ItemRole.LabelRole).widget()
            if texts[key] and isinstance(label, QLabel):
                lines.append(f"{label.text()} {texts[key]}")
        return bidi.plain("\n".join(lines))

    def copy(self) -> None:
        QGuiApplication.clipboard().setText(self.referral_text())


class ResourcesPage(QWidget):
    """Search the directory by words, county, language spoken and kind of service."""

    def __init__(
        self, queue: DatabaseQueue, opened: OpenProfile, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._queue = queue
        self._database = opened.database
        self._pending: Task | None = None
        self.setAccessibleName(_("Resources"))
        intro = wrapped(
            _(
                "Find a place to refer a resident to. The directory is stored on this laptop, "
                "so it works offline."
            ),
            self,
        )
        self.search = SearchBox(self)
        self.search.setAccessibleName(_("Search resources"))
        self.search.setAccessibleDescription(
            _("Results update as you type. Press Down to move to the list.")
        )
        self.search.setPlaceholderText(_("Search by service or name, like food, legal or clinic"))
        self.search.setClearButtonEnabled(True)
        self.search.move_to_results.connect(self._focus_results)
        self.county = self._combo(_("All counties"))
        self.language = self._combo(_("Any language"))
        self.category = self._combo(_("All kinds of services"))
        filters = QGridLayout()
        for column, (text, combo) in enumerate(
            (
                (_("Co&unty:"), self.county),
                (_("&Language spoken:"), self.language),
                (_("&Kind of service:"), self.category),
            )
        ):
            label = QLabel(text, self)
            label.setBuddy(combo)
            # The label's own words name the filter too: a whole label, not the start
            # of a sentence that the chosen value would finish.
            name = text.replace("&", "").rstrip(":：")
            for named in (label, combo, combo.view()):
                named.setAccessibleName(name)
            filters.addWidget(label, 0, column)
            filters.addWidget(combo, 1, column)
            filters.setColumnStretch(column, 1)

        self.summary = wrapped("", self)
        self.model = ResourceListModel(self)
        self.list = QListView(self)
        self.list.setModel(self.model)
        self.list.setAccessibleName(_("Resources found"))
        self.list.setWordWrap(True)
        self.list.setResizeMode(QListView.ResizeMode.Adjust)
        self.list.setAlternatingRowColors(True)
        self.list.setSpacing(self.fontMetrics().height() // 4)
        self.list.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.details = ResourceDetails(self)
        self.split = QSplitter(Qt.Orientation.Horizontal, self)
        self.split.setAccessibleName(_("Resources found and details"))
        self.split.setChildrenCollapsible(False)
        self.split.addWidget(self.list)
        self.split.addWidget(self.details)
        self.split.setStretchFactor(0, 2)
        self.split.setStretchFactor(1, 3)
        self.empty_state = EmptyState(*self._empty_texts(False))
        self.results = QStackedWidget(self)
        self.results.setAccessibleName(_("Search results"))
        self.results.addWidget(self.split)
        self.results.addWidget(self.empty_state)
        self.results.setCurrentWidget(self.empty_state)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DEBOUNCE_MS)
        self._timer.timeout.connect(self.run_search)
        self.search.textChanged.connect(self._timer.start)
        for combo in (self.county, self.language, self.category):
            combo.currentIndexChanged.connect(self.run_search)
        selection = self.list.selectionModel()
        selection.currentChanged.connect(lambda current, _old: self._show_details(current))

        layout = QVBoxLayout(self)
        layout.addWidget(heading(_("Resources"), self))
        layout.addWidget(intro)
        layout.addWidget(self.search)
        layout.addLayout(filters)
        layout.addWidget(self.summary)
        layout.addWidget(self.results, 1)

    def _combo(self, everything: str) -> QComboBox:
        combo = QComboBox(self)
        combo.addItem(everything, None)
        combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        combo.setMinimumContentsLength(12)
        return combo

    def showEvent(self, event: Any) -> None:
        """Coming back to the page reads the directory again (a sync may have changed it)."""
        super().showEvent(event)
        self.run_search()

    def refresh(self) -> None:
        self.run_search()

    def focus_search(self) -> None:
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    def run_search(self) -> None:
        """Search now with the current words and filters (the debounce timer calls this)."""
        self._timer.stop()
        if not self._queue.running:  # the profile is closing
            return
        if self._pending is not None:
            self._pending.cancel()
        database = self._database
        text = self.search.text()
        county = self.county.currentData()
        language = self.language.currentData()
        category = self.category.currentData()

        def job() -> tuple[list[dict[str, Any]], int, dict[str, list[str]]]:
            rows = search_resources(database, text, county, language, category, SEARCH_LIMIT)
            return rows, count_resources(database), directory_choices(database)

        self._pending = self._queue.run(job, success=lambda result: self._show(*result), owner=self)

    def _show(self, rows: list[dict[str, Any]], total: int, choices: dict[str, list[str]]) -> None:
        self._pending = None
        self._set_choices(choices)
        chosen = (self.details.resource or {}).get("id")
        self.model.set_rows(rows)
        if not rows:
            self.empty_state.set_texts(*self._empty_texts(total > 0))
            self.results.setCurrentWidget(self.empty_state)
            self.summary.hide()
            self.details.show_resource(None)
            return
        self.results.setCurrentWidget(self.split)
        set_text(self.summary, self._summary(len(rows)))
        self.summary.show()
        ids = [row["id"] for row in rows]
        self.list.setCurrentIndex(self.model.index(ids.index(chosen) if chosen in ids else 0, 0))

    @staticmethod
    def _summary(count: int) -> str:
        if count >= SEARCH_LIMIT:
            return _(
                "Showing the first {count} resources. Add a word or choose a county to "
                "narrow the list."
            ).format(count=format_number(count))
        return ngettext("{count} resource found.", "{count} resources found.", count).format(
            count=format_number(count)
        )

    @staticmethod
    def _empty_texts(has_resources: bool) -> tuple[str, str]:
        if has_resources:
            return (
                _("No resources match."),
                _("Try fewer or other words, another county, or “Any language”."),
            )
        return (
            _("No resources on this laptop yet."),
            _(
                "The resource directory lists food banks, legal aid, clinics and other services "
                "to refer residents to. It arrives from HQ when this laptop syncs."
            ),
        )

    def _set_choices(self, choices: Mapping[str, list[str]]) -> None:
        """Fill the filters with what the directory holds; keep what is chosen."""
        for combo, values, words in (
            (self.county, choices["counties"], lambda value: value),
            (self.language, choices["languages"], language_name),
            (self.category, choices["categories"], category_name),
        ):
            items = sorted(((words(v), v) for v in values), key=lambda item: item[0].casefold())
            shown = [(combo.itemText(i), combo.itemData(i)) for i in range(1, combo.count())]
            if items == shown:
                continue
            current = combo.currentData()
            combo.blockSignals(True)
            try:
                while combo.count() > 1:
                    combo.removeItem(1)
                for text, value in items:
                    combo.addItem(text, value)
                combo.setCurrentIndex(max(combo.findData(current), 0) if current else 0)
            finally:
                combo.blockSignals(False)

    def _show_details(self, index: QModelIndex) -> None:
        self.details.show_resource(index.data(ResourceListModel.ResourceRole))

    def _focus_results(self) -> None:
        if self.model.rowCount():
            self.list.setFocus(Qt.FocusReason.TabFocusReason)
