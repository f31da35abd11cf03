"""Every table module, imported once so that ``Base.metadata`` knows all tables.

A new table module is added here (one import line); see ``pidash/db/__init__.py``.
"""

from __future__ import annotations

from pidash.db import accounts, audit, history
from pidash.db.base import Base

TABLE_MODULES = (accounts, audit, history)
metadata = Base.metadata
