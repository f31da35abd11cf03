"""The ``storage_secret`` that signs the session cookie: generated on first start, kept 0600."""

from __future__ import annotations

import logging
import os
import secrets
import stat
from pathlib import Path

SECRET_FILE = "storage_secret"
logger = logging.getLogger("pidash.auth")


def storage_secret(data_dir: Path) -> str:
    """Read ``<data_dir>/storage_secret``, creating it (random, mode 0600) when missing."""
    data_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
    path = data_dir / SECRET_FILE
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        mode = stat.S_IMODE(path.stat().st_mode)
        if mode & 0o077:
            logger.warning("%s was readable by others (mode %o): set to 0600", path, mode)
            path.chmod(0o600)
        value = path.read_text().strip()
        if len(value) >= 32:
            return value
        raise RuntimeError(f"{path} is too short to be a secret: delete it to have a new one made") from None
    value = secrets.token_urlsafe(48)
    with os.fdopen(fd, "w") as f:
        f.write(value + "\n")
    logger.info("generated a new session secret in %s", path)
    return value
