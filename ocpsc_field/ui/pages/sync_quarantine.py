"""The Sync page's "Needs attention" box: records HQ refused, why, and how to fix them.

Choose a record in the list, then "Fix…" opens its editor (residents and
enrollments) and "Send again" queues it for the next sync under the same op id
(``store.quarantine.resend``). Conversations cannot be edited once saved, so
for them only "Send again" is offered, for when HQ had a passing problem.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from ocpsc_field.core.records import Kind
from ocpsc_field.i18n import _, render
from ocpsc_field.store import quarantine
from ocpsc_field.store.session import OpenProfile
from ocpsc_field.ui.pages.common import set_text, wrapped
from ocpsc_field.ui.tasks import DatabaseQueue

EDITABLE = (Kind.RESIDENT.value, Kind.ENROLLMENT.value)
ROW = Qt.ItemDataRole.UserRole


class QuarantineBox(QGroupBox):
    """The refused records with their reasons, and "Fix…" / "Send again" for the chosen one."""

    def __init__(
        self,
        queue: DatabaseQueue | None,
        opened: OpenProfile | None,
        describe: Callable[[dict[str, Any]], str],
        changed: Callable[[], None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(_("Needs attention"), parent)
        self._queue = queue
        self._opened = opened
        self._describe = describe
        self._changed = changed
        self.editor: QWidget | None = None
        self.setAccessibleName(self.title())
        self.hint = wrapped(
            _(
                "HQ did not accept these records. Choose one, fix it if needed, "
                "then choose \u201cSend again\u201d."
            ),
            self,
        )
        self.list = QListWidget(self)
        self.list.setAccessibleName(_("Records HQ did not accept, with the reason"))
        self.list.setWordWrap(True)
        self.list.currentItemChanged.connect(lambda *_args: self._update_buttons())
        self.fix_button = QPushButton(_("Fix\u2026"), self)
        self.fix_button.setAccessibleName(_("Fix the chosen record"))
        self.fix_button.clicked.connect(self.fix)
        self.send_button = QPushButton(_("Send again"), self)
        self.send_button.setAccessibleName(_("Send the chosen record again"))
        self.send_button.clicked.connect(self.send_again)
        self.message = wrapped("", self)
        self.message.hide()
        buttons = QHBoxLayout()
        for button in (self.fix_button, self.send_button):
            button.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Fixed)
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.hint)
        layout.addWidget(self.list)
        layout.addLayout(buttons)
        layout.addWidget(self.message)
        self._update_buttons()

    # -- showing ------------------------------------------------------------------
    def show_rows(self, rows: Sequence[dict[str, Any]]) -> None:
        chosen = self._chosen()
        chosen_id = chosen["op_id"] if chosen else None
        self.list.clear()
        for row in rows:
            text = self._describe(row)
            item = QListWidgetItem(text, self.list)
            item.setData(Qt.ItemDataRole.AccessibleTextRole, text)
            item.setData(ROW, dict(row))
            if row["op_id"] == chosen_id:
                self.list.setCurrentItem(item)
        if self.list.currentItem() is None and self.list.count():
            self.list.setCurrentRow(0)
        self.setVisible(bool(rows))
        self._update_buttons()

    def _chosen(self) -> dict[str, Any] | None:
        item = self.list.currentItem()
        return item.data(ROW) if item is not None else None

    def _update_buttons(self) -> None:
        chosen = self._chosen()
        ready = chosen is not None and self._queue is not None and self._opened is not None
        self.send_button.setEnabled(ready)
        editable = ready and chosen["kind"] in EDITABLE and chosen["op"] != "delete"
        self.fix_button.setEnabled(editable)
        self.fix_button.setVisible(chosen is None or chosen["kind"] in EDITABLE)

    def _say(self, text: str) -> None:
        set_text(self.message, text)
        self.message.setVisible(bool(text))

    # -- actions ------------------------------------------------------------------
    def fix(self) -> None:
        chosen = self._chosen()
        if chosen is None or not self.fix_button.isEnabled():
            return
        if chosen["kind"] == Kind.RESIDENT.value:
            from ocpsc_field.ui.resident_form import ResidentForm

            self._open(ResidentForm(self._queue, self._opened, chosen["record_id"], parent=self))
            return
        opened = self._opened

        def resident_of() -> str:
            record = opened.records.get(Kind.ENROLLMENT, chosen["record_id"], include_deleted=True)
            return str(record["resident_id"])

        self._queue.run(
            resident_of,
            success=lambda resident_id: self._open_enrollment(resident_id, chosen["record_id"]),
            failure=lambda error: self._say(str(error)),
            owner=self,
        )

    def _open_enrollment(self, resident_id: str, enrollment_id: str) -> None:
        from ocpsc_field.ui.enrollment_dialog import EnrollmentDialog

        self._open(EnrollmentDialog(self._queue, self._opened, resident_id, enrollment_id, self))

    def _open(self, editor: QWidget) -> None:
        editor.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        editor.saved.connect(self._fixed)
        self.editor = editor
        editor.open()

    def _fixed(self, _record: dict[str, Any]) -> None:
        self.editor = None
        self._say(_("Saved. Choose \u201cSend again\u201d to send it to HQ with the next sync."))
        self.send_button.setFocus()

    def send_again(self) -> None:
        chosen = self._chosen()
        if chosen is None or self._queue is None or self._opened is None:
            return
        opened = self._opened
        op_id = int(chosen["op_id"])
        self.send_button.setEnabled(False)
        self._queue.run(
            lambda: quarantine.resend(opened.database, opened.records, op_id),
            success=self._resent,
            failure=lambda error: self._failed(str(error)),
            owner=self,
        )

    def _resent(self, result: quarantine.Resent) -> None:
        if result.ok:
            self._say(_("It will be sent to HQ with the next sync."))
        else:
            problems = " ".join(render(message) for message in result.errors.values())
            self._say(
                _("It still needs fixing before it can be sent: {problems}").format(
                    problems=problems
                )
            )
        self._update_buttons()
        self._changed()

    def _failed(self, text: str) -> None:
        self._say(_("It could not be queued again: {problem}").format(problem=text))
        self._update_buttons()
