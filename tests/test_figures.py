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


LONG_OUTLETS = [f"Outlet {i:02d} Longname Broadcasting Corporation International" for i in range(11)]
EVENTS = [f"Event {i}: a fairly long description of what happened, who did it and where" for i in range(14)]


def _overlapping(fig, labels) -> int:
    fig.canvas.draw()
    boxes = [t.get_window_extent(fig.canvas.get_renderer()) for t in labels if t.get_text()]
    return sum(a.overlaps(b) for i, a in enumerate(boxes) for b in boxes[i + 1 :])


def _matrix(outlets, events):
    table = pd.DataFrame(
        [(e, o, 1) for e in events for o in outlets], columns=["event", "outlet", "reported"]
    )
    fig, _ = figures.presence_matrix(
        table, events, outlets, "event", "outlet", "reported", None, "x", "t", True
    )
    return fig, fig.axes[0]


@pytest.mark.parametrize("n_outlets", [3, 5, 11])
def test_long_outlet_and_event_names_never_overlap_on_a_matrix(n_outlets):
    fig, ax = _matrix(LONG_OUTLETS[:n_outlets], EVENTS)
    with figures.missing_glyphs_quiet():
        assert _overlapping(fig, ax.get_xticklabels()) == 0
        assert _overlapping(fig, ax.get_yticklabels()) == 0
    for label in ax.get_xticklabels():
        lines = label.get_text().split("\n")
        assert len(lines) <= 3 and max(map(len, lines)) <= 24 and lines[-1].endswith("…")
    assert all(len(t.get_text()) <= 2 * 45 + 1 for t in ax.get_yticklabels())
    figures.plt.close(fig)


def test_short_names_on_a_matrix_are_shown_whole_and_level():
    outlets = ["Anadolu Agency", "India.com", "Jagran English", "Jagran Josh", "Republic World"]
    fig, ax = _matrix(outlets, ["Taliban pictured at the governor's office"])
    assert [t.get_text() for t in ax.get_xticklabels()] == outlets
    assert {t.get_rotation() for t in ax.get_xticklabels()} == {0.0}
    assert [t.get_text() for t in ax.get_yticklabels()] == ["Taliban pictured at the governor's office"]
    figures.plt.close(fig)


def test_a_long_name_is_wrapped_then_cut_the_same_way_every_time():
    name = "The Extraordinarily Long Name of a Regional Broadcasting Corporation International"
    label = figures.tick_label(name, 14, 3)
    assert label == figures.tick_label(name, 14, 3)
    assert label == "The Extraordin\narily Long\nName of a…"  # three lines of at most 14
    assert figures.tick_label("Jagran English", 14, 3) == "Jagran English"
    assert figures.tick_label("Hindustan Times Digital", 14, 3) == "Hindustan\nTimes Digital"
    assert figures.tick_label("x" * 100, 24, 1) == "x" * 23 + "…"
    assert figures.tick_label("", 14, 3) == ""


def test_a_long_outlet_name_on_a_bar_chart_is_shortened():
    outlets = ["Short", "A " * 150 + "Very Long Outlet"]
    table = pd.DataFrame({"outlet": outlets, "n": [1, 2]})
    fig, _ = figures.bars_by_outlet(table, outlets, "n", {}, "statements", "title")
    labels = [t.get_text() for t in fig.axes[0].get_yticklabels()]
    assert labels[0] == "Short"
    assert labels[1].count("\n") == 1 and labels[1].endswith("…")
    assert max(len(line) for line in labels[1].split("\n")) <= 28
    figures.plt.close(fig)
