"""What the emulator answers when moto itself fails, and the journal of its error answers.

An exception inside a moto handler reached werkzeug as an HTML traceback page with status 500, which the
AWS SDK retries (5xx means "try again" to it) for minutes. AWS answers a client's mistake with a 4xx in
the service's own error format, so the SDK fails at once with a message. Handlers whose AWS error we
know are fixed in ``fixes.py``; anything else becomes a 400 naming the exception, in the format the
SDK parses for that service (EC2's query errors, the other query services', S3's REST, JSON protocols).

Every answer of 400 or more is appended to a JSON-lines journal beside the emulator's log, which the
stall watch reads to say what the emulator last answered (ops/terraform/stall.py).
"""
from __future__ import annotations

import json
import re
import threading
import time
import uuid
from pathlib import Path
from urllib.parse import parse_qs
from xml.sax.saxutils import escape

#: The error code of the answers for exceptions moto raised: a real AWS code the SDK does not retry.
UNHANDLED_CODE = "InvalidRequest"

_SERVICE = re.compile(r"Credential=[^/]+/[^/]+/[^/]+/([^/]+)/aws4_request")
_CODE = re.compile(rb"<Code>([^<]+)</Code>|\"__type\"\s*:\s*\"(?:[^\"#]*#)?([^\"]+)\"")


def service_of(environ: dict) -> str:
    found = _SERVICE.search(environ.get("HTTP_AUTHORIZATION", ""))
    return found.group(1) if found else ""


def action_of(environ: dict, body: bytes) -> str:
    """The API operation: X-Amz-Target (JSON protocols), Action= (query protocols), else method and path."""
    target = environ.get("HTTP_X_AMZ_TARGET")
    if target:
        return target.rsplit(".", 1)[-1]
    for source in (environ.get("QUERY_STRING", ""), body.decode("utf-8", "replace") if body[:200].find(b"Action=") >= 0
                   else ""):
        action = parse_qs(source).get("Action")
        if action:
            return action[0]
    return f"{environ.get('REQUEST_METHOD', '?')} {environ.get('PATH_INFO', '')}"


def error_response(environ: dict, code: str, message: str, status: int = 400) -> tuple[str, list, bytes]:
    """(status line, headers, body) of an AWS error in the protocol the request's service speaks."""
    request_id = str(uuid.uuid4())
    service = service_of(environ)
    if environ.get("HTTP_X_AMZ_TARGET"):
        body = json.dumps({"__type": code, "message": message}).encode()
        content_type = "application/x-amz-json-1.1"
    elif service == "ec2":
        body = (f"<Response><Errors><Error><Code>{escape(code)}</Code><Message>{escape(message)}</Message>"
                f"</Error></Errors><RequestID>{request_id}</RequestID></Response>").encode()
        content_type = "text/xml"
    elif service == "s3":
        body = (f"<Error><Code>{escape(code)}</Code><Message>{escape(message)}</Message>"
                f"<RequestId>{request_id}</RequestId></Error>").encode()
        content_type = "application/xml"
    else:
        body = (f"<ErrorResponse><Error><Type>Sender</Type><Code>{escape(code)}</Code><Message>{escape(message)}"
                f"</Message></Error><RequestId>{request_id}</RequestId></ErrorResponse>").encode()
        content_type = "text/xml"
    headers = [("Content-Type", content_type), ("Content-Length", str(len(body))),
               ("x-amzn-RequestId", request_id)]
    return f"{status} Bad Request" if status == 400 else f"{status} Error", headers, body


def unhandled(environ: dict, action: str, error: BaseException) -> tuple[str, list, bytes]:
    message = (f"the emulator (moto) failed on {action}: {type(error).__name__}: {error}".rstrip(": ")
               + "; AWS would answer this request with an error of its own (docs/emulator.md)")
    return error_response(environ, UNHANDLED_CODE, message)


def code_of(body: bytes) -> str:
    found = _CODE.search(body[:4096])
    return (found.group(1) or found.group(2)).decode("utf-8", "replace") if found else ""


class Journal:
    """Appends one JSON line per error answer: time, service, action, status, code, message (short)."""

    def __init__(self, path: Path | None):
        self.path, self._lock = path, threading.Lock()

    def record(self, service: str, action: str, status: int, body: bytes) -> None:
        if self.path is None:
            return
        message = re.sub(rb"<[^>]+>", b" ", body[:600]).decode("utf-8", "replace")
        entry = {"time": time.time(), "service": service, "action": action, "status": status,
                 "code": code_of(body), "message": " ".join(message.split())[:240]}
        with self._lock, self.path.open("a") as handle:
            handle.write(json.dumps(entry) + "\n")


def recent(path: Path, since: float = 0.0, limit: int = 5) -> list[dict]:
    """The journal's last ``limit`` entries at or after ``since`` (epoch seconds), oldest first."""
    try:
        with path.open("rb") as handle:
            handle.seek(0, 2)
            handle.seek(max(0, handle.tell() - 64 * 1024))
            lines = handle.read().splitlines()[-200:]
    except OSError:
        return []
    entries = []
    for line in lines:
        try:
            entry = json.loads(line)
        except ValueError:
            continue  # the first line of a tail can be cut
        if entry.get("time", 0) >= since:
            entries.append(entry)
    return entries[-limit:]


def describe(entry: dict) -> str:
    when = time.strftime("%H:%M:%S", time.localtime(entry.get("time", 0)))
    code = f" {entry['code']}" if entry.get("code") else ""
    return f"{when} {entry.get('action', '?')} → {entry.get('status')}{code}"
