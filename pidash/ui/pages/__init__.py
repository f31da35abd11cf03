"""One module per page; each exposes ``build(ctx: PageContext) -> None``."""
