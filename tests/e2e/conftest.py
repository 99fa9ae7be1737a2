"""End-to-end tests: real terraform and the real provider against the embedded AWS emulator. Everything
here carries the ``emulator`` marker, so ``bin/net test -m "not emulator"`` stays the fast loop."""
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from deploy.settings import ROOT

HERE = Path(__file__).parent


def pytest_collection_modifyitems(items):
    for item in items:
        if HERE in Path(item.fspath).parents:
            item.add_marker(pytest.mark.emulator)


def isolated_env(outdir: Path, **variables: str) -> dict[str, str]:
    """This process's environment without any NETWORK_* of the caller's, on an emulator port of its own."""
    from ops.emulator import process as emulator

    env = {k: v for k, v in os.environ.items() if not k.startswith("NETWORK_")}
    env.update(NETWORK_EMULATOR_PORT=str(emulator.free_port()), NETWORK_OUTDIR=str(outdir), **variables)
    return env


def cli(env: dict[str, str], *args: str, **variables: str) -> subprocess.CompletedProcess:
    """`bin/net <args>` as a user runs it, without a terminal."""
    return subprocess.run([sys.executable, "-m", "ops", *args], cwd=ROOT, text=True, capture_output=True,
                          env={**env, **variables}, stdin=subprocess.DEVNULL, timeout=900)


def wait_for(condition, seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.05)
