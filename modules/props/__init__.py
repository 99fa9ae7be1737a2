"""What the constructs' props share: every broken invariant of a props object is collected and raised
together (``PropsError.problems``), each naming the prop, the value and the fix, so a configuration
layer can report them all at once under its own field names. The AWS naming rules more than one
construct checks are written here once."""
from __future__ import annotations

import ipaddress
import re
from dataclasses import dataclass

S3_ARN = re.compile(r"^arn:aws[a-z-]*:s3:::[a-z0-9][a-z0-9.*-]{1,62}(/.*)?$")
_BUCKET = re.compile(r"^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$")


@dataclass(frozen=True)
class Problem:
    prop: str
    value: object
    why: str
    fix: str

    def __str__(self) -> str:
        return f"{self.prop}: {self.value!r} {self.why} — fix: {self.fix}"

    def under(self, parent: str) -> Problem:
        """The same problem named from the props that holds this one, e.g. ``network.vpc_cidr``."""
        return Problem(f"{parent}.{self.prop}", self.value, self.why, self.fix)


class PropsError(ValueError):
    """A construct's props break one or more of its invariants. ``props`` is the object that broke them,
    for a caller that goes on to check the invariants spanning several props (configuration checks)."""

    def __init__(self, problems: list[Problem], props: object = None):
        self.problems = tuple(problems)
        self.props = props
        super().__init__("; ".join(map(str, self.problems)))


class Invariants:
    """Collects the broken invariants of one props object; ``done()`` raises them together."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def require(self, condition: bool, prop: str, value: object, why: str, fix: str) -> bool:
        if not condition:
            self.problems.append(Problem(prop, value, why, fix))
        return condition

    def cidr(self, prop: str, value: str, prefixes: tuple[int, int] = (16, 28)) -> ipaddress.IPv4Network | None:
        """The network, or None when it is not one; a prefix AWS refuses is a problem too."""
        try:
            network = ipaddress.IPv4Network(value, strict=True)
        except ValueError as error:
            fix = "write an IPv4 network such as '10.0.0.0/16'"
            try:
                fix = f"use {str(ipaddress.IPv4Network(value, strict=False))!r} (host bits must be zero)"
            except ValueError:
                pass
            self.require(False, prop, value, f"is not a valid IPv4 CIDR ({error})", fix)
            return None
        low, high = prefixes
        self.require(low <= network.prefixlen <= high, prop, value, f"has a prefix outside /{low}-/{high}, which AWS "
                     "rejects", f"use a prefix between /{low} and /{high}, e.g. a /24 for a subnet")
        return network

    def done(self, props: object = None) -> None:
        if self.problems:
            raise PropsError(self.problems, props)


def bucket_name_problem(name: str) -> str:
    """Why S3 would refuse the bucket name (S3 user guide, "General purpose bucket naming rules"), or ''."""
    if not 3 <= len(name) <= 63:
        return f"{len(name)} characters"
    if not _BUCKET.match(name):
        return "only lowercase letters, digits, '.' and '-', starting and ending with a letter or digit"
    if ".." in name or ".-" in name or "-." in name:
        return "adjacent '.' and '-'"
    if re.fullmatch(r"\d+\.\d+\.\d+\.\d+", name):
        return "formatted as an IP address"
    for prefix in ("xn--", "sthree-", "amzn-s3-demo-"):
        if name.startswith(prefix):
            return f"starts with the reserved {prefix!r}"
    for suffix in ("-s3alias", "--ol-s3", ".mrap", "--x-s3", "--table-s3"):
        if name.endswith(suffix):
            return f"ends with the reserved {suffix!r}"
    return ""
