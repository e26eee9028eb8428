"""File-name slugs for outlets (``Republic World`` -> ``republic-world``)."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable


def slugify(name: str) -> str:
    """Lower-case ASCII words joined by hyphens; ``outlet`` when nothing is left."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")
    return slug or "outlet"


def unique_slugs(names: Iterable[str]) -> dict[str, str]:
    """A distinct slug per name, in sorted name order (``-2``, ``-3`` … on collisions)."""
    slugs: dict[str, str] = {}
    used: set[str] = set()
    for name in sorted(set(names)):
        base = slugify(name)
        slug, n = base, 2
        while slug in used:
            slug, n = f"{base}-{n}", n + 1
        used.add(slug)
        slugs[name] = slug
    return slugs
