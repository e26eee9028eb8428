"""Figures: names in any script, long names, and the same bytes on every run."""

from __future__ import annotations

import warnings

import pandas as pd
import pytest

from analysis import figures

# Names in scripts that DejaVu Sans, the figures' font, has no glyphs for (Greek, Cyrillic and
# Arabic it has, so they never warned).
MISSING_GLYPHS = ["新华社", "दैनिक भास्कर", "ไทยรัฐ", "Daily 🙂"]


@pytest.mark.parametrize("outlet", MISSING_GLYPHS)
def test_a_name_the_font_cannot_draw_gives_a_figure_and_no_warning(outlet):
    table = pd.DataFrame({"outlet": [outlet, "Harbour Tribune"], "n": [3, 1]})
    fig, _ = figures.bars_by_outlet(table, [outlet, "Harbour Tribune"], "n", {}, "statements", outlet)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        png = figures.png_bytes(fig)
    assert png.startswith(b"\x89PNG")


def test_other_warnings_still_pass_while_glyph_warnings_are_dropped():
    glyph = "Glyph 26032 (\\N{CJK UNIFIED IDEOGRAPH-65B0}) missing from font(s) DejaVu Sans."
    with warnings.catch_warnings(record=True) as seen:
        warnings.simplefilter("always")
        with figures.missing_glyphs_quiet():
            warnings.warn(glyph, UserWarning, stacklevel=1)
            warnings.warn("something else", UserWarning, stacklevel=1)
    assert [str(w.message) for w in seen] == ["something else"]
