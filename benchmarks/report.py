"""Writing a benchmark's figures into its own marked section of docs/PERFORMANCE.md."""

from __future__ import annotations

from pathlib import Path


def write_section(
    path: Path, section: str, begin: str, end: str, title: str, intro: str = ""
) -> None:
    """Replace the text between ``begin`` and ``end``, or append a new titled section."""
    text = path.read_text(encoding="utf-8") if path.exists() else "# Performance\n\n"
    if begin in text and end in text:
        head, rest = text.split(begin, 1)
        text = head + section + rest.split(end, 1)[1]
    else:
        lead = f"{intro}\n\n" if intro else ""
        text = text.rstrip("\n") + f"\n\n## {title}\n\n{lead}{section}\n"
    path.write_text(text, encoding="utf-8")
