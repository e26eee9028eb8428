"""Corpus loading: every input form, metadata carried through, and every error path."""

from __future__ import annotations

import json
import shutil

import pytest

from analysis.corpus import UNKNOWN_OUTLET, iter_corpus, load_corpus
from analysis.derived import read_table
from analysis.errors import InputError
from analysis.pipeline import RunOptions, build_tables

from .conftest import RAW


def write(path, text, encoding="utf-8"):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.encode(encoding) if isinstance(text, str) else text)
    return path


def test_the_embedded_corpus_loads_with_its_manifest(corpus):
    assert sorted(corpus) == sorted(p.stem for p in (RAW / "articles").glob("*.txt"))
    josh = corpus["004_3e1dddd683179a5b"]
    assert josh.outlet == "Jagran Josh"
    assert josh.meta["outlet_confidence"] == "likely (house style only)"
    assert josh.meta["title"] == ""  # no headline known
    assert corpus["000_ffc6a156363a893f"].meta["title"].startswith("Fahim Dashty, Spokesperson")
    assert "file" not in josh.meta


def test_raw_text_is_the_file_exactly(corpus):
    for article_id, article in corpus.items():
        assert article.text.encode("utf-8") == (RAW / "articles" / f"{article_id}.txt").read_bytes()


def test_a_folder_without_manifest_has_unknown_outlets(tmp_path):
    write(tmp_path / "a.txt", "Kabul: the Taliban said the valley fell.")
    write(tmp_path / "sub" / "b.txt", "Second article.")
    articles = load_corpus(tmp_path)
    assert [a.article_id for a in articles] == ["a", "b"]
    assert {a.outlet for a in articles} == {UNKNOWN_OUTLET}


def test_a_single_txt_file_is_a_corpus_of_one(tmp_path):
    path = write(tmp_path / "story.txt", "\ufeffKabul: one article with a BOM.")
    (article,) = load_corpus(path)
    assert article.article_id == "story"
    assert article.text == "Kabul: one article with a BOM."


def test_crlf_line_endings_are_kept(tmp_path):
    path = write(tmp_path / "crlf.txt", "First para.\r\n\r\nSecond para.\r\n")
    (article,) = load_corpus(path)
    assert article.text == "First para.\r\n\r\nSecond para.\r\n"


def test_csv_with_standard_and_mapped_columns(tmp_path):
    path = write(
        tmp_path / "c.csv",
        "id,text,outlet,published,title,url,extra\n"
        'a,"Kabul: it fell, they said.",Outlet A,2021-09-06,T,http://x,e1\n'
        'b,"Second, ""quoted"" text.",Outlet B,2021-09-07,,,e2\n',
    )
    articles = load_corpus(path)
    assert [(a.article_id, a.outlet, a.meta["published"], a.meta["extra"]) for a in articles] == [
        ("a", "Outlet A", "2021-09-06", "e1"),
        ("b", "Outlet B", "2021-09-07", "e2"),
    ]
    assert articles[1].text == 'Second, "quoted" text.'
    mapped = write(tmp_path / "m.csv", "doc,body,source\nz,Some text.,Paper\n")
    (article,) = load_corpus(mapped, columns={"id": "doc", "text": "body", "outlet": "source"})
    assert (article.article_id, article.text, article.outlet) == ("z", "Some text.", "Paper")


def test_jsonl_with_optional_fields(tmp_path):
    lines = [
        {"id": "a", "text": "One.", "outlet": "X", "published": "2021-09-05"},
        {"id": 7, "text": "Two."},
    ]
    path = write(tmp_path / "c.jsonl", "\n".join(json.dumps(x) for x in lines) + "\n\n")
    articles = load_corpus(path)
    assert [(a.article_id, a.outlet) for a in articles] == [("a", "X"), ("7", UNKNOWN_OUTLET)]


def test_chunks_and_outlet_filter(tmp_path):
    lines = [{"id": str(i), "text": f"Article {i}.", "outlet": "AB"[i % 2]} for i in range(7)]
    path = write(tmp_path / "c.jsonl", "\n".join(json.dumps(x) for x in lines))
    assert [len(c) for c in iter_corpus(path, chunk_size=3)] == [3, 3, 1]
    kept = [a.article_id for c in iter_corpus(path, 2, outlets=["b"]) for a in c]
    assert kept == ["1", "3", "5"]
    with pytest.raises(InputError, match="no article matches the outlet filter"):
        load_corpus(path, outlets=["Nobody"])


