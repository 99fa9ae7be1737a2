"""Checks a NetworkConfig before anything is synthesized or deployed.

Every problem names the field, the bad value and the fix; all problems are reported at once.
Advice that is not an error (the spec's §7 pitfalls) comes back from ``pitfalls``.
"""
from __future__ import annotations

import difflib
import ipaddress
import re
import string
from itertools import combinations

from modules.endpoint_services import EKS_ADDON_REGISTRY, INTERFACE_SERVICES, POLICY_MODES, PROFILES
from modules.flow_log_settings import DESTINATIONS, RETENTION_DAYS, TRAFFIC_TYPES

from .regions import ZONES, zones
from .schema import ConfigError, Names, NetworkConfig

REGION = re.compile(r"^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\d$")
ENVIRONMENT = re.compile(r"^[a-z0-9][a-z0-9-]{0,30}$")
EKS_CLUSTER = re.compile(r"^[0-9A-Za-z][A-Za-z0-9_-]{0,99}$")
ELB_NAME = re.compile(r"^[A-Za-z0-9](?:[A-Za-z0-9-]{0,30}[A-Za-z0-9])?$")
S3_BUCKET = re.compile(r"^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$")
ACM_ARN = re.compile(r"^arn:aws[a-z-]*:acm:([a-z0-9-]+):\d{12}:certificate/[0-9a-f-]{36}$")
S3_ARN = re.compile(r"^arn:aws[a-z-]*:s3:::[a-z0-9][a-z0-9.*-]{1,62}(/.*)?$")
NAME_PREFIX = re.compile(r"^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38}[A-Za-z0-9])?$")
TAG_TEXT = re.compile(r"^[\w\s+\-=.:/@]*$")
MAX_TAGS = 50
HCP_NAME = re.compile(r"^[A-Za-z0-9_-]{1,90}$")
KMS_KEY_ARN = re.compile(r"^arn:aws[a-z-]*:kms:([a-z0-9-]+):\d{12}:key/[0-9a-zA-Z-]+$")
KMS_KEY_ID = re.compile(r"^(arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:(key|alias)/[\w/-]+|alias/[\w/-]+|[0-9a-f-]{36})$")
ACCOUNT_ID = re.compile(r"^\d{12}$")
SSM_PATH = re.compile(r"^(/[A-Za-z0-9._-]+)+$")
IAM_ROLE = re.compile(r"^[\w+=,.@-]{1,64}$")
LOG_GROUP = re.compile(r"^[.\-_/#A-Za-z0-9]{1,512}$")
PER_AZ_NAMES = ("public_subnet", "private_subnet")


def validate(config: NetworkConfig) -> NetworkConfig:
    problems: list[str] = []
    for check in (_region_and_azs, _cidrs, _dns_and_routes, _endpoints, _names, _cluster_and_tags,
                  _demo_alb, _target_and_state, _flow_logs):
        problems.extend(check(config))
    if problems:
        raise ConfigError(problems)
    return config


def _problem(field: str, value: object, why: str, fix: str) -> str:
    return f"{field}: {value!r} {why} — fix: {fix}"


def _region_and_azs(c: NetworkConfig) -> list[str]:
    out = []
    if not ENVIRONMENT.match(c.environment):
        out.append(_problem("environment", c.environment, "is not a valid environment name",
                            "use 1-31 lowercase letters, digits and hyphens"))
    if not REGION.match(c.region):
        out.append(_problem("region", c.region, "is not an AWS region name", "use e.g. 'ap-southeast-1'"))
    elif c.region not in ZONES:
        close = difflib.get_close_matches(c.region, ZONES, n=1)
        out.append(_problem("region", c.region, "is not an AWS region we know (deploy/regions.py)",
                            f"use {close[0]!r}" if close else "use e.g. 'ap-southeast-1', or add the region "
                            "to deploy/regions.py with its source"))
    if not 2 <= len(c.azs) <= 3:
        out.append(_problem("azs", list(c.azs), f"has {len(c.azs)} zone(s); the design needs 2 or 3",
                            f"list 2-3 zones, e.g. ['{c.region}a', '{c.region}b']"))
    for az in c.azs:
        if not re.fullmatch(re.escape(c.region) + r"[a-z]", az):
            out.append(_problem("azs", az, f"is not an availability zone of region {c.region!r}",
                                f"use zones of that region, e.g. '{c.region}a', or change region"))
        elif c.region in ZONES and az not in zones(c.region):
            out.append(_problem("azs", az, f"does not exist in {c.region}",
                                f"use one of {', '.join(zones(c.region))}"))
    if len(set(c.azs)) != len(c.azs):
        out.append(_problem("azs", list(c.azs), "repeats a zone", "list each zone once"))
    return out


