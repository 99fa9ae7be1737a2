"""Remote state: the network's Terraform state lives only in the S3 state bucket, encrypted, locked.

The bucket itself is created by ``bin/net bootstrap`` (``ops/state/bucket.py``). ``backend = "hcp"``
keeps it in HCP Terraform instead (one workspace per environment, for teams that run Terraform there);
a local backend is used only when ``backend = "local"`` is chosen explicitly.
"""
from __future__ import annotations

from .cdk import CloudBackend, LocalBackend, NamedCloudWorkspace, S3Backend, S3BackendEndpointConfig, TerraformStack
from .schema import NetworkConfig
from .target import EMULATOR_CREDENTIALS


def add_backend(stack: TerraformStack, config: NetworkConfig) -> None:
    if config.backend == "local":
        LocalBackend(stack, path=f"terraform.{config.stack_name}.tfstate")
        return
    if config.backend == "hcp":
        CloudBackend(stack, hostname=config.hcp_hostname, organization=config.hcp_organization,
                     workspaces=NamedCloudWorkspace(config.rendered_hcp_workspace))
        return
    extra = {}
    if config.target == "emulator":
        url = config.emulator_url
        extra = dict(
            endpoints=S3BackendEndpointConfig(s3=url, sts=url, iam=url),
            use_path_style=True,
            skip_credentials_validation=True,
            skip_metadata_api_check=True,
            **EMULATOR_CREDENTIALS,
        )
    backend = S3Backend(
        stack,
        bucket=config.state_bucket,
        key=config.rendered_state_key,
        region=config.state_bucket_region,
        encrypt=True,
        # With a key, Terraform writes the state object with SSE-KMS under it, as the bucket's default does.
        kms_key_id=config.state_kms_key_id or None,
        **extra,
    )
    # S3-native locking (Terraform >= 1.10); cdktf 0.21's S3Backend has no use_lockfile argument.
    backend.add_override("use_lockfile", True)
