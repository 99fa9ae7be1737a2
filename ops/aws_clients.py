"""boto3 clients aimed at the same target as the stack: the emulator or real AWS."""
from __future__ import annotations

import functools
import threading

from deploy.schema import NetworkConfig
from deploy.target import EMULATOR_CREDENTIALS

_creating = threading.Lock()


def client(config: NetworkConfig, service: str, region: str | None = None):
    """One client per target, region and service for the life of the process: making one costs
    noticeable CPU (docs/performance.md), and low-level clients are thread-safe."""
    endpoint = config.emulator_url if config.target == "emulator" else None
    return _client(endpoint, region or config.region, service)


@functools.cache
def _client(endpoint: str | None, region: str, service: str):
    import boto3

    kwargs = {"region_name": region}
    if endpoint:
        kwargs.update(endpoint_url=endpoint, aws_access_key_id=EMULATOR_CREDENTIALS["access_key"],
                      aws_secret_access_key=EMULATOR_CREDENTIALS["secret_key"])
    with _creating:  # boto3's default session is not thread-safe, and the worker threads share it
        return boto3.client(service, **kwargs)


def warm_clients(config: NetworkConfig, *services: str) -> None:
    """Makes the clients a later step will use, while this process would otherwise wait."""
    for service in services:
        client(config, service)
