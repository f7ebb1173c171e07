"""The catalog of datasets foedus can fetch: versions, official URLs, checksums, citations, terms.

The facts live in each source module's ``SPEC`` (one place per dataset); this module lays
them out as a table. A SHA-256 is recorded only where the file is known byte for byte: the
ATOP 5.1 CSV files (digests of the release files themselves; the official zip is unpacked
before they are checked). The other sources' upstream files are either not byte-identical
to what foedus reads (line endings normalised, R ``.rda`` tables exported to CSV/Parquet) or
not seen, so their digest is left empty and only their layout is validated.
"""

from __future__ import annotations

import pandas as pd

from foedus.sources import MODULES, spec

COLUMNS = [
    "source",
    "version",
    "title",
    "file",
    "url",
    "sha256",
    "mirror_path",
    "citation",
    "terms",
    "notes",
]


def catalog() -> pd.DataFrame:
    """One row per file of every catalogued source (see the module docstring)."""
    rows = []
    for name in MODULES:
        source = spec(name)
        for remote in source.files:
            rows.append(
                {
                    "source": source.name,
                    "version": source.version,
                    "title": source.title,
                    "file": remote.filename,
                    "url": remote.url,
                    "sha256": remote.sha256,
                    "mirror_path": "/".join(p for p in (source.mirror_dir, remote.filename) if p),
                    "citation": source.citation,
                    "terms": source.terms,
                    "notes": source.notes,
                }
            )
    return pd.DataFrame(rows, columns=COLUMNS)
