"""The state object's history in the versioned bucket: list it, and restore an earlier version by
copying it over the current one (a new version: nothing is lost, the restore itself can be undone)."""
from __future__ import annotations

import json
from dataclasses import dataclass

from deploy.schema import NetworkConfig

from ..aws_clients import client
from ..errors import NetError


@dataclass(frozen=True)
class Version:
    id: str
    modified: str
    size: int
    latest: bool
    deleted: bool


def versions(config: NetworkConfig) -> list[Version]:
    s3 = client(config, "s3", config.state_bucket_region)
    key = config.rendered_state_key
    listed = s3.list_object_versions(Bucket=config.state_bucket, Prefix=key)
    found = [Version(v["VersionId"], v["LastModified"].isoformat(timespec="seconds"), v["Size"], v["IsLatest"],
                     False) for v in listed.get("Versions", []) if v["Key"] == key]
    found += [Version(m["VersionId"], m["LastModified"].isoformat(timespec="seconds"), 0, m["IsLatest"], True)
              for m in listed.get("DeleteMarkers", []) if m["Key"] == key]
    return sorted(found, key=lambda v: v.modified, reverse=True)


def describe(config: NetworkConfig, version: Version) -> str:
    if version.deleted:
        return f"{version.id}  {version.modified}  deleted{'  (current)' if version.latest else ''}"
    s3 = client(config, "s3", config.state_bucket_region)
    body = s3.get_object(Bucket=config.state_bucket, Key=config.rendered_state_key, VersionId=version.id)["Body"]
    state = json.loads(body.read() or b"{}")
    return (f"{version.id}  {version.modified}  serial {state.get('serial', '?')}, "
            f"{len(state.get('resources', []))} resources{'  (current)' if version.latest else ''}")


def restore(config: NetworkConfig, version_id: str) -> None:
    chosen = next((v for v in versions(config) if v.id == version_id), None)
    if chosen is None or chosen.deleted:
        raise NetError(f"{version_id} is not a stored version of {config.rendered_state_key}: list them with "
                       "bin/net state list")
    s3 = client(config, "s3", config.state_bucket_region)
    s3.copy_object(Bucket=config.state_bucket, Key=config.rendered_state_key, ServerSideEncryption="AES256",
                   CopySource={"Bucket": config.state_bucket, "Key": config.rendered_state_key, "VersionId": version_id})