def _network(field: str, value: str, out: list[str]) -> ipaddress.IPv4Network | None:
    try:
        return ipaddress.IPv4Network(value, strict=True)
    except ValueError as error:
        fix = "write an IPv4 network such as '10.0.0.0/16'"
        try:
            fix = f"use {str(ipaddress.IPv4Network(value, strict=False))!r} (host bits must be zero)"
        except ValueError:
            pass
        out.append(_problem(field, value, f"is not a valid IPv4 CIDR ({error})", fix))
        return None


def _cidrs(c: NetworkConfig) -> list[str]:
    out: list[str] = []
    vpc = _network("vpc_cidr", c.vpc_cidr, out)
    if vpc is not None and not 16 <= vpc.prefixlen <= 28:
        out.append(_problem("vpc_cidr", c.vpc_cidr, "has a prefix outside /16-/28, which AWS rejects",
                            "use a prefix between /16 and /28, e.g. '10.0.0.0/16'"))
        vpc = None
    subnets: list[tuple[str, ipaddress.IPv4Network]] = []
    for field in ("public_subnet_cidrs", "private_subnet_cidrs"):
        values = getattr(c, field)
        if len(values) != len(c.azs):
            out.append(_problem(field, list(values), f"has {len(values)} entries for {len(c.azs)} AZs",
                                "give exactly one CIDR per entry of azs, in the same order"))
        for value in values:
            network = _network(field, value, out)
            if network is None:
                continue
            if not 16 <= network.prefixlen <= 28:
                out.append(_problem(field, value, "has a prefix outside /16-/28", "use e.g. a /24"))
            if vpc is not None and not network.subnet_of(vpc):
                out.append(_problem(field, value, f"is outside the VPC {c.vpc_cidr}",
                                    f"pick a subnet of {c.vpc_cidr}"))
            subnets.append((f"{field} {value}", network))
    for (a_name, a), (b_name, b) in combinations(subnets, 2):
        if a.overlaps(b):
            out.append(_problem("subnet CIDRs", [str(a), str(b)], f"overlap ({a_name} and {b_name})",
                                "give every subnet its own, non-overlapping range"))
    return out


def _dns_and_routes(c: NetworkConfig) -> list[str]:
    out = []
    if c.private_default_route:
        out.append(_problem("private_default_route", True,
                            "asks for 0.0.0.0/0 in the private route table; the design has no NAT and no IGW "
                            "route for workloads", "set it to false and reach AWS through VPC endpoints"))
    if c.interface_endpoints and not (c.enable_dns_hostnames and c.enable_dns_support):
        off = [n for n in ("enable_dns_hostnames", "enable_dns_support") if not getattr(c, n)]
        out.append(_problem(off[0], False, "is off, but interface endpoints use private DNS, which needs "
                            "both DNS hostnames and DNS resolution", f"set {' and '.join(off)} to true"))
    return out


