"""Construct tests: each construct synthesized alone in a bare stack with only its props (cdktf Testing)."""
from __future__ import annotations

import json
from typing import Callable

from cdktf import TerraformStack, Testing


class Synth:
    """One bare-stack synthesis: the JSON string for cdktf's matchers, and parsed for nested keys."""

    def __init__(self, build: Callable[[TerraformStack], object]) -> None:
        stack = TerraformStack(Testing.app(), "bare")
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
