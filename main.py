"""Synthesizes the network stack of each environment named in NETWORK_ENV (comma-separated)."""
import os
import sys

os.environ.setdefault("JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION", "20")

from modules.app import synth  # noqa: E402  (the variable above must be set before jsii starts)

if __name__ == "__main__":
    sys.exit(synth(os.environ.get("NETWORK_ENV", "default").split(",")))
