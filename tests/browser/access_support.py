"""Helpers for the access-control browser tests: accounts made with the real CLI, sign-in, the audit
database, and sending a page event straight through NiceGUI's socket (as a forged client would)."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

from playwright.sync_api import Locator, Page, expect

from tests.support.processes import child_env

PASSWORDS = {"ada": "ada-admin-pass-1", "tom": "tom-tech-pass-22", "vic": "vic-viewer-pass-3"}
ROLES = {"ada": "admin", "tom": "technician", "vic": "viewer"}


def add_account(workdir: Path, name: str, role: str, password: str) -> None:
    """``pidash user add`` in ``workdir`` (whose ``.pidash`` is the dashboard's data dir), password on stdin."""
    workdir.mkdir(parents=True, exist_ok=True)
    done = subprocess.run(
        [sys.executable, "-m", "pidash", "user", "add", name, "--role", role],
        cwd=workdir,
        env=child_env(),
        input=password + "\n",
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert password not in done.stdout + done.stderr


def add_crew(workdir: Path) -> None:
    for name, role in ROLES.items():
        add_account(workdir, name, role, PASSWORDS[name])


def sign_in(page: Page, base_url: str, name: str, *, next_path: str = "/", password: str | None = None) -> None:
    page.goto(f"{base_url}/login?next={next_path}")
    page.get_by_label("Name", exact=True).fill(name)
    page.get_by_label("Password", exact=True).fill(password or PASSWORDS[name])
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_test_id("operator")).to_contain_text(f"{name} (", timeout=15_000)


def audit_rows(workdir: Path) -> list[dict[str, str]]:
    """The audit table, oldest first, read from the dashboard's database file."""
    with sqlite3.connect(workdir / ".pidash" / "pidash.db") as db:
        db.row_factory = sqlite3.Row
        return [dict(r) for r in db.execute("SELECT * FROM audit ORDER BY id")]


def emit_event(page: Page, element: Locator, event_type: str, *args: object) -> None:
    """Send ``event_type`` for ``element`` through the page's socket, whatever the element's state
    in the browser: what a forged client would do to call a page handler directly."""
    dom_id = element.evaluate("e => e.closest('[id^=c]').id")
    page.evaluate(
        """([domId, type, args]) => {
            const id = domId.slice(1);
            const listener = mounted_app.elements[id].events.find((e) => e.type === type);
            if (!listener) throw new Error(`no ${type} listener on ${domId}`);
            window.socket.emit("event", {
                id: Number(id), client_id: window.clientId, listener_id: listener.listener_id,
                args: args.map((a) => JSON.stringify(a)),
            });
        }""",
        [dom_id, event_type, list(args)],
    )
