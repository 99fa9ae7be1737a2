"""The stack's current state, read once per need: with the S3 backend one GET of the state object (what
``terraform state pull`` and ``terraform output`` would fetch, without starting Terraform, its backend
and a second second of process start-up each); with the other backends through ``terraform state pull``."""
from __future__ import annotations

import json
from pathlib import Path

from deploy.schema import NetworkConfig

from ..aws_clients import client
from ..errors import NotDeployedError
from ..terraform import run as terraform_run


def document(config: NetworkConfig, outdir: Path | None = None) -> dict:
    """The state document, or ``{}`` when there is none yet."""
    if config.backend != "s3":
        return json.loads(terraform_run.terraform(config, "state", "pull", outdir=outdir).stdout.strip() or "{}")
    s3 = client(config, "s3", config.state_bucket_region)
    try:
        body = s3.get_object(Bucket=config.state_bucket, Key=config.rendered_state_key)["Body"].read()
    except s3.exceptions.NoSuchKey:
        return {}
    except s3.exceptions.ClientError as error:
        if error.response["Error"]["Code"] in ("NoSuchBucket", "404", "NotFound"):
            return {}
        raise
    return json.loads(body or b"{}")


def ids(state: dict) -> set[str]:
    """Every id and ARN the state holds."""
    found: set[str] = set()
    for resource in state.get("resources", []):
        for instance in resource.get("instances", []):
            attributes = instance.get("attributes", {})
            found.update(str(attributes[key]) for key in ("id", "arn") if attributes.get(key))
    return found


def output_values(state: dict) -> dict:
    """The outputs a state document holds, by name (empty before the first apply)."""
    return {name: item["value"] for name, item in state.get("outputs", {}).items()}


def outputs(config: NetworkConfig, outdir: Path | None = None, state: dict | None = None) -> dict:
    """The deployed stack's outputs; NotDeployedError when nothing was synthesized or deployed."""
    folder = terraform_run.stack_dir(config, outdir)
    if not (folder / "cdk.tf.json").is_file():
        raise NotDeployedError(f"{config.stack_name} was never synthesized into {folder.parent.parent}, so "
                               "there is nothing to read: run bin/net up first")
    if state is None:
        if config.backend != "s3" and not (folder / ".terraform").is_dir():
            terraform_run.init(config, outdir=outdir)
        state = document(config, outdir)
    found = output_values(state)
    if "vpc_id" not in found:
        raise NotDeployedError(f"the state of {config.stack_name} ({config.rendered_state_key} in "
                               f"{config.state_bucket}) holds no network: run bin/net up first")
    return found
