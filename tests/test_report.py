"""The shared report: structure, escaping, another story, many outlets, and a real browser."""

from __future__ import annotations

import base64
import json
import re
import shutil
from pathlib import Path

import pandas as pd
import pytest

from analysis import config
from analysis.cli import main

from .conftest import article_text

FIXTURES = Path(__file__).parent / "fixtures" / "other_story"
SCREENSHOTS = config.BUILD_DIR / "screenshots"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMEDRIVER = shutil.which("chromedriver")

pytestmark = pytest.mark.slow


@pytest.fixture(scope="session")
def other_run(tmp_path_factory):
    """A different story (a port strike: three outlets, two sides) through `analysis run`.

    One of its articles carries <script> and <img onerror> payloads in its title and text.
    """
    out = tmp_path_factory.mktemp("other-story")
    code = main(
        [
            "run",
            "--corpus",
            str(FIXTURES / "strike.jsonl"),
            "--codebook",
            str(FIXTURES / "strike.yaml"),
            "--out",
            str(out),
        ]
    )
    assert code == 0
    return out


@pytest.fixture(scope="session")
def many_run(tmp_path_factory):
    """A corpus of 50 outlets (sentences of the Panjshir articles), to check readability."""
    from analysis.corpus import load_corpus

    texts = [a.text for a in load_corpus(config.DEFAULT_CORPUS)]
    paragraphs = [p.strip() for t in texts for p in t.split("\n") if len(p.split()) > 12]
    folder = tmp_path_factory.mktemp("many")
    corpus = folder / "many.jsonl"
    with corpus.open("w", encoding="utf-8") as handle:
        for i in range(60):
            outlet = f"Outlet {i % 50:02d}"
            text = "\n\n".join(paragraphs[(i * 3 + k) % len(paragraphs)] for k in range(3))
            handle.write(json.dumps({"id": f"a{i:03d}", "outlet": outlet, "text": text}) + "\n")
    out = folder / "out"
    assert main(["run", "--corpus", str(corpus), "--out", str(out)]) == 0
    return out


def headings(path: Path) -> list[str]:
    return re.findall(r"<h2[^>]*>(.*?)<a", path.read_text(encoding="utf-8"))


def test_another_story_gets_the_same_report_structure(notebook_run, other_run):
    main_report = notebook_run / "reports" / "panjshir_framing.html"
    other_report = other_run / "reports" / "portstrike_framing.html"
    assert headings(main_report) == headings(other_report)
    assert len(headings(main_report)) >= 10
    profiles = sorted(p.name for p in (other_run / "reports" / "outlets").glob("*.html"))
    assert profiles == ["coastal-gazette.html", "evening-courier.html", "harbour-tribune.html"]
    text = other_report.read_text(encoding="utf-8")
    assert "The Harbour Port strike" in text
    assert "Dock workers" in text  # the other codebook's side labels


def test_article_text_is_escaped_in_the_html(other_run):
    for path in [
        other_run / "reports" / "portstrike_framing.html",
        *(other_run / "reports" / "outlets").glob("*.html"),
    ]:
        text = path.read_text(encoding="utf-8")
        assert "<script>window.__xss" not in text
        assert '<img src=x onerror="window.__xss' not in text
        assert 'onerror="window.__xss' not in re.sub(r"&lt;.*?&gt;", "", text)
    profile = (other_run / "reports" / "outlets" / "coastal-gazette.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;window.__xss=2&lt;/script&gt;" in profile


def test_many_outlets_fold_into_the_top_ten_plus_other(many_run):
    figures = many_run / "reports" / "figures"
    for name in ("tone_narration_vs_quotes", "voices_by_side", "platforms", "attribution_kinds"):
        data = pd.read_csv(figures / f"{name}.csv")
        outlets = set(data["outlet"])
        assert len(outlets) <= 11 and "40 other outlets" in outlets, (name, sorted(outlets))
    assert not (many_run / "reports" / "outlets").exists() or not list(
        (many_run / "reports" / "outlets").glob("*.html")
    )
    report = (many_run / "reports" / "panjshir_framing.html").read_text(encoding="utf-8")
    assert "only on request" in report
    # the corpus section summarises the largest outlets instead of listing 60 articles inline
    assert "The 10 largest outlets, then the other 40 together as “40 other outlets”." in report
    assert "<summary>All 60 articles</summary>" in report


def test_a_corpus_of_many_outlets_fits_a_phone_screen(browser, many_run):
    check_page(browser, many_run / "reports" / "panjshir_framing.html", "many-outlets")


# --- in a real browser -----------------------------------------------------------------------


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    if not (CHROMIUM and CHROMEDRIVER):
        pytest.skip(
            "headless Chromium and chromedriver are not installed (apt-get install chromium chromium-driver)"
        )
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-dev-shm-usage",
        f"--user-data-dir={tmp_path_factory.mktemp('chromium')}",
    ):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    driver.set_window_size(390, 900)
    yield driver
    driver.quit()


