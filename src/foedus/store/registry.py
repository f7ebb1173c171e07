"""What ``registry.json`` may hold, and rebuilding it from the releases' own manifests.

The registry names, for each loaded source, the folder of its current release. It is
checked against a fixed schema before anything trusts it: every folder must be
``releases/<source>/<release>`` with a plain release name, so a tampered registry can never
point the store at a path outside its releases folder. Each release folder also carries a
manifest (``release.json``) with the same record, so a lost or damaged registry can be
rebuilt from the releases themselves.
"""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path
from typing import Any

FORMAT = 1
MANIFEST = "release.json"
RETIRED = ".retired"  # marks a release that is no longer current (kept for a grace period)
NAME = re.compile(r"^[a-z][a-z0-9_]{0,63}$")
RELEASE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,199}$")
SHA256 = re.compile(r"^[0-9a-f]{64}$")
FIELDS: dict[str, type] = {
    "version": str,
    "directory": str,
    "citation": str,
    "imported_at": str,
    "files": dict,
    "rows": dict,
    "checksums": dict,
}


class Damage(Exception):
    """What is wrong with a registry or manifest, as a phrase for a one-line message."""


def clip(value: object, width: int = 80) -> str:
    """``repr(value)`` cut to about ``width`` characters, for one-line messages."""
    if type(value).__module__ == "numpy":
        value = value.item()  # type: ignore[attr-defined]
    text = repr(value)
    return text if len(text) <= width else text[: width - 3] + "..."


def sha256_file(path: Path) -> str:
    """The SHA-256 of a file's bytes, as hex."""
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def parse(text: str) -> dict[str, dict]:
    """The ``sources`` of a registry.json text, after checking every record (else Damage)."""
    if not text.strip():
        raise Damage("it is empty")
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise Damage(f"it is not JSON ({exc.msg} at line {exc.lineno})") from None
    if not isinstance(data, dict) or "sources" not in data:
        raise Damage(f"it holds {clip(data, 40)}, not an object with 'format' and 'sources'")
    if data.get("format") != FORMAT:
        raise Damage(f"format {clip(data.get('format'))} is unknown; accepted: {FORMAT}")
    sources = data["sources"]
    if not isinstance(sources, dict):
        raise Damage("'sources' is not an object")
    for name, record in sources.items():
        check_record(name, record)
    return sources


def check_record(name: Any, record: Any) -> None:
    """Raise Damage unless ``record`` is a valid registry record of source ``name``."""
    if not isinstance(name, str) or not NAME.match(name):
        raise Damage(f"source name {clip(name)} is invalid")
    if not isinstance(record, dict):
        raise Damage(f"source {name!r} is not an object")
    missing = [key for key in FIELDS if key not in record]
    if missing:
        raise Damage(f"source {name!r} lacks {', '.join(missing)}")
    for key, kind in FIELDS.items():
        if not isinstance(record[key], kind):
            raise Damage(f"source {name!r}: {key} is not a{'n' * (kind is dict)} {kind.__name__}")
    parts = record["directory"].split("/")
    if len(parts) != 3 or parts[:2] != ["releases", name] or not RELEASE.match(parts[2]):
        raise Damage(
            f"source {name!r}: directory {clip(record['directory'])} is not inside "
            f"releases/{name}/ (refused)"
        )
    rows, checksums = record["rows"], record["checksums"]
    if not rows or not all(isinstance(t, str) and NAME.match(t) for t in rows):
        raise Damage(f"source {name!r}: rows must name its tables ([a-z0-9_])")
    if not all(isinstance(n, int) and not isinstance(n, bool) and n >= 0 for n in rows.values()):
        raise Damage(f"source {name!r}: rows must be counts (whole numbers >= 0)")
    if set(checksums) != set(rows):
        raise Damage(f"source {name!r}: checksums must list the tables of rows")
    if not all(isinstance(v, str) and SHA256.match(v) for v in checksums.values()):
        raise Damage(f"source {name!r}: checksums must be SHA-256 digests")
    if not all(isinstance(k, str) and isinstance(v, str) for k, v in record["files"].items()):
        raise Damage(f"source {name!r}: files must map file names to digests")


def dump(sources: dict[str, dict]) -> str:
    """The registry.json text for ``sources``."""
    return json.dumps({"format": FORMAT, "sources": sources}, indent=1, sort_keys=True)


def write_manifest(folder: Path, name: str, record: dict, sequence: int) -> None:
    """Write the manifest of a release folder (its registry record, and its import order)."""
    manifest = {"format": FORMAT, "source": name, "sequence": sequence, **record}
    (folder / MANIFEST).write_text(json.dumps(manifest, indent=1, sort_keys=True))


def real_dirs(folder: Path) -> list[Path]:
    """The subfolders of ``folder``: symbolic links and files are left out, never followed."""
    if folder.is_symlink() or not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.is_dir() and not p.is_symlink())


def rebuild(home: Path) -> dict[str, dict]:
    """Registry records from the manifests below ``home/releases``: for each source, the
    latest release that is complete (every file present, checksums matching) and not retired."""
    best: dict[str, tuple[int, dict]] = {}
    for source_dir in real_dirs(home / "releases"):
        name = source_dir.name
        if not NAME.match(name):
            continue
        for folder in real_dirs(source_dir):
            found = _manifest(home, name, folder)
            if found is not None and found[0] > best.get(name, (-1, {}))[0]:
                best[name] = found
    return {name: record for name, (_, record) in sorted(best.items())}


def _manifest(home: Path, name: str, folder: Path) -> tuple[int, dict] | None:
    if not RELEASE.match(folder.name) or (folder / RETIRED).exists():
        return None
    try:
        data = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
        sequence = data.pop("sequence")
        if data.pop("source") != name or data.pop("format") != FORMAT:
            return None
        check_record(name, data)
        if data["directory"] != folder.relative_to(home).as_posix():
            return None
        for table, digest in data["checksums"].items():
            if sha256_file(folder / f"{table}.parquet") != digest:
                return None
    except (OSError, ValueError, KeyError, AttributeError, TypeError, Damage):
        return None
    return (sequence, data) if isinstance(sequence, int) else None
