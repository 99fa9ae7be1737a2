"""Who may work on a stack now: one of our commands at a time on this machine (a local lock on the synth
folder), and across machines Terraform's state lock in the bucket (the ``.tflock`` object that S3-native
locking writes; ``terraform_lock`` takes it for our changes outside a Terraform run)."""
from __future__ import annotations

import contextlib
import fcntl
import json
import os
import time
from collections.abc import Iterator
from datetime import datetime, timezone
from pathlib import Path

from deploy.schema import NetworkConfig

from ..aws_clients import client
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


#: ``unlock`` refuses a lock younger than this without ``--force``: longer than a slow apply on real AWS
#: (the network's endpoints and a demo ALB take minutes; an hour leaves room for retries and waits).
UNLOCK_MIN_AGE_SECONDS = 3600


def lock_key(config: NetworkConfig) -> str:
    return config.rendered_state_key + ".tflock"


def state_lock(config: NetworkConfig) -> dict | None:
    """Terraform's lock info (ID, Who, Operation, Created, …) when the state is locked, else None."""
    if config.backend != "s3":
        return None
    s3 = client(config, "s3", config.state_bucket_region)
    try:
        body = s3.get_object(Bucket=config.state_bucket, Key=lock_key(config))["Body"].read()
    except s3.exceptions.NoSuchKey:
        return None
    except s3.exceptions.ClientError as error:
        if error.response["Error"]["Code"] in ("NoSuchBucket", "404", "NotFound"):
            return None
        raise
    try:
        return json.loads(body)
    except ValueError:
        return {"ID": "?", "Who": "unknown (unreadable lock object)", "Operation": "?", "Created": "?"}


def age_seconds(info: dict) -> float | None:
    """How long ago the lock was taken, from its ``Created`` (RFC 3339, nanoseconds as Terraform writes them)."""
    created = str(info.get("Created", ""))
    try:
        # Whole seconds are enough for an age; Python's parser takes at most six fractional digits.
        taken = datetime.fromisoformat(created.rstrip("Z").partition(".")[0]).replace(tzinfo=timezone.utc)
        return (datetime.now(timezone.utc) - taken).total_seconds()
    except ValueError:
        return None


def describe(info: dict) -> str:
    age = age_seconds(info)
    ago = f", {_duration(age)} ago" if age is not None else ""
    return (f"locked by {info.get('Who', '?')} for {info.get('Operation', '?')} since {info.get('Created', '?')}"
            f"{ago} (lock ID {info.get('ID', '?')})")


def _duration(seconds: float) -> str:
    seconds = max(0, int(seconds))
    if seconds < 120:
        return f"{seconds} s"
    if seconds < 7200:
        return f"{seconds // 60} min"
    return f"{seconds // 3600} h"


def require_unlocked(config: NetworkConfig) -> None:
    info = state_lock(config)
    if info:
        raise StackBusyError(f"the state of {config.stack_name} is {describe(info)}. If that run is still going, "
                             "wait for it; if it was killed or crashed, clear the lock with bin/net unlock")


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
