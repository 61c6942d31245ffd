"""The relay's network work: upload collected bundles, download the team's receipts.

Like a sync (``ui.sync_worker``), the HTTP calls run on their own thread and
every store step goes through the database queue via :class:`StoreBridge`, so
neither the window nor the database waits on a slow link. The transport keeps
the sync's retries and backoff; its pauses end early when the user stops, and
the upload stops between bundles. A bundle leaves the queue only once HQ's
report for it is stored, so stopping loses nothing.
"""

from __future__ import annotations

import dataclasses
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import shiboken6
from PySide6.QtCore import QObject, Signal

from ocpsc_field.i18n import _
from ocpsc_field.store.session import OpenProfile
from ocpsc_field.sync import bundle_relay
from ocpsc_field.sync.bundle_io import BundleFailed
from ocpsc_field.sync.engine import Cancelled
from ocpsc_field.sync.transport import Transport
from ocpsc_field.ui.sync_worker import StoreBridge
from ocpsc_field.ui.tasks import DatabaseQueue


class RelayWorker(QObject):
    """One upload or receipts download at a time; the outcome arrives as a signal."""

    started = Signal()  # the upload begins (after HQ answered the probe, if asked)
    progressed = Signal(object)  # bundle_relay.UploadProgress
    uploaded = Signal(object)  # bundle_relay.UploadResult, or None: HQ did not answer the probe
    saved = Signal(object)  # bundle_relay.TeamReceipts
    failed = Signal(str)  # a sentence for the user

    def __init__(self, queue: DatabaseQueue, opened: OpenProfile, parent=None) -> None:
        super().__init__(parent)
        self.cancel = threading.Event()
        self.bridge = StoreBridge(queue, opened, self.cancel, self)
        self.thread: threading.Thread | None = None

    @property
    def running(self) -> bool:
        return self.thread is not None and self.thread.is_alive()

    def stop(self) -> None:
        self.cancel.set()

    def upload(self, server_url: str, *, probe: bool = False) -> bool:
        """Upload every queued bundle to ``server_url``; False if work is already running.

        With ``probe`` (an upload nobody asked for just now), HQ's cheap health probe
        comes first, and an HQ that does not answer ends it quietly with ``None``.
        """
        return self._start(lambda: self._upload(server_url, probe))

    def download(self, server_url: str, out: Path) -> bool:
        """Save the team's receipts file at ``out`` (the user confirmed replacing it)."""
        return self._start(lambda: self._download(server_url, out))

    def _start(self, work: Callable[[], None]) -> bool:
        if self.running:
            return False
        self.cancel.clear()
        self.thread = threading.Thread(target=work, name="ocpsc-relay", daemon=True)
        self.thread.start()
        return True

    def _emit(self, name: str, *args: Any) -> None:
        if shiboken6.isValid(self):
            getattr(self, name).emit(*args)

    def _transport(self, server_url: str) -> Transport:
        def pause(seconds: float) -> None:
            if self.cancel.wait(seconds):
                raise Cancelled()

        return Transport(server_url, sleep=pause)

    def _upload(self, server_url: str, probe: bool) -> None:
        transport = self._transport(server_url)
        try:
            if probe and not transport.health():
                self._emit("uploaded", None)
                return
            self._emit("started")
            result = bundle_relay.upload(
                self.bridge,
                transport=transport,
                progress=lambda step: self._emit("progressed", dataclasses.replace(step)),
                cancel=self.cancel,
            )
        except bundle_relay.UploadFailed as failed:
            self._emit("failed", str(failed))
        except Cancelled:
            self._emit(
                "failed",
                _(
                    "Upload stopped. The bundles HQ has confirmed are marked uploaded; "
                    "the others stay queued on this laptop."
                ),
            )
        except Exception:  # a bug must not kill the thread silently  # noqa: BLE001
            self._emit(
                "failed",
                _(
                    "The upload stopped because of an error in the app. The bundles not yet "
                    "uploaded stay queued on this laptop."
                ),
            )
        else:
            self._emit("uploaded", result)
        finally:
            transport.close()

    def _download(self, server_url: str, out: Path) -> None:
        transport = self._transport(server_url)
        try:
            saved = bundle_relay.download_receipts(
                self.bridge, out, transport=transport, overwrite=True
            )
        except BundleFailed as failed:
            self._emit("failed", str(failed))
        except Cancelled:
            self._emit("failed", _("Download stopped. No receipts file was saved."))
        except Exception:  # noqa: BLE001
            self._emit(
                "failed",
                _(
                    "The receipts could not be downloaded because of an error in the app. "
                    "No file was saved. Try again."
                ),
            )
        else:
            self._emit("saved", saved)
        finally:
            transport.close()
