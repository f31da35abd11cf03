"""pidash: a web dashboard for PiOrchestrator."""

__version__ = "0.1.0"
