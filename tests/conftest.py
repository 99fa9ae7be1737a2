"""One synthesis per test session: every configuration variant the tests look at, in one cdktf app."""
from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest

from deploy import accelerator

# Before any test module imports cdktf: the session's one jsii kernel loads provider modules on use.
accelerator.enable()

from deploy.schema import NetworkConfig  # noqa: E402
from deploy.settings import ROOT  # noqa: E402
from deploy.validation import validate  # noqa: E402
from modules.endpoint_services import PROFILES  # noqa: E402

CERT = "arn:aws:acm:ap-southeast-1:123456789012:certificate/0f1e2d3c-4b5a-6978-8899-aabbccddeeff"

VARIANTS: dict[str, NetworkConfig] = {
    "default": NetworkConfig(),
    "demo-http": NetworkConfig(environment="demo-http", demo_alb=True),
    "demo-https": NetworkConfig(environment="demo-https", demo_alb=True, demo_certificate_arn=CERT),
    "least-privilege": NetworkConfig(environment="least-privilege", endpoint_policy="least-privilege",
                                     s3_bucket_arns=("arn:aws:s3:::retail-models/*",)),
    "cluster": NetworkConfig(environment="cluster", cluster_name="mlops-retail-cluster",
                             endpoints_allow_vpc_cidr=True, ssm_parameters=True),
    "three-az": NetworkConfig(environment="three-az",
                              azs=("ap-southeast-1a", "ap-southeast-1b", "ap-southeast-1c"),
                              public_subnet_cidrs=("10.0.1.0/24", "10.0.2.0/24", "10.0.3.0/24"),
                              private_subnet_cidrs=("10.0.101.0/24", "10.0.102.0/24", "10.0.103.0/24")),
    "real-aws": NetworkConfig(environment="real-aws", target="aws", state_bucket="acme-tfstate-123",
                              account_id="123456789012",
                              state_kms_key_id="arn:aws:kms:ap-southeast-1:123456789012:key/"
                                               "1234abcd-12ab-34cd-56ef-1234567890ab"),
    "local-state": NetworkConfig(environment="local-state", backend="local"),
    "hcp": NetworkConfig(environment="hcp", target="aws", backend="hcp", hcp_organization="acme"),
    "eks-fully-private": NetworkConfig(environment="eks-fully-private", endpoint_profile="eks-fully-private",
                                       interface_endpoints=PROFILES["eks-fully-private"]),
    "no-flow-logs": NetworkConfig(environment="no-flow-logs", flow_logs=False),
    "pods": NetworkConfig(environment="pods", pod_cidr="100.64.0.0/16", prefix_delegation=True, node_count=20),
}


#: The longest modules, slowest first: with one module per worker (pytest-xdist --dist loadfile) they
#: start first, so the suite does not wait on a long module handed out last (docs/testing.md).
LONGEST_FIRST = ("tests/e2e/test_ci_rehearsal.py", "tests/e2e/test_main_job.py", "tests/e2e/test_faults.py", "tests/e2e/test_state_lock.py",
                 "tests/e2e/test_fleet.py", "tests/e2e/test_review_summary.py", "tests/e2e/test_scan_gate.py",
                 "tests/e2e/test_pod_networking.py")


def pytest_collection_modifyitems(items):
    def rank(item) -> int:
        path = item.nodeid.split("::", 1)[0]
        return LONGEST_FIRST.index(path) if path in LONGEST_FIRST else len(LONGEST_FIRST)
    items.sort(key=rank)


class Stack:
    """A synthesized stack's Terraform JSON with helpers to find resources by type."""

    def __init__(self, config: NetworkConfig, path: Path):
        self.config = config
        self.dir = path.parent
        self.json = json.loads(path.read_text())

    def resources(self, kind: str) -> dict[str, dict]:
        return self.json.get("resource", {}).get(kind, {})

    def one(self, kind: str, **match) -> dict:
        found = [r for r in self.resources(kind).values() if all(r.get(k) == v for k, v in match.items())]
        assert len(found) == 1, f"expected one {kind} with {match}, found {len(found)}"
        return found[0]

    def ref(self, kind: str, **match) -> str:
        """The Terraform reference prefix of a resource, e.g. ``${aws_vpc.network_vpc_ABC123``."""
        name = next(n for n, r in self.resources(kind).items() if all(r.get(k) == v for k, v in match.items()))
        return f"${{{kind}.{name}"


@pytest.fixture(scope="session")
def stacks(tmp_path_factory) -> dict[str, Stack]:
    from deploy.app import synth_configs

    outdir = synth_configs([validate(c) for c in VARIANTS.values()], str(tmp_path_factory.mktemp("synth")))
    return {name: Stack(c, outdir / "stacks" / c.stack_name / "cdk.tf.json") for name, c in VARIANTS.items()}


@pytest.fixture(scope="session")
def default(stacks) -> Stack:
    return stacks["default"]


def synth_main(python, outdir: Path, **variables: str) -> dict[str, dict]:
    """``main.py`` as the cdktf CLI runs it, in ``python``'s environment (the project's, or CDK Terrain's),
    without the caller's NETWORK_* and without the synth cache, bounded; each stack's JSON by name."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("NETWORK_")}
    env.update(variables, NETWORK_SYNTH_CACHE="off", CDKTF_OUTDIR=str(outdir))
    done = subprocess.run([str(python), "main.py"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-3000:]
    return {path.parent.name: json.loads(path.read_text()) for path in outdir.glob("stacks/*/cdk.tf.json")}
