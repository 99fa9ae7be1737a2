"""Helpers shared by the constructs' props: invariants checked where the construct is."""
from __future__ import annotations

import ipaddress


class PropsError(ValueError):
    """A construct's props break one of its invariants; the message names the prop and the fix."""


def require(condition: bool, prop: str, value: object, why: str, fix: str) -> None:
    if not condition:
        raise PropsError(f"{prop}: {value!r} {why} — fix: {fix}")


def require_cidr(prop: str, value: str) -> ipaddress.IPv4Network:
    try:
        return ipaddress.IPv4Network(value, strict=True)
    except ValueError as error:
        raise PropsError(f"{prop}: {value!r} is not an IPv4 network ({error}) — fix: e.g. '10.0.0.0/16'") from None