def copy_raw(tmp_path):
    target = tmp_path / "raw"
    shutil.copytree(RAW, target)
    return target


@pytest.mark.parametrize(
    ("make", "where", "problem"),
    [
        (
            lambda d: (d / "articles" / "000_ffc6a156363a893f.txt").unlink(),
            "manifest.csv",
            "lists article_id '000_ffc6a156363a893f' but no",
        ),
        (
            lambda d: write(d / "articles" / "999_extra.txt", "An extra article."),
            "999_extra.txt",
            "has no row in",
        ),
        (
            lambda d: write(d / "manifest.csv", "id,outlet\nx,y\n"),
            "manifest.csv",
            "manifest has no 'article_id' column",
        ),
        (
            lambda d: write(d / "manifest.csv", (d / "manifest.csv").read_text() + "000_x,a,b\n"),
            "manifest.csv",
            "fields, the header has",
        ),
        (lambda d: write(d / "manifest.csv", ""), "manifest.csv", "empty"),
        (
            lambda d: write(d / "manifest.csv", "article_id,outlet\nab,caf\xe9\n", "latin-1"),
            "manifest.csv",
            "not UTF-8",
        ),
        (
            lambda d: write(
                d / "manifest.csv",
                (d / "manifest.csv").read_text().replace("001_fa9e966636171c75", "000_ffc6a156363a893f", 1),
            ),
            "manifest.csv",
            "appears twice",
        ),
        (lambda d: write(d / "articles" / "005_empty.txt", ""), "005_empty.txt", "empty"),
        (
            lambda d: write(d / "articles" / "nested" / "000_ffc6a156363a893f.txt", "dup"),
            "000_ffc6a156363a893f.txt",
            "is also used by",
        ),
    ],
)
def test_folder_errors_name_the_file(tmp_path, make, where, problem):
    folder = copy_raw(tmp_path)
    make(folder)
    with pytest.raises(InputError) as info:
        load_corpus(folder)
    message = str(info.value)
    assert where in message and problem in message
    assert "\n" not in message


@pytest.mark.parametrize(
    ("name", "content", "problem"),
    [
        ("c.csv", "id,body\na,x\n", "has no 'text' column"),
        ("c.csv", "id,text\na,x,extra\n", "line 2 has 3 fields"),
        ("c.csv", "id,text\na,\n", "has an empty 'text'"),
        ("c.csv", "id,text\n,words\n", "has an empty 'id'"),
        ("c.csv", "id,text\na,one\na,two\n", "article_id 'a' appears twice"),
        ("c.csv", b"id,text\na,caf\xe9\n", "not UTF-8"),
        ("c.jsonl", '{"id": "a", "text": "x"}\n{"id": "b", "text": \n', "line 2 is not valid JSON"),
        ("c.jsonl", '["a", "x"]\n', "line 1 is not a JSON object"),
        ("c.jsonl", '{"id": "a"}\n', "line 1 has no 'text' field"),
        ("c.jsonl", '{"id": "a", "text": 5}\n', "'text' is not a string"),
        ("c.jsonl", "", "empty"),
        ("c.jsonl", b"\x00\x01\x02binary", "binary"),
        ("c.docx", "whatever", "unsupported corpus file"),
        (
            "c.jsonl",
            '{"id": "a", "text": "Hello \\ud800 world"}\n',
            "line 1: article 'a' contains an unpaired surrogate",
        ),
    ],
)
def test_file_errors_name_the_file_and_line(tmp_path, name, content, problem):
    assert_load_error(tmp_path, name, content, problem)


def assert_load_error(tmp_path, name, content, problem, columns=None):
    """Loading ``content`` saved as ``name`` fails with one message naming the file and ``problem``."""
    path = write(tmp_path / name, content)
    with pytest.raises(InputError) as info:
        load_corpus(path, columns=columns)
    assert str(path) in str(info.value) and problem in str(info.value)


def test_a_missing_path_and_an_unknown_column_mapping(tmp_path):
    with pytest.raises(InputError, match="does not exist"):
        load_corpus(tmp_path / "nope")
    path = write(tmp_path / "c.csv", "id,text\na,b\n")
    with pytest.raises(InputError, match="unknown column mapping 'body'"):
        load_corpus(path, columns={"body": "text"})


