"""Guards against Qt binding releases that corrupt Python objects the app relies on.

PySide6 6.12.0 released a reference to ``True`` and ``None`` on every signal
emission; after some thousands of emissions (minutes of use) the interpreter
aborts. Everything the app does flows through signals, so this is checked
directly rather than waiting for a crash.
"""

from __future__ import annotations

import gc
import sys
import threading

from PySide6.QtCore import QCoreApplication, QObject, Signal, Slot

EMISSIONS = 2000
# The broken release drifts by one per emission; other work still settling from earlier
# tests (queued events, objects freed late) moves the counts by far less than half that.
TOLERANCE = EMISSIONS // 2


class Emitter(QObject):
    plain = Signal()
    carrying = Signal(object, bool, object)


class Receiver(QObject):
    def __init__(self) -> None:
        super().__init__()
        self.count = 0

    @Slot()
    def on_plain(self) -> None:
        self.count += 1

    @Slot(object, bool, object)
    def on_carrying(self, _task: object, _ok: bool, _outcome: object) -> None:
        self.count += 1


def refcounts() -> tuple[int, int, int]:
    QCoreApplication.sendPostedEvents()
    QCoreApplication.processEvents()
    gc.collect()
    return sys.getrefcount(True), sys.getrefcount(False), sys.getrefcount(None)


def test_signal_emission_keeps_refcounts_of_singletons(qtbot):
    emitter, receiver = Emitter(), Receiver()
    emitter.plain.connect(receiver.on_plain)
    emitter.carrying.connect(receiver.on_carrying)
    before = refcounts()
    for _ in range(EMISSIONS):
        emitter.plain.emit()
        emitter.carrying.emit(None, True, None)
    after = refcounts()
    assert receiver.count == 2 * EMISSIONS
    drift = [abs(a - b) for a, b in zip(after, before, strict=True)]
    assert max(drift) < TOLERANCE, (before, after)


def test_cross_thread_emission_keeps_refcounts_of_singletons(qtbot):
    emitter, receiver = Emitter(), Receiver()
    emitter.carrying.connect(receiver.on_carrying)
    before = refcounts()

    def work() -> None:
        for _ in range(EMISSIONS):
            emitter.carrying.emit(None, False, None)

    thread = threading.Thread(target=work)
    thread.start()
    thread.join()
    qtbot.waitUntil(lambda: receiver.count == EMISSIONS)
    after = refcounts()
    drift = [abs(a - b) for a, b in zip(after, before, strict=True)]
    assert max(drift) < TOLERANCE, (before, after)
