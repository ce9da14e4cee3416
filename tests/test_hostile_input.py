"""Issue 11, items 1, 4, 5, 6, 9, 10: hostile files fail cleanly, one line each, and nothing
good is lost. The files come from the reproducible corpus in ``hostile_corpus.py``."""

from __future__ import annotations

import io
import json
import os
import shutil
import tempfile
from pathlib import Path

import pytest
from typer.testing import CliRunner

from alliance_monitor import knowledge
from alliance_monitor.assess import load_methodology
from alliance_monitor.assess.methodology import check_against, default_path
from alliance_monitor.cli import app
from alliance_monitor.errors import MethodologyError
from alliance_monitor.ingest import events_files
from alliance_monitor.ingest.dispatch import ingest_store
from alliance_monitor.ingest.documents import ingest_documents
from alliance_monitor.ingest.events_files import ingest_event_files
from alliance_monitor.knowledge import KnowledgeError
from alliance_monitor.series.gdelt_report import noise_report
from alliance_monitor.store import db
from hostile_corpus import generate


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return generate(tmp_path_factory.mktemp("corpus"), seed=11)


@pytest.fixture
def con():  # type: ignore[no-untyped-def]
    c = db.connect(":memory:")
    yield c
    c.close()


def _bad(report) -> dict[str, str]:  # type: ignore[no-untyped-def]
    return {Path(b.item).name: b.reason for b in report.bad}


# -- item 1: per-file isolation ---------------------------------------------------------------

def test_bad_gdelt_files_do_not_sink_the_batch(corpus: dict[str, Path], con) -> None:  # type: ignore[no-untyped-def]
    files = [corpus[k] for k in ("gdelt_good", "gdelt_random_bytes", "gdelt_gzip_named_csv",
                                 "gdelt_good2")]
    report = ingest_event_files(con, files, progress=False)
    bad = _bad(report)
    assert set(bad) == {corpus["gdelt_random_bytes"].name, corpus["gdelt_gzip_named_csv"].name}
    for reason in bad.values():
        assert "\n" not in reason and len(reason) < 400, reason
    assert con.execute("SELECT count(*) FROM gdelt_events").fetchall()[0][0] == 70
    assert report.added == 2


def test_gdelt_report_goes_on_past_a_bad_file(corpus: dict[str, Path]) -> None:
    doc = noise_report([corpus["gdelt_random_bytes"], corpus["gdelt_good"]])
    assert doc["events"] == 40
    assert [Path(b["file"]).name for b in doc["bad_files"]] == [corpus["gdelt_random_bytes"].name]