@pytest.mark.parametrize(
    ("name", "content", "problem"),
    [
        ("c.csv", "doc,body\na,x\n", "has no 'nosuch' column"),
        (
            "c.jsonl",
            '{"doc": "a", "body": "x"}\n',
            "line 1 has no 'nosuch' field (mapped by --columns outlet=nosuch)",
        ),
    ],
)
def test_a_mapped_column_that_is_missing_is_an_error_not_an_unknown_outlet(tmp_path, name, content, problem):
    assert_load_error(tmp_path, name, content, problem, {"id": "doc", "text": "body", "outlet": "nosuch"})


def test_manifest_date_wins_over_the_text_date_with_a_warning(tmp_path):
    folder = tmp_path / "c"
    write(folder / "a.txt", " date 2021-09-06 Kabul: The valley fell, the Taliban said.")
    write(folder / "b.txt", " date 2021-09-06 Kabul: No conflict here.")
    write(folder / "manifest.csv", "article_id,outlet,published\na,X,2021-09-07\nb,Y,\n")
    warnings = []
    build_tables(
        RunOptions(corpus=folder, codebook=RAW.parent.parent / "codebooks" / "panjshir.yaml"),
        tmp_path / "derived",
        warn=warnings.append,
    )
    articles = read_table(tmp_path / "derived", "articles").set_index("article_id")
    assert articles.loc["a", "published"] == "2021-09-07"
    assert articles.loc["a", "published_source"] == "manifest"
    assert articles.loc["b", "published"] == "2021-09-06"
    assert articles.loc["b", "published_source"] == "text"
    assert len(warnings) == 1 and "a.txt" in warnings[0] and "2021-09-06" in warnings[0]


def test_every_table_carries_article_id_and_outlet_and_offsets_slice_back(tmp_path, corpus):
    build_tables(RunOptions(corpus=RAW, codebook=RAW.parent.parent / "codebooks" / "panjshir.yaml"), tmp_path)
    for name in ("blocks", "sentences"):
        table = read_table(tmp_path, name)
        assert {"article_id", "outlet", "start", "end", "text"} <= set(table.columns)
        for row in table.itertuples():
            assert corpus[row.article_id].text[row.start : row.end] == row.text
    articles = read_table(tmp_path, "articles")
    assert {
        "article_id",
        "outlet",
        "published",
        "title",
        "n_words",
        "n_sentences",
        "outlet_confidence",
    } <= set(articles.columns)


def test_sources_are_made_relative_to_the_corpus_once_per_file(tmp_path):
    from analysis.tables import relative_source, source_relativizer

    (tmp_path / "corpus" / "sub").mkdir(parents=True)
    (tmp_path / "corpus" / "link").symlink_to(tmp_path / "corpus" / "sub")
    jsonl = tmp_path / "corpus" / "archive.jsonl"
    jsonl.write_text("", encoding="utf-8")
    sources = [
        f"{jsonl}#a-1",
        f"{jsonl}#a-2",
        str(tmp_path / "corpus" / "sub" / "001.txt"),
        str(tmp_path / "corpus" / "link" / "002.txt"),  # a link inside the corpus: the real folder
        str(tmp_path / "elsewhere" / "003.txt"),  # outside the corpus: the file name
    ]
    relative = source_relativizer(tmp_path / "corpus")
    expected = ["archive.jsonl#a-1", "archive.jsonl#a-2", "sub/001.txt", "sub/002.txt", "003.txt"]
    assert [relative(s) for s in sources] == expected
    assert [relative_source(s, jsonl) for s in sources] == expected  # a corpus file: its folder


# --- CSV quoting: unclosed quotes are named, multi-line fields are kept -------------------------

CSV_HEADER = "id,outlet,text\n"
CSV_ROWS = [
    'a1,Outlet A,"Kabul, Sept 6: The Taliban said they had taken the valley."\n',
    'a2,Outlet B,"Resistance fighters denied it, saying ""the fight goes on."""\n',
    "a3,Outlet A,A spokesman was killed in fighting on Sunday.\n",
    "a4,Outlet C,Talks were offered to end the conflict.\n",
]


def test_an_unclosed_quote_is_named_by_the_line_it_opens_on(tmp_path):
    """Row a2 loses its closing quote; the strict reader runs to the end of the file inside the
    field instead of swallowing rows a3 and a4 into one article."""
    rows = [*CSV_ROWS]
    rows[1] = 'a2,Outlet B,"Resistance fighters denied it, saying the fight goes on.\n'
    path = write(tmp_path / "c.csv", CSV_HEADER + "".join(rows))
    with pytest.raises(InputError) as info:
        load_corpus(path)
    message = str(info.value)
    assert message.startswith(f"{path}: line 3: a quote opened in this row is never closed")
    assert "to line 5" in message and "\n" not in message


