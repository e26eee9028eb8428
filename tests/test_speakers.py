"""Subject phrases are trimmed at their edges as a pass over every word trims them."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.speakers import _EDGE_MARKS, LEADING_NOISE, TRAILING_NOISE, WORD, trim


def _trim_word_by_word(text: str, start: int, end: int) -> tuple[int, int]:
    """The trimming rules applied over the list of every word of the phrase."""
    words = [m.span() for m in WORD.finditer(text, start, end)]
    first, last = 0, len(words)
    while first < last:
        w = text[words[first][0] : words[first][1]].strip(_EDGE_MARKS).casefold()
        if w in LEADING_NOISE or w.startswith("#") or not w:
            first += 1
        else:
            break
    while last > first:
        raw = text[words[last - 1][0] : words[last - 1][1]].strip(_EDGE_MARKS)
        name_end = (
            last - 1 > first
            and raw == "May"
            and text[words[last - 2][0] : words[last - 2][1]].strip(_EDGE_MARKS)[:1].isupper()
        )
        if not raw or (raw.casefold() in TRAILING_NOISE and not name_end):
            last -= 1
        else:
            break
    if first == last:
        return start, start
    s, e = words[first][0], words[last - 1][1]
    while e > s and text[e - 1] in ",;:—–-(\"'“‘":
        e -= 1
    return s, e


PIECES = ["and", "But", "May", "may", "Theresa", "theresa", "has", "also", "#Panjshir", "Taliban"]
PIECES += [",", "—", "“", "'", "(", " ", "  ", "\n", "\u00a0", "-", "é"]


@settings(max_examples=2000, deadline=None, derandomize=True)
@given(st.lists(st.sampled_from(PIECES), max_size=12).map("".join), st.data())
def test_trim_matches_a_pass_over_every_word(text, data):
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))
    assert trim(text, start, end) == _trim_word_by_word(text, start, end)


def test_trim_keeps_a_name_ending_in_may_and_drops_the_auxiliary():
    text = "But Theresa May said, and Ahmad Massoud may also have said"
    assert text[slice(*trim(text, 0, text.index(" said")))] == "Theresa May"
    tail = text.index("Ahmad")
    assert text[slice(*trim(text, tail - 4, text.rindex(" said")))] == "Ahmad Massoud"


def test_trim_drops_may_when_only_a_connective_precedes_it():
    assert trim("But May", 0, 7) == (0, 0)  # "But" is dropped first: no name before "May"
    assert trim("But Theresa May", 0, 15) == (4, 15)