def _endpoints(c: NetworkConfig) -> list[str]:
    out = []
    for service in c.interface_endpoints:
        if service not in INTERFACE_SERVICES:
            out.append(_problem("interface_endpoints", service, "is not a known endpoint service",
                                f"use service suffixes such as {', '.join(INTERFACE_SERVICES)}"))
    if len(set(c.interface_endpoints)) != len(c.interface_endpoints):
        out.append(_problem("interface_endpoints", list(c.interface_endpoints), "lists a service twice",
                            "list each service once"))
    if c.endpoint_policy not in POLICY_MODES:
        out.append(_problem("endpoint_policy", c.endpoint_policy, "is not a policy mode",
                            "use 'full' (demo) or 'least-privilege' (prod)"))
    if c.endpoint_profile not in PROFILES:
        out.append(_problem("endpoint_profile", c.endpoint_profile, "is not an endpoint profile",
                            f"use one of {', '.join(PROFILES)}"))
    elif c.endpoint_profile != "spec":
        lacking = [s for s in PROFILES[c.endpoint_profile] if s not in c.interface_endpoints]
        if lacking:
            out.append(_problem("interface_endpoints", list(c.interface_endpoints), f"lacks {', '.join(lacking)} "
                                f"of endpoint_profile {c.endpoint_profile!r}", "add them, or remove "
                                "interface_endpoints to take the profile's list"))
    for account in c.ecr_pull_accounts:
        if not ACCOUNT_ID.match(account):
            out.append(_problem("ecr_pull_accounts", account, "is not an AWS account id",
                                "give 12 digits, e.g. '602401143452'"))
    for arn in c.s3_bucket_arns:
        if not S3_ARN.match(arn):
            out.append(_problem("s3_bucket_arns", arn, "is not an S3 bucket or object ARN",
                                "use e.g. 'arn:aws:s3:::my-models' or 'arn:aws:s3:::my-models/*'"))
    return out


def _placeholders(template: str) -> set[str] | None:
    """The ``{names}`` a template uses, or None when its braces do not parse."""
    try:
        return {name for _, name, _, _ in string.Formatter().parse(template) if name is not None}
    except ValueError:
        return None


def _template(field: str, template: str, allowed: set[str], out: list[str]) -> bool:
    used = _placeholders(template)
    if used is None:
        out.append(_problem(field, template, "has an unbalanced '{' or '}'", "write placeholders as {name}"))
    elif used - allowed:
        out.append(_problem(field, template, f"uses unknown placeholder(s) {sorted(used - allowed)}",
                            f"use only {sorted('{' + a + '}' for a in allowed) or 'plain text'}"))
    else:
        return True
    return False


def _names(c: NetworkConfig) -> list[str]:
    out: list[str] = []
    rendered: dict[str, str] = {}
    broken: set[str] = set()
    if "{" in c.name_prefix or "}" in c.name_prefix or not NAME_PREFIX.match(c.name_prefix):
        out.append(_problem("name_prefix", c.name_prefix, "is not a usable name prefix",
                            "use 1-40 letters, digits and hyphens, e.g. 'mlops-hybrid'"))
        return out
    for kind in Names.__dataclass_fields__:
        template = getattr(c.names, kind)
        allowed = {"prefix"} | ({"az"} if kind in PER_AZ_NAMES else set()) | (
            {"service"} if kind == "interface_endpoint" else set())
        if not _template(f"names.{kind}", template, allowed, out):
            broken.add(kind)
            continue
        fields = _placeholders(template) or set()
        if kind in PER_AZ_NAMES and "az" not in fields:
            out.append(_problem(f"names.{kind}", template, "has no {az}, so every AZ gets the same name",
                                "include {az} in the template"))
        if kind == "interface_endpoint" and "service" not in fields:
            out.append(_problem(f"names.{kind}", template, "has no {service}, so endpoints share one name",
                                "include {service} in the template"))
        for az in c.azs if kind in PER_AZ_NAMES else [""]:
            for service in c.interface_endpoints if kind == "interface_endpoint" else [""]:
                name = template.format(prefix=c.name_prefix, az=az,
                                       service=INTERFACE_SERVICES.get(service, service))
                if not name:
                    out.append(_problem(f"names.{kind}", template, "renders an empty name", "give it a name"))
                elif len(name) > 256:
                    out.append(_problem(f"names.{kind}", name[:40] + "…", f"renders a {len(name)}-character Name "
                                        "tag; AWS allows 256", "shorten the template or name_prefix"))
                elif name in rendered and rendered[name] != kind:
                    out.append(_problem(f"names.{kind}", name, f"duplicates the name of names.{rendered[name]}",
                                        "give each resource its own name"))
                rendered.setdefault(name, kind)
    for kind in {"alb_sg", "eks_nodes_sg", "eks_control_plane_sg", "vpc_endpoints_sg"} - broken:
        name = c.name(kind)
        if name.lower().startswith("sg-") or len(name) > 255:
            out.append(_problem(f"names.{kind}", name, "is not a valid security group name",
                                "use at most 255 characters not starting with 'sg-'"))
    for kind in {"demo_alb", "demo_target_group"} - broken:
        name = c.name(kind)
        if not ELB_NAME.match(name) or name.startswith("internal-"):
            out.append(_problem(f"names.{kind}", name, "is not a valid load balancer name",
                                "use 1-32 letters, digits and inner hyphens, not starting with 'internal-'"))
    return out


