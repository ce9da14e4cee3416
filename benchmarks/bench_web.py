"""Web dashboard under load: concurrent clients on 127.0.0.1 against the overview and an
alliance page, with a static file of the same size from the same server as the baseline.

    uv run python benchmarks/bench_web.py [--clients 16] [--requests 800] [--store PATH]

The server (uvicorn, one worker, as `alliance serve` runs it) is a separate process; the
clients are one asyncio process with httpx. Pages are warmed first, so the figures show the
per-(date, language) cache at work; the cold first render is reported separately. Every loop
is bounded in count and time and talks only to 127.0.0.1.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
AT = "2024-06-30"
TARGETS = {"overview": f"/?at={AT}&lang=de", "alliance": f"/alliance/usa-kor?at={AT}&lang=en"}


def serve(port: int, static_dir: str, store: str | None) -> None:
    """Server process: the dashboard plus /bench serving the baseline files."""
    import uvicorn
    from fastapi.staticfiles import StaticFiles

    import alliance_monitor.cli  # noqa: F401
    from alliance_monitor.app import App
    from alliance_monitor.web.server import create_app

    asgi = create_app(App(store))
    asgi.mount("/bench", StaticFiles(directory=static_dir), name="bench")
    uvicorn.run(asgi, host="127.0.0.1", port=port, log_level="warning", access_log=False)


async def load(url: str, clients: int, requests: int, limit_s: float = 120.0
               ) -> dict[str, float]:
    latencies: list[float] = []
    queue: asyncio.Queue[int] = asyncio.Queue()
    for i in range(requests):
        queue.put_nowait(i)
    deadline = time.monotonic() + limit_s
    async with httpx.AsyncClient(limits=httpx.Limits(max_connections=clients),
                                 timeout=60) as client:
        async def worker() -> None:
            while time.monotonic() < deadline:
                try:
                    queue.get_nowait()
                except asyncio.QueueEmpty:
                    return
                t0 = time.perf_counter()
                r = await client.get(url)
                latencies.append(time.perf_counter() - t0)
                assert r.status_code == 200, (url, r.status_code)
        start = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(clients)))
        wall = time.perf_counter() - start
    latencies.sort()
    return {"n": len(latencies), "rps": len(latencies) / wall,
            "p50_ms": 1000 * statistics.median(latencies),
            "p95_ms": 1000 * latencies[int(0.95 * (len(latencies) - 1))]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--requests", type=int, default=800)
    parser.add_argument("--store", default=os.environ.get("ALLIANCE_STORE"))
    parser.add_argument("--serve", nargs=2, metavar=("PORT", "DIR"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve:
        serve(int(args.serve[0]), args.serve[1], args.store)
        return
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    base = f"http://127.0.0.1:{port}"
    with tempfile.TemporaryDirectory() as static_dir:
        cmd = [sys.executable, __file__, "--serve", str(port), static_dir]
        if args.store:
            cmd += ["--store", args.store]
        proc = subprocess.Popen(cmd)
        try:
            for _ in range(600):
                try:
                    httpx.get(base + "/static/style.css", timeout=1)
                    break
                except httpx.TransportError:
                    time.sleep(0.2)
            print(f"server on {base}; {args.clients} concurrent clients, "
                  f"{args.requests} requests per target")
            for name, path in TARGETS.items():
                t0 = time.perf_counter()
                body = httpx.get(base + path, timeout=600).content
                cold = time.perf_counter() - t0
                (Path(static_dir) / f"{name}.html").write_bytes(b"x" * len(body))
                page = asyncio.run(load(base + path, args.clients, args.requests))
                static = asyncio.run(load(f"{base}/bench/{name}.html", args.clients,
                                          args.requests))
                print(f"{name:9s} {len(body):>8,d} B  cold first render {cold:6.2f} s")
                for label, r in (("page", page), ("static", static)):
                    print(f"  {label:7s} {r['rps']:8.1f} req/s  p50 {r['p50_ms']:7.1f} ms  "
                          f"p95 {r['p95_ms']:7.1f} ms  (n={r['n']:.0f})")
                print(f"  ratio page/static throughput: {page['rps'] / static['rps']:.2f}")
        finally:
            proc.terminate()
            proc.wait(timeout=20)


if __name__ == "__main__":
    main()
