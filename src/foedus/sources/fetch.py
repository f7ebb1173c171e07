"""Downloading a dataset from its official distribution (or a mirror), verifying it, importing it.

Each file of a source's ``SPEC.files`` is downloaded into a temporary folder, with a
progress bar on stderr. A file whose official URL is a ``.zip`` archive is taken from the
archive (by its base name); the archive is downloaded once per source. Files with a known
SHA-256 are verified, and a mismatch stops the fetch before anything is stored. The folder
is then imported with :func:`foedus.sources.import_source`, all-or-nothing.

A mirror base URL (the ``mirror`` argument, else ``$FOEDUS_MIRROR``) replaces the official
URLs: the files are then read from ``<mirror>/<SPEC.mirror_dir>/<filename>``.

A download that stalls for :data:`TIMEOUT` seconds, or a fetch still running after its
``deadline`` (a server trickling bytes), is abandoned; the temporary folder is removed then,
and also when the fetch is interrupted (Ctrl-C, or SIGTERM while it runs).
"""

from __future__ import annotations

import contextlib
import http.client
import io
import os
import shutil
import signal
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import zipfile
from collections.abc import Iterator
from contextlib import AbstractContextManager, nullcontext
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from foedus.errors import FoedusError
from foedus.sources import MODULES, RemoteFile, SourceSpec, import_source, spec
from foedus.store import Release, Store, sha256_file
from foedus.store.registry import clip

if TYPE_CHECKING:
    from rich.progress import Progress

TIMEOUT = 60  # seconds without data before a download is abandoned
DEADLINE = 3600  # seconds a whole fetch of one source may take
_CHUNK = 1 << 16


def mirror_base(mirror: str | None = None) -> str | None:
    """The mirror base URL in use: ``mirror``, else ``$FOEDUS_MIRROR``, else None.

    An explicit ``mirror`` must be an http(s) or file URL; an empty ``$FOEDUS_MIRROR``
    counts as unset.
    """
    if mirror is None:
        mirror = os.environ.get("FOEDUS_MIRROR") or None
        if mirror is None:
            return None
    if not isinstance(mirror, str):
        raise FoedusError(
            f"mirror {clip(mirror)} is not a URL; accepted: a base URL such as "
            "https://example.org/foedus-data"
        )
    parts = urllib.parse.urlparse(mirror.strip())
    if parts.scheme not in ("http", "https", "file") or not (parts.netloc or parts.path):
        raise FoedusError(
            f"mirror {clip(mirror)} is not an http(s) or file URL; accepted: a base URL "
            "such as https://example.org/foedus-data"
        )
    return mirror.strip()


def file_url(source: SourceSpec, remote: RemoteFile, mirror: str | None) -> str:
    """Where ``remote`` is downloaded from: below the mirror base, or its official URL."""
    if mirror is None:
        return remote.url
    parts = [p for p in (source.mirror_dir, remote.filename) if p]
    return mirror.rstrip("/") + "/" + "/".join(urllib.parse.quote(p) for p in parts)


def fetch(
    name: str,
    store: Store | None = None,
    mirror: str | None = None,
    progress: bool = True,
    deadline: float = DEADLINE,
) -> Release:
    """Download, verify and import source ``name``; nothing is stored unless all succeed.

    Parameters
    ----------
    name
        A catalogued source (``foedus data catalog``).
    store
        The store to import into (default: ``Store()``).
    mirror
        A mirror base URL (default: ``$FOEDUS_MIRROR``, else the official URLs).
    progress
        Show download progress on stderr.
    deadline
        Seconds the downloads may take in all, however slowly a server sends.

    Returns
    -------
    Release
        The stored release.
    """
    source = spec(name)
    base = mirror_base(mirror)
    if base is None:
        _check_official_layout(source)
    if not isinstance(deadline, int | float) or not deadline > 0:
        raise FoedusError(f"deadline {clip(deadline)} is invalid; accepted: seconds > 0")
    until = time.monotonic() + deadline
    with _terminate_as_interrupt(), tempfile.TemporaryDirectory(prefix=f"foedus-{name}-") as tmp:
        folder = Path(tmp)
        archives: dict[str, Path] = {}
        with _progress(progress) as bar:
            for remote in source.files:
                url = file_url(source, remote, base)
                target = folder / remote.filename
                address, members = _members(url, remote.filename)
                if members:
                    if address not in archives:
                        archive = folder / f".archive{len(archives)}.zip"
                        archives[address] = _download(address, archive, bar, until)
                    _extract(archives[address], members, target, url)
                else:
                    _download(url, target, bar, until)
                verify(target, remote, url)
        for archive in archives.values():
            archive.unlink()
        return import_source(name, folder, store)


def fetch_all(
    store: Store | None = None, mirror: str | None = None, progress: bool = True
) -> pd.DataFrame:
    """Fetch every catalogued source; one row per source with its outcome (``error`` if any).

    A mirror that is not a URL is refused before any source is tried.
    """
    mirror_base(mirror)
    rows = []
    for name in MODULES:
        try:
            release = fetch(name, store=store, mirror=mirror, progress=progress)
        except FoedusError as exc:
            rows.append(
                {
                    "source": name,
                    "version": spec(name).version,
                    "tables": "",
                    "rows": 0,
                    "error": str(exc),
                }
            )
        else:
            rows.append({**summary(release), "error": ""})
    return pd.DataFrame(rows, columns=["source", "version", "tables", "rows", "error"])