def _cluster_and_tags(c: NetworkConfig) -> list[str]:
    out = []
    if c.cluster_name and not EKS_CLUSTER.match(c.cluster_name):
        out.append(_problem("cluster_name", c.cluster_name, "is not a valid EKS cluster name",
                            "use 1-100 letters, digits, '-' and '_', starting with a letter or digit"))
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
    out = []
    if c.demo_https and not c.demo_certificate_arn:
        out.append(_problem("demo_https", True, "asks for an HTTPS listener without a certificate",
                            "set demo_certificate_arn to an ACM certificate ARN in the same region"))
    if c.demo_certificate_arn:
        match = ACM_ARN.match(c.demo_certificate_arn)
        if not match:
            out.append(_problem("demo_certificate_arn", c.demo_certificate_arn, "is not an ACM certificate ARN",
                                "use arn:aws:acm:<region>:<account>:certificate/<uuid>"))
        elif match.group(1) != c.region:
            out.append(_problem("demo_certificate_arn", c.demo_certificate_arn,
                                f"is in {match.group(1)}, but an ALB needs a certificate in {c.region}",
                                f"issue or import the certificate in {c.region}"))
    path = c.demo_health_check_path
    if not path.startswith("/") or len(path) > 1024 or any(ch.isspace() for ch in path):
        out.append(_problem("demo_health_check_path", path, "is not an HTTP path",
                            "start it with '/', e.g. '/health', no spaces, at most 1024 characters"))
    if c.demo_access_logs_bucket and (why := _bucket_problem(c.demo_access_logs_bucket)):
        out.append(_problem("demo_access_logs_bucket", c.demo_access_logs_bucket,
                            f"is not a valid S3 bucket name ({why})", "give the bucket's name, e.g. 'acme-alb-logs'"))
    if not c.demo_ssl_policy.startswith("ELBSecurityPolicy-TLS13-"):
        out.append(_problem("demo_ssl_policy", c.demo_ssl_policy, "is not a current TLS 1.2/1.3 policy",
                            "use e.g. 'ELBSecurityPolicy-TLS13-1-2-2021-06'"))
    return out


