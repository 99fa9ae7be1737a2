"""The one typed configuration of the network: every name, CIDR, AZ, tag and toggle.

Defaults reproduce ``production-networking.md`` exactly. An environment file
(``environments/<name>.toml``) overrides defaults; ``NETWORK_<FIELD>`` environment variables
override the file. ``validate`` (in ``validation.py``) rejects bad input before anything is written.
"""
from __future__ import annotations

import dataclasses
import difflib
import os
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Mapping

ENVIRONMENTS_DIR = Path(__file__).resolve().parent.parent / "environments"
ENV_PREFIX = "NETWORK_"

# Interface endpoint services we know how to name and secure. The spec's four come first; the
# rest are the ones a private EKS cluster without NAT commonly needs later (Task 7+).
INTERFACE_SERVICES: dict[str, str] = {
    "ecr.api": "ecr-api",
    "ecr.dkr": "ecr-dkr",
    "logs": "logs",
    "sts": "sts",
    "ec2": "ec2",
    "elasticloadbalancing": "elb",
    "autoscaling": "autoscaling",
    "eks": "eks",
    "eks-auth": "eks-auth",
    "ssm": "ssm",
    "ssmmessages": "ssmmessages",
    "ec2messages": "ec2messages",
    "kms": "kms",
    "sqs": "sqs",
    "xray": "xray",
}


class ConfigError(ValueError):
    """Bad configuration: each line names the field, the value and the fix."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("invalid network configuration:\n" + "\n".join(f"  - {p}" for p in problems))


@dataclass(frozen=True)
class Names:
    """Name tag templates. ``{prefix}`` is ``name_prefix``; ``{az}`` the availability zone."""

    vpc: str = "mlops-retail-forecast-hybrid-vpc"
    public_subnet: str = "{prefix}-public-alb-{az}"
    private_subnet: str = "mlops-eks-private-workloads-{az}"
    internet_gateway: str = "{prefix}-igw"
    public_route_table: str = "{prefix}-public-alb-rt"
    private_route_table: str = "{prefix}-private-workloads-rt"
    alb_sg: str = "{prefix}-alb-sg"
    eks_nodes_sg: str = "{prefix}-eks-nodes-sg"
    eks_control_plane_sg: str = "{prefix}-eks-control-plane-sg"
    vpc_endpoints_sg: str = "{prefix}-vpc-endpoints-sg"
    s3_endpoint: str = "{prefix}-s3-gateway-endpoint"
    interface_endpoint: str = "{prefix}-{service}-endpoint"
    demo_alb: str = "{prefix}-api-demo-alb"
    demo_target_group: str = "{prefix}-eks-api-tg"


@dataclass(frozen=True)
class NetworkConfig:
    environment: str = "default"
    region: str = "ap-southeast-1"
    azs: tuple[str, ...] = ("ap-southeast-1a", "ap-southeast-1b")

    # §1 network
    vpc_cidr: str = "10.0.0.0/16"
    public_subnet_cidrs: tuple[str, ...] = ("10.0.1.0/24", "10.0.2.0/24")
    private_subnet_cidrs: tuple[str, ...] = ("10.0.101.0/24", "10.0.102.0/24")
    enable_dns_hostnames: bool = True
    enable_dns_support: bool = True
    # The design has no NAT: private subnets keep only the local route. Asking for a default route
    # is refused by validation rather than silently ignored.
    private_default_route: bool = False

    # names and tags
    name_prefix: str = "mlops-hybrid"
    names: Names = field(default_factory=Names)
    tags: Mapping[str, str] = field(
        default_factory=lambda: {"Project": "mlops-retail-forecast", "ManagedBy": "cdktf"}
    )

    # §2 security groups
    endpoints_allow_vpc_cidr: bool = False

    # §3 subnet tags
    cluster_name: str = ""

    # §4 endpoints
    s3_gateway_endpoint: bool = True
    interface_endpoints: tuple[str, ...] = ("ecr.api", "ecr.dkr", "logs", "sts")
    endpoint_policy: str = "full"
    s3_bucket_arns: tuple[str, ...] = ()

    # §5 demo ALB (option B); off means option A
    demo_alb: bool = False
    demo_https: bool = False
    demo_certificate_arn: str = ""
    demo_health_check_path: str = "/health"
    demo_ssl_policy: str = "ELBSecurityPolicy-TLS13-1-2-2021-06"

    # where it deploys and where its state lives
    target: str = "emulator"
    emulator_host: str = "127.0.0.1"
    emulator_port: int = 5000
    backend: str = "s3"
    state_bucket: str = "mlops-retail-forecast-tfstate"
    state_key: str = "production-network/{environment}/terraform.tfstate"
    state_region: str = ""

    # ---- derived values (never configured directly) ----
    @property
    def stack_name(self) -> str:
        return f"network-{self.environment}"

    @property
    def https_enabled(self) -> bool:
        return self.demo_https or bool(self.demo_certificate_arn)

    @property
    def emulator_url(self) -> str:
        return f"http://{self.emulator_host}:{self.emulator_port}"

    @property
    def state_bucket_region(self) -> str:
        return self.state_region or self.region

    @property
    def rendered_state_key(self) -> str:
        return self.state_key.format(environment=self.environment)

    @property
    def all_tags(self) -> dict[str, str]:
        return {**self.tags, "Environment": self.environment}

    def name(self, kind: str, **values: str) -> str:
        template = getattr(self.names, kind)
        return template.format(prefix=self.name_prefix, **values)

    def endpoint_name(self, service: str) -> str:
        return self.name("interface_endpoint", service=INTERFACE_SERVICES.get(service, service))


FIELDS = {f.name: f for f in dataclasses.fields(NetworkConfig)}
NAME_FIELDS = {f.name for f in dataclasses.fields(Names)}


def load_config(environment: str | None = None, environ: Mapping[str, str] | None = None) -> NetworkConfig:
    """Defaults, then ``environments/<environment>.toml``, then ``NETWORK_*`` variables; validated."""
    from .validation import validate

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
