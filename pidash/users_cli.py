"""``pidash user add NAME --role ROLE | list | passwd NAME | remove NAME``: operator accounts.

The password is prompted twice (``getpass``) on a terminal, or read as one line from stdin when
stdin is not a terminal (scripts: ``printf '%s\\n' "$PW" | pidash user add ann --role admin``);
never an argument, which ``ps`` and shell history would show.
"""

from __future__ import annotations

import argparse
import getpass
import sys
from pathlib import Path
from typing import TextIO

from pidash.auth.roles import Role, parse_role


def add_user_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    user = sub.add_parser("user", help="manage operator accounts (sign-in to the dashboard)")
    user.add_argument("--data-dir", type=Path, help="the dashboard's data directory (env PIDASH_DATA_DIR)")
    actions = user.add_subparsers(dest="user_command", required=True)
    add = actions.add_parser("add", help="create an account; the password is prompted (or read from stdin)")
    add.add_argument("name")
    add.add_argument("--role", required=True, choices=[r.value for r in Role])
    actions.add_parser("list", help="list accounts and their roles")
    passwd = actions.add_parser("passwd", help="set a new password (ends the account's sign-ins)")
    passwd.add_argument("name")
    role = actions.add_parser("role", help="change an account's role (ends its sign-ins)")
    role.add_argument("name")
    role.add_argument("role", choices=[r.value for r in Role])
    remove = actions.add_parser("remove", help="delete an account")
    remove.add_argument("name")


def read_password(stdin: TextIO = sys.stdin) -> str:
    """Twice with ``getpass`` on a terminal; else the first line of stdin (without its newline)."""
    from pidash.auth.accounts import AccountError

    if stdin.isatty():
        first = getpass.getpass("Password: ")
        if getpass.getpass("Password again: ") != first:
            raise AccountError("The two passwords differ.")
        return first
    return stdin.readline().rstrip("\r\n")


def run_user_command(args: argparse.Namespace) -> int:
    """Run one ``pidash user`` command; the exit status (errors go to stderr, never a password)."""
    from pidash.auth.accounts import AccountError, Accounts  # here: every command builds this parser
    from pidash.db import Database
    from pidash.settings import DashboardSettings

    data_dir = args.data_dir or DashboardSettings().data_dir
    accounts = Accounts(Database(data_dir))
    try:
        if args.user_command == "add":
            info = accounts.add(args.name, parse_role(args.role), read_password())
            print(f"Account {info.name} ({info.role}) created in {data_dir}.")
        elif args.user_command == "list":
            rows = accounts.list()
            if not rows:
                print("No accounts. Create one with: pidash user add NAME --role admin")
            for a in rows:
                print(f"{a.name}\t{a.role}\tcreated {a.created_at:%Y-%m-%d %H:%M}")
        elif args.user_command == "passwd":
            accounts.set_password(args.name, read_password())
            print(f"Password of {args.name} changed; its sign-ins have ended.")
        elif args.user_command == "role":
            accounts.set_role(args.name, parse_role(args.role))
            print(f"{args.name} is now {args.role}; its sign-ins have ended.")
        elif args.user_command == "remove":
            accounts.remove(args.name)
            print(f"Account {args.name} removed.")
    except AccountError as err:
        print(f"pidash user {args.user_command}: {err}", file=sys.stderr)
        return 1
    return 0
