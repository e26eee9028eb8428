"""Report building blocks: each function turns derived tables into a small HTML fragment.

Notebooks call these one at a time under a markdown heading, so a notebook reads like the report
and holds no logic of its own. Every fragment escapes the text it shows; counts come with the
sentences behind them in ``<details>`` blocks keyed by article and offsets.
"""

from .context import ReportContext, open_report

__all__ = ["ReportContext", "open_report"]