def test_an_unclosed_quote_followed_by_quoted_rows_is_named_too(tmp_path):
    """The swallowed text ends at the next row's opening quote, which the reader takes for the
    closing one: the error still points at the line where the bad quote opened."""
    rows = [*CSV_ROWS, 'a5,Outlet B,"Later, the front said: ""we are still here."""\n']
    rows[2] = 'a3,Outlet A,"A spokesman was killed in fighting on Sunday.\n'
    path = write(tmp_path / "c.csv", CSV_HEADER + "".join(rows))
    with pytest.raises(InputError) as info:
        load_corpus(path)
    assert str(info.value).startswith(
        f"{path}: line 4: a quoted field that opens in this row closes on line 6"
    )
    assert "is a quote on line 4 unclosed?" in str(info.value)


def test_text_after_a_closing_quote_is_an_error_not_silently_unquoted(tmp_path):
    path = write(tmp_path / "c.csv", CSV_HEADER + 'a1,Outlet A,"Kabul" fell on Monday, they said\n')
    with pytest.raises(InputError, match=r"line 2: text follows the closing quote of a field .*: a quote in"):
        load_corpus(path)


def test_multi_line_quoted_articles_load_and_errors_name_the_line_a_row_starts_on(tmp_path):
    """Article text with paragraph breaks (LF and CRLF) in a quoted field is one field; a bad row
    spanning lines 10-12 is reported at line 10, where it starts."""
    article = 'Kabul, Sept 6: The Taliban said they had taken the valley.\n\nA spokesman said: ""No.""\n'
    crlf = "First paragraph, with a comma.\r\n\r\nSecond paragraph."
    path = write(
        tmp_path / "c.csv",
        CSV_HEADER + f'a1,Outlet A,"{article}"\na2,Outlet B,"{crlf}"\r\n\n',
    )
    articles = load_corpus(path)
    assert [a.text for a in articles] == [article.replace('""', '"'), crlf]
    bad = write(tmp_path / "bad.csv", path.read_text(encoding="utf-8") + ',Outlet C,"Two\n\nparagraphs."\n')
    with pytest.raises(InputError, match=r"bad\.csv: line 10 has an empty 'id'"):
        load_corpus(bad)


def test_a_row_that_runs_on_inside_a_quote_hints_at_the_unclosed_quote(tmp_path):
    rows = [*CSV_ROWS]
    rows[1] = 'a2,Outlet B,"Resistance fighters denied it.\n'
    rows[3] = 'a4,Outlet C,Talks were offered to end the conflict",AFP\n'  # a stray quote
    path = write(tmp_path / "c.csv", CSV_HEADER + "".join(rows))
    with pytest.raises(InputError) as info:
        load_corpus(path)
    assert str(info.value) == (
        f"{path}: line 3 has 4 fields, the header has 3 (the row runs on to line 5 inside a quoted "
        "field: is a quote on line 3 unclosed?)"
    )


def test_an_unclosed_quote_in_the_manifest_names_the_manifest_and_line(tmp_path):
    folder = copy_raw(tmp_path)
    manifest = folder / "manifest.csv"
    text = manifest.read_text(encoding="utf-8")
    title = '"Resistance group fighting Taliban offers talks to end conflict in Panjshir",'
    assert text.count(title) == 1
    write(manifest, text.replace(title, title.replace('",', ","), 1))
    with pytest.raises(InputError) as info:
        load_corpus(folder)
    message = str(info.value)
    assert message.startswith(f"{manifest}: line 5: text follows the closing quote of a field")
    assert "a quote in this row is unclosed or not doubled" in message


# --- long CSV fields -------------------------------------------------------------------------------


