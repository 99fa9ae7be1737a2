"""Where the network deploys: the embedded AWS emulator (default) or real AWS."""
from __future__ import annotations

from .aws import aws
from .config import NetworkConfig

# The emulator accepts any key; real AWS gets no credentials from us, only from the environment.
EMULATOR_CREDENTIALS = {"access_key": "test", "secret_key": "test"}

# Provider endpoint overrides for the services our stacks call.
EMULATED_SERVICES = ("ec2", "elbv2", "s3", "sts", "iam")


def provider_settings(config: NetworkConfig) -> dict:
    if config.target != "emulator":
        return {}
    url = config.emulator_url
    return dict(
        **EMULATOR_CREDENTIALS,
        skip_credentials_validation=True,
        skip_metadata_api_check="true",
        s3_use_path_style=True,
        endpoints=[aws.provider.AwsProviderEndpoints(**{service: url for service in EMULATED_SERVICES})],
    )
