"""A reproducible hostile-input corpus (issue 11): every file is generated from a seed.

``generate(folder, seed)`` writes the corpus and returns a dict name → path. The names say what
each file is; the tests assert what the tool must do with it. Use it by hand too:

    uv run python tests/hostile_corpus.py /tmp/corpus 11
"""

from __future__ import annotations

import gzip
import io
import json
import os
import random
import sys
import zipfile
from pathlib import Path

STAMP = "20191024143000"


def gdelt_line(gid: int, stamp: str = STAMP, url: str | None = None) -> str:
    """A valid GDELT 2.0 export line (USA → JPN, code 042)."""
    actor = ["USA", "UNITED STATES", "USA", "", "", "", "", "GOV", "", ""]
    other = ["JPN", "JAPAN", "JPN", "", "", "", "", "GOV", "", ""]
    geo = ["1", "Japan", "JA", "JA", "", "36", "138", "JA"]
    return "\t".join([str(gid), stamp[:8], stamp[:6], stamp[:4], "2019.8", *actor, *other,
                      "1", "042", "042", "04", "1", "1.9", "2", "2", "2", "1.0", *geo, *geo,
                      *geo, stamp, url or f"https://example.org/world/{gid}"])


def gdelt_text(rng: random.Random, rows: int, first: int, stamp: str = STAMP) -> str:
    ids = sorted(rng.sample(range(first, first + rows * 10), rows))
    return "".join(gdelt_line(g, stamp) + "\n" for g in ids)


EPOCH = (2019, 10, 24, 14, 30, 0)  # fixed member times: the same seed gives the same bytes


def _info(name: str) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, EPOCH)
    info.compress_type = zipfile.ZIP_DEFLATED
    return info


def _zip(members: dict[str, bytes | str]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in members.items():
            zf.writestr(_info(name), data)
    return buf.getvalue()


def zip_bomb(name: str, inflated: int) -> bytes:
    """A small archive whose one member inflates to ``inflated`` bytes of a GDELT-like line
    followed by zeros (so it sniffs as GDELT)."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as zf, \
            zf.open(_info(name), "w", force_zip64=True) as out:
        head = (gdelt_line(1) + "\n").encode()
        out.write(head)
        block = b"0" * (1 << 20)
        left = inflated - len(head)
        while left > 0:
            out.write(block[:left])
            left -= len(block)
    return buf.getvalue()


def deep_json(levels: int) -> str:
    return "[" * levels + "]" * levels


def generate(folder: Path, seed: int = 11) -> dict[str, Path]:
    """Write the corpus under ``folder``; the same seed gives the same bytes."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    out: dict[str, Path] = {}

    def put(key: str, rel: str, data: bytes | str) -> None:
        path = folder / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data.encode() if isinstance(data, str) else data)
        out[key] = path

    good = gdelt_text(rng, 40, 900_000_000)
    put("gdelt_good", "gdelt/20191024143000.export.CSV", good)
    put("gdelt_good2", "gdelt/20191024144500.export.CSV",
        gdelt_text(rng, 30, 910_000_000, "20191024144500"))
    put("gdelt_random_bytes", "gdelt/20191024150000.export.CSV", rng.randbytes(20_000))
    put("gdelt_gzip_named_csv", "gdelt/20191024151500.export.CSV",
        gzip.compress(gdelt_text(rng, 20, 920_000_000).encode(), mtime=0))
    put("gdelt_two_members", "gdelt/20191024153000.export.CSV.zip",
        _zip({"20191024153000.export.CSV": gdelt_text(rng, 5, 930_000_000),
              "README.txt": "hello"}))
    nul_lines = gdelt_text(rng, 10, 940_000_000).splitlines()
    nul_lines[3] = nul_lines[3].replace("UNITED STATES", "UNITED\x00STATES")
    put("gdelt_nul", "gdelt/20191024154500.export.CSV", "\n".join(nul_lines) + "\n")
    # the same data three times: plain LF, CRLF, zipped
    same = gdelt_text(rng, 25, 950_000_000, "20191024160000")
    put("gdelt_lf", "copies/a/20191024160000.export.CSV", same)
    put("gdelt_crlf", "copies/b/20191024160000.export.CSV", same.replace("\n", "\r\n"))
    put("gdelt_zipped", "copies/c/20191024160000.export.CSV.zip",
        _zip({"20191024160000.export.CSV": same.encode()}))
    put("gdelt_zip_bomb", "bomb/20191024161500.export.CSV.zip",
        zip_bomb("20191024161500.export.CSV", 64 << 20))
    # PLOVER
    records = [{"id": f"r{i}", "date": "2021-05-01", "event": "CONSULT",
                "actor": "USA", "recipient": "JPN", "text": "talks"} for i in range(5)]
    put("plover_good", "plover/good.json", json.dumps(records))
    deep = json.dumps(records[:2])[:-1] + ', {"id": "deep", "event": "CONSULT", "actor": ' \
        + deep_json(100_000) + "}]"
    put("plover_deep", "plover/deep.json", deep)
    # documents
    put("doc_good", "docs/note.txt", "Tokyo, 3 March 2024. Japan and the United States agreed "
        "on Monday to deepen their defence cooperation, officials said.\n")
    put("doc_hidden", "docs/.hidden.txt", "Japan and the United States signed a treaty.\n")
    put("doc_git", "docs/.git/HEAD", "ref: refs/heads/main\n")
    put("doc_wal", "docs/store.duckdb.wal", rng.randbytes(500))
    put("html_script", "html/script.html",
        "<html><head><title>Page</title></head><body><script>var s = 'Japan and the United "
        "States signed a defence agreement in Tokyo on Monday.';</script></body></html>")
    para = ("<p>Japan and the United States agreed on a new defence pact in Tokyo on Monday, "
            "officials said.</p>")
    put("html_deep", "html/deep.html", "<html><head><title>Deep</title></head><body>"
        + "<div>" * 600 + para * 3 + "</div>" * 600 + "</body></html>")
    # knowledge base and methodology
    put("kb_duplicate_key", "kb/dup_key.yaml", "units:\n  - id: usd_x\n    dimension: money\n"
        "    dimension: count\n    description: x\n")
    put("kb_repeated_section", "kb/dup_section.yaml",
        "units:\n  - {id: u1, dimension: count, description: a}\n"
        "units:\n  - {id: u2, dimension: count, description: b}\n")
    # non-UTF-8 file name (bytes), when the file system allows it
    try:
        raw = os.path.join(os.fsencode(folder / "docs"), b"caf\xe9.txt")
        with open(raw, "wb") as handle:
            handle.write(b"Seoul and Washington held talks on Monday about the alliance.\n")
        out["doc_latin1_name"] = Path(os.fsdecode(raw))
    except OSError:
        pass
    return out


if __name__ == "__main__":  # pragma: no cover
    target = Path(sys.argv[1] if len(sys.argv) > 1 else "hostile-corpus")
    files = generate(target, int(sys.argv[2]) if len(sys.argv) > 2 else 11)
    for key, path in sorted(files.items()):
        print(f"{key}\t{os.fsencode(path).decode('utf-8', 'backslashreplace')}")
