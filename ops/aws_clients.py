"""boto3 clients aimed at the same target as the stack: the emulator or real AWS."""
from __future__ import annotations

from deploy.schema import NetworkConfig
from deploy.target import EMULATOR_CREDENTIALS


def client(config: NetworkConfig, service: str, region: str | None = None):
    import boto3

    kwargs = {"region_name": region or config.region}
    if config.target == "emulator":
        kwargs.update(endpoint_url=config.emulator_url,
                      aws_access_key_id=EMULATOR_CREDENTIALS["access_key"],
                      aws_secret_access_key=EMULATOR_CREDENTIALS["secret_key"])
    return boto3.client(service, **kwargs)