def summary(release: Release) -> dict[str, object]:
    """One row describing an imported release."""
    return {
        "source": release.name,
        "version": release.version,
        "tables": ", ".join(f"{t} ({n})" for t, n in release.rows.items()),
        "rows": sum(release.rows.values()),
    }


def verify(path: Path, remote: RemoteFile, url: str) -> None:
    """Raise FoedusError naming the file and both digests if ``path`` is not the known file."""
    if remote.sha256 is None:
        return
    actual = sha256_file(path)
    if actual != remote.sha256.lower():
        raise FoedusError(
            f"{remote.filename} from {url}: sha256 {actual} does not match the "
            f"catalog's {remote.sha256}; nothing was stored (accepted: the "
            "official file, byte for byte)"
        )


def _members(url: str, filename: str) -> tuple[str, list[str]]:
    """The download address and, for a zip archive, the chain of members to open.

    A fragment names the member (``...NMCv7.zip#NMC-v7-abridged.zip/NMC-70-abridged.csv``
    opens a zip inside the zip); without one the member is the file's own name.
    """
    address, _, fragment = url.partition("#")
    if not urllib.parse.urlparse(address).path.endswith(".zip"):
        return url, []
    return address, fragment.split("/") if fragment else [filename]


def _delivered(url: str, filename: str) -> str:
    """The name of the file a URL finally yields (the last archive member, or its path)."""
    _, members = _members(url, filename)
    return members[-1] if members else Path(urllib.parse.urlparse(url).path).name


def _check_official_layout(source: SourceSpec) -> None:
    """Refuse, before downloading, a source whose official files are not the format read."""
    for remote in source.files:
        delivered = _delivered(remote.url, remote.filename)
        if Path(delivered).suffix.lower() != Path(remote.filename).suffix.lower():
            raise FoedusError(
                f"{source.name}: the official {remote.url} gives {delivered}, not the "
                f"{remote.filename} layout foedus reads; accepted: a mirror (--mirror or "
                f"$FOEDUS_MIRROR) serving {source.mirror_dir}/{remote.filename}, or "
                f"`foedus data import {source.name} PATH`"
            )


def _extract(archive: Path, members: list[str], target: Path, url: str) -> None:
    """Copy the member chain ``members`` (by base name, zips inside zips) to ``target``."""
    try:
        zf = zipfile.ZipFile(archive)
        for depth, name in enumerate(members):
            found = [m for m in zf.namelist() if Path(m).name == name]
            if not found:
                raise FoedusError(
                    f"{url}: the archive holds no {name}; accepted: the official archive "
                    "of this release"
                )
            if depth == len(members) - 1:
                with zf.open(found[0]) as src, open(target, "wb") as dst:
                    shutil.copyfileobj(src, dst)
            else:
                zf = zipfile.ZipFile(io.BytesIO(zf.read(found[0])))
    except zipfile.BadZipFile:
        raise FoedusError(f"{url}: not a zip archive; accepted: the official archive") from None


def _download(url: str, target: Path, bar: Progress | None, until: float) -> Path:
    request = urllib.request.Request(url, headers={"User-Agent": "foedus"})
    part = target.with_name(target.name + ".part")
    try:
        timeout = max(0.1, min(TIMEOUT, until - time.monotonic()))
        with urllib.request.urlopen(request, timeout=timeout) as response, open(part, "wb") as out:
            header = (response.headers.get("Content-Length") or "").strip()
            size = int(header) if header.isdecimal() else None
            task = bar.add_task(target.name, total=size) if bar else None
            received = 0
            while block := response.read1(_CHUNK):
                if time.monotonic() > until:
                    raise OSError("the fetch ran past its deadline (the server is too slow)")
                out.write(block)
                received += len(block)
                if bar and task is not None:
                    bar.advance(task, len(block))
            if size is not None and received != size:
                raise OSError(f"connection closed after {received} of {size} bytes")
    except urllib.error.HTTPError as exc:
        part.unlink(missing_ok=True)
        raise FoedusError(
            f"download of {url} failed: HTTP {exc.code} {exc.reason}; accepted: a "
            "URL serving the file (check --mirror or $FOEDUS_MIRROR)"
        ) from None
    except (urllib.error.URLError, OSError, http.client.HTTPException, ValueError) as exc:
        part.unlink(missing_ok=True)
        reason = getattr(exc, "reason", None) or str(exc) or type(exc).__name__
        raise FoedusError(
            f"download of {url} failed: {reason}; accepted: a reachable URL "
            "(check the network, --mirror or $FOEDUS_MIRROR)"
        ) from None
    part.rename(target)
    return target


@contextlib.contextmanager
def _terminate_as_interrupt() -> Iterator[None]:
    """While a fetch runs in the main thread, SIGTERM interrupts it like Ctrl-C, so the
    temporary folder is removed on the way out."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def interrupt(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, interrupt)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def _progress(enabled: bool) -> AbstractContextManager[Progress | None]:
    if not enabled:
        return nullcontext(None)
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        DownloadColumn,
        Progress,
        TextColumn,
        TransferSpeedColumn,
    )

    return Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        DownloadColumn(),
        TransferSpeedColumn(),
        console=Console(stderr=True),
        transient=False,
    )
