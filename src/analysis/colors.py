"""One colour per side and one per outlet, the same in every figure; colour-blind safe.

Sides take the Okabe-Ito palette in codebook order (the ``unknown`` side is grey). Outlets take
Paul Tol's "muted" palette in the order of :func:`rank_outlets`; outlets beyond the palette are
grouped (grey) by the figures: any name without a colour is drawn grey.
"""

from __future__ import annotations

from collections.abc import Sequence

OKABE_ITO = ("#D55E00", "#0072B2", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#F0E442", "#000000")
TOL_MUTED = (
    "#332288",
    "#88CCEE",
    "#44AA99",
    "#117733",
    "#999933",
    "#DDCC77",
    "#CC6677",
    "#882255",
    "#AA4499",
    "#6699CC",
)
GREY = "#999999"
UNKNOWN_SIDE = "unknown"
MAX_OUTLET_COLOURS = len(TOL_MUTED)


def side_colors(sides: Sequence[str]) -> dict[str, str]:
    """Colour for each side id, in codebook order, plus grey for ``unknown``."""
    colours = {side: OKABE_ITO[i % len(OKABE_ITO)] for i, side in enumerate(sides)}
    colours[UNKNOWN_SIDE] = GREY
    return colours


def outlet_colors(ranked_outlets: Sequence[str]) -> dict[str, str]:
    """Colour for each outlet in rank order; outlets past the palette are grey. The group of
    folded outlets is not listed: figures draw a name without a colour grey, so an outlet that
    happens to be called "other" keeps its own colour."""
    colours = {o: TOL_MUTED[i] for i, o in enumerate(ranked_outlets[:MAX_OUTLET_COLOURS])}
    for outlet in ranked_outlets[MAX_OUTLET_COLOURS:]:
        colours[outlet] = GREY
    return colours
