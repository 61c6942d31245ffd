"""The desktop shell: navigation, one page at a time, and the sync state always in view.

Later workflows plug in here: a page for each screen in ``_build_pages``, and
``conversation_workflow`` for Ctrl+N. The window talks to the database only
through the ``DatabaseQueue``; pages get the narrow part they need.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractScrollArea,
    QDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QScrollArea,
    QSizePolicy,
    QStackedWidget,
    QWidget,
)

from ocpsc_field.i18n import _, is_rtl, ngettext, sentences
from ocpsc_field.store.session import OpenProfile
from ocpsc_field.ui.export_dialog import ExportDialog
from ocpsc_field.ui.import_dialog import ImportDialog
from ocpsc_field.ui.language import switcher
from ocpsc_field.ui.models import format_number
from ocpsc_field.ui.pages.common import set_text
from ocpsc_field.ui.pages.conversations import ConversationsPage
from ocpsc_field.ui.pages.enrollments import EnrollmentsPage
from ocpsc_field.ui.pages.home import HomePage
from ocpsc_field.ui.pages.residents import ResidentsPage
from ocpsc_field.ui.pages.resources import ResourcesPage
from ocpsc_field.ui.pages.settings import SettingsPage
from ocpsc_field.ui.pages.surveys import SurveysPage
from ocpsc_field.ui.pages.sync import SyncPage
from ocpsc_field.ui.resident_detail import ResidentDetail
from ocpsc_field.ui.resident_form import ResidentForm
from ocpsc_field.ui.tasks import DatabaseQueue

PAGE_KEYS = (
    "today",
    "conversations",
    "residents",
    "enrollments",
    "surveys",
    "resources",
    "sync",
    "settings",
)


def scrollable(page: QWidget) -> QScrollArea:
    """Let a page scroll when large text makes it taller than the window."""
    area = QScrollArea()
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    area.setWidget(page)
    area.setAccessibleName(page.accessibleName())
    return area


def waiting_text(waiting: int, quarantined: int = 0) -> str:
    """The status bar's count of unsent records, in words; two counts are two sentences."""
    if waiting == 0:
        return _("Nothing waiting to be sent")
    if not quarantined:
        return ngettext(
            "{count} record waiting to be sent", "{count} records waiting to be sent", waiting
        ).format(count=format_number(waiting))
    return sentences(
        ngettext(
            "{count} record is waiting to be sent.",
            "{count} records are waiting to be sent.",
            waiting,
        ).format(count=format_number(waiting)),
        ngettext(
            "{count} record needs attention.", "{count} records need attention.", quarantined
        ).format(count=format_number(quarantined)),
    )


