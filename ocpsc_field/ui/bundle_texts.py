"""What the coordinator's "Collect bundles" section says after each step, in words.

One sentence per line, each whole and translated on its own, with named
placeholders: what collecting found, how many bundles stand where, what an
upload did, and where the team's receipts file was saved.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from ocpsc_field.i18n import _, ngettext
from ocpsc_field.store import relay
from ocpsc_field.sync import bundle_relay
from ocpsc_field.sync.bundle_format import SUFFIX as BUNDLE_SUFFIX
from ocpsc_field.ui.models import format_number


def collected_text(found: Sequence[bundle_relay.Collected], folder: Path | None) -> str:
    """What collecting did, a sentence per line."""
    if not found:
        return _(
            "No bundle files (ending in {suffix}) were found in {folder}. Choose the folder the "
            "laptop saved them in, or choose \u201cCollect bundle files\u201d to pick them."
        ).format(suffix=BUNDLE_SUFFIX, folder=str(folder or ""))
    new = sum(1 for item in found if item.header is not None and item.new)
    again = sum(1 for item in found if item.header is not None and not item.new)
    lines = []
    if new:
        lines.append(
            ngettext("Collected {count} new bundle.", "Collected {count} new bundles.", new).format(
                count=format_number(new)
            )
        )
    if again:
        lines.append(
            ngettext(
                "{count} bundle had been collected before; it is listed once.",
                "{count} bundles had been collected before; each is listed once.",
                again,
            ).format(count=format_number(again))
        )
    for item in found:
        if item.problem:
            lines.append(_("{name}: {problem}").format(name=item.path.name, problem=item.problem))
    return "\n".join(lines)


def counts_text(counts: dict[str, int]) -> str:
    total = sum(counts.values())
    if not total:
        return _(
            "No bundles collected yet. Plug in the USB drive from a laptop with no connection "
            "and choose \u201cCollect from a folder\u201d."
        )
    return ngettext(
        "{count} bundle collected \u2014 waiting to upload: {queued} \u00b7 uploaded: "
        "{uploaded} \u00b7 refused by HQ: {refused}",
        "{count} bundles collected \u2014 waiting to upload: {queued} \u00b7 uploaded: "
        "{uploaded} \u00b7 refused by HQ: {refused}",
        total,
    ).format(
        count=format_number(total),
        queued=format_number(counts.get(relay.QUEUED, 0)),
        uploaded=format_number(counts.get(relay.UPLOADED, 0)),
        refused=format_number(counts.get(relay.REFUSED, 0)),
    )


def uploaded_text(result: bundle_relay.UploadResult) -> str:
    lines = [
        ngettext(
            "Uploaded {count} bundle to HQ.",
            "Uploaded {count} bundles to HQ.",
            len(result.uploaded),
        ).format(count=format_number(len(result.uploaded)))
    ]
    if result.refused:
        lines.append(
            ngettext(
                "HQ refused {count} bundle: the batch report below says why.",
                "HQ refused {count} bundles: the batch report below says why.",
                len(result.refused),
            ).format(count=format_number(len(result.refused)))
        )
    if result.left:
        lines.append(
            ngettext(
                "{count} bundle is still waiting to upload.",
                "{count} bundles are still waiting to upload.",
                result.left,
            ).format(count=format_number(result.left))
        )
    return "\n".join(lines)


def receipts_saved_text(saved: bundle_relay.TeamReceipts) -> str:
    return ngettext(
        "Saved receipts for {count} laptop in {path}. On each laptop, choose \u201cLoad "
        "receipts from a coordinator\u201d on the Sync page and pick this file.",
        "Saved receipts for {count} laptops in {path}. On each laptop, choose \u201cLoad "
        "receipts from a coordinator\u201d on the Sync page and pick this file.",
        len(saved.devices),
    ).format(count=format_number(len(saved.devices)), path=str(saved.path))
