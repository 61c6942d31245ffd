"""Database work off the GUI thread, one job at a time, results back on the GUI thread.

Design: one serialized worker. The SQLCipher connection is opened with
``check_same_thread=False`` but a sqlite connection is not safe to use from two
threads at once, and the store's transactions assume one writer. So every
database call goes through a single :class:`DatabaseQueue`, whose one worker
thread runs jobs strictly in the order they were queued (opening the profile,
searches, status counts, writes). The GUI thread itself may touch the
database only while the queue has no worker running, i.e. before the first
job or after :meth:`DatabaseQueue.shutdown`, which is when the app closes
the profile.

A job is a plain function that returns a value or raises. It never touches a
widget: its result or exception travels to the GUI thread through a queued Qt
signal, where ``success(result)`` or ``failure(error)`` runs. Network work
(sync) will get its own pool; it must never queue behind a long database job.
"""

from __future__ import annotations

import sys
import traceback
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

import shiboken6
from PySide6.QtCore import QObject, Signal, Slot

Success = Callable[[Any], None]
Failure = Callable[[BaseException], None]
Progress = Callable[..., None]


def safe_traceback(error: BaseException) -> str:
    """Where an error happened and its type, without its message or any values.

    Messages can quote residents' data (a name in a failed query), and logs must
    hold none, so only file names, line numbers and function names are kept (not
    even source lines, which can hold literal values).
    """
    parts: list[str] = []
    current: BaseException | None = error
    seen: set[int] = set()
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        lines = [f"{type(current).__module__}.{type(current).__qualname__} (message withheld)"]
        for frame in traceback.extract_tb(current.__traceback__):
            lines.append(f'  File "{frame.filename}", line {frame.lineno}, in {frame.name}')
        parts.append("\n".join(lines))
        current = current.__cause__ or current.__context__
    return "\n-- caused by or raised while handling --\n".join(parts)


@dataclass(eq=False)
class Task:
    """A queued job. Cancel it when its result is no longer wanted (a newer search)."""

    success: Success | None
    failure: Failure | None
    progress: Progress | None
    owner: QObject | None
    cancelled: bool = False
    future: Future[Any] | None = field(default=None, repr=False)

    def cancel(self) -> None:
        """Drop the result; the job is skipped if it has not started yet."""
        # The flag, not Future.cancel(): a skipped job still reports back, so the
        # queue's count of outstanding jobs stays exact.
        self.cancelled = True

    def owner_alive(self) -> bool:
        return self.owner is None or shiboken6.isValid(self.owner)


class DatabaseQueue(QObject):
    """The one serialized worker for database work; see the module docstring."""

    idle = Signal()
    _finished = Signal(object, bool, object)  # task, succeeded, result or exception
    _progressed = Signal(object, object)  # task, args tuple

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._executor: ThreadPoolExecutor | None = ThreadPoolExecutor(
            max_workers=1, thread_name_prefix="ocpsc-database"
        )
        self._pending = 0  # only touched on the GUI thread
        # Queued connections: the slots run on the thread this object lives on (the GUI).
        self._finished.connect(self._deliver)
        self._progressed.connect(self._report)

    @property
    def busy(self) -> bool:
        """True while a job is queued or running, or its result is not delivered yet."""
        return self._pending > 0

    @property
    def running(self) -> bool:
        return self._executor is not None

    def run(
        self,
        job: Callable[..., Any],
        *,
        success: Success | None = None,
        failure: Failure | None = None,
        progress: Progress | None = None,
        owner: QObject | None = None,
    ) -> Task:
        """Queue ``job``; call ``success`` or ``failure`` on the GUI thread afterwards.

        Call this from the GUI thread only.

        With ``progress``, the job is called with one argument, a function it may
        call with any arguments; ``progress`` receives them on the GUI thread.
        With ``owner``, nothing is delivered once that widget has been deleted.
        Without ``failure``, errors go to ``sys.excepthook``, which the app turns
        into a plain message.
        """
        if self._executor is None:
            raise RuntimeError("the database queue has been shut down")
        task = Task(success=success, failure=failure, progress=progress, owner=owner)
        self._pending += 1
        task.future = self._executor.submit(self._work, task, job)
        return task

    def _work(self, task: Task, job: Callable[..., Any]) -> None:
        """Runs on the worker thread: never touch a widget here."""
        if task.cancelled:
            self._finished.emit(task, False, None)
            return
        try:
            if task.progress is not None:
                result = job(lambda *args: self._progressed.emit(task, args))
            else:
                result = job()
        except BaseException as error:  # delivered to the GUI thread, not lost
            self._finished.emit(task, False, error)
        else:
            self._finished.emit(task, True, result)

    @Slot(object, object)
    def _report(self, task: Task, args: tuple[Any, ...]) -> None:
        if task.progress is not None and not task.cancelled and task.owner_alive():
            task.progress(*args)

    @Slot(object, bool, object)
    def _deliver(self, task: Task, succeeded: bool, outcome: Any) -> None:
        try:
            if task.cancelled or self._executor is None or not task.owner_alive():
                return
            if succeeded:
                if task.success is not None:
                    task.success(outcome)
            elif task.failure is not None:
                task.failure(outcome)
            elif outcome is not None:
                sys.excepthook(type(outcome), outcome, outcome.__traceback__)
        finally:
            self._job_done()

    def _job_done(self) -> None:
        self._pending = max(0, self._pending - 1)
        if self._pending == 0:
            self.idle.emit()

    def shutdown(self) -> None:
        """Finish every queued job, then stop the worker thread.

        Queued jobs still run (a draft saved as the window closes must reach the
        database); jobs whose task was cancelled skip their work as usual.
        Afterwards the GUI thread owns the database again (to close the profile).
        Results not yet delivered are dropped.
        """
        executor, self._executor = self._executor, None
        if executor is None:
            return
        executor.shutdown(wait=True, cancel_futures=False)
        self._pending = 0
