"""The embedded AWS emulator: moto's server mode on loopback, started and stopped by the project.

State lives in memory, so stopping the emulator forgets every resource. Its pid file and log are in
``.emulator/``, one pair per port. ``bin/net emulator start|stop|status``.
"""
from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

from deploy.settings import EMULATOR_DIR as STATE_DIR

from ..errors import EmulatorError


def free_port() -> int:
    """A loopback port nobody listens on now, for an emulator of its own (tests, benchmarks)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def pid_file(port: int) -> Path:
    return STATE_DIR / f"moto-{port}.pid"


def log_file(port: int) -> Path:
    return STATE_DIR / f"moto-{port}.log"


def journal_file(port: int) -> Path:
    """The emulator's error answers, one JSON line each (ops/emulator/answers.py)."""
    return STATE_DIR / f"moto-{port}.errors.jsonl"


def is_running(host: str, port: int) -> bool:
    return running_pid(port) is not None and is_ready(f"http://{host}:{port}")


def is_ready(url: str, timeout: float = 1.0) -> bool:
    try:
        with urllib.request.urlopen(f"{url}/moto-api/", timeout=timeout) as response:
            return response.status == 200
    except (urllib.error.URLError, OSError):
        return False


def running_pid(port: int) -> int | None:
    try:
        pid = int(pid_file(port).read_text().strip())
        os.kill(pid, 0)
        return pid
    except (FileNotFoundError, ValueError, ProcessLookupError, PermissionError):
        return None


def alive(port: int) -> bool:
    """Our emulator process for the port exists and has not exited (a zombie counts as exited: the
    process that started it may not have reaped it yet)."""
    pid = running_pid(port)
    if pid is None:
        return False
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except (OSError, IndexError):
        return True


def start(host: str, port: int, wait_seconds: float = 30.0) -> str:
    """Starts moto unless ours already answers; fails clearly if another process holds the port."""
    url = f"http://{host}:{port}"
    if is_running(host, port):
        return url
    if is_ready(url):
        raise EmulatorError(f"{url} already answers but was not started by this project "
                            f"(no live pid in {pid_file(port)}); stop it or set NETWORK_EMULATOR_PORT")
    STATE_DIR.mkdir(exist_ok=True)
    log = log_file(port).open("ab")
    journal_file(port).unlink(missing_ok=True)  # a new emulator starts with no answers
    process = subprocess.Popen(
        [sys.executable, "-m", "ops.emulator.server", "-H", host, "-p", str(port), "--journal", str(journal_file(port))],
        stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, start_new_session=True,
    )
    pid_file(port).write_text(str(process.pid))
    deadline = time.monotonic() + wait_seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pid_file(port).unlink(missing_ok=True)
            raise EmulatorError(f"the emulator exited with code {process.returncode}; see {log_file(port)}")
        if is_ready(url):
            return url
        time.sleep(0.2)
    stop(port)
    raise EmulatorError(f"the emulator did not answer on {url} within {wait_seconds:.0f} s; see {log_file(port)}")


def stop(port: int) -> bool:
    pid = running_pid(port)
    pid_file(port).unlink(missing_ok=True)
    if pid is None:
        return False
    os.killpg(pid, signal.SIGTERM)
    for _ in range(50):
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return True
        time.sleep(0.1)
    os.killpg(pid, signal.SIGKILL)
    return True
