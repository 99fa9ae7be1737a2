"""The security scan as a gate: checkov on the plan JSON of each configuration we ship finds nothing
beyond the deliberate skips in `.checkov.yaml`, and finds what an insecure change would add.

Each variant's synthesized stack is planned against an empty emulator with local state (a copy of the
stack without its backend), so the plans create everything, as a first deploy would.
"""
from __future__ import annotations

import dataclasses
import json
import shutil
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from deploy.target import EMULATOR_CONFIG_FILE, emulator_shared_config
from ops.emulator import process as emulator
from ops.reports.scan import scan
from ops.terraform import run as terraform_run

pytestmark = pytest.mark.emulator
GATED = ("default", "demo-http", "demo-https", "eks-fully-private", "least-privilege")


def plan_json(stack, port: int, folder: Path, edit=None) -> Path:
    """``terraform plan`` of a copy of ``stack`` in ``folder`` against the emulator on ``port``, with
    local state; the plan JSON's path."""
    config = dataclasses.replace(stack.config, emulator_port=port)
    folder.mkdir(parents=True)
    for name in ("cdk.tf.json", ".terraform.lock.hcl"):
        shutil.copy(stack.dir / name, folder / name)
    (folder / EMULATOR_CONFIG_FILE).write_text(emulator_shared_config(config))
    document = json.loads((folder / "cdk.tf.json").read_text())
    document["terraform"].pop("backend", None)
    if edit:
        edit(document)
    (folder / "cdk.tf.json").write_text(json.dumps(document))
    env = terraform_run.environment(config)
    for args in (["init", "-input=false"], ["plan", "-input=false", "-out=plan.tfplan"]):
        terraform_run.run(["terraform", *args, "-no-color"], cwd=folder, env=env, config=config, timeout=600)
    shown = terraform_run.run(["terraform", "show", "-json", "plan.tfplan"], cwd=folder, env=env, timeout=300)
    (folder / "plan.json").write_text(shown.stdout)
    return folder / "plan.json"


@pytest.fixture(scope="module")
def port(stacks):
    """An emulator of the module's own; the plans read from it (data sources) and create nothing."""
    port = emulator.free_port()
    emulator.start(stacks["default"].config.emulator_host, port)
    yield port
    emulator.stop(port)


@pytest.fixture(scope="module")
def findings(stacks, port, tmp_path_factory) -> dict[str, list]:
    """Every gated variant and the one without flow logs, planned and scanned two at a time."""
    scratch = tmp_path_factory.mktemp("scan-gate")
    names = [*GATED, "no-flow-logs"]
    with ThreadPoolExecutor(max_workers=2) as pool:
        found = pool.map(lambda name: scan(plan_json(stacks[name], port, scratch / name)), names)
        return dict(zip(names, found, strict=True))


@pytest.mark.parametrize("variant", GATED)
def test_the_scan_finds_nothing_beyond_the_deliberate_skips(findings, variant):
    assert findings[variant] == []


def test_switching_flow_logs_off_fails_the_gate(findings):
    """No skip covers CKV2_AWS_11, so turning flow logs off is a finding until someone adds one."""
    assert {f.check_id for f in findings["no-flow-logs"]} == {"CKV2_AWS_11"}


def test_the_scan_fails_an_insecure_change(stacks, port, tmp_path):
    """SSH open to the internet, added to the default stack the way a careless edit would."""
    def open_ssh(document: dict) -> None:
        group = next(iter(document["resource"]["aws_security_group"]))
        document["resource"]["aws_vpc_security_group_ingress_rule"]["ssh"] = {
            "security_group_id": f"${{aws_security_group.{group}.id}}", "ip_protocol": "tcp", "from_port": 22,
            "to_port": 22, "cidr_ipv4": "0.0.0.0/0", "description": "SSH from anywhere"}

    findings = scan(plan_json(stacks["default"], port, tmp_path / "insecure", edit=open_ssh))
    assert [f.resource for f in findings if "port 22" in f.name or f.check_id == "CKV_AWS_24"], findings