OVERFLOW_JS = """
const W = document.documentElement.clientWidth;
const bad = [];
for (const el of document.querySelectorAll('body *')) {
  const r = el.getBoundingClientRect();
  if ((r.width === 0 && r.height === 0) || r.right <= W + 1) continue;
  let p = el.parentElement, contained = false;
  while (p && p !== document.body) {
    const s = getComputedStyle(p);
    if ((s.overflowX === 'auto' || s.overflowX === 'scroll') && p.getBoundingClientRect().right <= W + 1) {
      contained = true; break;
    }
    p = p.parentElement;
  }
  if (!contained) bad.push(el.tagName + '.' + el.className + ' right=' + Math.round(r.right));
}
return {width: W, scroll: document.documentElement.scrollWidth, bad: bad.slice(0, 10)};
"""


def check_page(driver, path: Path, name: str) -> None:
    driver.get(path.as_uri())
    driver.execute_script("document.querySelectorAll('details').forEach(d => d.open = true)")
    images = driver.execute_script(
        "return Array.from(document.images).map(i => [i.alt, i.complete && i.naturalWidth > 0])"
    )
    assert all(ok for _, ok in images), [alt for alt, ok in images if not ok]
    assert driver.execute_script("return window.__xss === undefined"), "an article's markup ran as code"
    overflow = driver.execute_script(OVERFLOW_JS)
    assert overflow["scroll"] <= overflow["width"] and not overflow["bad"], (name, overflow)
    errors = [e for e in driver.get_log("browser") if e["level"] == "SEVERE"]
    assert not errors, errors
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    height = min(driver.execute_script("return document.documentElement.scrollHeight"), 15_000)
    clip = {"x": 0, "y": 0, "width": overflow["width"], "height": height, "scale": 1}
    shot = driver.execute_cdp_cmd(
        "Page.captureScreenshot", {"captureBeyondViewport": True, "fromSurface": True, "clip": clip}
    )
    (SCREENSHOTS / f"{name}.png").write_bytes(base64.b64decode(shot["data"]))


def test_report_and_every_profile_render_in_chromium_at_390px(browser, notebook_run):
    reports = notebook_run / "reports"
    pages = [reports / "panjshir_framing.html", *sorted((reports / "outlets").glob("*.html"))]
    assert len(pages) == 6
    for page in pages:
        check_page(browser, page, f"panjshir-{page.stem}")
        assert page.stat().st_size > 0


def test_another_story_and_its_injected_markup_in_chromium(browser, other_run):
    reports = other_run / "reports"
    for page in [reports / "portstrike_framing.html", *sorted((reports / "outlets").glob("*.html"))]:
        check_page(browser, page, f"portstrike-{page.stem}")


def test_rendered_cells_get_stable_ids_whatever_papermill_injected():
    import nbformat

    from analysis.render import to_html, with_stable_cell_ids

    def notebook(injected_id: str) -> nbformat.NotebookNode:
        nb = nbformat.v4.new_notebook()
        nb.cells = [nbformat.v4.new_markdown_cell("# Title"), nbformat.v4.new_code_cell("x = 1")]
        nb.cells[1]["id"] = injected_id
        return nb

    first, second = notebook("744c780f"), notebook("f4194ab4")
    assert [c["id"] for c in with_stable_cell_ids(first).cells] == ["cell-0", "cell-1"]
    assert first.cells[1]["id"] == "744c780f"  # the input is left alone
    assert to_html(first) == to_html(second)


def test_pages_are_titled_after_the_story_and_the_outlet(other_run):
    """A shared report, or a tab of several profiles, says what it is instead of "Notebook"."""

    def title(path: Path) -> str:
        return re.search(r"<title>(.*?)</title>", path.read_text(encoding="utf-8")).group(1)

    reports = other_run / "reports"
    assert title(reports / "portstrike_framing.html") == "The Harbour Port strike: how the outlets told it"
    assert title(reports / "outlets" / "harbour-tribune.html") == (
        "Harbour Tribune: outlet profile, The Harbour Port strike"
    )


def test_a_page_title_is_escaped():
    import nbformat

    from analysis.render import to_html

    page = to_html(nbformat.v4.new_notebook(), "<script>window.__xss=3</script> & Co")
    assert "<title>&lt;script&gt;window.__xss=3&lt;/script&gt; &amp; Co</title>" in page
    assert "<script>window.__xss" not in page


