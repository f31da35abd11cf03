"""Run the benchmarks and print their figures.

``python -m benchmarks`` runs every ``bench_*`` module with its defaults (``make bench``);
``python -m benchmarks NAME [flags]`` runs one (``live_view --cameras 50 --browsers 5``);
``python -m benchmarks NAME --help`` lists its flags; ``--list`` lists the names.
"""

from __future__ import annotations

import importlib
import pkgutil
import sys
import time
from collections.abc import Sequence

import benchmarks
from benchmarks.harness import stop_on_sigterm


def names() -> list[str]:
    found = (m.name for m in pkgutil.iter_modules(benchmarks.__path__))
    return sorted(name.removeprefix("bench_") for name in found if name.startswith("bench_"))


def run(name: str, argv: Sequence[str]) -> None:
    module = importlib.import_module(f"benchmarks.bench_{name.removeprefix('bench_')}")
    print(f"== bench_{name.removeprefix('bench_')}", flush=True)
    started = time.perf_counter()
    if argv:
        module.main(argv)
    else:
        module.main()
    print(f"   ({time.perf_counter() - started:.0f} s)", flush=True)


def main(argv: Sequence[str] | None = None) -> None:
    args = list(sys.argv[1:] if argv is None else argv)
    stop_on_sigterm()
    if args[:1] == ["--list"]:
        print("\n".join(names()))
    elif args and not args[0].startswith("-"):
        if args[0].removeprefix("bench_") not in names():
            sys.exit(f"no benchmark {args[0]!r}; one of: {', '.join(names())}")
        run(args[0], args[1:])
    elif args:
        sys.exit(__doc__)
    else:
        for name in names():
            run(name, [])


if __name__ == "__main__":
    main()
