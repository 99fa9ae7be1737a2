"""The one typed configuration of the network: every name, CIDR, AZ, tag and toggle.

Defaults reproduce the design (docs/design.md) exactly. Each field is documented here, once, with
``setting(default, doc)``; the table in docs/configuration.md is rendered from these docs
(``bin/net config --table``) and a test keeps the two equal. Loading is in ``loader.py``, checks in
``validation.py``; this module imports neither.
"""
from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Any, Mapping

from modules.endpoint_services import PROFILES, short_name


class ConfigError(ValueError):
    """Bad configuration: each line names the field, the value and the fix."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("invalid network configuration:\n" + "\n".join(f"  - {p}" for p in problems))


def setting(default: Any, doc: str) -> Any:
    """A configuration field with its one documentation string."""
    if isinstance(default, (dict, list)):
        return field(default_factory=lambda: type(default)(default), metadata={"doc": doc})
    return field(default=default, metadata={"doc": doc})


@dataclass(frozen=True)
class Names:
    """Name tag templates. ``{prefix}`` is ``name_prefix``; ``{az}`` the zone; ``{service}`` the endpoint."""

    vpc: str = setting("mlops-retail-forecast-hybrid-vpc", "§1.1 VPC")
    public_subnet: str = setting("{prefix}-public-alb-{az}", "§1.2 public subnets, one per AZ")
    private_subnet: str = setting("mlops-eks-private-workloads-{az}", "§1.2 private subnets, one per AZ")
    pod_subnet: str = setting("{prefix}-pods-{az}", "pod subnets in `pod_cidr`, one per AZ")
    internet_gateway: str = setting("{prefix}-igw", "§1.3")
    public_route_table: str = setting("{prefix}-public-alb-rt", "§1.4")
    private_route_table: str = setting("{prefix}-private-workloads-rt", "§1.4")
    alb_sg: str = setting("{prefix}-alb-sg", "§2.1")
    eks_nodes_sg: str = setting("{prefix}-eks-nodes-sg", "§2.2")
    eks_control_plane_sg: str = setting("{prefix}-eks-control-plane-sg", "§2.3")
    vpc_endpoints_sg: str = setting("{prefix}-vpc-endpoints-sg", "§2.4")
    s3_endpoint: str = setting("{prefix}-s3-gateway-endpoint", "§4.1")
    interface_endpoint: str = setting("{prefix}-{service}-endpoint", "§4.2, `{service}` e.g. `ecr-api`")
    demo_alb: str = setting("{prefix}-api-demo-alb", "§5.1, at most 32 characters")
    demo_target_group: str = setting("{prefix}-eks-api-tg", "§5.2, at most 32 characters")
    default_security_group: str = setting("{prefix}-default-sg-unused", "the VPC's default group, kept empty")
    default_network_acl: str = setting("{prefix}-default-nacl", "the VPC's default network ACL")
    flow_logs: str = setting("{prefix}-vpc-flow-logs", "the flow log and its IAM role")
    flow_logs_group: str = setting("/aws/vpc-flow-logs/{prefix}", "the flow logs' CloudWatch log group")


#: The Name templates rendered once per AZ (``{az}`` required).
PER_AZ_NAMES = ("public_subnet", "private_subnet", "pod_subnet")


@dataclass(frozen=True)
class NetworkConfig:
    environment: str = setting("default", "the environment (`NETWORK_ENV`): stack `network-<environment>`, "
                                          "file `environments/<environment>.toml`")
    region: str = setting("ap-southeast-1", "AWS region; setting only it derives `azs` as its zones a and b")
    azs: tuple[str, ...] = setting(("ap-southeast-1a", "ap-southeast-1b"), "2 or 3 zones of the region")

    # §1 network
    vpc_cidr: str = setting("10.0.0.0/16", "§1.1 VPC IPv4 CIDR, /16 to /28")
    public_subnet_cidrs: tuple[str, ...] = setting(("10.0.1.0/24", "10.0.2.0/24"),
                                                   "§1.2 one per AZ, inside the VPC, non-overlapping")
    private_subnet_cidrs: tuple[str, ...] = setting(("10.0.101.0/24", "10.0.102.0/24"),
                                                    "§1.2 one per AZ, inside the VPC, non-overlapping")
    enable_dns_hostnames: bool = setting(True, "§1.1 needed for private DNS on interface endpoints")
    enable_dns_support: bool = setting(True, "§1.1 needed for private DNS on interface endpoints")
    private_default_route: bool = setting(False, "`true` is refused: the design has no NAT and no default "
                                                 "route for workloads")

    # names and tags
    name_prefix: str = setting("mlops-hybrid", "`{prefix}` in the `[names]` templates")
    names: Names = setting(Names(), "`[names]` table of Name templates (`Names` in `deploy/schema.py`)")
    tags: Mapping[str, str] = setting({"Project": "mlops-retail-forecast", "ManagedBy": "cdktf"},
                                      "default tags on every resource, plus `Environment`")

    # security baseline beyond the design (docs/design.md, "Beyond the design")
    flow_logs: bool = setting(True, "VPC flow logs; `false` also needs a checkov skip for CKV2_AWS_11")
    flow_logs_destination: str = setting("cloudwatch", "`cloudwatch` (log group and IAM role made here) or "
                                                       "`s3` (needs `flow_logs_s3_bucket_arn`)")
    flow_logs_traffic_type: str = setting("ALL", "`ALL`, `ACCEPT` or `REJECT`")
    flow_logs_retention_days: int = setting(90, "CloudWatch Logs retention in days (a value the service "
                                                "accepts: 30, 90, 365, 731, …)")
    flow_logs_kms_key_arn: str = setting("", "KMS key for the flow logs' log group; empty means CloudWatch "
                                             "Logs' own encryption")
    flow_logs_s3_bucket_arn: str = setting("", "`flow_logs_destination = \"s3\"`: `arn:aws:s3:::bucket[/prefix]`")

    # hand-off to the next stack
    ssm_parameters: bool = setting(False, "also publish the ids as SSM parameters under `ssm_parameter_path`")
    ssm_parameter_path: str = setting("/{prefix}/network", "where the SSM parameters go; `{prefix}` is "
                                                           "`name_prefix`, `{environment}` the environment")

    # §2 security groups
    endpoints_allow_vpc_cidr: bool = setting(False, "§2.4 optional 443 from the VPC CIDR to the endpoints")
    node_paths: bool = setting(True, "two node egress rules beyond the spec's 13: 443 to the control plane "
                                     "and 443 to the S3 prefix list (docs/design.md §2)")

    # Pod capacity of the private subnets (deploy/capacity.py, docs/capacity.md)
    node_instance_types: tuple[str, ...] = setting(("m5.large",), "the node groups' instance types (eksctl's "
                                                   "default, `m5.large`); capacity counts the one whose full node "
                                                   "takes the most addresses")
    node_count: int = setting(2, "the most nodes the node groups run, all AZs together (eksctl's default, 2); "
                                 "spread across the private subnets")
    pod_cidr: str = setting("", "a secondary VPC CIDR for pods (custom networking), e.g. `100.64.0.0/16`: one pod "
                                "subnet per AZ, ENIConfigs in the hand-off; empty: pods use the private subnets")
    prefix_delegation: bool = setting(False, "plan for the VPC CNI's prefix delegation: a `prefix` CIDR reservation "
                                             "per AZ sized for the node plan, and the CNI setting in the hand-off")

    # §3 subnet tags
    cluster_name: str = setting("", "§3 adds `kubernetes.io/cluster/<name>=shared` to every subnet")

    # §4 endpoints
    s3_gateway_endpoint: bool = setting(True, "§4.1 S3 gateway endpoint on the private route table")
    endpoint_profile: str = setting("spec", "`spec` (§4's four interface endpoints) or `eks-fully-private` "
                                            "(also `ec2`, `elasticloadbalancing`, `eks`, `eks-auth`, "
                                            "`autoscaling`); sets `interface_endpoints`")
    interface_endpoints: tuple[str, ...] = setting(
        PROFILES["spec"],
        "§4.2/4.3 interface endpoints, instead of a profile; also known: `ec2`, `elasticloadbalancing`, "
        "`autoscaling`, `eks`, `eks-auth`, `ssm`, `ssmmessages`, `ec2messages`, `kms`, `sqs`, `xray`")
    endpoint_policy: str = setting("full", "`full` (AWS's default document, written out so a "
                                           "change back reverts) or `least-privilege` (per-service actions, this "
                                           "account only)")
    s3_bucket_arns: tuple[str, ...] = setting((), "buckets the least-privilege S3 policy allows besides "
                                                  "ECR's layers")
    ecr_pull_accounts: tuple[str, ...] = setting((), "accounts the least-privilege ECR policy lets nodes pull "
                                                     "from besides this one and the region's EKS add-on "
                                                     "registry")

    # §5 demo ALB (option B); off means option A
    demo_alb: bool = setting(False, "§5 option B: the demo ALB, target group and listeners")
    demo_https: bool = setting(False, "ask for HTTPS; needs `demo_certificate_arn`")
    demo_certificate_arn: str = setting("", "ACM certificate in the region: HTTPS 443 and the 80→443 redirect")
    demo_health_check_path: str = setting("/health", "§5.2 target group health check")
    demo_ssl_policy: str = setting("ELBSecurityPolicy-TLS13-1-2-2021-06", "§5.3 HTTPS listener policy")
    demo_access_logs_bucket: str = setting("", "bucket name for the demo ALB's access logs; empty means none")

    # where it deploys and where its state lives
    target: str = setting("emulator", "`emulator` (the local AWS emulator) or `aws`")
    account_id: str = setting("", "the AWS account the network belongs in: the provider's "
                                  "`allowed_account_ids`, so other credentials fail before any change")
    emulator_host: str = setting("127.0.0.1", "the emulator's address (loopback)")
    emulator_port: int = setting(5000, "the emulator's port")
    backend: str = setting("s3", "`s3` (remote state), `hcp` (HCP Terraform workspaces) or, only when chosen, "
                                 "`local`")
    state_bucket: str = setting("mlops-retail-forecast-tfstate", "the state bucket (bootstrapped by "
                                                                 "`bin/net bootstrap`)")
    state_key: str = setting("production-network/{environment}/terraform.tfstate", "state object key")
    state_region: str = setting("", "the state bucket's region; empty means `region`")
    state_kms_key_id: str = setting("", "KMS key (ARN or alias) for SSE-KMS on the state bucket and the "
                                        "state object; empty means SSE-S3")
    state_access_log_bucket: str = setting("", "bucket for the state bucket's server access logs; empty "
                                               "means none")
    hcp_organization: str = setting("", "`backend = \"hcp\"`: the HCP Terraform organization")
    hcp_workspace: str = setting("production-network-{environment}", "`backend = \"hcp\"`: the workspace, "
                                                                      "one per environment")
    hcp_hostname: str = setting("app.terraform.io", "`backend = \"hcp\"`: HCP Terraform or Terraform "
                                                    "Enterprise host")

    # the fleet of environments (docs/fleet.md)
    promote_after: str = setting("", "an environment that must apply a commit before this one does (CI's "
                                     "apply order), e.g. `staging` for production")
    cidr_overlap_ok: tuple[str, ...] = setting((), "environments in other accounts or regions whose VPC CIDR "
                                                   "may overlap this one's (reported otherwise)")

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
    def rendered_hcp_workspace(self) -> str:
        return self.hcp_workspace.format(environment=self.environment)

    @property
    def rendered_ssm_parameter_path(self) -> str:
        return self.ssm_parameter_path.format(prefix=self.name_prefix, environment=self.environment)

    @property
    def all_tags(self) -> dict[str, str]:
        return {**self.tags, "Environment": self.environment}

    def name(self, kind: str, **values: str) -> str:
        template = getattr(self.names, kind)
        return template.format(prefix=self.name_prefix, **values)

    def endpoint_name(self, service: str) -> str:
        return self.name("interface_endpoint", service=short_name(service))


FIELDS = {f.name: f for f in dataclasses.fields(NetworkConfig)}
NAME_FIELDS = {f.name for f in dataclasses.fields(Names)}


def _shown(value: Any) -> str:
    if isinstance(value, tuple):
        return "[" + ", ".join(value) + "]" if value else "[]"
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, Names):
        return "spec names"
    if isinstance(value, Mapping):
        return ", ".join(f"{k}={v}" for k, v in value.items())
    return str(value) if value != "" else "(empty)"


def config_table() -> str:
    """The Markdown table of every field: type, default and doc (docs/configuration.md)."""
    rows = ["| Field | Type | Default | Meaning |", "|---|---|---|---|"]
    defaults = NetworkConfig()
    for name, spec in FIELDS.items():
        kind = spec.type.replace("Mapping[str, str]", "table").replace("tuple[str, ...]", "list")
        rows.append(f"| `{name}` | {kind} | `{_shown(getattr(defaults, name))}` | {spec.metadata['doc']} |")
    return "\n".join(rows)
