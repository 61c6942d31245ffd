"""``ocpsc-field``: the desktop app, and headless commands for scripts and support.

With no command it opens the app. The passphrase comes from
``--passphrase-file``, then ``OCPSC_PASSPHRASE``, then a prompt on a terminal.
Every failure prints a message saying what to do and exits non-zero; a
traceback is a bug.
"""

from __future__ import annotations

import argparse
import getpass
import json
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from ocpsc_field import __version__
from ocpsc_field.i18n import _, language_from_environment, ngettext, render, set_language

if TYPE_CHECKING:
    from ocpsc_field.store.selfcheck import Check

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_USAGE = 2


class CliError(Exception):
    """A failure to report to the user, already in their language."""


def default_profile_dir() -> Path:
    import platformdirs

    return Path(platformdirs.user_data_dir("ocpsc-field", "OCPSC")) / "profiles" / "default"


def read_passphrase(
    args: argparse.Namespace, *, confirm: bool = False, prompt: str | None = None
) -> str:
    if args.passphrase_file:
        try:
            text = Path(args.passphrase_file).read_text(encoding="utf-8")
        except OSError as error:
            raise CliError(
                _("Could not read the passphrase file: {reason}").format(
                    reason=error.strerror or str(error)
                )
            ) from None
        return text.rstrip("\r\n")
    if os.environ.get("OCPSC_PASSPHRASE"):
        return os.environ["OCPSC_PASSPHRASE"]
    if not sys.stdin or not sys.stdin.isatty():
        raise CliError(
            _(
                "No passphrase given. Set OCPSC_PASSPHRASE, pass --passphrase-file, "
                "or run the command in a terminal to be asked for it."
            )
        )
    first = getpass.getpass(prompt or _("Passphrase: "))
    if confirm and getpass.getpass(_("Repeat the passphrase: ")) != first:
        raise CliError(_("The two passphrases did not match. Nothing was changed."))
    return first


def _profile_dir(args: argparse.Namespace) -> Path:
    return Path(args.profile).expanduser() if args.profile else default_profile_dir()


def _open(args: argparse.Namespace):  # type: ignore[no-untyped-def]
    from ocpsc_field.store.session import open_profile

    return open_profile(_profile_dir(args), read_passphrase(args))


def cmd_init(args: argparse.Namespace) -> int:
    from ocpsc_field.store.session import init_profile

    folder = _profile_dir(args)
    init_profile(folder, read_passphrase(args, confirm=True), user=args.user)
    print(_("Created an encrypted profile in {folder}.").format(folder=folder))
    return EXIT_OK


def cmd_self_check(args: argparse.Namespace) -> int:
    from ocpsc_field.store import selfcheck

    with _open(args) as opened:
        checks = selfcheck.run(opened)
    for check in checks:
        print(_check_line(check))
    if all(check.ok for check in checks):
        print(_("Self-check passed."))
        return EXIT_OK
    print(
        _("Self-check failed. Keep this laptop's profile folder and contact support."),
        file=sys.stderr,
    )
    return EXIT_FAILED


def _check_line(check: Check) -> str:
    """One self-check result as a whole line: what was checked, how it went, and why."""
    label = _(check.label)
    if check.ok:
        return _("{check}: passed").format(check=label)
    if check.detail is None:
        return _("{check}: failed").format(check=label)
    return _("{check}: failed. {problem}").format(check=label, problem=render(check.detail))


def cmd_demo(args: argparse.Namespace) -> int:
    from ocpsc_field.store.demo import fill_demo

    if args.residents < 0:
        raise CliError(_("--residents must be zero or more."))
    with _open(args) as opened:
        summary = fill_demo(
            opened,
            residents=args.residents,
            seed=args.seed,
            progress=None if args.quiet else _progress_printer(),
        )
    print(json.dumps(summary, ensure_ascii=False, indent=2))
    return EXIT_OK


def _progress_printer() -> Callable[[str, int, int], None]:
    def report(stage: str, done: int, total: int) -> None:
        print(
            _("{stage}: {done} of {total}").format(stage=stage, done=done, total=total),
            file=sys.stderr,
        )

    return report


def cmd_status(args: argparse.Namespace) -> int:
    with _open(args) as opened:
        print(json.dumps(opened.status(), ensure_ascii=False, indent=2))
    return EXIT_OK


def cmd_enroll(args: argparse.Namespace) -> int:
    from ocpsc_field.sync.enrollment import EnrollmentFailed, enroll

    with _open(args) as opened:
        try:
            answer = enroll(opened.database, args.server, args.code, device_name=args.name)
        except EnrollmentFailed as failed:
            print(str(failed), file=sys.stderr)
            return EXIT_FAILED
    print(
        _("This laptop is enrolled with HQ for {user} of {organization}.").format(
            user=answer.username, organization=answer.organization_name
        )
    )
    return EXIT_OK


