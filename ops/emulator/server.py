"""The emulator process ``bin/net`` starts: moto's application with our fixes (``fixes.py``), served by
waitress. ``python -m ops.emulator.server -H HOST -p PORT [--journal PATH]``.

Why waitress and not moto's own ``run_simple``: werkzeug's development server closes every connection
(``Connection: close``) and sends the status line and headers in one write, the body in another. Under
load the gap between the two grew, and the provider's HTTP client closed the connection after the headers,
before the body came; the body then met a closed socket, which answered with a reset, so the SDK saw a
transport error for a request the emulator had already applied, and sent it again (the packet trace is in
docs/emulator.md). waitress, a production WSGI server, buffers each response and sends headers and body
together, keeps connections alive as HTTP/1.1 asks, and closes them only when idle longer than the SDK
keeps an idle connection (120 s against 90 s).

One request at a time: moto's backends are not thread-safe (revoking two rules of one group at once is a
read-modify-write of its rule list; ``bench/emulator_race.py``), and Terraform sends up to 10 at once.
A lock around the application serializes them; waitress still accepts and reads connections in parallel.
"""
from __future__ import annotations

import argparse
import io
import os
import sys
import threading
import time
from pathlib import Path

from . import answers, fixes

_one_at_a_time = threading.Lock()


#: How long a request under the ``hold`` fault waits for its client before it is served after all.
HOLD_SECONDS = 600


def _faults() -> dict[str, str]:
    """NETWORK_EMULATOR_FAULTS=Action=WHAT[,...], to rehearse an AWS that fails or is slow (docs/emulator.md):
    a 5xx status answers the action with it; ``hold`` keeps its first request unanswered (outside the
    lock) until its client gives up, which leaves it unapplied as if it never reached AWS; ``lose``
    applies its first request and keeps the answer until the client gives up: applied, its answer lost."""
    faults = {}
    for item in filter(None, os.environ.get("NETWORK_EMULATOR_FAULTS", "").split(",")):
        action, _, what = item.partition("=")
        faults[action.strip()] = what.strip() or "503"
    return faults


def _held_until_gone(environ) -> bool:
    """Waits while the client is connected; True when it went away (the request is then dropped)."""
    gone = environ.get("waitress.client_disconnected", lambda: False)
    deadline = time.monotonic() + HOLD_SECONDS
    while time.monotonic() < deadline:
        if gone():
            return True
        time.sleep(0.2)
    return False


def _dropped(start_response) -> list[bytes]:
    """The answer to a client that went away: nobody reads it."""
    start_response("499 Client Closed Request", [("Content-Length", "0")])
    return [b""]


class Application:
    """moto's dispatcher behind the lock, with AWS-shaped errors instead of tracebacks, and a journal."""

    def __init__(self, moto_app, journal: answers.Journal, faults: dict[str, str] | None = None):
        self.moto_app, self.journal, self.faults = moto_app, journal, faults or {}
        self.held: set[str] = set()

    def __call__(self, environ, start_response):
        body = environ["wsgi.input"].read(int(environ.get("CONTENT_LENGTH") or 0))
        environ["wsgi.input"] = io.BytesIO(body)
        action = answers.action_of(environ, body)
        answer: dict = {}

        def keep(status, headers, exc_info=None):
            answer.update(status=status, headers=headers)
            return lambda data: answer.setdefault("written", []).append(data)

        fault = self.faults.get(action)
        once = fault if fault in ("hold", "lose") and action not in self.held else None
        if once:
            self.held.add(action)
        if once == "hold" and _held_until_gone(environ):
            return _dropped(start_response)
        if fault and fault not in ("hold", "lose"):
            line, headers, payload = answers.error_response(environ, "InternalError", "injected fault", int(fault))
        else:
            with _one_at_a_time:
                try:
                    # The body is produced inside the lock too: a lazy response would otherwise read the
                    # backend after the lock is released.
                    result = self.moto_app(environ, keep)
                    try:
                        payload = b"".join([*answer.get("written", []), *result])
                    finally:
                        getattr(result, "close", lambda: None)()
                    line, headers = answer["status"], answer["headers"]
                except Exception as error:  # noqa: BLE001 - every failure of moto becomes an AWS error answer
                    line, headers, payload = answers.unhandled(environ, action, error)
        if once == "lose" and _held_until_gone(environ):
            return _dropped(start_response)
        status = int(line.split(" ", 1)[0])
        if status >= 400:
            self.journal.record(answers.service_of(environ), action, status, payload)
        start_response(line, headers)
        return [payload]


def _one_write_channel():
    """waitress's channel, with tasks that hand the status line, headers and body to it in one write.

    waitress queues the headers and the body as two writes, and its I/O thread can send the first before
    the second is queued. The provider's HTTP client, given headers whose body comes a moment later,
    sometimes closed the connection at once (the packet traces in docs/emulator.md), losing a response to
    a request the emulator had applied. One write makes the response leave whole."""
    from waitress.channel import HTTPChannel
    from waitress.task import WSGITask

    class WholeResponseTask(WSGITask):
        def write(self, data):
            if self.wrote_header or not data:
                return super().write(data)
            channel, held = self.channel, []
            channel.write_soon = held.append  # this task's writes only: one request per channel at a time
            try:
                super().write(data)
            finally:
                del channel.write_soon
            channel.write_soon(b"".join(held))

    class OneWriteChannel(HTTPChannel):
        task_class = WholeResponseTask

    return OneWriteChannel


def build(journal_path: Path | None = None) -> Application:
    from moto.moto_server.werkzeug_app import DomainDispatcherApplication, create_backend_app

    fixes.apply()
    return Application(DomainDispatcherApplication(create_backend_app), answers.Journal(journal_path), _faults())


def main(argv: list[str]) -> None:
    import waitress

    parser = argparse.ArgumentParser(prog="python -m ops.emulator.server")
    parser.add_argument("-H", "--host", default="127.0.0.1")
    parser.add_argument("-p", "--port", type=int, default=5000)
    parser.add_argument("--journal", type=Path, help="append the error answers here, one JSON line each")
    args = parser.parse_args(argv)
    os.environ.setdefault("MOTO_PORT", str(args.port))  # moto builds some URLs (S3, SQS) from it
    # channel_request_lookahead lets a held request see its client go (waitress.client_disconnected).
    server = waitress.create_server(build(args.journal), host=args.host, port=args.port, threads=4,
                                    asyncore_use_poll=True, channel_timeout=120, connection_limit=200,
                                    channel_request_lookahead=1, ident="moto")
    server.channel_class = _one_write_channel()
    server.run()


if __name__ == "__main__":
    main(sys.argv[1:])
