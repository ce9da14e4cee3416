"""The application object: one place that owns the store, the knowledge base, the methodology
and the plugins, runs the pipeline and answers every read.

The CLI, the web app, the reports and the simulator each build one :class:`App` and call its
methods; nothing else opens the store or reads configuration. Results are language-neutral
(ids, numbers, dates, codes); labels and formats belong to :mod:`alliance_monitor.present`.

    with App(store="alliance.duckdb") as app:
        [a] = app.assess(["usa-kor"], dt.date(2021, 5, 1))
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO, Literal

from alliance_monitor import errors

if TYPE_CHECKING:  # DuckDB is loaded when the store is opened, not with the application
    import duckdb

    from alliance_monitor.assess.snapshot import Knowledge, Snapshot

ENV_KB_DIR = "ALLIANCE_KB_DIR"
#: modules whose classes or logic make up a cached snapshot (part of its cache key)
_SNAPSHOT_CODE = ("alliance_monitor.model", "alliance_monitor.knowledge.loader",
                  "alliance_monitor.knowledge.build", "alliance_monitor.assess.snapshot",
                  "alliance_monitor.series.evidence", "alliance_monitor.app")
Every = Literal["month", "quarter", "year"]
TOPICS = ("regional_order", "china", "north_korea", "russia")


def _bundle_files() -> list[Path]:
    """Files whose change requires a rebuild: the bundled data-set extracts and migrations."""
    from importlib import resources

    out: list[Path] = []
    for package, folder in (("alliance_monitor.datasets", "data"),
                            ("alliance_monitor.store", "migrations")):
        root = Path(str(resources.files(package) / folder))
        out += sorted(p for p in root.rglob("*") if p.is_file() and p.suffix != ".pyc")
    return out


def bundle_digest() -> str:
    h = hashlib.sha256()
    for p in _bundle_files():
        h.update(p.name.encode())
        h.update(hashlib.sha256(p.read_bytes()).digest())
    return h.hexdigest()


def bundle_stat() -> str:
    """Names, sizes and modification times of the bundled files: a first, cheaper check."""
    from alliance_monitor.knowledge.files import stat_digest

    return stat_digest(_bundle_files())


def every_dates(start: dt.date, end: dt.date, every: Every) -> list[dt.date]:
    """Period ends from ``start`` to ``end`` inclusive (month, quarter or year ends)."""
    if end < start:
        raise errors.UsageError(f"--to ({end}) is before --from ({start})",
                                de=f"--to ({end}) liegt vor --from ({start})")
    step = {"month": 1, "quarter": 3, "year": 12}[every]
    out = []
    y, m = start.year, start.month
    if every == "quarter":
        m = ((m - 1) // 3) * 3 + 3
    elif every == "year":
        m = 12
    while True:
        nxt = dt.date(y + (m == 12), m % 12 + 1, 1)
        day = nxt - dt.timedelta(days=1)
        if day > end:
            break
        if day >= start:
            out.append(day)
        m += step
        y, m = y + (m - 1) // 12, (m - 1) % 12 + 1
    return out


@dataclass(frozen=True)
class BuildState:
    changed: bool
    counts: dict[str, int]


class App:
    """Store, knowledge base (read from the store only), methodology, plugins, pipeline."""

    def __init__(self, store: Path | str | None = None, *,
                 kb_dirs: Sequence[Path | str] | None = None,
                 methodology: Path | str | None = None, auto_build: bool = True) -> None:
        from alliance_monitor.store.paths import default_store_path

        self.store_path = Path(store) if store is not None else default_store_path()
        env_dirs = [d for d in os.environ.get(ENV_KB_DIR, "").split(os.pathsep) if d]
        self.kb_dirs = [Path(d) for d in (kb_dirs if kb_dirs else env_dirs)]
        self.methodology_path = Path(methodology) if methodology else None
        self.auto_build = auto_build
        self._con: duckdb.DuckDBPyConnection | None = None

    # -- lifecycle -------------------------------------------------------------------------
    def __enter__(self) -> App:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        if self._con is not None:
            self._con.close()
            self._con = None

    @property
    def memory(self) -> bool:
        return str(self.store_path) == ":memory:"

    def is_current(self) -> bool:
        """Milliseconds: compare the knowledge files and bundled data with what the last build
        recorded (no YAML parsing, no data loading)."""
        if self._con is not None:
            return self._current(self._con)
        if not self.memory and not self.store_path.exists():
            return False
        import duckdb

        try:
            con = duckdb.connect(str(self.store_path), read_only=True)
        except duckdb.Error:
            return False
        try:
            return self._current(con)
        finally:
            con.close()

    def _current(self, con: duckdb.DuckDBPyConnection) -> bool:
        """The build is complete and its inputs unchanged: names, sizes and modification times
        equal those recorded (like git's index), else equal content hashes."""
        import duckdb

        from alliance_monitor.knowledge.build import stored_meta
        from alliance_monitor.knowledge.files import files_digest, files_stat
        from alliance_monitor.store.db import build_state

        try:
            if build_state(con) != "complete":  # a killed build is not current
                return False
            meta = dict(con.execute("SELECT key, value FROM kb_meta WHERE key IN "
                                    "('files_stat', 'bundle_stat')").fetchall())
            return ((meta.get("files_stat") == files_stat()
                     or stored_meta(con, "files_digest") == files_digest())
                    and (meta.get("bundle_stat") == bundle_stat()
                         or stored_meta(con, "bundle_digest") == bundle_digest()))
        except duckdb.Error:
            return False

    def build(self, *, force: bool = False, data: list[Path] | None = None) -> BuildState:
        """Validate the knowledge base (bundled, or the files in ``data``) and load it and the
        bundled data extracts into the store (idempotent)."""
        if not force and data is None and not self.memory and self.is_current():
            return BuildState(False, {})
        from alliance_monitor import knowledge
        from alliance_monitor.datasets.bundled import build_step
        from alliance_monitor.knowledge.build import build, set_meta
        from alliance_monitor.knowledge.files import files_digest, files_stat
        from alliance_monitor.store import db

        kb = knowledge.load(data)
        self.close()
        con = db.connect(self.store_path) if not self.memory else self.connection()
        try:
            with db.building(con):  # marker: a build killed half-way is detected and redone
                result = build(con, kb)
                counts = dict(result.counts)
                counts.update(build_step(con))
                set_meta(con, "files_digest", files_digest(data))
                set_meta(con, "files_stat", files_stat(data))
                set_meta(con, "bundle_digest", bundle_digest())
                set_meta(con, "bundle_stat", bundle_stat())
        finally:
            if not self.memory:
                con.close()
        self._forget("knowledge", "snapshot")
        return BuildState(result.changed, counts)

    def _forget(self, *names: str) -> None:
        """Drop state read before a write (and the start-up cache's snapshot with it, which
        holds the same state): the next read sees the store as written."""
        for name in (*names, "_cached_snapshot"):
            self.__dict__.pop(name, None)

    def connection(self) -> duckdb.DuckDBPyConnection:
        """The read connection (built first when missing or stale and ``auto_build``)."""
        if self._con is not None:
            return self._con
        from alliance_monitor.store import db

        if self.memory:
            self._con = db.connect(":memory:")
            return self._con
        if self.auto_build:
            con = None
            if self.store_path.exists():
                try:  # one connection: check it, and keep it when the store is current
                    con = db.connect(self.store_path, read_only=True)
                except errors.StoreError:
                    con = None
            if con is not None and self._current(con):
                self._con = con
                return con
            if con is not None:
                con.close()
            try:
                self.build()
            except errors.StoreLocked:  # another process writes: read what is there, if built
                if db.needs_build(self.store_path):
                    raise
        self._con = db.connect(self.store_path, read_only=True)
        return self._con

    # -- state read once per process ---------------------------------------------------------
    @cached_property
    def knowledge(self) -> Any:
        """The knowledge base from the store, plus the user's knowledge directories."""
        from alliance_monitor import knowledge

        cached = self._cached_snapshot
        kb = cached.kb if cached is not None else self._store_knowledge(self.connection())
        if not kb.alliances:
            raise errors.StoreError(f"the store {self.store_path} holds no knowledge base; "
                                    "run 'alliance build' (or ./scripts/run)")
        if self.kb_dirs:
            missing = [d for d in self.kb_dirs if not d.exists()]
            if missing:
                raise errors.UsageError(f"--kb-dir {missing[0]} does not exist")
            kb = knowledge.load(self.kb_dirs, base=kb, user=True)
        return kb

    @staticmethod
    def _store_knowledge(con: duckdb.DuckDBPyConnection) -> Any:
        """The store's knowledge base, from the start-up cache when the store's knowledge
        digest and data-set facts are those the cached copy was read from."""
        from alliance_monitor.knowledge.build import read, stored_meta
        from alliance_monitor.store import cache

        digest = stored_meta(con, "digest")
        if not digest or not cache.enabled():
            return read(con)
        derived = con.execute("SELECT count(*), coalesce(sum(hash(id, doc, file)), 0) "
                              "FROM dataset_facts").fetchone()
        k = cache.key("kb", digest, derived, cache.code_stamp(
            "alliance_monitor.model", "alliance_monitor.knowledge.loader",
            "alliance_monitor.knowledge.build"))
        kb = cache.load("kb", k)
        if kb is None:
            kb = read(con)
            cache.save("kb", k, kb)
        return kb

    @cached_property
    def methodology(self) -> Any:
        from alliance_monitor.assess import load_methodology
        from alliance_monitor.assess.kinds import indicator_kinds
        from alliance_monitor.assess.methodology import default_path
        from alliance_monitor.store import cache

        kinds = indicator_kinds()
        path = self.methodology_path or default_path()
        try:
            content = hashlib.sha256(path.read_bytes()).hexdigest()
        except OSError:  # load_methodology reports it with the fix
            return load_methodology(self.methodology_path)
        k = cache.key("methodology", path.resolve(), content, sorted(kinds), cache.code_stamp(
            "alliance_monitor.assess.methodology", "alliance_monitor.assess.kinds"))
        m = cache.load("methodology", k)
        if m is None:
            m = load_methodology(self.methodology_path)
            cache.save("methodology", k, m)
        return m

    @cached_property
    def snapshot(self) -> Snapshot:
        cached = self._cached_snapshot
        if cached is not None:
            return cached
        from alliance_monitor.assess.snapshot import Snapshot, horizon_of, record_signals
        from alliance_monitor.series.evidence import dataset_values, newest_document, news_signals
        from alliance_monitor.store import cache

        key = self._snapshot_key()
        con = self.connection()
        kb = self.knowledge
        snap = Snapshot.build(kb, dataset_values(con), [*record_signals(kb), *news_signals(con)],
                              horizon=horizon_of(kb, [newest_document(con)]))
        if key is not None and self._snapshot_key() == key:  # nothing changed while reading
            cache.save("snapshot", key, snap)
        return snap

    def _snapshot_key(self) -> str | None:
        """The start-up cache's key for the whole snapshot, from file metadata only (like
        git's index): the store file and its write-ahead log (path, size, modification time,
        inode), the knowledge files and bundled data, the code of the cached classes, and
        today's date (the knowledge horizon never lies in the future). Any change, including
        a build, an ingest or a checkpoint by another process, gives a new key. None when the
        cache cannot be used: an in-memory store, a user knowledge directory (an overlay read
        each time), no automatic build (the store may be out of date), or the cache off."""
        from alliance_monitor.knowledge.files import files_stat
        from alliance_monitor.store import cache
        from alliance_monitor.store.paths import wal_path

        if self.memory or self.kb_dirs or not self.auto_build or not cache.enabled():
            return None
        parts: list[str] = []
        for f in (self.store_path, wal_path(self.store_path)):
            try:
                st = f.stat()
            except OSError:
                if not parts:  # no store yet: it is built first
                    return None
                parts.append(f"{f}:absent")
                continue
            parts.append(f"{f.resolve()}:{st.st_size}:{st.st_mtime_ns}:{st.st_ino}")
        return cache.key("snapshot", *parts, files_stat(), bundle_stat(), dt.date.today(),
                         cache.code_stamp(*_SNAPSHOT_CODE))

    @cached_property
    def _cached_snapshot(self) -> Snapshot | None:
        """The snapshot from the start-up cache when store and inputs are unchanged: no
        DuckDB import, no connection, no query."""
        from alliance_monitor.store import cache

        key = self._snapshot_key()
        return cache.load("snapshot", key) if key is not None else None

    # -- reads -----------------------------------------------------------------------------
    def resolve(self, ids: Iterable[str] | None) -> list[str]:
        """Canonical alliance ids (case-insensitive, aliases); unknown ids raise."""
        kb = self.knowledge
        return [kb.resolve_alliance(i) for i in ids] if ids else list(kb.alliances)

    def assess(self, alliances: Iterable[str] | None, at: dt.date, *,
               knowledge: Knowledge = "point_in_time", snapshot: Snapshot | None = None,
               known_by: dt.date | None = None, lean: bool = False,
               aged_at: dt.date | None = None) -> list[Any]:
        """Assessments on ``at``; point in time with what was published by ``at``, or by
        ``known_by`` when given (a vintage: e.g. an earlier date as seen later). ``lean``:
        scores without evidence or sources (for tables and CSV, which show neither).
        ``aged_at``: inputs are aged on that date instead of ``at`` (the back-test)."""
        from alliance_monitor.assess import assess

        snap = snapshot or self.snapshot
        return [assess(snap, a, at, self.methodology, knowledge, known_by, lean, aged_at)
                for a in self.resolve(alliances)]

    def assess_series(self, alliances: Iterable[str] | None, start: dt.date, end: dt.date,
                      every: Every = "month", *, knowledge: Knowledge = "point_in_time",
                      lean: bool = False) -> list[Any]:
        from alliance_monitor.store.cache import gc_paused

        ids = self.resolve(alliances)
        snap = self.snapshot
        out = []
        # a series builds tens of thousands of result objects that all live until it ends;
        # the cyclic collector would only walk them (and the snapshot) again and again
        with gc_paused():
            for day in every_dates(start, end, every):
                out += self.assess(ids, day, knowledge=knowledge, snapshot=snap, lean=lean)
        return out

    def compare(self, at: dt.date | None = None) -> list[dict[str, Any]]:
        """The study's comparison table (pp. 22f) as valid on ``at``."""
        kb = self.knowledge
        rows = []
        for topic in TOPICS:
            for country in ("USA", "JPN", "KOR"):
                p = kb.perceptions.get(f"{country}/{topic}")
                if p is None or (at is not None and p.valid_to is not None and at > p.valid_to):
                    continue
                rows.append({"country": country, "topic": topic,
                             "threat_level": p.threat_level, "priority_rank": p.priority_rank,
                             "goals": p.goals, "preferred_means": p.preferred_means,
                             "summary_en": p.summary.en, "summary_de": p.summary.de,
                             "source": kb.source_label(p.source)})
        return rows

    def facts(self, *, alliance: str | None = None, subject: str | None = None,
              attribute: str | None = None) -> list[Any]:
        """Facts (typed) filtered by alliance, subject and attribute (ids case-insensitive)."""
        kb = self.knowledge
        subjects: set[str] | None = None
        if alliance:
            al = kb.alliances[kb.resolve_alliance(alliance)]
            inst = {i.id for i in kb.institutions.values() if al.id in i.alliances}
            subjects = {al.id, *inst} | ({*al.members} if len(al.members) == 2 else set())
        if attribute and attribute not in kb.attributes and not any(
                f.attribute == attribute for f in kb.facts.values()):
            raise errors.UsageError(
                f"unknown attribute '{attribute}'; list them with 'alliance facts' "
                f"(e.g. {', '.join(sorted(kb.attributes)[:5])} …)",
                de=f"unbekanntes Merkmal '{attribute}'; die Merkmale zeigt 'alliance facts' "
                   f"(z. B. {', '.join(sorted(kb.attributes)[:5])} …)")
        subj = subject.upper() if subject and subject.upper() in kb.actors else subject
        if subj and subj not in kb.actors and subj not in kb.alliances and \
                subj not in kb.institutions:
            try:
                subj = kb.resolve_alliance(subj)
            except errors.UnknownAlliance:
                raise errors.UsageError(
                    f"unknown subject '{subject}'; use an actor, alliance or institution id "
                    "(e.g. JPN, USA-KOR)",
                    de=f"unbekannter Gegenstand '{subject}'; eine Akteurs-, Bündnis- oder "
                       "Institutionskennung angeben (z. B. JPN, USA-KOR)") from None
        out = [f for f in kb.facts.values()
               if (subjects is None or f.subject in subjects)
               and (not subj or f.subject == subj)
               and (not attribute or f.attribute == attribute)]
        return sorted(out, key=lambda f: (f.subject, f.attribute, f.valid_from or dt.date.min,
                                          f.id))

    def actors(self, *, kind: str | None = None, at: dt.date | None = None) -> list[Any]:
        kinds = {"state", "organisation", "group", "person"}
        if kind and kind not in kinds:
            raise errors.UsageError(
                f"unknown actor kind '{kind}'; use one of {', '.join(sorted(kinds))}",
                de=f"unbekannte Akteursart '{kind}'; eine von {', '.join(sorted(kinds))}")
        out = []
        for a in self.knowledge.actors.values():
            if kind and a.kind != kind:
                continue
            if at is not None and a.kind == "person" and not any(o.holds_on(at)
                                                                  for o in a.offices):
                continue
            out.append(a)
        return out

    def sources(self) -> list[Any]:
        return sorted(self.knowledge.sources.values(), key=lambda s: s.id)

    def record_events(self, *, alliance: str | None = None, since: dt.date | None = None,
                      until: dt.date | None = None) -> list[Any]:
        kb = self.knowledge
        al = kb.resolve_alliance(alliance) if alliance else None
        return sorted((e for e in kb.events.values()
                       if (al is None or any(s.alliance == al for s in e.signals))
                       and (since is None or e.date >= since)
                       and (until is None or e.date <= until)), key=lambda e: (e.date, e.id))

    def documents(self, *, limit: int = 50) -> list[dict[str, Any]]:
        """Ingested news documents, the most recently ingested first: id, title, outlet,
        date, language, kind, address and the number of coded events they report."""
        import duckdb

        con = self.connection()
        try:
            rows = con.execute(
                """SELECT d.doc_id, d.title, d.outlet, d.author, d.published, d.language,
                          d.kind, d.url, d.item, d.ingested_at, count(DISTINCT m.event_id)
                   FROM documents d LEFT JOIN event_mentions m USING (doc_id)
                   GROUP BY ALL ORDER BY d.ingested_at DESC, d.doc_id LIMIT ?""",
                [max(0, int(limit))]).fetchall()
        except duckdb.CatalogException:  # a store from before the news tables
            return []
        keys = ("id", "title", "outlet", "author", "published", "language", "kind", "url",
                "item", "ingested_at", "events")
        return [{k: (v.isoformat() if isinstance(v, dt.date) else v) for k, v in zip(keys, r,
                                                                                      strict=True)}
                for r in rows]

    # -- uncertainty, explanation, scenarios (alliance_monitor.simulate) --------------------
    def assess_uncertainty(self, alliances: Iterable[str] | None, at: dt.date, samples: int, *,
                           seed: int | None = None, knowledge: Knowledge = "point_in_time",
                           sensitivity: bool = True) -> list[tuple[Any, Any]]:
        """(assessment, Monte Carlo result) per alliance: median, interval, band
        probabilities and Sobol indices over the methodology's choices (reproducible with
        ``seed``)."""
        from alliance_monitor.simulate.uncertainty import run_uncertainty

        out = []
        for a in self.assess(alliances, at, knowledge=knowledge):
            [r] = run_uncertainty([a], self.methodology, self.knowledge, samples, seed,
                                  sensitivity=sensitivity)
            seed = r.seed
            out.append((a, r))
        return out

    def explain(self, alliance: str, start: dt.date, end: dt.date, *,
                knowledge: Knowledge = "point_in_time") -> Any:
        """Why the scores changed from ``start`` to ``end``: an exact additive decomposition
        into indicator contributions with the inputs that changed and their sources."""
        from alliance_monitor.simulate.explain import explain

        return explain(self, self.resolve([alliance])[0], start, end, knowledge=knowledge)

    def simulate(self, scenario: Any, at: dt.date | None = None, horizon: str | None = None,
                 *, samples: int = 200, seed: int | None = None,
                 knowledge: Knowledge = "point_in_time") -> Any:
        """Play a scenario (file path or loaded) against the baseline, never writing the
        store."""
        from alliance_monitor.simulate.scenario import (
            Scenario,
            evaluation_date,
            load_scenario,
            simulate,
        )

        sc = scenario if isinstance(scenario, Scenario) else load_scenario(scenario)
        return simulate(self, sc, evaluation_date(sc, at, horizon), samples=samples, seed=seed,
                        knowledge=knowledge)

    def hindcast(self, paths: Sequence[Path | str], *,
                 knowledge: Knowledge = "point_in_time") -> list[Any]:
        """The consistency check over every scenario with a ``check`` block."""
        from alliance_monitor.simulate.consistency import check
        from alliance_monitor.simulate.scenario import load_scenarios

        return [r for sc in load_scenarios([Path(p) for p in paths])
                for r in check(self, sc, knowledge)]

    # -- pipeline --------------------------------------------------------------------------
    def ingest(self, items: list[str], *, progress: bool = False,
               stdin: BinaryIO | None = None) -> list[Any]:
        """ingest → code → store → series, in that order, each stage reading what the one
        before wrote; the write lock is held only while writing."""
        from alliance_monitor.coding.store import code_stored_documents
        from alliance_monitor.ingest.dispatch import ingest as run_ingest
        from alliance_monitor.ingest.dispatch import prefetch
        from alliance_monitor.series.indicators import update_indicators
        from alliance_monitor.store import db

        kb = self.knowledge_for_coder()  # read before the write lock is taken
        self.close()
        # downloads and stdin first: the store's lock is held only for the write
        fetcher, buffered = prefetch(items, self.store_path, stdin=stdin)
        with db.writer(self.store_path) as con:
            reports = run_ingest(con, items, progress=progress, fetcher=fetcher,
                                 stdin=buffered)
            for report in reports:
                docs = report.details.get("documents")
                if docs:
                    report.events += code_stored_documents(con, docs, kb)
                years = report.details.get("indicator_years")
                if years:  # the series stage for the years the import touched
                    update_indicators(con, set(years))
        self._forget("snapshot")
        return reports

    def knowledge_for_coder(self) -> Any:
        try:
            return self.knowledge
        except errors.AllianceError:
            return None


def build_store(store: Path | str | None = None, data: list[Path] | None = None) -> BuildState:
    """Build or update a store (library convenience for ``App(store).build()``)."""
    with App(store) as app:
        return app.build(data=data)


__all__ = ["App", "BuildState", "Every", "build_store", "bundle_digest", "every_dates"]
