"""Data access: the only code that reads the store (see docs/architecture.md).

Every SQL over store files goes through :func:`query`; readers live in topic modules
(``foedus.data.atop``, ``foedus.data.cow``, ...), each named ``read_*``.
"""

from foedus.data._sql import cached_query, query, session

__all__ = ["cached_query", "query", "session"]
