"""Construct tests: each construct synthesized alone in a bare stack with only its props (cdktf Testing)."""
from __future__ import annotations

import json
import tempfile
from pathlib import Path
from typing import Callable

from deploy.cdk import App, TerraformStack, Testing

# Testing.app() makes a folder under /tmp per call and never removes it; Testing.synth writes nothing
# there, so one folder removed at exit serves every bare stack.
_BARE_OUTDIR = tempfile.TemporaryDirectory(prefix="bare-synth.")


class Synth:
    """One bare-stack synthesis: the JSON string for cdktf's matchers, and parsed for nested keys."""

    def __init__(self, build: Callable[[TerraformStack], object]) -> None:
        stack = TerraformStack(Testing.app(outdir=_BARE_OUTDIR.name), "bare")
        build(stack)
        self.text = Testing.synth(stack)
        self.json = json.loads(self.text)

    @classmethod
    def from_file(cls, path) -> "Synth":
        synth = cls.__new__(cls)
        synth.text = path.read_text()
        synth.json = json.loads(synth.text)
        return synth

    def has(self, kind: str, properties: dict) -> bool:
        return Testing.to_have_resource_with_properties(self.text, kind, properties)

    def resources(self, kind: str) -> list[dict]:
        return list(self.json.get("resource", {}).get(kind, {}).values())


def synth_example(build: Callable[[App], TerraformStack], outdir) -> Path:
    """An example's app synthesized into ``outdir``; the folder of its one stack."""
    app = App(outdir=str(outdir))
    stack = build(app)
    app.synth()
    return outdir / "stacks" / stack.node.id


def assert_valid_terraform(folder) -> None:
    """``terraform validate`` of a synthesized stack, without its backend (our provider mirror)."""
    from ops.terraform import run as terraform_run

    env = terraform_run.environment()
    terraform_run.run(["terraform", "init", "-input=false", "-backend=false", "-no-color"], cwd=folder, env=env, timeout=300)
    result = terraform_run.run(["terraform", "validate", "-json"], cwd=folder, env=env, ok_codes=(0, 1), timeout=300)
    assert '"valid": true' in result.stdout, result.stdout
