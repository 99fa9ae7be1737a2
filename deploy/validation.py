"""Checks a NetworkConfig before anything is synthesized or deployed.

Every problem names the field, the bad value and the fix; all problems are reported at once. What a
construct requires of its props (CIDRs, endpoint services, names AWS accepts, …) is the construct's
rule, checked by its props (``modules/props``) and reported here under the configuration field it came
from (``deploy/part_props``); this module checks only what the configuration itself adds.
Advice that is not an error (the design's pitfalls, docs/design.md §7) comes back from ``pitfalls``.
"""
from __future__ import annotations

import dataclasses
import difflib
import ipaddress
import re
import string

from modules.endpoint_services import EKS_ADDON_REGISTRY, INTERFACE_SERVICES, PROFILES
from modules.props import bucket_name_problem

from . import capacity
from .instance_limits import LIMITS
from .part_props import TOP_PARTS
from .regions import ZONES, zones
from .schema import PER_AZ_NAMES, ConfigError, Names, NetworkConfig

REGION = re.compile(r"^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\d$")
ENVIRONMENT = re.compile(r"^[a-z0-9][a-z0-9-]{0,30}$")
NAME_PREFIX = re.compile(r"^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38}[A-Za-z0-9])?$")
TAG_TEXT = re.compile(r"^[\w\s+\-=.:/@]*$")
MAX_TAGS = 50
HCP_NAME = re.compile(r"^[A-Za-z0-9_-]{1,90}$")
KMS_KEY_ID = re.compile(r"^(arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:(key|alias)/[\w/-]+|alias/[\w/-]+|[0-9a-f-]{36})$")
ACCOUNT_ID = re.compile(r"^\d{12}$")
# The S3 backend writes the lock beside the state as <key>.tflock (use_lockfile); S3 keys are at most 1024 bytes.
MAX_STATE_KEY_BYTES = 1024 - len(".tflock")


def validate(config: NetworkConfig) -> NetworkConfig:
    problems: list[str] = []
    for check in (_region_and_azs, _construct_invariants, _dns_and_routes, _endpoints, _names, _tags,
                  _demo_alb, _target_and_state, _capacity):
        problems.extend(check(config))
    if problems:
        raise ConfigError(list(dict.fromkeys(problems)))
    return config


def _problem(field: str, value: object, why: str, fix: str) -> str:
    return f"{field}: {value!r} {why} — fix: {fix}"


def _region_and_azs(c: NetworkConfig) -> list[str]:
    out = []
    if not ENVIRONMENT.match(c.environment):
        out.append(_problem("environment", c.environment, "is not a valid environment name",
                            "use 1-31 lowercase letters, digits and hyphens"))
    out.extend(_region("region", c.region))
    if not 2 <= len(c.azs) <= 3:
        out.append(_problem("azs", list(c.azs), f"has {len(c.azs)} zone(s); the design needs 2 or 3",
                            f"list 2-3 zones, e.g. ['{c.region}a', '{c.region}b']"))
    for az in c.azs:
        if c.region in ZONES and az.startswith(c.region) and az not in zones(c.region):
            out.append(_problem("azs", az, f"does not exist in {c.region}", f"use one of {', '.join(zones(c.region))}"))
    return out


def _region(field: str, region: str) -> list[str]:
    if not REGION.match(region):
        return [_problem(field, region, "is not an AWS region name", "use e.g. 'ap-southeast-1'")]
    if region not in ZONES:
        close = difflib.get_close_matches(region, ZONES, n=1)
        return [_problem(field, region, "is not an AWS region we know (deploy/regions.py)",
                         f"use {close[0]!r}" if close else "use e.g. 'ap-southeast-1', or add the region "
                         "to deploy/regions.py with its source")]
    return []


def _construct_invariants(c: NetworkConfig) -> list[str]:
    """Every part's props built from the configuration (the demo ALB and flow logs too, so their fields
    are checked before they are switched on), each broken invariant named by its configuration field."""
    probe = dataclasses.replace(c, names=_renderable_names(c), demo_alb=True, flow_logs=True,
                                **_renderable_templates(c))
    return [_problem(field, p.value, p.why, p.fix) for part in TOP_PARTS for field, p in part.problems(probe)]