def _measures_from_rows(derived, outlets: set[str]) -> dict[str, float]:
    """The profile measures counted from the per-article tables directly."""
    self_published = ("twitter", "facebook", "social_media", "audio_message", "video_message")
    a = derived.attributions[derived.attributions["outlet"].isin(outlets)]
    segments = derived.tone_segments[derived.tone_segments["outlet"].isin(outlets)]
    narration = segments[segments["voice"] == "narration"]
    return {
        "attributed statements per article": len(a) / derived.articles["outlet"].isin(outlets).sum(),
        "share of statements that are direct quotes": (a["kind"] == "direct").mean(),
        "share self-published (posts, recordings)": a["platform"].isin(self_published).mean(),
        "share with no channel named": (a["platform"] == "unspecified").mean(),
        "narration tone (TextBlob, word-weighted)": (narration["polarity"] * narration["n_words"]).sum()
        / narration["n_words"].sum(),
        "share of content words in direct quotes": segments.loc[
            segments["voice"] == "quoted", "n_words"
        ].sum()
        / segments["n_words"].sum(),
        **{
            f"share of statements from the {side} side": (a["speaker_side"] == side).mean()
            for side in ("taliban", "resistance")
        },
    }


def test_profile_measures_from_corpus_tables_equal_counts_over_the_rows():
    """The profile compares outlets from the corpus-level tables (bounded by outlets, not
    articles); on the five articles they give what counting the rows gives."""
    from analysis.report.context import open_report
    from analysis.report.profile import _measures

    ctx = open_report(
        config.DERIVED_DIR, config.DEFAULT_CODEBOOK, config.BUILD_DIR, config.BENCHMARK_RESULTS_DIR
    )
    outlets = ctx.derived.outlets
    for chosen in [{outlets[0]}, set(outlets[1:]), set(outlets)]:
        got = _measures(ctx, chosen)
        for measure, expected in _measures_from_rows(ctx.derived, chosen).items():
            key = measure.replace("taliban", ctx.side_label("taliban")).replace(
                "resistance", ctx.side_label("resistance")
            )
            assert got[key] == pytest.approx(expected, abs=1e-6), (chosen, measure)


def test_a_profile_shows_the_text_of_its_first_25_articles_and_counts_the_rest(tmp_path):
    from analysis.report.context import open_report
    from analysis.report.profile import text_html

    corpus = tmp_path / "big.jsonl"
    rows = [{"id": f"b{i:02d}", "outlet": "Big Outlet", "text": article_text("004")} for i in range(30)]
    rows.append({"id": "s00", "outlet": "Small Outlet", "text": article_text("000")})
    corpus.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    assert main(["run", "--corpus", str(corpus), "--out", str(tmp_path / "out"), "--no-report"]) == 0
    ctx = open_report(
        tmp_path / "out" / "derived", config.DEFAULT_CODEBOOK, tmp_path, config.BENCHMARK_RESULTS_DIR
    )
    big = text_html(ctx, "Big Outlet")
    assert re.findall(r"<h3>(.*?)</h3>", big) == [f"b{i:02d}" for i in range(25)]
    assert "The first 25 of its 30 articles" in big
    assert big.count("attributions in b") == 25
    small = text_html(ctx, "Small Outlet")
    assert re.findall(r"<h3>(.*?)</h3>", small) == ["s00"] and "The first 25" not in small


def test_a_corpus_with_no_attributed_statement_still_gets_a_report_and_profile(tmp_path, monkeypatch, capsys):
    """One short article, nothing quoted: every section says so instead of failing. The --out
    is relative, taken from the current folder."""
    (tmp_path / "short.txt").write_text("Taliban win.\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    code = main(["run", "--corpus", "short.txt", "--out", "out", "--workers", "1"])
    err = capsys.readouterr().err
    assert code == 0, err
    report = (tmp_path / "out" / "reports" / "panjshir_framing.html").read_text(encoding="utf-8")
    assert "No attributed statement" in report
    profiles = list((tmp_path / "out" / "reports" / "outlets").glob("*.html"))
    assert profiles and "No attributed statement" in profiles[0].read_text(encoding="utf-8")


def test_the_commit_line_ignores_a_rebuilt_report_but_not_changed_code(tmp_path):
    import subprocess

    from analysis.provenance import git_commit

    def git(*args):
        subprocess.run(["git", *args], cwd=tmp_path, check=True, capture_output=True)

    git("init", "-q")
    (tmp_path / "reports").mkdir()
    (tmp_path / "reports" / "report.html").write_text("old", encoding="utf-8")
    (tmp_path / "code.py").write_text("x = 1\n", encoding="utf-8")
    git("add", ".")
    git("-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-qm", "one")
    (tmp_path / "reports" / "report.html").write_text("new", encoding="utf-8")
    assert "uncommitted" not in git_commit(tmp_path)
    (tmp_path / "code.py").write_text("x = 2\n", encoding="utf-8")
    assert git_commit(tmp_path).endswith(" (+ uncommitted changes)")
