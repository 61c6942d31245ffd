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
import time
from collections.abc import Callable
from concurrent.futures import Future
from concurrent.futures import TimeoutError as FutureTimeout
from typing import Any

import requests
import shiboken6
from PySide6.QtCore import QObject, QTimer, Signal, Slot
from PySide6.QtNetwork import QNetworkInformation

from ocpsc_field.i18n import _
from ocpsc_field.store.session import OpenProfile
from ocpsc_field.sync.auto import Schedule
from ocpsc_field.sync.engine import Cancelled, SyncBusy, SyncEngine, SyncFailed
from ocpsc_field.sync.protocol import HEALTH_PATH
from ocpsc_field.sync.transport import Transport, retry_after_seconds
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
    busy = Signal(str)  # another program is syncing this profile; a sentence for the user
    probed = Signal(bool)  # HQ answered /health
    answered = Signal(bool, object)  # the same, with HQ's Retry-After in seconds (or None)

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
        online, retry_after = False, None
        with Transport(url, attempts=1) as transport:
            try:
                response = transport.session.get(transport.base_url + HEALTH_PATH, timeout=5.0)
            except requests.RequestException:
                pass
            else:
                online = response.status_code == 200
                retry_after = retry_after_seconds(response.headers.get("Retry-After"))
        self._emit("probed", online)
        self._emit("answered", online, retry_after)

    def _work(self) -> None:
        engine = SyncEngine(
            self.bridge,
            progress=lambda progress: self._emit("progressed", dataclasses.replace(progress)),
            cancel=self.cancel,
        )
        try:
            result = engine.run()
        except SyncBusy as busy:
            self._emit("busy", str(busy))
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


class AutoSync(QObject):
    """Starts syncs on its own, following :class:`ocpsc_field.sync.auto.Schedule`.

    Every ``tick`` seconds it asks the schedule whether an attempt is due; if so it
    probes HQ's ``/health`` and, only when HQ answers, starts a sync through
    ``start_sync`` (the page's "Sync now", which refuses while one is running: never
    two at once). The system's network hint (QNetworkInformation, when a backend
    is available) makes an attempt due as soon as the network comes back.
    ``changed`` fires whenever the schedule or the countdown moves.
    """

    changed = Signal()

    def __init__(
        self,
        runner: SyncRunner,
        start_sync: Callable[[], bool],
        server_url: Callable[[], str | None],
        *,
        tick: float = 1.0,
        network: bool = True,
        parent: QObject | None = None,
        **timing: float,
    ) -> None:
        super().__init__(parent)
        self.schedule = Schedule(time.monotonic(), **timing)
        self._runner = runner
        self._start_sync = start_sync
        self._server_url = server_url
        self.probing = False
        self.network = self._watch_network() if network else None
        runner.answered.connect(self._on_answer)
        runner.finished.connect(self._on_finished)
        runner.failed.connect(self._on_failed)
        runner.busy.connect(self._on_busy)
        self.timer = QTimer(self)
        self.timer.setInterval(max(1, round(tick * 1000)))
        self.timer.timeout.connect(self.tick)
        self.timer.start()

    def _watch_network(self) -> QNetworkInformation | None:
        """The system's reachability, when a backend exists (not on every platform)."""
        try:
            if not QNetworkInformation.loadDefaultBackend():
                return None
        except RuntimeError:
            return None
        info = QNetworkInformation.instance()
        if info is None:
            return None
        info.reachabilityChanged.connect(self.reachability_changed)
        return info

    @Slot(object)
    def reachability_changed(self, reachability: QNetworkInformation.Reachability) -> None:
        if reachability == QNetworkInformation.Reachability.Unknown:
            return
        online = reachability == QNetworkInformation.Reachability.Online
        self.schedule.network_changed(time.monotonic(), online)
        self.tick()

    @Slot()
    def tick(self) -> None:
        now = time.monotonic()
        if not self.probing and not self._runner.running and self.schedule.due(now):
            url = self._server_url()
            if url:
                self.probing = True
                self._runner.probe(url)
        self.changed.emit()

    def _on_answer(self, online: bool, retry_after: float | None) -> None:
        if not self.probing:
            return  # a probe the page asked for
        self.probing = False
        if not online:
            self.schedule.failed(
                time.monotonic(),
                _("HQ could not be reached. Records wait safely on this laptop."),
                retry_after,
            )
        elif not self._start_sync() and not self._runner.running:
            self.schedule.succeeded(time.monotonic())  # nothing to start (not enrolled)
        self.changed.emit()

    def _on_finished(self, _result: Any) -> None:
        self.schedule.succeeded(time.monotonic())
        self.changed.emit()

    def _on_failed(self, message: str) -> None:
        self.schedule.failed(time.monotonic(), message)
        self.changed.emit()

    def _on_busy(self, _message: str) -> None:
        self.schedule.skipped(time.monotonic())
        self.changed.emit()
