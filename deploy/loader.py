"""Loads the configuration: defaults, then ``environments/<environment>.toml``, then ``NETWORK_*``
variables; validated before anything else happens."""
from __future__ import annotations

import difflib
import os
import tomllib
from typing import Any, Mapping

from .paths import ENVIRONMENTS_DIR
from .schema import FIELDS, NAME_FIELDS, ConfigError, Names, NetworkConfig
from .validation import validate

ENV_PREFIX = "NETWORK_"


def load_config(environment: str | None = None, environ: Mapping[str, str] | None = None) -> NetworkConfig:
    """Defaults, then ``environments/<environment>.toml``, then ``NETWORK_*`` variables; validated."""
    environ = os.environ if environ is None else environ
    environment = environment or environ.get(f"{ENV_PREFIX}ENV", "default")
    values: dict[str, Any] = {"environment": environment}
    problems: list[str] = []
    path = ENVIRONMENTS_DIR / f"{environment}.toml"
    if path.is_file():
        with path.open("rb") as handle:
            values.update(_from_file(tomllib.load(handle), str(path), problems))
    elif environment != "default":
        known = sorted(p.stem for p in ENVIRONMENTS_DIR.glob("*.toml"))
        problems.append(
            f"environment: {environment!r} has no file {path.name} in environments/ — "
            f"fix: create it or use one of {known + ['default']}"
        )
    values.update(_from_environ(environ, problems))
    if problems:
        raise ConfigError(problems)
    # A region change without explicit AZs should not keep the spec's ap-southeast-1 zones.
    if "region" in values and "azs" not in values:
        values["azs"] = tuple(f"{values['region']}{suffix}" for suffix in "ab")
    config = NetworkConfig(**values)
    validate(config)
    return config


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
    for field_name, spec in FIELDS.items():
        if field_name in ("environment", "names", "tags"):
            continue
        variable = ENV_PREFIX + field_name.upper()
        if variable in environ:
            raw = environ[variable]
            coerced = _coerce(field_name, _parse_text(spec.type, raw), f"${variable}", problems)
            if coerced is not None:
                values[field_name] = coerced
    return values


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
