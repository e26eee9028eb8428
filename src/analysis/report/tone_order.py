"""Which outlet narrates most negatively, and whether the two word lists agree on it.

A ranking of outlets by mean narration tone is only worth stating when TextBlob and VADER put
the same outlet lowest; otherwise it is an artefact of one word list, and the report says so.
"""

from __future__ import annotations

from typing import NamedTuple

import pandas as pd


class NarrationExtremes(NamedTuple):
    """The outlet lowest on each lexicon, their means, how many non-zero segments the TextBlob
    mean of its lowest outlet rests on, and how many outlets share each lowest mean (a tie:
    then the named outlet is only the first of them in alphabetical order)."""

    textblob_low: str
    textblob_mean: float
    vader_low: str
    vader_mean: float
    nonzero_segments: int
    textblob_ties: int = 1
    vader_ties: int = 1

    @property
    def tied(self) -> bool:
        """Several outlets share the lowest mean on either lexicon."""
        return self.textblob_ties > 1 or self.vader_ties > 1

    @property
    def agree(self) -> bool:
        """Both lexicons put the same single outlet lowest (no tie on either)."""
        return self.textblob_low == self.vader_low and not self.tied

    def textblob_text(self) -> str:
        """ "A, -0.05 from 12 non-zero segments", or "3 outlets tie at +0.00"."""
        if self.textblob_ties > 1:
            return f"{self.textblob_ties} outlets tie at {self.textblob_mean:+.2f}"
        return (
            f"{self.textblob_low}, {self.textblob_mean:+.2f} from {self.nonzero_segments} non-zero segments"
        )

    def vader_text(self) -> str:
        """ "B, -0.33", or "2 outlets tie at -0.10"."""
        if self.vader_ties > 1:
            return f"{self.vader_ties} outlets tie at {self.vader_mean:+.2f}"
        return f"{self.vader_low}, {self.vader_mean:+.2f}"


def narration_extremes(narration: pd.DataFrame) -> NarrationExtremes | None:
    """From the narration rows of ``tone_voices`` (``outlet``, ``n_segments``, ``share_zero``,
    ``mean_polarity``, ``mean_vader``): the most negative outlet on each lexicon.

    Returns None with fewer than two outlets (nothing to rank) or when a mean is missing.
    Outlets whose means are equal tie (counted in ``textblob_ties`` / ``vader_ties``); the one
    named is first in alphabetical order, so the answer does not depend on row order.
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
        int((rows["mean_polarity"] == textblob["mean_polarity"]).sum()),
        int((rows["mean_vader"] == vader["mean_vader"]).sum()),
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
    if extremes.tied:
        return (
            "No single outlet narrates most negatively on both word lists "
            f"(TextBlob: {_short(extremes.textblob_low, extremes.textblob_ties)}, "
            f"VADER: {_short(extremes.vader_low, extremes.vader_ties)})"
        )
    return (
        "The two word lists disagree on which outlet narrates most negatively "
        f"(TextBlob: {extremes.textblob_low}, VADER: {extremes.vader_low})"
    )


def _short(outlet: str, ties: int) -> str:
    return f"{ties} outlets tie" if ties > 1 else outlet
