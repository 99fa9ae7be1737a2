"""Loads the configuration: defaults, then ``environments/<environment>.toml``, then ``NETWORK_*``
variables; validated before anything else happens."""
from __future__ import annotations

import difflib
import os
import tomllib
from pathlib import Path
from typing import Any, Mapping

from modules.endpoint_services import PROFILES

from . import settings
from .schema import FIELDS, NAME_FIELDS, ConfigError, Names, NetworkConfig
from .validation import validate

ENV_PREFIX = "NETWORK_"
# NETWORK_* variables that steer the tooling rather than configure the network.
TOOLING_VARIABLES = settings.OVERRIDES


def load_config(environment: str | None = None, environ: Mapping[str, str] | None = None) -> NetworkConfig:
    """Defaults, then ``environments/<environment>.toml``, then ``NETWORK_*`` variables; validated."""
    environ = os.environ if environ is None else environ
    environment = environment or settings.environment_name(environ)
    values: dict[str, Any] = {"environment": environment}
    problems: list[str] = []
    folder = settings.environments_dir(environ)
    path = folder / f"{environment}.toml"
    if path.is_file():
        values.update(_from_file(_read_toml(path, problems), str(path), problems))
    elif environment != "default":
        known = sorted(p.stem for p in folder.glob("*.toml"))
        problems.append(
            f"environment: {environment!r} has no file {path.name} in {folder} — "
            f"fix: create it or use one of {known + ['default']}"
        )
    values.update(_from_environ(environ, problems))
    # A region change without explicit AZs should not keep the spec's ap-southeast-1 zones.
    if "region" in values and "azs" not in values:
        values["azs"] = tuple(f"{values['region']}{suffix}" for suffix in "ab")
    # Likewise a profile without an explicit list stands for the profile's services.
    if values.get("endpoint_profile") in PROFILES and "interface_endpoints" not in values:
        values["interface_endpoints"] = PROFILES[values["endpoint_profile"]]
    config = NetworkConfig(**values)
    try:
        validate(config)
    except ConfigError as error:
        # Everything at once: what could not be read, and what is wrong with the rest.
        problems.extend(error.problems)
    if problems:
        raise ConfigError(problems)
    return config


def _read_toml(path: Path, problems: list[str]) -> dict[str, Any]:
    try:
        return tomllib.loads(path.read_bytes().decode("utf-8"))
    except UnicodeDecodeError as error:
        problems.append(f"{path}: byte {error.start} is not UTF-8 — fix: save the file as UTF-8")
    except tomllib.TOMLDecodeError as error:
        problems.append(f"{path}: invalid TOML ({error}) — fix: correct the syntax there")
    return {}


def _unknown(key: str, known: set[str], where: str) -> str:
    close = difflib.get_close_matches(key, known, n=1)
    hint = f"did you mean {close[0]!r}?" if close else f"known fields: {', '.join(sorted(known))}"
    return f"{key}: unknown field in {where} — fix: remove it; {hint}"


def _from_file(data: dict[str, Any], where: str, problems: list[str]) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for key, raw in data.items():
        if key == "names":
            if not isinstance(raw, dict):
                problems.append(f"names: {raw!r} in {where} is not a table — fix: use [names]")
                continue
            for name_key in raw:
                if name_key not in NAME_FIELDS:
                    problems.append(_unknown(f"names.{name_key}", {f"names.{n}" for n in NAME_FIELDS}, where))
            values["names"] = Names(**{k: str(v) for k, v in raw.items() if k in NAME_FIELDS})
        elif key not in FIELDS or key == "environment":
            problems.append(_unknown(key, set(FIELDS) - {"environment"}, where))
        else:
            coerced = _coerce(key, raw, where, problems)
            if coerced is not None:
                values[key] = coerced
    return values


def _from_environ(environ: Mapping[str, str], problems: list[str]) -> dict[str, Any]:
    values: dict[str, Any] = {}
    settable = {ENV_PREFIX + name.upper(): name for name in FIELDS if name not in ("environment", "names")}
    for check in (settings.cdk_core, settings.provider_bindings):
        try:
            check(environ)
        except ValueError as error:
            problems.append(str(error))
    for variable in sorted(v for v in environ if v.startswith(ENV_PREFIX)):
        if variable in TOOLING_VARIABLES:
            continue
        if variable == "NETWORK_NAMES":
            problems.append("$NETWORK_NAMES: names cannot be set from the environment — fix: use a [names] "
                            "table in the environment file")
            continue
        if variable not in settable:
            close = difflib.get_close_matches(variable, [*settable, *TOOLING_VARIABLES], n=1, cutoff=0.7)
            hint = f"did you mean ${close[0]}?" if close else "see bin/net config --table for the fields"
            problems.append(f"${variable}: not a configuration variable — fix: unset it; {hint}")
            continue
        field_name = settable[variable]
        raw = environ[variable]
        parsed = _parse_tags(raw, variable, problems) if field_name == "tags" else _parse_text(
            FIELDS[field_name].type, raw)
        if parsed is None:
            continue
        coerced = _coerce(field_name, parsed, f"${variable}", problems)
        if coerced is not None:
            values[field_name] = coerced
    return values


def _parse_tags(raw: str, variable: str, problems: list[str]) -> dict[str, str] | None:
    """``Key=Value,Other=Value`` (keys and values trimmed; a value may be empty)."""
    tags: dict[str, str] = {}
    for item in (part.strip() for part in raw.split(",")):
        key, equals, value = item.partition("=")
        if not item or not equals or not key.strip():
            problems.append(f"${variable}: {item!r} is not Key=Value — fix: write e.g. Team=ml,CostCenter=42")
            return None
        if key.strip() in tags:
            problems.append(f"${variable}: {key.strip()!r} is given twice — fix: give each tag once")
            return None
        tags[key.strip()] = value.strip()
    return tags


def _parse_text(kind: str, raw: str) -> Any:
    if kind.startswith("tuple"):
        return [item.strip() for item in raw.split(",") if item.strip()]
    if kind == "bool":
        lowered = raw.strip().lower()
        return {"true": True, "1": True, "yes": True, "false": False, "0": False, "no": False}.get(lowered, raw)
    if kind == "int":
        return int(raw) if raw.strip().isdigit() else raw
    return raw


def _coerce(name: str, raw: Any, where: str, problems: list[str]) -> Any:
    kind = FIELDS[name].type
    if kind.startswith("tuple"):
        if isinstance(raw, list) and all(isinstance(item, str) for item in raw):
            return tuple(raw)
        problems.append(f"{name}: {raw!r} in {where} is not a list of strings — fix: e.g. [\"a\", \"b\"]")
    elif kind.startswith("Mapping"):
        if isinstance(raw, dict) and all(isinstance(v, str) for v in raw.values()):
            return dict(raw)
        problems.append(f"{name}: {raw!r} in {where} is not a table of strings — fix: e.g. {{ Team = \"ml\" }}")
    elif kind == "bool":
        if isinstance(raw, bool):
            return raw
        problems.append(f"{name}: {raw!r} in {where} is not a boolean — fix: use true or false")
    elif kind == "int":
        if isinstance(raw, int) and not isinstance(raw, bool):
            return raw
        problems.append(f"{name}: {raw!r} in {where} is not an integer — fix: use a whole number")
    elif isinstance(raw, str):
        return raw
    else:
        problems.append(f"{name}: {raw!r} in {where} is not a string — fix: quote it")
    return None