def _target_and_state(c: NetworkConfig) -> list[str]:
    out = []
    if c.target not in ("emulator", "aws"):
        out.append(_problem("target", c.target, "is not a deploy target", "use 'emulator' or 'aws'"))
    if _template("ssm_parameter_path", c.ssm_parameter_path, {"prefix", "environment"}, out) and not SSM_PATH.match(
            c.rendered_ssm_parameter_path):
        out.append(_problem("ssm_parameter_path", c.ssm_parameter_path, "is not an SSM parameter path",
                            "start with '/', no trailing '/', letters, digits and . - _ /, e.g. '/{prefix}/network'"))
    if c.account_id and not ACCOUNT_ID.match(c.account_id):
        out.append(_problem("account_id", c.account_id, "is not an AWS account id", "give the 12 digits, "
                            "e.g. '123456789012' (aws sts get-caller-identity shows yours)"))
    if not 1 <= c.emulator_port <= 65535:
        out.append(_problem("emulator_port", c.emulator_port, "is not a TCP port", "use 1-65535"))
    if not _loopback(c.emulator_host):
        out.append(_problem("emulator_host", c.emulator_host, "is not a loopback address; the emulator runs on "
                            "this machine and serves no one else", "use 127.0.0.1 (the default) or localhost"))
    if c.backend == "hcp" and not HCP_NAME.match(c.hcp_organization):
        out.append(_problem("hcp_organization", c.hcp_organization, "is not an HCP Terraform organization name",
                            "set it to your organization, e.g. 'acme' (letters, digits, '-' and '_')"))
    if c.backend == "hcp" and _template("hcp_workspace", c.hcp_workspace, {"environment"}, out) and \
            not HCP_NAME.match(c.rendered_hcp_workspace):
        out.append(_problem("hcp_workspace", c.hcp_workspace, "is not a workspace name",
                            "use letters, digits, '-' and '_', with {environment} for one per environment"))
    if c.backend not in ("s3", "local", "hcp"):
        out.append(_problem("backend", c.backend, "is not a state backend",
                            "use 's3' (remote state, the default), 'hcp' or 'local'"))
    if why := _bucket_problem(c.state_bucket):
        out.append(_problem("state_bucket", c.state_bucket, f"is not a valid S3 bucket name ({why})",
                            "use 3-63 lowercase letters, digits, '.' and '-', starting and ending with a letter "
                            "or digit"))
    if _template("state_key", c.state_key, {"environment"}, out) and (
            not c.state_key or c.state_key.startswith("/") or len(c.rendered_state_key.encode()) > 1024):
        out.append(_problem("state_key", c.state_key, "is not an S3 object key",
                            "use a relative key such as 'production-network/{environment}/terraform.tfstate'"))
    if c.state_kms_key_id and not KMS_KEY_ID.match(c.state_kms_key_id):
        out.append(_problem("state_kms_key_id", c.state_kms_key_id, "is not a KMS key ARN, key id or alias",
                            "use arn:aws:kms:<region>:<account>:key/<id> or alias/<name>"))
    if c.state_access_log_bucket:
        if why := _bucket_problem(c.state_access_log_bucket):
            out.append(_problem("state_access_log_bucket", c.state_access_log_bucket,
                                f"is not a valid S3 bucket name ({why})", "give the log bucket's name"))
        elif c.state_access_log_bucket == c.state_bucket:
            out.append(_problem("state_access_log_bucket", c.state_access_log_bucket, "is the state bucket itself, "
                                "so every log delivery writes a new log", "use a separate bucket"))
    if c.state_region and not REGION.match(c.state_region):
        out.append(_problem("state_region", c.state_region, "is not an AWS region name", "use e.g. 'ap-southeast-1'"))
    return out


def _flow_logs(c: NetworkConfig) -> list[str]:
    out = []
    if c.flow_logs_destination not in DESTINATIONS:
        out.append(_problem("flow_logs_destination", c.flow_logs_destination, "is not a flow-logs destination",
                            f"use one of {', '.join(DESTINATIONS)}"))
    if c.flow_logs_traffic_type not in TRAFFIC_TYPES:
        out.append(_problem("flow_logs_traffic_type", c.flow_logs_traffic_type, "is not a traffic type",
                            f"use one of {', '.join(TRAFFIC_TYPES)}"))
    if c.flow_logs_retention_days not in RETENTION_DAYS:
        out.append(_problem("flow_logs_retention_days", c.flow_logs_retention_days, "is not a retention "
                            "CloudWatch Logs accepts", f"use one of {', '.join(map(str, RETENTION_DAYS))}"))
    if c.flow_logs_destination == "s3" and not S3_ARN.match(c.flow_logs_s3_bucket_arn):
        out.append(_problem("flow_logs_s3_bucket_arn", c.flow_logs_s3_bucket_arn, "is not an S3 bucket ARN, "
                            "which flow_logs_destination = 's3' needs", "use arn:aws:s3:::<bucket>[/<prefix>]"))
    if c.flow_logs_destination == "cloudwatch" and c.flow_logs_s3_bucket_arn:
        out.append(_problem("flow_logs_s3_bucket_arn", c.flow_logs_s3_bucket_arn, "is set, but the flow logs "
                            "go to CloudWatch Logs", "set flow_logs_destination = 's3' or remove the bucket"))
    if c.flow_logs_kms_key_arn:
        match = KMS_KEY_ARN.match(c.flow_logs_kms_key_arn)
        if not match or match.group(1) != c.region:
            out.append(_problem("flow_logs_kms_key_arn", c.flow_logs_kms_key_arn, f"is not a KMS key ARN in "
                                f"{c.region} (CloudWatch Logs takes a key ARN in its own region)",
                                f"use arn:aws:kms:{c.region}:<account>:key/<id>"))
    if _placeholders(c.names.flow_logs) == {"prefix"} and not IAM_ROLE.match(c.name("flow_logs")):
        out.append(_problem("names.flow_logs", c.name("flow_logs"), "is not a valid IAM role name",
                            "use at most 64 letters, digits and + = , . @ _ -"))
    if _placeholders(c.names.flow_logs_group) == {"prefix"} and not LOG_GROUP.match(c.name("flow_logs_group")):
        out.append(_problem("names.flow_logs_group", c.name("flow_logs_group"), "is not a valid log group name",
                            "use at most 512 letters, digits and . - _ / #"))
    return out


