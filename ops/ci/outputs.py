"""GitHub Actions step outputs (``$GITHUB_OUTPUT``) and the job summary page (``$GITHUB_STEP_SUMMARY``),
written in one place for every command."""
from __future__ import annotations

import os
import uuid


def write(**outputs: object) -> None:
    """Appends ``name=value`` per output; a value of several lines in GitHub's delimiter form. Nothing
    outside GitHub Actions (no ``GITHUB_OUTPUT``)."""
    target = os.environ.get("GITHUB_OUTPUT")
    if not target:
        return
    with open(target, "a") as handle:
        for name, value in outputs.items():
            text = str(value).lower() if isinstance(value, bool) else str(value)
            if "\n" in text:
                delimiter = f"EOF_{uuid.uuid4().hex}"
                handle.write(f"{name}<<{delimiter}\n{text}\n{delimiter}\n")
            else:
                handle.write(f"{name}={text}\n")


def summary(markdown: str) -> None:
    """Appends to the job's summary page, where an approver reads the review before approving the apply
    (GitHub keeps up to 1 MiB per step; the review fits the 65,536-character comment limit)."""
    target = os.environ.get("GITHUB_STEP_SUMMARY")
    if target:
        with open(target, "a") as handle:
            handle.write(markdown.rstrip("\n") + "\n")
