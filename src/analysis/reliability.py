"""Agreement between the automatic coding and a hand coding, reported like a content analysis.

The framing variables are coded per article: which labels it uses for each side, which hedges
its narration uses, which events it reports, and whether it asserts the fall in its own voice.
Each variable becomes a set of binary units (article x label, article x hedge, article x event,
article), coded once by hand and once by the pipeline, and Krippendorff's alpha (nominal) is
computed per variable with the ``krippendorff`` package.

Alpha is undefined when every unit has the same value in both codings (no variation): it is then
reported as ``None`` with that reason, not as 1.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import krippendorff
import numpy as np
import pandas as pd

from .codebook import Codebook
from .narration import QUOTED

VARIABLES = ("labels", "hedges", "events", "asserts_fall")


@dataclass(frozen=True)
class Agreement:
    variable: str
    units: int
    alpha: float | None
    percent_agreement: float
    disagreements: tuple[str, ...]


def automatic_coding(derived: Mapping[str, pd.DataFrame], articles: Sequence[str]) -> dict[str, dict]:
    """Per article: the framing variables as the pipeline coded them, from the derived tables
    (``labels``, ``hedges``, ``events``, ``assertions``)."""
    labels, hedges, events, assertions = (derived[n] for n in ("labels", "hedges", "events", "assertions"))
    coding = {}
    for article in articles:
        coding[article] = {
            "labels": {f"{r.label}/{r.side}" for r in labels[labels["article_id"] == article].itertuples()},
            "hedges": {
                r.hedge
                for r in hedges[(hedges["article_id"] == article) & (hedges["voice"] != QUOTED)].itertuples()
            },
            "events": set(events.loc[events["article_id"] == article, "event_id"]),
            "asserts_fall": bool((assertions["article_id"] == article).any()),
        }
    return coding


def universe(codebook: Codebook) -> dict[str, list[str]]:
    """Every value a unit can take per set-valued variable, from the codebook."""
    return {
        "labels": sorted({f"{t.name}/{t.side}" for t in codebook.labels}),
        "hedges": sorted({t.name for t in codebook.hedges}),
        "events": [e.id for e in codebook.events],
    }


def units(
    variable: str,
    hand: Mapping[str, dict],
    auto: Mapping[str, dict],
    values: Mapping[str, list[str]],
) -> list[tuple[str, int, int]]:
    """(unit, hand value, automatic value) for every article x value of ``variable``."""
    out = []
    for article in sorted(hand):
        if variable == "asserts_fall":
            out.append((article, int(bool(hand[article][variable])), int(bool(auto[article][variable]))))
            continue
        for value in values[variable]:
            out.append(
                (
                    f"{article}:{value}",
                    int(value in set(hand[article][variable])),
                    int(value in set(auto[article][variable])),
                )
            )
    return out


def agreement(variable: str, rows: list[tuple[str, int, int]]) -> Agreement:
    hand = np.array([r[1] for r in rows], dtype=float)
    auto = np.array([r[2] for r in rows], dtype=float)
    disagreements = tuple(f"{r[0]} (hand {r[1]}, auto {r[2]})" for r in rows if r[1] != r[2])
    percent = float((hand == auto).mean()) if len(rows) else 0.0
    if len(set(hand) | set(auto)) < 2:
        return Agreement(variable, len(rows), None, percent, disagreements)
    alpha = krippendorff.alpha(reliability_data=np.vstack([hand, auto]), level_of_measurement="nominal")
    return Agreement(variable, len(rows), round(float(alpha), 4), round(percent, 4), disagreements)


def reliability(hand: Mapping[str, dict], auto: Mapping[str, dict], codebook: Codebook) -> list[Agreement]:
    """Krippendorff's alpha per framing variable between the hand and the automatic coding."""
    values = universe(codebook)
    return [agreement(v, units(v, hand, auto, values)) for v in VARIABLES]
