"""``ocpsc-field bundle ...``: offline bundles from a terminal, one short sentence per result.

Exit codes: 0 done; 1 it did not happen (the message says why; nothing was
changed or lost); 3 done, but something needs attention (a bundle HQ refused,
records HQ did not accept). ``--json`` prints the result for scripts instead.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from ocpsc_field.i18n import _, ngettext, sentences
from ocpsc_field.store import relay
from ocpsc_field.store.session import OpenProfile
from ocpsc_field.sync import bundle, bundle_relay
from ocpsc_field.sync.bundle_format import BundleHeader
from ocpsc_field.sync.bundle_io import BundleFailed

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_NEEDS_ATTENTION = 3


def _print_json(data: Any) -> None:
    print(json.dumps(data, ensure_ascii=False, indent=2))


def _size(size: int) -> str:
    return _("{size} kB").format(size=max(1, round(size / 1024)))


def _when(stamp: str) -> str:
    return stamp[:16].replace("T", " ") + " UTC" if stamp else "?"


def _header_line(header: BundleHeader, size: int) -> str:
    return ngettext(
        "from {user} (laptop {device}): {count} record, change numbers {first}–{last}, {size}, "
        "made {when}",
        "from {user} (laptop {device}): {count} records, change numbers {first}–{last}, {size}, "
        "made {when}",
        header.record_count,
    ).format(
        user=header.user,
        device=header.device_id[:8],
        count=header.record_count,
        first=header.op_id_from,
        last=header.op_id_to,
        size=_size(size),
        when=_when(header.created_at),
    )


def export_command(opened: OpenProfile, out: Path, *, after: int = 0, as_json: bool) -> int:
    try:
        made = bundle.export_bundle(opened.database, out, after=after)
    except BundleFailed as failed:
        print(str(failed), file=sys.stderr)
        return EXIT_FAILED
    if as_json:
        _print_json(
            {
                "path": str(made.path),
                "header": made.header.to_json(),
                "size": made.size,
                "remaining": made.remaining,
            }
        )
        return EXIT_OK
    print(
        ngettext(
            "Saved {count} record for a coordinator in {path}. It stays waiting on this laptop "
            "until HQ's receipts come back.",
            "Saved {count} records for a coordinator in {path}. They stay waiting on this "
            "laptop until HQ's receipts come back.",
            made.header.record_count,
        ).format(count=made.header.record_count, path=made.path)
    )
    if made.remaining:
        print(
            ngettext(
                "{count} more record did not fit: run bundle export --after {last} for it.",
                "{count} more records did not fit: run bundle export --after {last} for them.",
                made.remaining,
            ).format(count=made.remaining, last=made.header.op_id_to)
        )
    return EXIT_OK


def relay_command(
    opened: OpenProfile, paths: Sequence[Path], *, upload: bool, as_json: bool
) -> int:
    collected = bundle_relay.collect(opened.database, paths)
    code = EXIT_OK
    if any(item.problem for item in collected):
        code = EXIT_NEEDS_ATTENTION
    if not as_json:
        for item in collected:
            if item.problem:
                print(f"{item.path.name}: {item.problem}", file=sys.stderr)
            elif item.new:
                print(_("Collected {line}").format(line=_header_line(item.header, item.size)))
            else:
                print(
                    _("Already collected {line}").format(line=_header_line(item.header, item.size))
                )
    outcome: dict[str, Any] = {}
    if upload:
        store = bundle_relay.direct(opened)
        if relay.queued_ids(opened.database) and bundle_relay.reachable(store):
            outcome_code = _upload(opened, as_json=as_json, into=outcome)
            code = max(code, outcome_code)
        else:
            left = len(relay.queued_ids(opened.database))
            outcome["left"] = left
            if left and not as_json:
                print(
                    ngettext(
                        "HQ is not reachable now: {count} bundle is queued. Run bundle upload "
                        "when there is a connection.",
                        "HQ is not reachable now: {count} bundles are queued. Run bundle upload "
                        "when there is a connection.",
                        left,
                    ).format(count=left)
                )
    if as_json:
        _print_json(
            {
                "collected": [
                    {
                        "path": str(item.path),
                        "bundle_id": item.bundle_id,
                        "header": item.header.to_json() if item.header else None,
                        "size": item.size,
                        "new": item.new,
                        "problem": item.problem,
                    }
                    for item in collected
                ],
                **outcome,
            }
        )
    return code


def _report_line(answer: dict[str, Any]) -> str:
    report = answer.get("report") or {}
    return _(
        "HQ applied {applied}, already had {duplicate}, refused {rejected} (bundle from {user})."
    ).format(
        applied=report.get("applied", 0),
        duplicate=report.get("duplicate", 0),
        rejected=report.get("rejected", 0),
        user=report.get("sender", "?"),
    )


def _upload(opened: OpenProfile, *, as_json: bool, into: dict[str, Any]) -> int:
    def show(progress: bundle_relay.UploadProgress) -> None:
        if not as_json:
            print(
                ngettext(
                    "Uploaded {done} of {total} bundle.",
                    "Uploaded {done} of {total} bundles.",
                    progress.total,
                ).format(done=progress.done, total=progress.total),
                file=sys.stderr,
            )

    try:
        result = bundle_relay.upload(bundle_relay.direct(opened), progress=show)
    except bundle_relay.UploadFailed as failed:
        into["left"] = failed.left
        into["error"] = failed.code
        if not as_json:
            print(str(failed), file=sys.stderr)
        return EXIT_FAILED
    into.update(
        {
            "uploaded": [answer for _id, answer in result.uploaded],
            "refused": result.refused,
            "left": result.left,
        }
    )
    if not as_json:
        for _id, answer in result.uploaded:
            print(_report_line(answer))
            for item in (answer.get("report") or {}).get("rejected_ops", []):
                print(
                    _("  Change {op_id}: {message}").format(
                        op_id=item.get("op_id"), message=item.get("message") or item.get("reason")
                    )
                )
        for bundle_id in result.refused:
            found = relay.get(opened.database, bundle_id)
            if found is not None:
                print(bundle_relay.problem_text(found), file=sys.stderr)
    return EXIT_NEEDS_ATTENTION if result.refused else EXIT_OK


def upload_command(opened: OpenProfile, *, as_json: bool) -> int:
    outcome: dict[str, Any] = {}
    if not relay.queued_ids(opened.database):
        if as_json:
            _print_json({"uploaded": [], "refused": [], "left": 0})
        else:
            print(_("No bundles are waiting to be uploaded."))
        return EXIT_OK
    code = _upload(opened, as_json=as_json, into=outcome)
    if as_json:
        _print_json(outcome)
    return code


def status_command(opened: OpenProfile, *, as_json: bool) -> int:
    found = relay.bundles(opened.database)
    if as_json:
        _print_json(
            {
                "counts": relay.counts(opened.database),
                "bundles": [
                    {
                        **{k: v for k, v in item.__dict__.items() if k != "problem"},
                        "problem": bundle_relay.problem_text(item) if item.problem else None,
                    }
                    for item in found
                ],
            }
        )
        return EXIT_OK
    if not found:
        print(_("No bundles have been collected on this laptop."))
        return EXIT_OK
    states = {
        relay.QUEUED: _("Queued"),
        relay.UPLOADED: _("Uploaded"),
        relay.REFUSED: _("Refused by HQ"),
    }
    for item in found:
        print(
            ngettext(
                "{state}: {count} record from {user}, change numbers {first}–{last}, "
                "collected {when}",
                "{state}: {count} records from {user}, change numbers {first}–{last}, "
                "collected {when}",
                item.record_count,
            ).format(
                state=states.get(item.state, item.state),
                user=item.sender_user,
                count=item.record_count,
                first=item.op_id_from,
                last=item.op_id_to,
                when=_when(item.collected_at),
            )
        )
        if item.report:
            print("  " + _report_line(item.report))
        if item.problem:
            print("  " + bundle_relay.problem_text(item))
    return EXIT_OK


def receipts_download_command(opened: OpenProfile, out: Path, *, days: int, as_json: bool) -> int:
    try:
        saved = bundle_relay.download_receipts(bundle_relay.direct(opened), out, days=days)
    except BundleFailed as failed:
        print(str(failed), file=sys.stderr)
        return EXIT_FAILED
    if as_json:
        _print_json(
            {"path": str(saved.path), "issued_at": saved.issued_at, "devices": saved.devices}
        )
        return EXIT_OK
    print(
        ngettext(
            "Saved receipts for {count} laptop in {path}. On each laptop, run bundle receipts "
            "with this file.",
            "Saved receipts for {count} laptops in {path}. On each laptop, run bundle receipts "
            "with this file.",
            len(saved.devices),
        ).format(count=len(saved.devices), path=saved.path)
    )
    for device in saved.devices:
        print(_device_line(device))
    return EXIT_OK


def _device_line(device: dict[str, Any]) -> str:
    """What HQ still misses from one laptop of the team: one sentence per count."""
    user = device.get("user", "?")
    name = device.get("name") or str(device.get("device_id", ""))[:8]
    receipts = int(device.get("receipts") or 0)
    missing = int(device.get("missing_ops") or 0)
    backlog = device.get("backlog")
    facts = [
        ngettext(
            "{user} ({name}): {count} receipt.", "{user} ({name}): {count} receipts.", receipts
        ).format(user=user, name=name, count=receipts),
        ngettext("{count} change never arrived.", "{count} changes never arrived.", missing).format(
            count=missing
        ),
    ]
    if backlog is not None:
        facts.append(
            ngettext(
                "{count} change was waiting at its last sync.",
                "{count} changes were waiting at its last sync.",
                int(backlog),
            ).format(count=backlog)
        )
    return sentences(*facts)


def receipts_command(opened: OpenProfile, path: Path, *, as_json: bool) -> int:
    try:
        done = bundle.apply_receipts_file(opened.database, opened.records, path)
    except BundleFailed as failed:
        print(str(failed), file=sys.stderr)
        return EXIT_FAILED
    if as_json:
        _print_json(done.__dict__)
    else:
        if not done.matched:
            print(_("This receipts file has nothing for this laptop. Nothing was changed."))
        else:
            print(
                _(
                    "HQ's receipts applied: {cleared} records confirmed, {quarantined} need "
                    "attention, {pending} still waiting to be sent."
                ).format(cleared=done.cleared, quarantined=done.quarantined, pending=done.pending)
            )
    return EXIT_NEEDS_ATTENTION if done.quarantined else EXIT_OK