def long_article(chars: int = 300_000) -> str:
    """The Panjshir articles' paragraphs repeated to ``chars`` characters, with their quotes."""
    paragraphs = "\n\n".join(p.read_text(encoding="utf-8") for p in sorted((RAW / "articles").glob("*.txt")))
    return (paragraphs * (chars // len(paragraphs) + 1))[:chars]


def csv_field(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


def test_a_csv_article_longer_than_the_csv_module_default_loads(tmp_path):
    """Python's csv stops at 131,072 characters a field; a 300 KB article loads whole, and the
    process-wide limit is as it was afterwards."""
    import csv

    from analysis.corpus import count_articles

    text = long_article()
    assert '"' in text and "\n" in text
    path = write(
        tmp_path / "c.csv",
        f"id,outlet,text\nlong,Outlet A,{csv_field(text)}\nshort,Outlet B,The valley fell.\n",
    )
    before = csv.field_size_limit()
    articles = load_corpus(path)
    assert [a.article_id for a in articles] == ["long", "short"]
    assert articles[0].text == text
    assert count_articles(path) == 2
    assert csv.field_size_limit() == before


def test_a_runaway_field_past_the_cap_names_the_line_of_the_open_quote(tmp_path, monkeypatch):
    from analysis import corpus

    monkeypatch.setattr(corpus, "MAX_CSV_FIELD", 200_000)
    rows = "".join(f"r{i},Outlet A,{p}\n" for i, p in enumerate(long_article().split("\n\n")) if p.strip())
    path = write(tmp_path / "c.csv", 'id,outlet,text\nr,Outlet B,"An open quote\n' + rows.replace('"', ""))
    with pytest.raises(
        InputError,
        match=r"c\.csv: line 2: a field runs past 200,000 characters \(to line \d+\); is a quote on line 2 unclosed\?",
    ):
        load_corpus(path)


# --- the outlet filter ----------------------------------------------------------------------------


def test_an_outlet_filter_name_that_matches_no_article_is_an_error_naming_the_closest(tmp_path):
    """Matching is case-insensitive; a misspelt name is not silently dropped while the others
    keep their articles."""
    outlets = ["Reuters", "Al Jazeera", "Reuters", "TOLOnews"]
    rows = [
        {"id": f"a{i}", "text": "The valley fell, the Taliban said.", "outlet": o}
        for i, o in enumerate(outlets)
    ]
    path = write(tmp_path / "c.jsonl", "".join(json.dumps(r) + "\n" for r in rows))
    assert [a.article_id for a in load_corpus(path, outlets=["reuters", "TOLONEWS"])] == ["a0", "a2", "a3"]
    with pytest.raises(InputError) as info:
        load_corpus(path, outlets=["reuters", "Al Jazera", "Xinhua"])
    assert str(info.value) == (
        f"{path}: outlet filter: no article has the outlet 'Al Jazera' (closest: 'Al Jazeera'), 'Xinhua'; "
        "the corpus's outlets are 'Al Jazeera', 'Reuters', 'TOLOnews'"
    )


# --- where a file stops being UTF-8 ---------------------------------------------------------------

NEWS_LINES = [
    "Kabul, Sept 6: The Taliban said they had taken the Panjshir valley.",
    "Resistance fighters denied it, saying the fight goes on.",
    "A spokesman, Fahim Dashty, was killed in fighting on Sunday.",
    "Talks were offered to end the conflict.",
]


def jsonl_line(i: int, text: str) -> bytes:
    return (
        json.dumps({"id": f"a{i}", "outlet": "Outlet A", "text": text}, ensure_ascii=False) + "\n"
    ).encode()


def csv_line(i: int, text: str) -> bytes:
    return f'a{i},Outlet A,"{text}"\n'.encode()


@pytest.mark.parametrize(
    ("name", "line", "header"), [("c.jsonl", jsonl_line, b""), ("c.csv", csv_line, b"id,outlet,text\n")]
)
@pytest.mark.parametrize("valid_before", [2, 1500])
def test_a_byte_that_is_not_utf8_is_named_by_its_line(tmp_path, name, line, header, valid_before):
    """A Latin-1 "é" on line 3 of a 5-line file, and after 100 KB of valid lines: past the text
    reader's first buffer, whose own error would point lines too early."""
    lines = [header] if header else []
    while len(lines) < valid_before:
        lines.append(line(len(lines), NEWS_LINES[len(lines) % len(NEWS_LINES)]))
    bad_line = len(lines) + 1
    lines.append(line(bad_line, "The caf\u00e9 on the main road was closed.").replace("é".encode(), b"\xe9"))
    lines += [line(bad_line + 1, NEWS_LINES[0]), line(bad_line + 2, NEWS_LINES[1])]
    data = b"".join(lines)
    offset = data.index(b"\xe9")
    assert (valid_before == 2) == (len(data) < 1000) and (valid_before == 2 or offset > 100_000)
    path = write(tmp_path / name, data)
    with pytest.raises(InputError) as info:
        load_corpus(path)
    assert str(info.value) == (
        f"{path}: is not UTF-8 (byte 0xe9 on line {bad_line}, at offset {offset}); re-save it as UTF-8"
    )