def _renderable_names(c: NetworkConfig) -> Names:
    """The configured name templates, with the ones that do not render replaced by the spec's (those are
    reported by ``_names``), so the constructs' own checks still see every other value."""
    fixes = {kind: getattr(Names(), kind) for kind in NAME_TEMPLATE_FIELDS
             if _render_problem(getattr(c.names, kind), NAME_TEMPLATE_FIELDS[kind]) or not _prefix_ok(c)}
    return dataclasses.replace(c.names, **fixes)


def _renderable_templates(c: NetworkConfig) -> dict[str, str]:
    defaults = NetworkConfig()
    return {field: getattr(defaults, field) for field, allowed in TEMPLATES.items()
            if _render_problem(getattr(c, field), allowed)} | (
        {} if _prefix_ok(c) else {"name_prefix": defaults.name_prefix})


def _prefix_ok(c: NetworkConfig) -> bool:
    return bool(NAME_PREFIX.match(c.name_prefix))


def _capacity(c: NetworkConfig) -> list[str]:
    """The planned nodes, full, must fit their private subnets: a pod that finds no address never starts
    (docs/capacity.md)."""
    unknown = [t for t in c.node_instance_types if t not in LIMITS]
    if unknown or not c.node_instance_types:
        close = difflib.get_close_matches(unknown[0], LIMITS, n=1) if unknown else []
        return [_problem("node_instance_types", list(c.node_instance_types), "names no instance type whose network "
                         "limits deploy/instance_limits.py holds" if not unknown else
                         f"has {', '.join(unknown)}, whose network limits deploy/instance_limits.py does not hold",
                         f"use a type it lists (e.g. {close[0] if close else NetworkConfig().node_instance_types[0]}), "
                         "or add the type there with its EC2 limits and eni-max-pods.txt figure")]
    if c.node_count < 1:
        return [_problem("node_count", c.node_count, "is not a number of nodes", "use 1 or more")]
    try:
        short = [z for z in capacity.plan_for(c, LIMITS) if not z.fits]
    except (ValueError, ZeroDivisionError):
        return []  # bad CIDRs or AZs are reported by the network's own checks
    if not short:
        return []
    z = short[0]
    if z.prefix_delegation:
        return [_problem("prefix_delegation", True,
                         f"needs {z.prefix_needed} /28 prefixes for {z.nodes} full {z.instance_type} node(s) in {z.az}, "
                         f"which a reserved block in {z.pods_cidr} cannot hold clear of AWS's reserved addresses",
                         "pod_cidr = \"100.64.0.0/16\" (the prefixes go to its pod subnets), larger private subnets, "
                         "or fewer nodes")]
    where = f"its pod subnet {z.pods_cidr}" if z.custom else f"its private subnet {z.cidr}"
    larger = (f"a pod_cidr of /{capacity.prefix_for(z.secondary_ip) - (len(c.azs) - 1).bit_length()} or larger"
              if z.custom else f"private_subnet_cidrs of /{capacity.prefix_for(z.secondary_ip)} or larger")
    return [_problem("node_count", c.node_count,
                     f"puts {z.nodes} full {z.instance_type} node(s) in {z.az}, which take {z.secondary_ip} addresses "
                     f"with the VPC CNI's defaults; {where} has {z.usable} usable (at most {z.most_nodes} such node(s))",
                     f"{larger}, fewer nodes, or instance types that take fewer addresses (docs/capacity.md)")]


def _dns_and_routes(c: NetworkConfig) -> list[str]:
    if c.private_default_route:
        return [_problem("private_default_route", True, "asks for 0.0.0.0/0 in the private route table; the design "
                         "has no NAT and no IGW route for workloads", "set it to false and reach AWS through VPC "
                         "endpoints")]
    return []


def _endpoints(c: NetworkConfig) -> list[str]:
    out = []
    if c.endpoint_profile not in PROFILES:
        out.append(_problem("endpoint_profile", c.endpoint_profile, "is not an endpoint profile",
                            f"use one of {', '.join(PROFILES)}"))
    elif c.endpoint_profile != "spec":
        lacking = [s for s in PROFILES[c.endpoint_profile] if s not in c.interface_endpoints]
        if lacking:
            out.append(_problem("interface_endpoints", list(c.interface_endpoints), f"lacks {', '.join(lacking)} "
                                f"of endpoint_profile {c.endpoint_profile!r}", "add them, or remove "
                                "interface_endpoints to take the profile's list"))
    return out