def _loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _bucket_problem(name: str) -> str:
    """Why AWS would refuse the bucket name (S3 user guide, "Bucket naming rules"), or ''."""
    if not 3 <= len(name) <= 63:
        return f"{len(name)} characters"
    if not S3_BUCKET.match(name):
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


def pitfalls(c: NetworkConfig) -> list[str]:
    """The spec's §7 'common issues' this configuration walks into: a cluster in it cannot work."""
    advice = []
    missing_ecr = [s for s in ("ecr.api", "ecr.dkr") if s not in c.interface_endpoints]
    if missing_ecr or not c.s3_gateway_endpoint:
        gone = missing_ecr + ([] if c.s3_gateway_endpoint else ["s3 gateway"])
        advice.append(f"§7.1 pods cannot pull images from ECR: missing endpoint(s) {', '.join(gone)}")
    if not c.node_paths:
        advice.append("§7.1 nodes cannot fetch image layers from S3 nor reach the Kubernetes API: the spec's node "
                      "group allows 443 only to the endpoints; set node_paths = true")
    if "sts" not in c.interface_endpoints:
        advice.append("§7.2 pods using IRSA cannot reach STS: add 'sts' to interface_endpoints")
    if "logs" not in c.interface_endpoints:
        advice.append("§4.2 nodes cannot ship logs to CloudWatch: add 'logs' to interface_endpoints")
    if c.endpoint_policy == "least-privilege" and c.region not in EKS_ADDON_REGISTRY and not c.ecr_pull_accounts:
        advice.append(f"§7.1 the least-privilege ECR policy lets nodes pull only from this account: the EKS add-on "
                      f"registry of {c.region} is not in our table; set ecr_pull_accounts from "
                      "https://docs.aws.amazon.com/eks/latest/userguide/add-ons-images.html")
    return advice


# What each service of the eks-fully-private profile does for a cluster without outbound internet.
PROFILE_GAPS = {
    "ec2": "the VPC CNI on the nodes cannot call the EC2 API to attach network interfaces and assign pod IPs",
    "elasticloadbalancing": "the AWS Load Balancer Controller cannot create or change load balancers",
    "eks": "calls to the EKS API from inside the VPC (node bootstrap lookups, eksctl, controllers) fail",
    "eks-auth": "EKS Pod Identity cannot hand out credentials (IRSA through sts is unaffected)",
    "autoscaling": "the Cluster Autoscaler cannot resize node groups",
}


def profile_gaps(c: NetworkConfig) -> list[str]:
    """What a cluster without outbound internet still lacks here (the AWS EKS private-cluster guide's
    endpoints that this configuration leaves out): advice, since the spec's own four leave them out."""
    return [f"no {service} endpoint: {why}" for service, why in PROFILE_GAPS.items()
            if service not in c.interface_endpoints]
