"""Where the network deploys: the embedded AWS emulator (default) or real AWS."""
from __future__ import annotations

from pathlib import Path

from .schema import NetworkConfig

# The emulator accepts any key; real AWS gets no credentials from us, only from the environment.
EMULATOR_CREDENTIALS = {"access_key": "test", "secret_key": "test"}

# The provider reaches the emulator through an AWS shared-config profile whose `endpoint_url` covers
# every service, written beside the stack's JSON. The provider's own `endpoints` block would do the
# same, but it is a set of ~400 attributes that the provider re-validates in every process Terraform
# starts, most of a no-op apply (docs/performance.md).
EMULATOR_PROFILE = "network-emulator"
EMULATOR_CONFIG_FILE = "aws-emulator.config"


def provider_settings(config: NetworkConfig) -> dict:
    # The provider compares the caller's account with this list before it reads or changes anything.
    guard = {"allowed_account_ids": [config.account_id]} if config.account_id else {}
    if config.target != "emulator":
        return guard
    return dict(
        **guard,
        **EMULATOR_CREDENTIALS,
        profile=EMULATOR_PROFILE,
        # Relative to the stack folder, where Terraform (and so the provider) runs.
        shared_config_files=[EMULATOR_CONFIG_FILE],
        skip_credentials_validation=True,
        skip_metadata_api_check="true",
        s3_use_path_style=True,
    )


def emulator_shared_config(config: NetworkConfig) -> str:
    return (f"# Written by the network's synth for target = \"emulator\": every AWS API call of the\n"
            f"# provider goes to the local emulator.\n"
            f"[profile {EMULATOR_PROFILE}]\nendpoint_url = {config.emulator_url}\n")


def write_target_files(config: NetworkConfig, stack_dir: Path) -> None:
    """Files the synthesized stack needs besides its JSON: the emulator profile, for that target."""
    if config.target == "emulator":
        (stack_dir / EMULATOR_CONFIG_FILE).write_text(emulator_shared_config(config))
