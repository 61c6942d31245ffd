"""Running a sync from the app: the network on its own thread, the store on the database queue.

The engine asks for each store step through :class:`StoreBridge`, which hands
it to the :class:`DatabaseQueue` on the GUI thread and waits for the result,
so the database thread is busy only for the short store steps and never for a
whole round trip over a slow link. Progress and the outcome come back as Qt
signals, on the GUI thread.
"""

from __future__ import annotations

import dataclasses
import threading
from collections.abc import Callable
from concurrent.futures import Future
from concurrent.futures import TimeoutError as FutureTimeout
from typing import Any

import shiboken6
from PySide6.QtCore import QObject, Signal, Slot

from ocpsc_field.i18n import _
from ocpsc_field.store.session import OpenProfile
from ocpsc_field.sync.engine import Cancelled, SyncEngine, SyncFailed
from ocpsc_field.sync.transport import Transport
from ocpsc_field.ui.tasks import DatabaseQueue


class StoreBridge(QObject):
    """Callable from a worker thread: runs ``step(opened)`` on the database queue and waits."""

    _requested = Signal(object, object)  # step, future

    def __init__(
        self, queue: DatabaseQueue, opened: OpenProfile, cancel: threading.Event, parent=None
    ) -> None:
        super().__init__(parent)
        self._queue = queue
        self._opened = opened
        self._cancel = cancel
        self._requested.connect(self._run)

    @Slot(object, object)
    def _run(self, step: Callable[[OpenProfile], Any], future: Future) -> None:
        if not self._queue.running or self._cancel.is_set():
            future.set_exception(Cancelled())
            return
        self._queue.run(
            lambda: step(self._opened),
            success=future.set_result,
            failure=future.set_exception,
            owner=self,
        )

    def __call__(self, step: Callable[[OpenProfile], Any]) -> Any:
        future: Future = Future()
        self._requested.emit(step, future)
        while True:
            try:
                return future.result(timeout=0.25)
            except FutureTimeout:
                if self._cancel.is_set():
                    raise Cancelled() from None


class SyncRunner(QObject):
    """One sync at a time on a worker thread; ``finished``/``failed`` say how it ended."""

    progressed = Signal(object)  # SyncProgress
    finished = Signal(object)  # SyncResult
    failed = Signal(str)  # a sentence for the user
    probed = Signal(bool)  # HQ answered /health

    def __init__(self, queue: DatabaseQueue, opened: OpenProfile, parent=None) -> None:
        super().__init__(parent)
        self.cancel = threading.Event()
        self.bridge = StoreBridge(queue, opened, self.cancel, self)
        self.thread: threading.Thread | None = None

    @property
    def running(self) -> bool:
        return self.thread is not None and self.thread.is_alive()

    def start(self) -> bool:
        if self.running:
            return False
        self.cancel.clear()
        self.thread = threading.Thread(target=self._work, name="ocpsc-sync", daemon=True)
        self.thread.start()
        return True

    def probe(self, url: str) -> None:
        """Ask HQ's /health on a worker thread; ``probed`` carries the answer."""
        threading.Thread(target=self._probe, args=(url,), name="ocpsc-probe", daemon=True).start()

    def stop(self) -> None:
        self.cancel.set()

    def _emit(self, signal_name: str, *args: Any) -> None:
        if shiboken6.isValid(self):
            getattr(self, signal_name).emit(*args)

    def _probe(self, url: str) -> None:
        with Transport(url, attempts=1) as transport:
            self._emit("probed", transport.health())

    def _work(self) -> None:
        engine = SyncEngine(
            self.bridge,
            progress=lambda progress: self._emit("progressed", dataclasses.replace(progress)),
            cancel=self.cancel,
        )
        try:
            result = engine.run()
        except SyncFailed as failed:
            self._emit("failed", str(failed))
        except Cancelled:
            self._emit("failed", _("Sync stopped. What was sent so far is recorded."))
        except Exception:  # a bug must not kill the thread silently  # noqa: BLE001
            self._emit(
                "failed",
                _("Sync stopped because of an error in the app. Your records are safe here."),
            )
        else:
            self._emit("finished", result)
