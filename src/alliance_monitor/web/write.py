"""The optional write API of ``alliance serve``: ingest a document, rebuild the store.

The server is read-only unless it is started with a write token (``--write-token`` or
``ALLIANCE_WRITE_TOKEN``). Then ``POST /api/v1/ingest`` and ``POST /api/v1/build`` accept
requests that carry ``Authorization: Bearer <token>``; the token is compared in constant time
and never logged or echoed. There is no cookie or session, so a page elsewhere cannot make a
browser send the token (no CSRF); the server sends no CORS headers either. Without a token the
two endpoints answer 403, with a wrong or missing token 401, always with a JSON ``error``.

An upload is the document itself (an HTML page or plain text, at most the ingest size limit),
never a URL: the server fetches nothing on a client's behalf. It runs the same pipeline as
``alliance ingest -``: stored, coded, and the series updated; the dashboard's caches are
cleared afterwards, so the next page shows the new evidence.
"""

from __future__ import annotations

import hmac
import io
import json
import threading
from collections.abc import Callable
from typing import Any

from fastapi import FastAPI, Query, Request
from fastapi.responses import JSONResponse, Response
from starlette.concurrency import run_in_threadpool

from alliance_monitor import errors
from alliance_monitor.web.data import WebData

ENV_TOKEN = "ALLIANCE_WRITE_TOKEN"
#: Content types an upload may have (the body is the document).
UPLOAD_TYPES = ("text/html", "application/xhtml+xml", "text/plain")


def _max_upload() -> int:
    from alliance_monitor.ingest.documents import MAX_BYTES

    return int(MAX_BYTES)


def _error(status: int, message: str, **headers: str) -> JSONResponse:
    return JSONResponse({"error": message}, status_code=status, headers=headers or None)


def token_matches(header: str | None, token: str) -> bool:
    """Whether an ``Authorization`` header carries ``token`` as a bearer token (constant
    time in the token's content)."""
    scheme, _, given = (header or "").partition(" ")
    return scheme.lower() == "bearer" and hmac.compare_digest(given.strip().encode("utf-8"),
                                                              token.encode("utf-8"))


def add_write_routes(api: FastAPI, prefix: str, data: WebData, token: str | None,
                     changed: Callable[[], None]) -> None:
    """Register the write endpoints (always: without a token they refuse with 403).
    ``changed`` is called after every write that may have changed the store."""
    one_at_a_time = threading.Lock()

    def refused(request: Request) -> JSONResponse | None:
        if not token:
            return _error(403, "this server is read-only: start 'alliance serve' with "
                               f"--write-token or {ENV_TOKEN} to enable the write API")
        if not token_matches(request.headers.get("authorization"), token):
            return _error(401, "missing or wrong token: send 'Authorization: Bearer <token>'",
                          **{"WWW-Authenticate": 'Bearer realm="alliance-monitor"'})
        return None

    def write(job: Callable[[], Any]) -> Any:
        with one_at_a_time, data._lock:  # readers wait while the store changes
            try:
                return job()
            finally:
                data.reset()
                changed()

    doc = ("Needs `Authorization: Bearer <token>` and a server started with a write token; "
           "403 on a read-only server, 401 with a wrong or missing token.")

    @api.post(f"{prefix}/ingest", tags=["write"], include_in_schema=bool(token),
              description="Store, code and index one document sent as the request body "
                          "(Content-Type text/html or text/plain; no URLs are fetched). "
                          + doc)
    async def ingest(request: Request) -> Response:
        denied = refused(request)
        if denied is not None:
            return denied
        ctype = request.headers.get("content-type", "").split(";")[0].strip().lower()
        if ctype not in UPLOAD_TYPES:
            return _error(415, f"send the document as the body with Content-Type "
                               f"{', '.join(UPLOAD_TYPES)}")
        limit = _max_upload()
        body = bytearray()
        async for chunk in request.stream():
            body += chunk
            if len(body) > limit:
                return _error(413, f"document larger than {limit} bytes")
        if not body.strip():
            return _error(400, "empty body: send the document as the request body")

        def run() -> list[dict[str, Any]]:
            reports = data.app.ingest(["-"], stdin=io.BytesIO(bytes(body)))
            return [r.as_dict() for r in reports]
        try:
            reports = await run_in_threadpool(write, run)
        except errors.AllianceError as exc:
            return _error(409 if isinstance(exc, errors.StoreLocked) else 400, str(exc))
        bad = [b for r in reports for b in r.get("bad", [])]
        added = sum(int(r.get("added") or 0) for r in reports)
        unchanged = sum(int(r.get("unchanged") or 0) for r in reports)
        status = 422 if bad and not (added or unchanged) else 201 if added else 200
        return Response(json.dumps({"added": added, "unchanged": unchanged,
                                    "events": sum(int(r.get("events") or 0) for r in reports),
                                    "bad": bad, "reports": reports}, default=str,
                                   ensure_ascii=False),
                        status_code=status, media_type="application/json")

    @api.post(f"{prefix}/build", tags=["write"], include_in_schema=bool(token),
              description="Validate the knowledge base and load it and the bundled data "
                          "into the store (unchanged files: nothing to do unless "
                          "`force=true`). " + doc)
    async def build(request: Request, force: bool = Query(False)) -> Response:
        denied = refused(request)
        if denied is not None:
            return denied
        try:
            state = await run_in_threadpool(write, lambda: data.app.build(force=force))
        except errors.AllianceError as exc:
            return _error(409 if isinstance(exc, errors.StoreLocked) else 400, str(exc))
        return JSONResponse({"changed": state.changed, "counts": state.counts})


__all__ = ["ENV_TOKEN", "add_write_routes", "token_matches"]
