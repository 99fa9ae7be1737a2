"""Synthesizes the network stack of each environment named in NETWORK_ENV (comma-separated)."""
import sys

from deploy import accelerator, settings

if __name__ == "__main__":
    accelerator.enable()  # before deploy.app imports cdktf (docs/performance.md)
    from deploy.app import synth

    sys.exit(synth(settings.environment_name().split(","), log=sys.stdout))
