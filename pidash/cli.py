"""Command line: ``pidash [run]``, ``pidash demo``, ``pidash sim``, ``pidash doctor``, ``pidash user``,
``pidash --version``."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from pydantic import SecretStr, ValidationError

from pidash import version
from pidash.unused_modules import keep_out

SIM_API_KEY_ENV = "PIDASH_SIM_API_KEY"
DOCTOR_API_KEY_ENV = "PIDASH_API_KEY"


def _add_dashboard_flags(parser: argparse.ArgumentParser, *, demo: bool = False) -> None:
    if not demo:  # the demo runs on loopback, against its own simulator
        parser.add_argument("--orchestrator-url", help="PiOrchestrator base URL (env PIDASH_ORCHESTRATOR_URL)")
        parser.add_argument("--host", help="address to serve the dashboard on (env PIDASH_HOST)")
        parser.add_argument("--ssl-certfile", type=Path, help="PEM certificate: serve HTTPS (env PIDASH_SSL_CERTFILE)")
        parser.add_argument("--ssl-keyfile", type=Path, help="PEM key of the certificate (env PIDASH_SSL_KEYFILE)")
    parser.add_argument("--port", type=int, help="port to serve the dashboard on (env PIDASH_PORT)")
    parser.add_argument("--kiosk", action="store_true", default=None, help="open on the kiosk screen")
    parser.add_argument(
        "--no-batch-provisioning",
        dest="batch_provisioning",
        action="store_false",
        default=None,
        help="hide the provisioning and allowlist screens",
    )
    parser.add_argument(
        "--no-websocket-monitoring",
        dest="websocket_monitoring",
        action="store_false",
        default=None,
        help="poll system info instead of using /ws/monitor",
    )


def _add_sim_flags(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8081)
    parser.add_argument("--api-key", help=f"the key protected routes need (or env {SIM_API_KEY_ENV})")
    parser.add_argument("--dev-mode", action="store_true", help="bypass API-key auth")
    parser.add_argument("--devices", type=int, default=8, help="virtual cameras in the fleet")
    parser.add_argument("--unlisted", type=int, default=1, help="fleet cameras left off the allowlist")
    parser.add_argument("--failure-rate", type=float, default=0.1, help="chance a provisioning attempt fails")
    parser.add_argument("--seed", type=int, default=None, help="make a run repeatable")
    parser.add_argument("--speed", type=float, default=1.0, help="simulated-time multiplier")
    parser.add_argument("--data-dir", type=Path, default=Path(".pidash-sim"), help="SQLite data folder")
    parser.add_argument("--faults", action="store_true", help="enable fault injection and /_sim control")
    parser.add_argument("--log-level", default="info")
    parser.add_argument(
        "--dialect",
        choices=("handoff", "field"),
        default="handoff",
        help="handoff: the V1 contract as written; field: what real Pis send (FIELD-NOTES.md)",
    )
    parser.add_argument(
        "--old-build",
        choices=("none", "json-404", "html"),
        default="none",
        help="an old build: some V1 routes missing (JSON NOT_FOUND 404 or an HTML page); legacy routes answer",
    )
    parser.add_argument(
        "--listener",
        choices=("main", "web-ui"),
        default="main",
        help="web-ui: the 8082-style listener (V1 provisioning without auth, ~1 request/s per route group)",
    )
    parser.add_argument("--exit-on-stdin-eof", action="store_true", help=argparse.SUPPRESS)  # pidash demo's


def _exit_on_stdin_eof() -> None:
    """``pidash demo``'s simulator: stop once stdin, a pipe whose only writer is the demo, reaches end
    of file — the kernel closes the writer when the demo dies, however it dies (SIGKILL included)."""
    import signal
    import threading
    import time

    def watch() -> None:
        try:
            while os.read(0, 512):
                pass
        except OSError:
            pass
        os.kill(os.getpid(), signal.SIGTERM)  # the server's own graceful stop
        time.sleep(10)
        os._exit(1)  # it did not stop in time

    threading.Thread(target=watch, name="pidash-sim-parent", daemon=True).start()


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="pidash",
        description="Dashboard for PiOrchestrator.",
        epilog="pidash with no command runs `pidash run`; each command's options: pidash COMMAND --help "
        "(e.g. pidash run --help for --port and --orchestrator-url).",
    )
    parser.add_argument("--version", action="version", version=f"pidash {version()}")
    sub = parser.add_subparsers(dest="command")
    run = sub.add_parser("run", help="start the dashboard (the default)")
    _add_dashboard_flags(run)
    demo = sub.add_parser("demo", help="start the simulator and the dashboard together on loopback")
    _add_dashboard_flags(demo, demo=True)
    demo.add_argument("--sim-port", type=int, default=8081, help="port of the simulator")
    demo.add_argument("--speed", type=float, default=1.0, help="simulated-time multiplier of the simulator")
    demo.add_argument("--devices", type=int, default=8, help="virtual cameras in the fleet")
    demo.add_argument("--data-dir", type=Path, default=Path(".pidash-sim"), help="the simulator's SQLite folder")
    demo.add_argument(
        "--restart-sim-in",
        type=float,
        metavar="SECONDS",
        help="kill the simulator once after SECONDS, as a power loss would, to show recovery",
    )
    sim = sub.add_parser("sim", help="start the PiOrchestrator simulator")
    _add_sim_flags(sim)
    from pidash.users_cli import add_user_parser

    add_user_parser(sub)
    doctor = sub.add_parser("doctor", help="check, read-only, what a Pi offers (key from PIDASH_API_KEY)")
    doctor.add_argument("--orchestrator-url", required=True, help="PiOrchestrator base URL, e.g. http://pi:8081")
    doctor.add_argument("--json", action="store_true", help="machine-readable output for support tickets")
    return parser


def sim_config_from(args: argparse.Namespace) -> Any:
    from pidash.sim.config import SimConfig

    key = args.api_key or os.environ.get(SIM_API_KEY_ENV)
    return SimConfig(
        host=args.host,
        port=args.port,
        api_key=SecretStr(key) if key else None,
        dev_mode=args.dev_mode,
        devices=args.devices,
        unlisted=args.unlisted,
        failure_rate=args.failure_rate,
        seed=args.seed,
        speed=args.speed,
        data_dir=args.data_dir,
        faults=args.faults,
        log_level=args.log_level,
        dialect=args.dialect,
        old_build=args.old_build,
        listener=args.listener,
    )


def settings_from(args: argparse.Namespace) -> Any:
    from pidash.settings import DashboardSettings

    overrides = {
        name: getattr(args, name)
        for name in (
            "orchestrator_url",
            "host",
            "port",
            "kiosk",
            "batch_provisioning",
            "websocket_monitoring",
            "ssl_certfile",
            "ssl_keyfile",
        )
        if getattr(args, name, None) is not None
    }
    try:
        return DashboardSettings(**overrides)
    except ValidationError as exc:
        problems = "; ".join(f"{'.'.join(map(str, e['loc'])) or 'settings'}: {e['msg']}" for e in exc.errors())
        sys.exit(f"pidash: invalid configuration: {problems}")


def main(argv: Sequence[str] | None = None) -> None:
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv or (argv[0].startswith("-") and argv[0] not in ("-h", "--help", "--version")):
        argv.insert(0, "run")
    args = build_parser().parse_args(argv)
    if args.command == "sim":
        config = sim_config_from(args)
        if config.api_key is None and not config.dev_mode:
            sys.exit("pidash sim: give --api-key (or PIDASH_SIM_API_KEY), or --dev-mode")
        if args.exit_on_stdin_eof:
            _exit_on_stdin_eof()
        from pidash.sim.server import serve

        serve(config)
    elif args.command == "user":
        from pidash.users_cli import run_user_command

        sys.exit(run_user_command(args))
    elif args.command == "doctor":
        from pidash.doctor import run_doctor

        key = os.environ.get(DOCTOR_API_KEY_ENV)
        sys.exit(run_doctor(args.orchestrator_url, SecretStr(key) if key else None, as_json=args.json))
    elif args.command == "demo":
        keep_out()
        from pidash.demo import run_demo

        run_demo(
            settings_from(args),
            sim_port=args.sim_port,
            speed=args.speed,
            devices=args.devices,
            data_dir=args.data_dir,
            restart_sim_in=args.restart_sim_in,
        )
    else:
        keep_out()
        from pidash.app import run_dashboard

        run_dashboard(settings_from(args))
