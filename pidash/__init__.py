"""pidash: a web dashboard for PiOrchestrator."""

from importlib.metadata import PackageNotFoundError
from importlib.metadata import version as _dist_version

__version__ = "0.1.0"
"""Fallback when the package is not installed; the installed distribution's version wins."""


def version() -> str:
    """The installed pidash's version (``pyproject.toml``), as ``pidash --version`` prints it."""
    try:
        return _dist_version("pidash")
    except PackageNotFoundError:
        return __version__
