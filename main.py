"""Synthesizes the network stack of each environment named in NETWORK_ENV (comma-separated)."""
import os
import sys

from deploy.app import synth

if __name__ == "__main__":
    sys.exit(synth(os.environ.get("NETWORK_ENV", "default").split(","), log=sys.stdout))
