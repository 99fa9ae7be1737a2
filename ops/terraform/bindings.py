"""``bin/net bindings``: Python bindings of hashicorp/aws for exactly the resource and data-source types
the constructs use, generated in seconds from the provider in the local mirror.

The whole provider takes ``cdktf get`` 3-5 minutes and 6.5-7.4 GB of memory. The CLI's experimental
provider-schema cache (``CDKTF_EXPERIMENTAL_PROVIDER_SCHEMA_CACHE_PATH``: a file ``<fqn>@<version>.json``
holding what ``terraform providers schema -json`` printed, plus ``provider_versions``) lets us hand it
the schema with only our types in it: the same generator, a twentieth of the work. The output is
reproducible; its hash is committed (terraform/provider-bindings.sha256) and tests/ops/test_bindings.py
regenerates it. ``NETWORK_PROVIDER_BINDINGS=generated`` makes the app use them (deploy/app.py).
"""
from __future__ import annotations

import hashlib
import json
import re
import shutil
import tempfile
import time
from pathlib import Path

from deploy import settings

from ..errors import CommandError
from .run import environment, run

PROVIDER, SOURCE, VERSION = "aws", "hashicorp/aws", "5.100.0"
#: Where the code names a provider submodule: ``aws.vpc.Vpc``, ``aws.data_aws_caller_identity…``, ``aws.provider``
#: (not ``aws.amazon.com`` nor the method ``aws.use(``: a submodule is followed by its class or by nothing).
USE = re.compile(r"\baws\.([a-z0-9_]+)\b(?!\.[a-z]|\()")


def used_names() -> set[str]:
    """Every ``aws.<name>`` the constructs and the stack write (modules/aws.py's submodule names)."""
    return {name for package in settings.SOURCE_PACKAGES for path in (settings.ROOT / package).rglob("*.py")
            for name in USE.findall(path.read_text())}


def provider_schema(work: Path) -> dict:
    """``terraform providers schema -json`` of the mirrored provider, as the CLI's cache holds it."""
    (work / "main.tf.json").write_text(json.dumps({
        "terraform": {"required_providers": {PROVIDER: {"source": SOURCE, "version": VERSION}}},
        "provider": {PROVIDER: {}}}))
    env = environment()
    run(["terraform", "init", "-input=false", "-no-color"], cwd=work, env=env)
    schema = json.loads(run(["terraform", "providers", "schema", "-json"], cwd=work, env=env).stdout)
    schema["provider_versions"] = json.loads(run(["terraform", "version", "-json"], cwd=work,
                                                 env=env).stdout)["provider_selections"]
    return schema


def restrict(schema: dict, names: set[str]) -> dict:
    """The schema with only the resource and data-source types in ``names`` (``vpc``,
    ``data_aws_caller_identity``); none of the provider's ephemeral resources or functions."""
    (provider,) = schema["provider_schemas"].values()
    provider["resource_schemas"] = {k: v for k, v in provider["resource_schemas"].items()
                                    if k.removeprefix("aws_") in names}
    provider["data_source_schemas"] = {k: v for k, v in provider["data_source_schemas"].items()
                                       if f"data_{k}" in names}
    # Provider functions would be generated into a module the provider package then imports under
    # another name (provider_functions vs .functions); the constructs use none.
    provider["ephemeral_resource_schemas"], provider["functions"] = {}, {}
    return schema


def tree_hash(folder: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(p for p in folder.rglob("*") if p.is_file() and "__pycache__" not in p.parts):
        digest.update(f"{path.relative_to(folder)}\0".encode() + hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def generate(out: Path = settings.BINDINGS_DIR, say=print) -> tuple[str, float, int]:
    """Writes ``out/aws`` and ``out/SHA256``; returns (hash, seconds, types generated)."""
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="bindings.") as temp:
        work = Path(temp)
        (work / "schema").mkdir()
        (work / "cache").mkdir()
        say(f"reading the {SOURCE} {VERSION} schema from the provider mirror")
        names = used_names()
        schema = restrict(provider_schema(work / "schema"), names)
        (provider,) = schema["provider_schemas"].values()
        count = len(provider["resource_schemas"]) + len(provider["data_source_schemas"])
        (work / "cache" / f"{PROVIDER}@{VERSION}.json").write_text(json.dumps(schema))
        (work / "cdktf.json").write_text(json.dumps({"language": "python", "app": "true", "codeMakerOutput": "imports",
                                                     "terraformProviders": [f"{SOURCE}@{VERSION}"]}))
        say(f"cdktf get for {count} types")
        env = environment(extra={"CDKTF_EXPERIMENTAL_PROVIDER_SCHEMA_CACHE_PATH": str(work / "cache"),
                                 "CDKTF_DISABLE_TELEMETRY": "1"})
        done = run([str(settings.CDKTF_BIN), "get"], cwd=work, env=env)
        if not (work / "imports" / PROVIDER / "__init__.py").is_file():
            raise CommandError(f"cdktf get wrote no {PROVIDER} package:\n{(done.stdout + done.stderr)[-2000:]}")
        out.mkdir(parents=True, exist_ok=True)
        shutil.rmtree(out / PROVIDER, ignore_errors=True)
        shutil.move(str(work / "imports" / PROVIDER), out / PROVIDER)
    digest = tree_hash(out / PROVIDER)
    (out / "SHA256").write_text(digest + "\n")
    return digest, time.monotonic() - started, count