# What each template may use, with a sample value to render it with.
SAMPLE = {"prefix": "p", "az": "ap-southeast-1a", "service": "ecr-api", "environment": "default"}
NAME_TEMPLATE_FIELDS = {kind: {"prefix"} | ({"az"} if kind in PER_AZ_NAMES else set()) |
                        ({"service"} if kind == "interface_endpoint" else set())
                        for kind in Names.__dataclass_fields__}
TEMPLATES = {"ssm_parameter_path": {"prefix", "environment"}, "hcp_workspace": {"environment"},
             "state_key": {"environment"}}


def _render_problem(template: str, allowed: set[str]) -> tuple[str, str] | None:
    """Why the template cannot be rendered with ``allowed`` placeholders, and the fix; None when it can.
    Rendering it is the check: whatever ``str.format`` would refuse is refused here, with its reason."""
    plain = f"use only {', '.join(sorted('{' + a + '}' for a in allowed))}, or plain text"
    try:
        fields = [(name, spec, conversion) for _, name, spec, conversion in string.Formatter().parse(template)
                  if name is not None]
    except ValueError as error:
        return f"has an unbalanced '{{' or '}}' ({error})", "write placeholders as {name}, a literal brace as {{ or }}"
    unknown = sorted({name for name, _, _ in fields} - allowed)
    if unknown:
        return f"uses unknown placeholder(s) {unknown}", plain
    if any(spec or conversion for _, spec, conversion in fields):
        return "formats a placeholder ('!' conversion or ':' format spec)", f"write placeholders bare; {plain}"
    try:
        template.format(**{name: SAMPLE[name] for name in allowed})
    except (ValueError, KeyError, IndexError, AttributeError, TypeError) as error:
        return f"cannot be rendered ({type(error).__name__}: {error})", plain
    return None


def _template(field: str, template: str, allowed: set[str], out: list[str]) -> bool:
    problem = _render_problem(template, allowed)
    if problem:
        out.append(_problem(field, template, *problem))
    return problem is None


def _names(c: NetworkConfig) -> list[str]:
    out: list[str] = []
    rendered: dict[str, str] = {}
    if not _prefix_ok(c):
        return [_problem("name_prefix", c.name_prefix, "is not a usable name prefix",
                         "use 1-40 letters, digits and hyphens, e.g. 'mlops-hybrid'")]
    for kind, allowed in NAME_TEMPLATE_FIELDS.items():
        template = getattr(c.names, kind)
        if not _template(f"names.{kind}", template, allowed, out):
            continue
        fields = {name for _, name, _, _ in string.Formatter().parse(template) if name}
        if kind in PER_AZ_NAMES and "az" not in fields:
            out.append(_problem(f"names.{kind}", template, "has no {az}, so every AZ gets the same name",
                                "include {az} in the template"))
        if kind == "interface_endpoint" and "service" not in fields:
            out.append(_problem(f"names.{kind}", template, "has no {service}, so endpoints share one name",
                                "include {service} in the template"))
        for az in c.azs if kind in PER_AZ_NAMES else [""]:
            for service in c.interface_endpoints if kind == "interface_endpoint" else [""]:
                name = template.format(prefix=c.name_prefix, az=az, service=INTERFACE_SERVICES.get(service, service))
                if not name:
                    out.append(_problem(f"names.{kind}", template, "renders an empty name", "give it a name"))
                elif len(name) > 256:
                    out.append(_problem(f"names.{kind}", name[:40] + "…", f"renders a {len(name)}-character Name "
                                        "tag; AWS allows 256", "shorten the template or name_prefix"))
                elif name in rendered and rendered[name] != kind:
                    out.append(_problem(f"names.{kind}", name, f"duplicates the name of names.{rendered[name]}",
                                        "give each resource its own name"))
                rendered.setdefault(name, kind)
    return out


