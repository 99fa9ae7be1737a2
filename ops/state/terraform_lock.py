"""Terraform's own state lock: who holds it, refusing while anyone does, and taking it for our changes
outside a Terraform run.

The S3 backend with ``use_lockfile`` locks a state by creating ``<key>.tflock`` with a conditional PUT
(``If-None-Match: *``) whose body is Terraform's lock record (``statemgr.LockInfo``: ID, Operation, Info,
Who, Version, Created, Path), and unlocks by deleting it after checking the ID is its own. We do exactly
that, so a Terraform run that starts meanwhile (a colleague's ``cdktf deploy``, a CI runner) fails on the
lock or waits for it as it would for another Terraform, and we refuse while anyone else holds it. Our
local lock (``local_lock.stack_lock``) only keeps two of our commands apart on one machine; this one spans
machines.
"""
from __future__ import annotations

import contextlib
import getpass
import json
import socket
import sys
import uuid
from collections.abc import Iterator
from datetime import datetime, timezone

from deploy.schema import NetworkConfig

from ..aws_clients import client
from ..errors import StackBusyError

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



class StateLockedError(StackBusyError):
    """Someone else holds Terraform's lock on the state."""


def lock_record(config: NetworkConfig, operation: str) -> dict:
    """A lock record in Terraform's format, naming who, what and when."""
    return {
        "ID": str(uuid.uuid4()),
        "Operation": operation,
        "Info": "held by bin/net for a change outside a Terraform run",
        "Who": f"{getpass.getuser()}@{socket.gethostname()}",
        "Version": "bin/net",
        "Created": datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ"),
        "Path": f"{config.state_bucket}/{config.rendered_state_key}",
    }


def _encryption(config: NetworkConfig) -> dict:
    """The backend's own encryption settings for the lock object (``encrypt = true``)."""
    if config.state_kms_key_id:
        return {"ServerSideEncryption": "aws:kms", "SSEKMSKeyId": config.state_kms_key_id}
    return {"ServerSideEncryption": "AES256"}


@contextlib.contextmanager
def held(config: NetworkConfig, operation: str) -> Iterator[dict | None]:
    """Holds the state lock for the block: taken before anything is read, released after, on errors and
    on Ctrl-C too. Refuses at once, naming the holder, when someone else has it. Backends without the
    lock object (local, HCP Terraform, which locks its workspaces itself) yield None."""
    if config.backend != "s3":
        yield None
        return
    s3 = client(config, "s3", config.state_bucket_region)
    record = lock_record(config, operation)
    key = lock_key(config)
    try:
        s3.put_object(Bucket=config.state_bucket, Key=key, Body=json.dumps(record).encode(),
                      ContentType="application/json", IfNoneMatch="*", **_encryption(config))
    except s3.exceptions.ClientError as error:
        if error.response["Error"]["Code"] not in ("PreconditionFailed", "ConditionalRequestConflict", "412", "409"):
            raise
        holder = state_lock(config) or {}
        raise StateLockedError(
            f"not starting {operation}: the state of {config.stack_name} is {describe(holder)}. A run "
            "that holds it may be changing the network right now; wait for it to finish and run this again "
            "(bin/net unlock shows the lock and clears it once that run is gone)") from None
    try:
        yield record
    finally:
        release(config, record)


def release(config: NetworkConfig, record: dict) -> None:
    """Deletes the lock object if it is still ours, as Terraform's unlock does."""
    s3 = client(config, "s3", config.state_bucket_region)
    current = state_lock(config)
    if current is None or current.get("ID") != record["ID"]:
        print(f"warning: the state lock of {config.stack_name} was no longer ours when we released it "
              f"({'gone' if current is None else describe(current)}); someone cleared it meanwhile",
              file=sys.stderr)
        return
    s3.delete_object(Bucket=config.state_bucket, Key=lock_key(config))


def note_if_locked(config: NetworkConfig) -> None:
    """For read-only commands, which may run beside a change: says when what they read may be mid-change."""
    info = state_lock(config)
    if info:
        print(f"note: the state of {config.stack_name} is {describe(info)}: a run may be changing the "
              "network now, so what follows may be mid-change", file=sys.stderr)