class MainWindow(QMainWindow):
    """Navigation on the leading side, the current page beside it, sync state below."""

    resident_activated = Signal(str)

    def __init__(
        self,
        opened: OpenProfile,
        queue: DatabaseQueue,
        *,
        language: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._status_source = opened.status
        self._queue = queue
        self._records = opened.records
        self._user = opened.actor.user
        self._opened = opened
        self.resident_window: QDialog | None = None  # the resident open, or the new-resident form
        self.import_dialog: QDialog | None = None
        self.export_dialog: QDialog | None = None
        self.last_status: Mapping[str, Any] | None = None
        # Set by the conversation workflow when it exists; Ctrl+N calls it.
        self.conversation_workflow: Callable[[], None] | None = None
        self.setWindowTitle(_("OCPSC Field"))
        self.setAccessibleName(_("OCPSC Field"))
        if is_rtl(language):
            # Only ever forced to RTL: an LTR language follows the application's direction.
            self.setLayoutDirection(Qt.LayoutDirection.RightToLeft)
        self._build_actions()
        self._build_pages(opened)
        self._build_menus()
        self._build_status_bar()
        self.nav.setCurrentRow(0)
        self.refresh()
        # Text that comes from data (program names, counts) is read again in a new language.
        switcher().language_changed.connect(self._language_changed)
        # A conversation being logged when the app stopped (crash, battery) opens again.
        self.conversations_page.restore_draft_on_start()

    # -- building ------------------------------------------------------------------
    def _action(
        self, text: str, shortcut: QKeySequence | str | None, slot: Callable[[], Any]
    ) -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(slot)
        self.addAction(action)
        return action

    def _build_actions(self) -> None:
        self.log_conversation_action = self._action(
            _("Log a &conversation…"), "Ctrl+N", self.log_conversation
        )
        self.find_resident_action = self._action(
            _("&Find a resident"), QKeySequence.StandardKey.Find, self.find_resident
        )
        self.refresh_action = self._action(_("&Refresh"), "F5", self.refresh)
        self.quit_action = self._action(_("&Quit"), "Ctrl+Q", self.close)
        self.import_action = self._action(_("&Import residents…"), "Ctrl+I", self.import_residents)
        self.export_action = self._action(_("&Export my records…"), "Ctrl+E", self.export_records)
        self.new_resident_action = self._action(
            _("&New resident…"), "Ctrl+Shift+N", self.new_resident
        )

    def _build_pages(self, opened: OpenProfile) -> None:
        self.home_page = HomePage(
            [self.log_conversation_action, self.find_resident_action], self._queue, opened
        )
        self.conversations_page = ConversationsPage(
            self.log_conversation_action, self._queue, opened
        )
        self.conversation_workflow = self.conversations_page.log_new
        self.conversations_page.saved.connect(lambda _record: self.refresh())
        self.conversations_page.wants_attention.connect(lambda: self.show_page("conversations"))
        self.home_page.follow_up_activated.connect(self.log_conversation_with)
        self.residents_page = ResidentsPage(
            self._queue, opened, new_resident_action=self.new_resident_action
        )
        self.surveys_page = SurveysPage(self._queue, opened)
        self.surveys_page.saved.connect(self.refresh)
        # One signal for "open this resident", for the resident screen when it exists.
        self.home_page.resident_activated.connect(self.resident_activated)
        self.residents_page.resident_activated.connect(self.resident_activated)
        self.resident_activated.connect(self.open_resident)
        self.sync_page = SyncPage(self._queue, opened)
        self.sync_page.bundles.changed.connect(self.refresh)  # receipts cleared waiting records
        self.enrollments_page = EnrollmentsPage(
            self._queue, opened, find_resident=self.find_resident_action
        )
        self.enrollments_page.saved.connect(lambda _record: self.refresh())
        self.resources_page = ResourcesPage(self._queue, opened)
        pages: dict[str, tuple[str, QWidget]] = {
            "today": (_("Today"), self.home_page),
            "conversations": (_("Conversations"), self.conversations_page),
            "residents": (_("Residents"), self.residents_page),
            "enrollments": (_("Enrollments"), self.enrollments_page),
            "surveys": (_("Surveys"), self.surveys_page),
            "resources": (_("Resources"), self.resources_page),
            "sync": (_("Sync"), self.sync_page),
            "settings": (_("Settings"), SettingsPage(self._queue, opened)),
        }
        self.pages = {key: page for key, (_label, page) in pages.items()}
        self.nav = QListWidget()
        self.nav.setAccessibleName(_("Sections"))
        self.nav.setAccessibleDescription(_("Choose a section. Ctrl+1 to Ctrl+8 jump to one."))
        self.nav.setSizeAdjustPolicy(QAbstractScrollArea.SizeAdjustPolicy.AdjustToContents)
        self.nav.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Expanding)
        self.nav.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.nav.setStyleSheet("QListWidget::item { padding: 0.45em 1.2em; }")
        self.stack = QStackedWidget()
        self.stack.setAccessibleName(_("Current section"))
        for key in PAGE_KEYS:
            label, page = pages[key]
            item = QListWidgetItem(label, self.nav)
            item.setData(Qt.ItemDataRole.AccessibleTextRole, label)
            item.setData(Qt.ItemDataRole.UserRole, key)
            # These pages scroll their own tables and form; the others scroll as a whole.
            own_scrolling = page in (
                self.residents_page,
                self.conversations_page,
                self.surveys_page,
                self.enrollments_page,
                self.resources_page,
            )
            self.stack.addWidget(page if own_scrolling else scrollable(page))
        self.nav.currentRowChanged.connect(self._page_chosen)

        central = QWidget(self)
        layout = QHBoxLayout(central)
        layout.addWidget(self.nav)
        layout.addWidget(self.stack, 1)
        self.setCentralWidget(central)

    def _build_menus(self) -> None:
        menus = self.menuBar()
        menus.setAccessibleName(_("Menu bar"))
        file_menu = menus.addMenu(_("&File"))
        file_menu.setAccessibleName(_("File"))
        file_menu.addAction(self.log_conversation_action)
        file_menu.addAction(self.new_resident_action)
        file_menu.addAction(self.find_resident_action)
        file_menu.addSeparator()
        file_menu.addAction(self.import_action)
        file_menu.addAction(self.export_action)
        file_menu.addSeparator()
        file_menu.addAction(self.refresh_action)
        file_menu.addSeparator()
        file_menu.addAction(self.quit_action)
        go_menu = menus.addMenu(_("&Go"))
        go_menu.setAccessibleName(_("Go"))
        for row in range(len(PAGE_KEYS)):
            go_menu.addAction(
                self._action(
                    self.nav.item(row).text(),
                    f"Ctrl+{row + 1}",
                    # ``triggered`` passes ``checked`` first; ``row`` must not receive it.
                    lambda _checked=False, row=row: self.nav.setCurrentRow(row),
                )
            )

    def _build_status_bar(self) -> None:
        bar = self.statusBar()
        bar.setAccessibleName(_("Sync status"))
        self.connection_label = QLabel(_("Not connected to HQ"))
        self.connection_label.setAccessibleName(self.connection_label.text())
        self.waiting_label = QLabel(_("Counting records…"))
        self.waiting_label.setAccessibleName(self.waiting_label.text())
        self.user_label = QLabel()
        for position, label in enumerate(
            (self.connection_label, self.waiting_label, self.user_label)
        ):
            if position:
                line = QFrame()
                line.setFrameShape(QFrame.Shape.VLine)
                line.setAccessibleName(_("Separator"))
                bar.addPermanentWidget(line)
            label.setTextFormat(Qt.TextFormat.PlainText)
            bar.addPermanentWidget(label)

    # -- behaviour -----------------------------------------------------------------
    def show_page(self, key: str) -> None:
        self.nav.setCurrentRow(PAGE_KEYS.index(key))

    def current_page_key(self) -> str:
        return PAGE_KEYS[self.stack.currentIndex()]

    def _page_chosen(self, row: int) -> None:
        if row < 0:
            return
        self.stack.setCurrentIndex(row)  # the residents page searches again when shown
        if self.last_status is not None:
            self._refresh_status()

    def _language_changed(self, _tag: str) -> None:
        """Pages read their data-driven text again; the switcher did the catalog text."""
        if not self._queue.running or not self.isVisible():  # a window already closed
            return
        for page in self.pages.values():
            again = getattr(page, "refresh", None) or getattr(page, "reload", None)
            if again is not None:
                again()
        self._refresh_status()

    def refresh(self) -> None:
        """Re-read the counts and the visible list (F5; call after any write)."""
        self._refresh_status()
        if self.stack.currentWidget() is self.residents_page and self.residents_page.isVisible():
            self.residents_page.refresh()

    def _refresh_status(self) -> None:
        self._queue.run(self._status_source, success=self.show_status, owner=self)

    def show_status(self, status: Mapping[str, Any]) -> None:
        self.last_status = status
        set_text(
            self.waiting_label,
            waiting_text(
                int(status.get("unsynced_journal_entries", 0)),
                int(status.get("quarantined_journal_entries", 0)),
            ),
        )
        set_text(self.user_label, _("Signed in as {user}").format(user=status.get("user", "")))
        for page in self.pages.values():
            update = getattr(page, "update_status", None)
            if update is not None:
                update(status)

    def find_resident(self) -> None:
        self.show_page("residents")
        self.residents_page.focus_search()

    def log_conversation(self) -> None:
        """Ctrl+N from anywhere. Until the workflow exists, say so instead of doing nothing."""
        self.show_page("conversations")
        if self.conversation_workflow is not None:
            self.conversation_workflow()
        else:
            self.statusBar().showMessage(
                _("Logging a conversation is not available in this version yet."), 10_000
            )

    def log_conversation_with(self, resident_id: str) -> None:
        """Log a conversation with this resident (a follow-up on the Today page)."""
        self.show_page("conversations")
        self.conversations_page.log_new(resident_id)

    def import_residents(self) -> None:
        """Ctrl+I: the import dialog, window-modal; the lists refresh after an import."""
        dialog = ImportDialog(self._records, self._queue, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.imported.connect(lambda _count: self.refresh())
        self.import_dialog = dialog
        dialog.open()

    def export_records(self) -> None:
        """Ctrl+E: export the records this user created."""
        dialog = ExportDialog(self._records, self._user, self._queue, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.export_dialog = dialog
        dialog.open()

    def new_resident(self) -> None:
        """Ctrl+Shift+N: register a resident; afterwards their page opens."""
        form = ResidentForm(self._queue, self._opened, parent=self)
        form.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        form.saved.connect(lambda record: (self.refresh(), self.open_resident(record["id"])))
        form.use_existing.connect(self.open_resident)
        self.resident_window = form
        form.open()

    def open_resident(self, resident_id: str) -> None:
        """The resident's profile and timeline (Enter on a resident in any list)."""
        detail = ResidentDetail(self._queue, self._opened, resident_id, parent=self)
        detail.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        detail.changed.connect(self.refresh)
        detail.log_conversation.connect(self.log_conversation_with)
        detail.deleted.connect(self._resident_deleted)
        self.resident_window = detail
        detail.open()

    def _resident_deleted(self, resident_id: str, name: str) -> None:
        self.show_page("residents")
        self.residents_page.offer_undo(resident_id, name)
