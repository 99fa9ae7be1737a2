"""CDK Terrain (cdktn), cdktf's maintained fork, synthesizes every committed environment and the demo to
the same Terraform JSON as cdktf, apart from the version it records: moving a deployment changes no
address, logical id or value (docs/leaving-cdktf.md). Each core runs in its own locked environment:
cdktf in the project's, CDK Terrain in tools/cdktn/ (bin/net sets both up)."""
from __future__ import annotations

import os
import subprocess
import sys

import pytest

from deploy.settings import CDKTN_PYTHON, ROOT
from tests.conftest import synth_main

RUNS = {"environments": {"NETWORK_ENV": "default,production,staging"},
        "demo": {"NETWORK_ENV": "default", "NETWORK_DEMO_ALB": "true"}}


def versions(document: dict) -> str:
    return document["//"]["metadata"].pop("version")


@pytest.fixture(scope="module", params=sorted(RUNS))
def both(request, tmp_path_factory):
    variables = RUNS[request.param]
    return (synth_main(sys.executable, tmp_path_factory.mktemp("cdktf"), NETWORK_CDK_CORE="cdktf", **variables),
            synth_main(CDKTN_PYTHON, tmp_path_factory.mktemp("cdktn"), NETWORK_CDK_CORE="cdktn", **variables))


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
