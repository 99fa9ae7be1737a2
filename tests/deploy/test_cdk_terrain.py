"""CDK Terrain (cdktn), cdktf's maintained fork, synthesizes every committed environment and the demo to
the same Terraform JSON as cdktf, apart from the version it records: moving a deployment changes no
address, logical id or value (docs/leaving-cdktf.md). Each core runs in its own locked environment:
cdktf in the project's, CDK Terrain in tools/cdktn/ (bin/net sets both up)."""
from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from deploy.settings import CDKTN_PYTHON, ROOT

RUNS = {"environments": {"NETWORK_ENV": "default,production,staging"},
        "demo": {"NETWORK_ENV": "default", "NETWORK_DEMO_ALB": "true"}}


def synth(python, core: str, outdir, variables: dict[str, str]) -> dict[str, dict]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("NETWORK_")}
    env.update(variables, NETWORK_CDK_CORE=core, NETWORK_SYNTH_CACHE="off", CDKTF_OUTDIR=str(outdir))
    done = subprocess.run([str(python), "main.py"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-3000:]
    return {path.parent.name: json.loads(path.read_text()) for path in outdir.glob("stacks/*/cdk.tf.json")}


def versions(document: dict) -> str:
    return document["//"]["metadata"].pop("version")


@pytest.fixture(scope="module", params=sorted(RUNS))
def both(request, tmp_path_factory):
    variables = RUNS[request.param]
    return (synth(sys.executable, "cdktf", tmp_path_factory.mktemp("cdktf"), variables),
            synth(CDKTN_PYTHON, "cdktn", tmp_path_factory.mktemp("cdktn"), variables))


def test_cdk_terrain_writes_what_cdktf_writes_but_the_version(both):
    cdktf, cdktn = both
    assert set(cdktf) == set(cdktn) and cdktf
    for stack in cdktf:
        assert (versions(cdktf[stack]), versions(cdktn[stack])) == ("0.21.0", "0.23.4")
        assert cdktn[stack] == cdktf[stack], f"{stack} differs under CDK Terrain"


def test_an_unknown_core_is_refused_before_anything_is_written(tmp_path):
    env = {**{k: v for k, v in os.environ.items() if not k.startswith("NETWORK_")},
           "NETWORK_CDK_CORE": "cdk8s", "CDKTF_OUTDIR": str(tmp_path / "out")}
    done = subprocess.run([sys.executable, "main.py"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 2 and done.stderr.startswith("error: $NETWORK_CDK_CORE: 'cdk8s' is not a CDK core")
    assert not (tmp_path / "out").exists()
