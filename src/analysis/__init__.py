"""Compare how news outlets frame one story.

The package turns a corpus of raw article text into auditable tables (blocks, sentences,
attributions, tone, framing cues) whose every row carries character offsets into the raw text,
and renders a comparative HTML report from them.
"""

__version__ = "0.1.0"
