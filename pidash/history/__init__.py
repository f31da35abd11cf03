"""The batch history (issue 12): a recorder that writes every followed batch to SQLite, the
queries of the History page, and the CSV/JSON exports.

Tables: :mod:`pidash.db.history`. Nothing here holds a Wi-Fi password or an API key.
"""
