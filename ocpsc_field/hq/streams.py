"""Download streams: pages of records a device has not seen yet, in sequence order.

A stream is one record kind. Reference streams carry HQ's catalog to every
device; organization streams carry the device's own organization's records,
never anyone else's, and only to roles that need them (``roles``).

Paging is safe against commit reordering (see ``sequence``): the high-water
mark is read first, then rows with ``cursor < seq <= mark``. Every number up
to the mark belongs to a committed change, so when a page is not full the
cursor can jump to the mark without skipping anything, even when rows in
between were left out (records this very device wrote, see ``echo_device``).
"""

from __future__ import annotations

from ocpsc_field.core.records import FIELD_KINDS, Kind
from ocpsc_field.hq import sequence
from ocpsc_field.hq.models import RECORD_MODELS, Device
from ocpsc_field.hq.roles import STREAMS_BY_ROLE
from ocpsc_field.hq.values import wire_record
from ocpsc_field.sync.protocol import StreamPage


def allowed_streams(role: str) -> tuple[str, ...]:
    return STREAMS_BY_ROLE.get(role, ())


def page(device: Device, stream: str, cursor: int, size: int) -> StreamPage:
    """Up to ``size`` records of ``stream`` after ``cursor`` for ``device``."""
    kind = Kind(stream)
    mark = sequence.high_water_mark()
    if cursor > mark:
        # The device saw numbers HQ never committed: HQ was restored from a
        # backup. Numbers are being handed out again, so start the stream over.
        cursor = 0
    rows = RECORD_MODELS[kind].objects.filter(seq__gt=cursor, seq__lte=mark)
    if kind in FIELD_KINDS:
        rows = rows.filter(owner_id=device.organization_id, complete=True).exclude(
            echo_device=device.id
        )
    found = list(rows.order_by("seq")[: size + 1])
    has_more = len(found) > size
    found = found[:size]
    return StreamPage(
        records=[wire_record(kind, row) for row in found],
        cursor=found[-1].seq if has_more else mark,
        has_more=has_more,
    )
