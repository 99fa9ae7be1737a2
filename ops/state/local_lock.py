"""Our commands on this machine: one at a time per stack (a lock file on the synth folder, held for a
whole command), and which Terraform processes work in a stack folder. Across machines, Terraform's own
state lock keeps runs apart (``terraform_lock``)."""
from __future__ import annotations

import contextlib
import fcntl
import os
import time
from collections.abc import Iterator
from pathlib import Path

from deploy.schema import NetworkConfig

from ..errors import StackBusyError
from ..terraform.run import default_outdir


def _lock_file(config: NetworkConfig) -> Path:
    folder = default_outdir() / "stacks"
    folder.mkdir(parents=True, exist_ok=True)
    return folder / f".{config.stack_name}.lock"


@contextlib.contextmanager
def stack_lock(config: NetworkConfig, command: str) -> Iterator[None]:
    """Held for a whole command, so two of ours never share the synth folder; the second one fails
    at once (exit 1) and names the first."""
    path = _lock_file(config)
    with path.open("a+") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise StackBusyError(f"another command is working on {config.stack_name} ({holder(config) or 'starting'}); "
                                 "wait for it to finish, then run this again") from None
        handle.seek(0)
        handle.truncate()
        handle.write(f"bin/net {command}, pid {os.getpid()}, since {time.strftime('%H:%M:%S')}")
        handle.flush()
        try:
            yield
        finally:
            handle.seek(0)
            handle.truncate()


def holder(config: NetworkConfig) -> str | None:
    """Who holds our local lock on the stack, or None when nobody does."""
    path = _lock_file(config)
    with path.open("a+") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return path.read_text().strip() or "unknown"
        fcntl.flock(handle, fcntl.LOCK_UN)
    return None


def terraform_pids(folder: Path) -> list[int]:
    """Terraform processes working in a stack folder (ours, cdktf's or one run by hand)."""
    found = []
    for proc in Path("/proc").glob("[0-9]*"):
        try:
            if (proc / "comm").read_text().startswith("terraform") and \
                    os.readlink(proc / "cwd") == str(folder.resolve()):
                found.append(int(proc.name))
        except OSError:
            continue
    return found


def terraform_running(config: NetworkConfig) -> str | None:
    pids = terraform_pids(default_outdir() / "stacks" / config.stack_name)
    return f"terraform (pid {pids[0]})" if pids else None
