"""The installed version of alliance-tui, for `--version` and for the index's records."""

from __future__ import annotations


def app_version() -> str:
    """The package's version, or "unknown" when it runs from a source tree."""
    # Imported here, not at the top: importlib.metadata costs 30 ms at every start.
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("alliance-tui")
    except PackageNotFoundError:
        return "unknown"
