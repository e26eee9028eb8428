"""Which outlet narrates most negatively, and whether the two word lists agree on it.

A ranking of outlets by mean narration tone is only worth stating when TextBlob and VADER put
the same outlet lowest; otherwise it is an artefact of one word list, and the report says so.
"""

from __future__ import annotations

from typing import NamedTuple

import pandas as pd


class NarrationExtremes(NamedTuple):
    """The outlet lowest on each lexicon, their means, and how many non-zero segments the
    TextBlob mean of its lowest outlet rests on."""

    textblob_low: str
    textblob_mean: float
    vader_low: str
    vader_mean: float
    nonzero_segments: int

    @property
    def agree(self) -> bool:
        return self.textblob_low == self.vader_low


def narration_extremes(narration: pd.DataFrame) -> NarrationExtremes | None:
    """From the narration rows of ``tone_voices`` (``outlet``, ``n_segments``, ``share_zero``,
    ``mean_polarity``, ``mean_vader``): the most negative outlet on each lexicon.

    Returns None with fewer than two outlets (nothing to rank) or when a mean is missing.
    Ties go to the outlet first in alphabetical order, so the answer does not depend on row order.
    """
    rows = narration.dropna(subset=["mean_polarity", "mean_vader"]).sort_values("outlet")
    if len(rows) < 2:
        return None
    textblob = rows.loc[rows["mean_polarity"].idxmin()]
    vader = rows.loc[rows["mean_vader"].idxmin()]
    nonzero = round(float(textblob["n_segments"]) * (1 - float(textblob["share_zero"])))
    return NarrationExtremes(
        str(textblob["outlet"]),
        float(textblob["mean_polarity"]),
        str(vader["outlet"]),
        float(vader["mean_vader"]),
        int(nonzero),
    )


def narration_title(extremes: NarrationExtremes | None) -> str:
    """The tone figure's title: a ranking only when both lexicons support it."""
    if extremes is None:
        return "Narration, reported speech and direct quotes: mean tone per outlet"
    if extremes.agree:
        return (
            f"{extremes.textblob_low} narrates most negatively on both word lists "
            f"(TextBlob {extremes.textblob_mean:+.2f}, VADER {extremes.vader_mean:+.2f})"
        )
    return (
        "The two word lists disagree on which outlet narrates most negatively "
        f"(TextBlob: {extremes.textblob_low}, VADER: {extremes.vader_low})"
    )
