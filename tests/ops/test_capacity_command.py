"""`bin/net capacity` as a user runs it, without an emulator: the committed table's figures."""
import json
import subprocess
import sys

from deploy.settings import ROOT


def capacity(*args: str, **env: str) -> subprocess.CompletedProcess:
    # A port nothing listens on: the command must not start the emulator, and falls back to the table.
    return subprocess.run([sys.executable, "-m", "ops", "capacity", *args], cwd=ROOT, capture_output=True, text=True,
                          timeout=120, env={"PATH": "/usr/bin:/bin", "NETWORK_EMULATOR_PORT": "1",
                                            **env})


def test_the_table_per_az_and_the_verdict():
    result = capacity()
    assert result.returncode == 0, result.stderr
    assert "limits from the committed table (deploy/instance_limits.py)" in result.stdout
    rows = [line.split() for line in result.stdout.splitlines() if line.strip().startswith("ap-southeast-1")]
    assert [row[:5] for row in rows] == [["ap-southeast-1a", "10.0.101.0/24", "251", "1", "30"],
                                         ["ap-southeast-1b", "10.0.102.0/24", "251", "1", "30"]]
    assert "2 × m5.large (full, VPC CNI defaults) fit" in result.stdout


def test_json_for_scripts():
    report = json.loads(capacity("--json", NETWORK_NODE_COUNT="16", NETWORK_NODE_INSTANCE_TYPES="t3.medium").stdout)
    assert report["instance_type"] == "t3.medium" and report["per_node"]["addresses"] == 18
    assert [z["secondary_ip"] for z in report["zones"]] == [
        {"addresses": 144, "spare": 107, "fits": True, "most_nodes": 13}] * 2


def test_a_plan_that_cannot_fit_is_refused_before_anything_runs():
    result = capacity(NETWORK_NODE_COUNT="20")
    assert result.returncode == 2 and "node_count: 20 puts 10 full m5.large node(s)" in result.stderr
