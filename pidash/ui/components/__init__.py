"""Components used by several pages: one of each kind of thing, used everywhere."""