def test_a_parser_failure_is_one_bad_document(tmp_path: Path, con,  # type: ignore[no-untyped-def]
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    from alliance_monitor.ingest import documents

    (tmp_path / "a.txt").write_text("Japan and the United States held talks.", encoding="utf-8")
    (tmp_path / "b.txt").write_text("Korea and Japan held talks in Seoul.", encoding="utf-8")
    real = documents.parse_bytes

    def broken(item: str, data: bytes, **kw):  # type: ignore[no-untyped-def]
        if item.endswith("a.txt"):
            raise RecursionError("maximum recursion depth exceeded")
        return real(item, data, **kw)

    monkeypatch.setattr(documents, "parse_bytes", broken)
    report = ingest_documents(con, [str(tmp_path)], progress=False, code=False)
    assert report.added == 1 and "RecursionError" in _bad(report)["a.txt"]


# -- item 4: streamed, capped decompression with cleanup ----------------------------------------

def test_zip_bomb_is_refused_without_filling_the_disk(corpus: dict[str, Path], con,  # type: ignore[no-untyped-def]
                                                      tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    stale = tmp_path / f"{events_files.TMP_PREFIX}999999999-x"  # a killed run's leftovers
    stale.mkdir()
    (stale / "big.csv").write_bytes(b"0" * 1000)
    report = ingest_event_files(con, [corpus["gdelt_zip_bomb"], corpus["gdelt_good"]],
                                progress=False)
    reason = _bad(report)[corpus["gdelt_zip_bomb"].name]
    assert "inflates beyond" in reason
    assert con.execute("SELECT count(*) FROM gdelt_events").fetchall()[0][0] == 40
    assert not stale.exists()
    assert not list(tmp_path.glob(events_files.TMP_PREFIX + "*"))


# -- item 9: names, hidden files, deep nesting, scripts -----------------------------------------

def test_directory_walk_skips_hidden_git_and_wal_and_survives_odd_names(
        corpus: dict[str, Path], tmp_path: Path) -> None:
    folder = tmp_path / "in"
    shutil.copytree(corpus["doc_good"].parent, folder / "docs")
    shutil.copy(corpus["gdelt_good"], folder / corpus["gdelt_good"].name)
    store = tmp_path / "s.duckdb"
    reports = ingest_store(store, [str(folder)], progress=False)
    by_kind = {r.kind: r for r in reports}
    docs = by_kind["documents"]
    con = db.connect(store, read_only=True)
    try:
        items = [r[0] for r in con.execute("SELECT item FROM documents").fetchall()]
        bad = [r[0] for r in con.execute("SELECT item FROM ingest_bad_items").fetchall()]
    finally:
        con.close()
    assert not any(".git" in i or ".hidden" in i or i.endswith(".wal") for i in items + bad)
    expected = 2 if "doc_latin1_name" in corpus else 1
    assert docs.added == expected, (items, bad, docs.bad)
    if "doc_latin1_name" in corpus:
        assert any(i.endswith("caf\\xe9.txt") for i in items)
    assert by_kind["events"].events == 40


def test_deep_plover_json_is_a_bad_record_not_a_crash(corpus: dict[str, Path], con) -> None:  # type: ignore[no-untyped-def]
    report = ingest_event_files(con, [corpus["plover_deep"]], progress=False)
    assert con.execute("SELECT count(DISTINCT record_id) FROM plover_events").fetchall()[0][0] == 2
    reasons = con.execute("SELECT detail FROM event_quarantine").fetchall()
    assert any("nested too deeply" in r[0] for r in reasons), (reasons, report.bad)


def test_deep_html_keeps_its_text_and_script_text_is_never_coded(corpus: dict[str, Path],
                                                                 con) -> None:  # type: ignore[no-untyped-def]
    report = ingest_documents(con, [str(corpus["html_deep"]), str(corpus["html_script"])],
                              progress=False)
    texts = [r[0] for r in con.execute("SELECT text FROM documents").fetchall()]
    assert any("new defence pact" in t for t in texts), (texts, report.bad)
    assert not any("signed a defence agreement" in t for t in texts)
    evidence = [r[0] for r in con.execute(
        "SELECT evidence_text FROM news_event_mentions").fetchall()] \
        if con.execute("SELECT count(*) FROM information_schema.columns WHERE table_name = "
                       "'news_event_mentions' AND column_name = 'evidence_text'"
                       ).fetchall()[0][0] else []
    assert not any("signed a defence agreement" in (e or "") for e in evidence)


# -- item 10: NULs, NaN cells, two-member zips, stdin, copies -----------------------------------

def test_nul_in_gdelt_field_is_quarantined(corpus: dict[str, Path], con) -> None:  # type: ignore[no-untyped-def]
    ingest_event_files(con, [corpus["gdelt_nul"]], progress=False)
    assert con.execute("SELECT count(*) FROM gdelt_events").fetchall()[0][0] == 9
    assert con.execute("SELECT reason FROM event_quarantine").fetchall() == [("nul_byte",)]
    assert not con.execute("SELECT 1 FROM gdelt_events WHERE contains(actor1_name, chr(0))"
                           ).fetchall()


def test_two_member_zip_is_named_as_such(corpus: dict[str, Path], con) -> None:  # type: ignore[no-untyped-def]
    report = ingest_event_files(con, [corpus["gdelt_two_members"]], progress=False)
    reason = _bad(report)[corpus["gdelt_two_members"].name]
    assert "holds 2 files" in reason and "truncated" not in reason


def test_crlf_and_zipped_copies_are_the_same_data(corpus: dict[str, Path], con) -> None:  # type: ignore[no-untyped-def]
    report = ingest_event_files(con, [corpus["gdelt_lf"], corpus["gdelt_crlf"],
                                      corpus["gdelt_zipped"]], progress=False)
    assert con.execute("SELECT count(*) FROM gdelt_events").fetchall()[0][0] == 25
    assert con.execute("SELECT count(*) FROM event_quarantine").fetchall()[0][0] == 0
    assert report.unchanged == 2
    again = ingest_event_files(con, [corpus["gdelt_crlf"]], progress=False)
    assert again.unchanged == 1 and again.added == 0


def test_repeated_stdin_items_keep_their_own_reasons(con) -> None:  # type: ignore[no-untyped-def]
    stdin = io.BytesIO(b"%PDF-1.4 binary")
    report = ingest_documents(con, ["-", "-"], progress=False, stdin=stdin)
    rows = dict(con.execute("SELECT item, reason FROM ingest_bad_items").fetchall())
    assert len(rows) == 2 and len(report.bad) == 2, rows
    assert "PDF" in rows["-"] and "empty" in rows["-#2"]


def test_nan_cell_is_reported_and_keeps_the_stored_value(tmp_path: Path, con) -> None:  # type: ignore[no-untyped-def]
    from alliance_monitor.datasets.load import load_path

    head = "countryname,year,ccode,iso3c,troops_ad\n"
    first = tmp_path / "troopdata-rebuild-country-year.csv"
    first.write_text(head + "Japan,2020,740,JPN,55000\n", encoding="utf-8")
    load_path(con, "troops", first)
    second = tmp_path / "b" / "troopdata-rebuild-country-year.csv"
    second.parent.mkdir()
    second.write_text(head + "Japan,2020,740,JPN,NaN\nJapan,2021,740,JPN,54000\n",
                      encoding="utf-8")
    report = load_path(con, "troops", second)
    assert any("NaN" in k for k in report.details.get("skipped", {})), report.details
    assert con.execute("SELECT troops_ad FROM ds_troops WHERE iso3 = 'JPN' AND year = 2020"
                       ).fetchall() == [(55000,)]


# -- item 5: strict YAML, finite numbers and signs in the knowledge base ------------------------

def _kb_with(tmp_path: Path, extra: str) -> Path:
    folder = tmp_path / "kb"
    shutil.copytree(knowledge.loader.default_data_dir(), folder)
    (folder / "zz_extra.yaml").write_text(extra, encoding="utf-8")
    return folder


FACT = ("facts:\n  - id: test.fact\n    subject: USA-JPN\n    attribute: us_troops_stationed\n"
        "    about: JPN\n    value: {value}\n    unit: persons\n    valid_from: 2020-01-01\n"
        "    source: {{ref: swp2021}}\n")


@pytest.mark.parametrize(("value", "needle"), [
    (".nan", "finite"), (".inf", "finite"), ("-5000", "negative"), ("1e999", "finite")])
def test_non_finite_and_negative_values_are_refused(tmp_path: Path, value: str,
                                                   needle: str) -> None:
    with pytest.raises(KnowledgeError) as info:
        knowledge.load([_kb_with(tmp_path, FACT.format(value=value))])
    text = str(info.value)
    assert "zz_extra.yaml" in text and "test.fact" in text and needle in text and "fix:" in text


def test_big_exponent_is_a_number(tmp_path: Path) -> None:
    kb = knowledge.load([_kb_with(tmp_path, FACT.format(value="1e5"))])
    assert kb.facts["test.fact"].value == 100000.0


@pytest.mark.parametrize("key", ["kb_duplicate_key", "kb_repeated_section"])
def test_repeated_keys_and_sections_are_errors(corpus: dict[str, Path], tmp_path: Path,
                                               key: str) -> None:
    folder = tmp_path / "kb"
    shutil.copytree(knowledge.loader.default_data_dir(), folder)
    shutil.copy(corpus[key], folder / corpus[key].name)
    with pytest.raises(KnowledgeError, match="repeated key") as info:
        knowledge.load([folder])
    assert corpus[key].name in str(info.value)


def test_datetime_message_is_plain(tmp_path: Path) -> None:
    bad = FACT.format(value="5").replace("2020-01-01", "2020-01-01T10:00:00")
    with pytest.raises(KnowledgeError, match="is not a calendar date"):
        knowledge.load([_kb_with(tmp_path, bad)])


# -- item 6: methodology validation ------------------------------------------------------------

def _methodology(tmp_path: Path, change: str, new: str, count: int = 1) -> Path:
    text = default_path().read_text(encoding="utf-8")
    assert change in text, change
    path = tmp_path / "m.yaml"
    path.write_text(text.replace(change, new, count), encoding="utf-8")
    return path


OVERALL = "overall: {alignment: 1, contributions: 1, political_support: 1}"


@pytest.fixture
def overall_line() -> str:
    text = default_path().read_text(encoding="utf-8")
    line = next(x for x in text.splitlines() if x.startswith("overall"))
    return line


@pytest.mark.parametrize(("new", "needle"), [
    ("overall: {alignment: 0, contributions: 0, political_support: 0}", "sum to 0"),
    ("overall: {alignment: .nan, contributions: 1, political_support: 1}", "finite"),
    ("overall: {alignment: .inf, contributions: 1, political_support: 1}", "finite"),
    ("overall: {alignment: -1, contributions: 1, political_support: 1}", "negative"),
    ("overall: {alignment: 1, contributions: 1}", "missing"),
])
def test_overall_weights_are_checked(tmp_path: Path, overall_line: str, new: str,
                                     needle: str) -> None:
    path = _methodology(tmp_path, overall_line, new)
    with pytest.raises(MethodologyError, match=needle) as info:
        load_methodology(path)
    assert "m.yaml" in str(info.value) and "fix:" in str(info.value)


def test_indicator_weights_missing_params_and_repeated_keys(tmp_path: Path) -> None:
    with pytest.raises(MethodologyError, match="finite"):
        load_methodology(_methodology(tmp_path, "weight: 3", "weight: .inf"))
    path = _methodology(tmp_path, "params: {attribute: goal_convergence, subject: alliance}",
                        "params: {subject: alliance}")
    with pytest.raises(MethodologyError, match=r"goal_convergence\]\.params\.attribute"):
        load_methodology(path)
    path = _methodology(tmp_path, "params: {attribute: goal_convergence, subject: alliance}",
                        "params: {attribute: goal_convergence, attribute: x}")
    with pytest.raises(MethodologyError, match="repeated key 'attribute'"):
        load_methodology(path)
    with pytest.raises(MethodologyError, match="greater than 0"):
        load_methodology(_methodology(tmp_path, "weight: 3", "weight: -2"))


def test_declared_required_params_match_each_kinds_source() -> None:
    """Built-in kinds declare the parameters they require (no source parse at start-up); the
    declarations must say what the code reads, or a missing parameter would pass the check."""
    from alliance_monitor.assess.kinds import KINDS
    from alliance_monitor.assess.methodology import params_read_in_source, required_params

    assert KINDS
    for name, fn in KINDS.items():
        assert required_params(fn) == params_read_in_source(fn), name


def test_unknown_attribute_and_applies_to(tmp_path: Path) -> None:
    kb = knowledge.load()
    m = load_methodology(_methodology(tmp_path, "attribute: goal_convergence",
                                      "attribute: goal_convergenze"))
    with pytest.raises(MethodologyError, match="unknown attribute 'goal_convergenze'"):
        check_against(m, kb)
    m = load_methodology(_methodology(tmp_path, "applies_to: [USA-JPN, USA-KOR]",
                                      "applies_to: [USA-JPX, USA-KOR]"))
    with pytest.raises(MethodologyError, match="unknown alliance 'USA-JPX'"):
        check_against(m, kb)


def test_directory_binary_and_shift_jis_methodology(tmp_path: Path) -> None:
    with pytest.raises(MethodologyError, match="directory"):
        load_methodology(tmp_path)
    binary = tmp_path / "b.yaml"
    binary.write_bytes(os.urandom(100) + b"\x00" * 10)
    with pytest.raises(MethodologyError, match="binary"):
        load_methodology(binary)
    sjis = tmp_path / "s.yaml"
    sjis.write_bytes("id: 方法論\n".encode("shift_jis"))
    with pytest.raises(MethodologyError, match="UTF-8"):
        load_methodology(sjis)


def test_cli_methodology_error_is_clean(tmp_path: Path, built_store: Path,
                                        overall_line: str) -> None:
    path = _methodology(tmp_path, overall_line,
                        "overall: {alignment: 0, contributions: 0, political_support: 0}")
    result = CliRunner().invoke(app, ["assess", "usa-jpn", "--store", str(built_store),
                                      "--methodology", str(path)])
    assert result.exit_code != 0, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "sum to 0" in result.output


def test_no_temp_leftovers_from_a_normal_import(corpus: dict[str, Path], con) -> None:  # type: ignore[no-untyped-def]
    before = set(Path(tempfile.gettempdir()).glob(events_files.TMP_PREFIX + f"{os.getpid()}-*"))
    ingest_event_files(con, [corpus["gdelt_zipped"]], progress=False)
    after = set(Path(tempfile.gettempdir()).glob(events_files.TMP_PREFIX + f"{os.getpid()}-*"))
    assert after == before


def test_corpus_is_reproducible(tmp_path: Path) -> None:
    a = generate(tmp_path / "a", seed=3)
    b = generate(tmp_path / "b", seed=3)
    assert {k: p.read_bytes() for k, p in a.items()} == {k: p.read_bytes() for k, p in b.items()}
    assert json.loads((tmp_path / "a" / "plover" / "good.json").read_text())