def _tags(c: NetworkConfig) -> list[str]:
    out = []
    for key in ("Environment", "Name"):
        if key in c.tags:
            out.append(_problem(f"tags.{key}", c.tags[key], "is set by the tool (Environment from the environment "
                                "name, Name per resource)", f"remove tags.{key}"))
    for key, value in c.all_tags.items():
        if key.lower().startswith("aws:") or not 1 <= len(key) <= 128 or len(value) > 256 or not TAG_TEXT.match(
                key + value):
            out.append(_problem(f"tags.{key}", value, "is not a valid AWS tag",
                                "keys 1-128 characters not starting with 'aws:', values up to 256, letters, "
                                "digits, spaces and + - = . _ : / @"))
    # Every resource also gets a Name tag, and subnets up to two Kubernetes tags.
    if len(c.all_tags) + 3 > MAX_TAGS:
        out.append(_problem("tags", f"{len(c.tags)} tags", f"leave no room within AWS's {MAX_TAGS} tags per "
                            "resource (the tool adds Environment, Name and up to two subnet tags)",
                            f"keep at most {MAX_TAGS - 4} tags"))
    return out


def _demo_alb(c: NetworkConfig) -> list[str]:
    if c.demo_https and not c.demo_certificate_arn:
        return [_problem("demo_https", True, "asks for an HTTPS listener without a certificate",
                         "set demo_certificate_arn to an ACM certificate ARN in the same region")]
    return []


def _target_and_state(c: NetworkConfig) -> list[str]:
    out = []
    if c.target not in ("emulator", "aws"):
        out.append(_problem("target", c.target, "is not a deploy target", "use 'emulator' or 'aws'"))
    _template("ssm_parameter_path", c.ssm_parameter_path, TEMPLATES["ssm_parameter_path"], out)
    if c.account_id and not ACCOUNT_ID.match(c.account_id):
        out.append(_problem("account_id", c.account_id, "is not an AWS account id", "give the 12 digits, "
                            "e.g. '123456789012' (aws sts get-caller-identity shows yours)"))
    if not 1 <= c.emulator_port <= 65535:
        out.append(_problem("emulator_port", c.emulator_port, "is not a TCP port", "use 1-65535"))
    if not _loopback(c.emulator_host):
        out.append(_problem("emulator_host", c.emulator_host, "is not a loopback address; the emulator runs on "
                            "this machine and serves no one else", "use 127.0.0.1 (the default) or localhost"))
    if c.backend not in ("s3", "local", "hcp"):
        out.append(_problem("backend", c.backend, "is not a state backend",
                            "use 's3' (remote state, the default), 'hcp' or 'local'"))
    if c.backend == "hcp":
        if not HCP_NAME.match(c.hcp_organization):
            out.append(_problem("hcp_organization", c.hcp_organization, "is not an HCP Terraform organization name",
                                "set it to your organization, e.g. 'acme' (letters, digits, '-' and '_')"))
        if _template("hcp_workspace", c.hcp_workspace, TEMPLATES["hcp_workspace"], out) and \
                not HCP_NAME.match(c.rendered_hcp_workspace):
            out.append(_problem("hcp_workspace", c.hcp_workspace, "is not a workspace name",
                                "use letters, digits, '-' and '_', with {environment} for one per environment"))
    if why := bucket_name_problem(c.state_bucket):
        out.append(_problem("state_bucket", c.state_bucket, f"is not a valid S3 bucket name ({why})",
                            "use 3-63 lowercase letters, digits, '.' and '-', starting and ending with a letter "
                            "or digit"))
    if _template("state_key", c.state_key, TEMPLATES["state_key"], out) and (why := _state_key_problem(c)):
        out.append(_problem("state_key", c.state_key, why,
                            "use a relative key such as 'production-network/{environment}/terraform.tfstate'"))
    if c.state_kms_key_id and not KMS_KEY_ID.match(c.state_kms_key_id):
        out.append(_problem("state_kms_key_id", c.state_kms_key_id, "is not a KMS key ARN, key id or alias",
                            "use arn:aws:kms:<region>:<account>:key/<id> or alias/<name>"))
    if c.state_access_log_bucket:
        if why := bucket_name_problem(c.state_access_log_bucket):
            out.append(_problem("state_access_log_bucket", c.state_access_log_bucket,
                                f"is not a valid S3 bucket name ({why})", "give the log bucket's name"))
        elif c.state_access_log_bucket == c.state_bucket:
            out.append(_problem("state_access_log_bucket", c.state_access_log_bucket, "is the state bucket itself, "
                                "so every log delivery writes a new log", "use a separate bucket"))
    if c.state_region:
        out.extend(_region("state_region", c.state_region))
    return out