def cmd_sync(args: argparse.Namespace) -> int:
    from ocpsc_field.sync.cli_sync import erase_profile, run_sync_command

    with _open(args) as opened:
        code, wipe = run_sync_command(opened, quiet=args.quiet)
    if wipe:
        erase_profile(_profile_dir(args))
    return code


def cmd_bundle(args: argparse.Namespace) -> int:
    from ocpsc_field.sync import bundle_cli

    with _open(args) as opened:
        if args.bundle_command == "export":
            return bundle_cli.export_command(
                opened, Path(args.out), after=args.after, as_json=args.json
            )
        if args.bundle_command == "relay":
            paths = [Path(item) for item in args.files]
            return bundle_cli.relay_command(
                opened, paths, upload=not args.no_upload, as_json=args.json
            )
        if args.bundle_command == "upload":
            return bundle_cli.upload_command(opened, as_json=args.json)
        if args.bundle_command == "status":
            return bundle_cli.status_command(opened, as_json=args.json)
        if args.bundle_command == "receipts-download":
            return bundle_cli.receipts_download_command(
                opened, Path(args.out), days=args.days, as_json=args.json
            )
        return bundle_cli.receipts_command(opened, Path(args.file), as_json=args.json)


def _add_bundle_parser(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser(
        "bundle",
        help=_("sealed offline bundles carried by a coordinator to HQ, and their receipts"),
    )
    steps = parser.add_subparsers(dest="bundle_command", metavar="STEP", required=True)
    export_step = steps.add_parser(
        "export", help=_("save the records waiting to be sent in a sealed bundle file")
    )
    export_step.add_argument(
        "--out", required=True, metavar="FILE", help=_("the file to write, or a folder")
    )
    export_step.add_argument(
        "--after",
        type=int,
        default=0,
        metavar="NUMBER",
        help=_("only the changes after this change number"),
    )
    relay_step = steps.add_parser(
        "relay", help=_("collect bundle files from laptops and upload them when HQ is reachable")
    )
    relay_step.add_argument("files", nargs="+", metavar="FILE")
    relay_step.add_argument(
        "--no-upload", action="store_true", help=_("only collect; upload later")
    )
    steps.add_parser("upload", help=_("upload the collected bundles to HQ"))
    steps.add_parser("status", help=_("list collected bundles and HQ's report on each"))
    download = steps.add_parser(
        "receipts-download", help=_("download HQ's signed receipts for the team's laptops")
    )
    download.add_argument(
        "--out", required=True, metavar="FILE", help=_("the file to write, or a folder")
    )
    download.add_argument(
        "--days", type=int, default=60, help=_("bundles received in this many days (default 60)")
    )
    receipts = steps.add_parser(
        "receipts", help=_("apply a receipts file from your coordinator to this laptop")
    )
    receipts.add_argument("file", metavar="FILE")
    for step in steps.choices.values():
        step.add_argument("--json", action="store_true", help=_("print the result as JSON"))
    parser.set_defaults(run=cmd_bundle)


def cmd_export(args: argparse.Namespace) -> int:
    from ocpsc_field.core.records import Kind
    from ocpsc_field.store import export

    kinds = [Kind(args.kind)] if args.kind else list(Kind)
    with _open(args) as opened:
        mine = opened.actor.user if args.mine else None
        written = export.export(
            opened.records, Path(args.out), fmt=args.format, kinds=kinds, created_by=mine
        )
    for path, count in written:
        wrote = ngettext("Wrote {count} record to {path}", "Wrote {count} records to {path}", count)
        print(wrote.format(count=count, path=path))
    return EXIT_OK


def cmd_change_passphrase(args: argparse.Namespace) -> int:
    from ocpsc_field.store import profile

    folder = _profile_dir(args)
    old = read_passphrase(args, prompt=_("Current passphrase: "))
    if args.new_passphrase_file:
        new = Path(args.new_passphrase_file).read_text(encoding="utf-8").rstrip("\r\n")
    elif os.environ.get("OCPSC_NEW_PASSPHRASE"):
        new = os.environ["OCPSC_NEW_PASSPHRASE"]
    elif sys.stdin and sys.stdin.isatty():
        new = getpass.getpass(_("New passphrase: "))
        if getpass.getpass(_("Repeat the new passphrase: ")) != new:
            raise CliError(_("The two passphrases did not match. Nothing was changed."))
    else:
        raise CliError(
            _("No new passphrase given. Set OCPSC_NEW_PASSPHRASE or pass --new-passphrase-file.")
        )
    profile.change_passphrase(folder, old, new)
    print(_("The passphrase was changed."))
    return EXIT_OK


def cmd_survey_check(args: argparse.Namespace) -> int:
    from ocpsc_field.survey_check import run_survey_check

    return run_survey_check(Path(args.file), as_json=args.json)


def cmd_gui(args: argparse.Namespace) -> int:
    from ocpsc_field.app import run_gui

    return run_gui(_profile_dir(args), passphrase=_gui_passphrase(args))


def _gui_passphrase(args: argparse.Namespace) -> str | None:
    if args.passphrase_file or os.environ.get("OCPSC_PASSPHRASE"):
        return read_passphrase(args)
    return None


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="ocpsc-field",
        description=_(
            "OCPSC Field: log conversations, register and enroll residents, and fill "
            "in surveys, offline. With no command, the desktop app opens."
        ),
        epilog=_(
            "The passphrase is read from --passphrase-file, else from the "
            "OCPSC_PASSPHRASE environment variable, else asked for at a prompt."
        ),
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument(
        "--profile",
        metavar="DIR",
        help=_("profile folder (default: {path})").format(path=default_profile_dir()),
    )
    parser.add_argument(
        "--passphrase-file",
        metavar="FILE",
        help=_("read the passphrase from the first line of FILE"),
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    init = commands.add_parser("init", help=_("create a new encrypted profile"))
    init.add_argument("--user", default="field-user", help=_("the name this profile signs with"))
    init.set_defaults(run=cmd_init)

    check = commands.add_parser(
        "self-check",
        help=_("open the profile, write a record, read it back and delete it; exit 0 if all works"),
    )
    check.set_defaults(run=cmd_self_check)

    demo = commands.add_parser("demo", help=_("fill the profile with realistic demo data"))
    demo.add_argument(
        "--residents",
        type=int,
        default=2000,
        metavar="N",
        help=_("how many residents to create (default 2000)"),
    )
    demo.add_argument("--seed", type=int, default=7, help=_("random seed (default 7)"))
    demo.add_argument("--quiet", action="store_true", help=_("do not print progress"))
    demo.set_defaults(run=cmd_demo)

    status = commands.add_parser(
        "status", help=_("print JSON: record counts per kind and unsynced journal entries")
    )
    status.set_defaults(run=cmd_status)

    export_parser = commands.add_parser(
        "export",
        help=_("export records to CSV or Excel (the file holds personal information unencrypted)"),
    )
    export_parser.add_argument("--format", choices=("csv", "xlsx"), required=True)
    export_parser.add_argument(
        "--out",
        required=True,
        metavar="PATH",
        help=_(
            "xlsx: the workbook to write; csv: a folder (one file per record kind), "
            "or a file when --kind is given"
        ),
    )
    export_parser.add_argument(
        "--kind",
        choices=[
            "resident",
            "contact_log",
            "enrollment",
            "survey_response",
            "program",
            "survey",
            "resource",
            "organization",
        ],
        help=_("export only this record kind"),
    )
    export_parser.add_argument(
        "--mine",
        action="store_true",
        help=_("export only the records this profile's user created"),
    )
    export_parser.set_defaults(run=cmd_export)

    rekey = commands.add_parser(
        "change-passphrase", help=_("re-encrypt the profile under a new passphrase")
    )
    rekey.add_argument(
        "--new-passphrase-file",
        metavar="FILE",
        help=_("read the new passphrase from FILE (else OCPSC_NEW_PASSPHRASE, else a prompt)"),
    )
    rekey.set_defaults(run=cmd_change_passphrase)

    enroll_parser = commands.add_parser(
        "enroll", help=_("enroll this profile with HQ using a one-time code")
    )
    enroll_parser.add_argument("--server", required=True, metavar="URL", help=_("HQ's address"))
    enroll_parser.add_argument(
        "--code", required=True, help=_("the enrollment code from your coordinator")
    )
    enroll_parser.add_argument("--name", help=_("this laptop's name as HQ shows it"))
    enroll_parser.set_defaults(run=cmd_enroll)

    sync_parser = commands.add_parser(
        "sync", help=_("send waiting records to HQ and fetch updates; exit 0 when all is sent")
    )
    sync_parser.add_argument("--quiet", action="store_true", help=_("do not print progress"))
    sync_parser.set_defaults(run=cmd_sync)
    _add_bundle_parser(commands)

    survey_check = commands.add_parser(
        "survey-check",
        help=_(
            "check an XLSForm (.xlsx) without a profile: print a JSON summary and exit 0, "
            "or print every problem with its sheet, row and column and exit 1"
        ),
    )
    survey_check.add_argument("file", metavar="FILE.xlsx", help=_("the XLSForm to check"))
    survey_check.add_argument("--json", action="store_true", help=_("print the problems as JSON"))
    survey_check.set_defaults(run=cmd_survey_check)

    gui = commands.add_parser("gui", help=_("open the desktop app (the default)"))
    gui.set_defaults(run=cmd_gui)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    from ocpsc_field.store.errors import StoreError

    set_language(language_from_environment())
    parser = build_parser()
    args = parser.parse_args(argv)
    run = getattr(args, "run", cmd_gui)
    try:
        return int(run(args))
    except StoreError as error:
        print(render(error.message), file=sys.stderr)
        return EXIT_FAILED
    except CliError as error:
        print(str(error), file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print(_("Stopped. Nothing half-written was kept."), file=sys.stderr)
        return 130


if __name__ == "__main__":
    raise SystemExit(main())
