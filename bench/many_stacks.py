"""Synthesizes N environment stacks (distinct CIDRs) in one app: `python bench/many_stacks.py N OUTDIR`."""
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from deploy import accelerator  # noqa: E402

accelerator.enable()  # an entry point of ours, like main.py: before anything imports cdktf

from deploy.app import build_app  # noqa: E402
from deploy.schema import NetworkConfig  # noqa: E402
from deploy.validation import validate  # noqa: E402


def config(i: int) -> NetworkConfig:
    return validate(NetworkConfig(
        environment=f"env{i:02d}", vpc_cidr=f"10.{i}.0.0/16",
        public_subnet_cidrs=(f"10.{i}.1.0/24", f"10.{i}.2.0/24"),
        private_subnet_cidrs=(f"10.{i}.101.0/24", f"10.{i}.102.0/24")))


if __name__ == "__main__":
    build_app([config(i) for i in range(int(sys.argv[1]))], sys.argv[2]).synth()