def _state_key_problem(c: NetworkConfig) -> str:
    """Why Terraform's S3 backend (or S3) would refuse the rendered key, or '': the backend's own rules
    (internal/backend/remote-state/s3: not empty, no leading or trailing '/', no '//')."""
    key = c.rendered_state_key
    if not key:
        return "is empty, which the S3 backend refuses"
    if key.startswith("/") or key.endswith("/"):
        return "starts or ends with '/', which the S3 backend refuses"
    if "//" in key:
        return "contains '//', which the S3 backend refuses"
    if len(key.encode()) > MAX_STATE_KEY_BYTES:
        return f"is {len(key.encode())} bytes; with the lock's '.tflock' S3 allows {MAX_STATE_KEY_BYTES}"
    return ""


def _loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


#: What a cluster in this network cannot do without each endpoint: the words of §7 and of the AWS EKS
#: private-cluster guide, said by the pitfalls below and by the review when an endpoint is deleted.
WITHOUT_ENDPOINT = {
    "ecr.api": "§7.1 pods cannot pull images from ECR",
    "ecr.dkr": "§7.1 pods cannot pull images from ECR",
    "s3": "§7.1 pods cannot pull images from ECR (image layers come from S3)",
    "sts": "§7.2 pods using IRSA cannot reach STS",
    "logs": "§4.2 nodes cannot ship logs to CloudWatch",
    "ec2": "the VPC CNI on the nodes cannot call the EC2 API to attach network interfaces and assign pod IPs",
    "elasticloadbalancing": "the AWS Load Balancer Controller cannot create or change load balancers",
    "eks": "calls to the EKS API from inside the VPC (node bootstrap lookups, eksctl, controllers) fail",
    "eks-auth": "EKS Pod Identity cannot hand out credentials (IRSA through sts is unaffected)",
    "autoscaling": "the Cluster Autoscaler cannot resize node groups",
}


def pitfalls(c: NetworkConfig) -> list[str]:
    """The spec's §7 'common issues' this configuration walks into: a cluster in it cannot work."""
    advice = []
    missing_ecr = [s for s in ("ecr.api", "ecr.dkr") if s not in c.interface_endpoints]
    if missing_ecr or not c.s3_gateway_endpoint:
        gone = missing_ecr + ([] if c.s3_gateway_endpoint else ["s3 gateway"])
        advice.append(f"{WITHOUT_ENDPOINT['ecr.api']}: missing endpoint(s) {', '.join(gone)}")
    if not c.node_paths:
        advice.append("§7.1 nodes cannot fetch image layers from S3 nor reach the Kubernetes API: the spec's node "
                      "group allows 443 only to the endpoints; set node_paths = true")
    if "sts" not in c.interface_endpoints:
        advice.append(f"{WITHOUT_ENDPOINT['sts']}: add 'sts' to interface_endpoints")
    if "logs" not in c.interface_endpoints:
        advice.append(f"{WITHOUT_ENDPOINT['logs']}: add 'logs' to interface_endpoints")
    if c.endpoint_policy == "least-privilege" and c.region not in EKS_ADDON_REGISTRY and not c.ecr_pull_accounts:
        advice.append(f"§7.1 the least-privilege ECR policy lets nodes pull only from this account: the EKS add-on "
                      f"registry of {c.region} is not in our table; set ecr_pull_accounts from "
                      "https://docs.aws.amazon.com/eks/latest/userguide/add-ons-images.html")
    return advice


def profile_gaps(c: NetworkConfig) -> list[str]:
    """What a cluster without outbound internet still lacks here (the AWS EKS private-cluster guide's
    endpoints that this configuration leaves out): advice, since the spec's own four leave them out."""
    return [f"no {service} endpoint: {WITHOUT_ENDPOINT[service]}" for service in PROFILES["eks-fully-private"]
            if service not in c.interface_endpoints and service not in PROFILES["spec"]]
