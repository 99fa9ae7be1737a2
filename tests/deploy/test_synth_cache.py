"""The synth cache: reuses output only while every input and every output file is unchanged."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from deploy import synth_cache
from deploy.loader import load_config
from deploy.schema import NetworkConfig
from deploy.settings import ROOT

REUSED = "synth: inputs unchanged"


def main_py(outdir: Path, **variables: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("NETWORK_", "CDKTF_"))}
    env.update(CDKTF_OUTDIR=str(outdir), NETWORK_ENV="default", **variables)
    result = subprocess.run([sys.executable, "main.py"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr
    return result


def snapshot(outdir: Path) -> dict[str, bytes]:
    return {str(p.relative_to(outdir)): p.read_bytes() for p in sorted(outdir.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def synthesized(tmp_path_factory) -> tuple[Path, dict[str, bytes]]:
    outdir = tmp_path_factory.mktemp("cached-synth")
    assert REUSED not in main_py(outdir).stdout
    return outdir, snapshot(outdir)


def test_unchanged_inputs_reuse_the_output_untouched(synthesized):
    outdir, first = synthesized
    assert REUSED in main_py(outdir).stdout
    assert snapshot(outdir) == first


def test_an_edited_output_is_synthesized_again(synthesized):
    outdir, first = synthesized
    stack = outdir / "stacks" / "network-default" / "cdk.tf.json"
    stack.write_text(stack.read_text().replace("10.0.0.0/16", "10.9.0.0/16"))
    assert REUSED not in main_py(outdir).stdout
    assert snapshot(outdir) == first


def test_the_cache_can_be_turned_off(synthesized):
    outdir, first = synthesized
    assert REUSED not in main_py(outdir, NETWORK_SYNTH_CACHE="off").stdout
    assert not (outdir / synth_cache.RECORD).exists()
    assert {k: v for k, v in snapshot(outdir).items() if k != synth_cache.RECORD} == {
        k: v for k, v in first.items() if k != synth_cache.RECORD}


@pytest.mark.parametrize("variables", [{"SYNTH_HCL_OUTPUT": "true"},
                                       {"CDKTF_CONTEXT_JSON": '{"excludeStackIdFromLogicalIds": "true"}'}])
def test_cdktf_variables_that_change_the_output_change_the_key(variables):
    assert synth_cache.inputs_key([NetworkConfig()], variables) != synth_cache.inputs_key([NetworkConfig()], {})


def test_the_cdktf_cli_and_a_plain_synth_share_the_cache():
    """What `cdktf synth|deploy` sets for the app (cdktf-cli 0.21 synth-stack.ts) changes nothing it writes."""
    by_cli = {"CDKTF_OUTDIR": "/tmp/out", "CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS": "true",
              "CDKTF_CONTEXT_JSON": '{"cdktfRelativeModules": []}', "SYNTH_HCL_OUTPUT": "false"}
    assert synth_cache.inputs_key([NetworkConfig()], by_cli) == synth_cache.inputs_key([NetworkConfig()], {})


def test_the_key_is_the_configuration_not_how_it_was_spelled():
    spelled = load_config(environ={"NETWORK_DEMO_ALB": "false", "NETWORK_FLOW_LOGS": "true"})
    assert synth_cache.inputs_key([spelled], {}) == synth_cache.inputs_key([load_config(environ={})], {})
    assert synth_cache.inputs_key([NetworkConfig(demo_alb=True)], {}) != synth_cache.inputs_key([NetworkConfig()], {})
    assert synth_cache.inputs_key([NetworkConfig(environment="staging")], {}) != \
        synth_cache.inputs_key([NetworkConfig()], {})
    assert synth_cache.inputs_key([NetworkConfig()], {"HOME": "/elsewhere"}) == \
        synth_cache.inputs_key([NetworkConfig()], {})


@pytest.mark.parametrize("edited, counts", [("modules/network.py", True), ("deploy/stack.py", True),
                                             ("modules/new_part/construct.py", True), ("deploy/part_props.py", True),
                                             ("ops/cli.py", False)])
def test_a_source_change_in_either_synthesizing_package_changes_the_key(tmp_path, monkeypatch, edited, counts):
    for package in ("modules", "deploy", "ops"):
        for path in (ROOT / package).rglob("*.py"):
            (tmp_path / path.relative_to(ROOT)).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, tmp_path / path.relative_to(ROOT))
    for pattern in synth_cache.SOURCES:
        for path in ROOT.glob(pattern):
            (tmp_path / path.relative_to(ROOT)).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, tmp_path / path.relative_to(ROOT))
    monkeypatch.setattr(synth_cache, "ROOT", tmp_path)
    before = synth_cache.inputs_key([NetworkConfig()], {})
    assert synth_cache.inputs_key([NetworkConfig()], {}) == before
    (tmp_path / edited).parent.mkdir(parents=True, exist_ok=True)
    with (tmp_path / edited).open("a") as source:
        source.write("\n# changed\n")
    assert (synth_cache.inputs_key([NetworkConfig()], {}) != before) is counts
