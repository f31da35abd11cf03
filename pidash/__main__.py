"""``python -m pidash`` and the ``pidash`` command (``pyproject.toml``): the dashboard's commands
switch to the system allocator first (:mod:`pidash.allocator`), then the command line runs."""


def main() -> None:
    from pidash.allocator import exec_with_system_malloc

    exec_with_system_malloc()  # before anything heavy is imported: an exec here costs little
    from pidash.cli import main as cli_main

    cli_main()


if __name__ == "__main__":
    main()
