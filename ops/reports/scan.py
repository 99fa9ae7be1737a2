"""The checkov scan of a plan, with the deliberate skips of ``.checkov.yaml``."""
from __future__ import annotations

import json
import os
import subprocess
from dataclasses import dataclass
from pathlib import Path

from deploy.settings import CHECKOV_BIN, CHECKOV_CONFIG

from ..errors import CommandError, NetError


@dataclass(frozen=True)
class Finding:
    check_id: str
    name: str
    resource: str
    guideline: str = ""


def skipped_checks(config_file: Path = CHECKOV_CONFIG) -> list[str]:
    """The deliberate skips of ``.checkov.yaml``: ``- CKV_… # reason`` lines under ``skip-check``."""
    skips, inside = [], False
    for line in config_file.read_text().splitlines():
        if line.startswith("skip-check:"):
            inside = True
        elif inside and line.lstrip().startswith("- "):
            skips.append(line.strip()[2:])
        elif inside and line.strip() and not line.startswith((" ", "#")):
            inside = False
    return skips


def scan(plan_json: Path) -> list[Finding]:
    """checkov's terraform_plan framework on the plan JSON; the skips come from the committed config."""
    if not CHECKOV_BIN.exists():
        raise NetError(f"checkov is not installed at {CHECKOV_BIN}: run bin/net (it installs it) or "
                       "PIPENV_PIPFILE=tools/checkov/Pipfile pipenv sync")
    result = subprocess.run(
        [str(CHECKOV_BIN), "--file", str(plan_json), "--framework", "terraform_plan", "--config-file",
         str(CHECKOV_CONFIG), "--output", "json", "--soft-fail", "--compact", "--quiet"],
        capture_output=True, text=True, stdin=subprocess.DEVNULL,
        env={**os.environ, "BC_SKIP_MAPPING": "TRUE", "CHECKOV_RUN_SCA_PACKAGE_SCAN_V2": "false",
             "LOG_LEVEL": "ERROR"})
    if result.returncode != 0:
        raise CommandError(f"checkov exited {result.returncode}\n{(result.stderr or result.stdout)[-3000:]}")
    report = json.loads(result.stdout or "{}")
    reports = report if isinstance(report, list) else [report]
    if not any(r.get("summary", {}).get("resource_count") for r in reports if isinstance(r, dict)):
        raise CommandError(f"checkov scanned no resources in {plan_json}; the scan would prove nothing")
    return [Finding(c["check_id"], c.get("check_name", ""), c.get("resource", ""), c.get("guideline") or "")
            for r in reports for c in r.get("results", {}).get("failed_checks", [])]
