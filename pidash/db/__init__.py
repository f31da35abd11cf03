"""The dashboard's own SQLite database (``<data dir>/pidash.db``): operator accounts, the audit trail.

Adding a table (e.g. the batch history of issue 12):

1. write ``pidash/db/<what_it_holds>.py`` with models deriving from :class:`pidash.db.base.Base`;
2. import that module in ``pidash/db/models.py`` (so its tables are in ``Base.metadata``);
3. that is all for a *new* table: :func:`pidash.db.schema.ensure_schema` creates missing tables on
   every start. Changing an *existing* table (a column, an index) needs a step in
   ``pidash.db.schema.MIGRATIONS`` and ``SCHEMA_VERSION`` raised by one.
"""

from pidash.db.base import Base
from pidash.db.engine import Database
from pidash.db.schema import SCHEMA_VERSION, SchemaError

__all__ = ["SCHEMA_VERSION", "Base", "Database", "SchemaError"]
