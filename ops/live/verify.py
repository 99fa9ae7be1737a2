"""§6 CLI verification and §4.4 endpoint checklist, run against the live resources.

Reads what was deployed back through the AWS API (boto3) and compares it with the configuration:
CIDRs, AZs, DNS attributes, routes, endpoint types and private DNS, security group rules and tags,
and the baseline beyond the spec (flow logs, the default security group and network ACL).
"""
from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from deploy import capacity
from deploy.part_props import HANDOFF_PARAMETERS, SECURITY_GROUPS
from deploy.schema import NetworkConfig
from deploy.validation import pitfalls, profile_gaps
from modules.props.network import pod_subnet_cidrs
from modules.props.security_groups import S3_PREFIX_LIST, rules
from modules.subnet_tags import private_subnet_tags, public_subnet_tags

from ..aws_clients import client
from . import instance_limits


@dataclass(frozen=True)
class Check:
    name: str
    ok: bool
    detail: str = ""
    #: Advice that does not fail the check (a choice the configuration made knowingly).
    warning: bool = False

    @property
    def status(self) -> str:
        return "FAIL" if not self.ok else "warn" if self.warning else "ok"

    def __str__(self) -> str:
        return f"{self.status:<4} {self.name}{': ' + self.detail if self.detail else ''}"


def _tags(resource: dict) -> dict[str, str]:
    return {t["Key"]: t["Value"] for t in resource.get("Tags", [])}


def _expect(checks: list[Check], name: str, actual, expected) -> None:
    checks.append(Check(name, actual == expected, "" if actual == expected else f"got {actual!r}, want {expected!r}"))


def verify(config: NetworkConfig, outputs: dict) -> list[Check]:
    """The live checks, in a fixed order. Their ~20 reads are independent, so they run side by side:
    on real AWS each one waits on the network."""
    ec2 = client(config, "ec2")
    vpc_id = outputs["vpc_id"]
    parts = [
        lambda checks: _verify_vpc(config, ec2, vpc_id, checks),
        lambda checks: _verify_subnets(config, ec2, outputs, checks),
        lambda checks: _verify_routes(config, ec2, outputs, checks),
        lambda checks: _verify_endpoints(config, ec2, outputs, checks),
        lambda checks: _verify_security_groups(config, ec2, outputs, checks),
        lambda checks: _verify_demo_alb(config, outputs, checks),
        lambda checks: _verify_defaults(config, ec2, vpc_id, checks),
        lambda checks: _verify_flow_logs(config, ec2, vpc_id, checks),
        lambda checks: _verify_capacity(config, ec2, outputs, checks),
        lambda checks: _verify_pod_networking(config, ec2, outputs, checks),
    ]
    if config.ssm_parameters:
        parts.append(lambda checks: _verify_parameters(config, outputs, checks))
    with ThreadPoolExecutor(max_workers=len(parts)) as pool:
        return [check for found in pool.map(_collect, parts) for check in found]


def _collect(part: Callable[[list[Check]], None]) -> list[Check]:
    checks: list[Check] = []
    part(checks)
    return checks


def _verify_capacity(config: NetworkConfig, ec2, outputs: dict, checks: list[Check]) -> None:
    """The configured nodes, full, against each private subnet's free addresses now (endpoints hold some)."""
    home = outputs.get("pod_subnet_ids") or outputs["private_subnet_ids"]
    subnets = {s["AvailabilityZone"]: s for s in ec2.describe_subnets(SubnetIds=list(home.values()))["Subnets"]}
    limits, source = instance_limits.limits(config)
    live = {az: s["CidrBlock"] for az, s in sorted(subnets.items())}
    for zone in capacity.plan(live, config.node_instance_types, config.node_count, limits,
                              tuple(live.values()) if config.pod_cidr else ()):
        free = subnets[zone.az]["AvailableIpAddressCount"]
        checks.append(Check(f"pod capacity {zone.az}", zone.secondary_ip <= free,
                            f"{zone.nodes} full {zone.instance_type} node(s) take {zone.secondary_ip} addresses, "
                            f"{free} free of {zone.usable} (limits: {source})"))


def _verify_pod_networking(config: NetworkConfig, ec2, outputs: dict, checks: list[Check]) -> None:
    """The pods' secondary block and subnets (``pod_cidr``) and the prefix reservations
    (``prefix_delegation``), when the configuration asks for them."""
    if config.pod_cidr:
        vpc = ec2.describe_vpcs(VpcIds=[outputs["vpc_id"]])["Vpcs"][0]
        blocks = {b["CidrBlock"]: b["CidrBlockState"]["State"] for b in vpc.get("CidrBlockAssociationSet", [])}
        _expect(checks, "pod CIDR associated with the VPC", blocks.get(config.pod_cidr), "associated")
        ids = outputs.get("pod_subnet_ids", {})
        subnets = {s["AvailabilityZone"]: s for s in ec2.describe_subnets(SubnetIds=list(ids.values()))["Subnets"]} \
            if ids else {}
        wanted = dict(zip(config.azs, pod_subnet_cidrs(config.pod_cidr, len(config.azs)), strict=False))
        _expect(checks, "pod subnets per AZ", {az: s["CidrBlock"] for az, s in subnets.items()}, wanted)
        roles = {az: sorted(k for k in _tags(s) if k.startswith("kubernetes.io/role/")) for az, s in subnets.items()}
        _expect(checks, "pod subnets carry no load balancer role tag", roles, {az: [] for az in subnets})
    if config.prefix_delegation:
        home = outputs.get("pod_subnet_ids") or outputs["private_subnet_ids"]
        live = {az: sorted((r["Cidr"], r["ReservationType"]) for r in
                           ec2.get_subnet_cidr_reservations(SubnetId=subnet)["SubnetIpv4CidrReservations"])
                for az, subnet in home.items()}
        _expect(checks, "prefix reservations for the VPC CNI", live,
                {az: [(cidr, "prefix")] for az, cidr in capacity.reservations(config).items()})


def _verify_vpc(config: NetworkConfig, ec2, vpc_id: str, checks: list[Check]) -> None:
    vpc = ec2.describe_vpcs(VpcIds=[vpc_id])["Vpcs"][0]
    _expect(checks, "§1.1 VPC CIDR", vpc["CidrBlock"], config.vpc_cidr)
    _expect(checks, "§1.1 VPC Name", _tags(vpc).get("Name"), config.name("vpc"))
    _expect(checks, "default tags on the VPC", {k: _tags(vpc).get(k) for k in config.all_tags}, config.all_tags)
    for attribute, wanted in (("enableDnsHostnames", config.enable_dns_hostnames),
                              ("enableDnsSupport", config.enable_dns_support)):
        value = ec2.describe_vpc_attribute(VpcId=vpc_id, Attribute=attribute)
        _expect(checks, f"§1.1 VPC {attribute}", value[attribute[0].upper() + attribute[1:]]["Value"], wanted)


def _verify_parameters(config: NetworkConfig, outputs: dict, checks: list[Check]) -> None:
    path = config.rendered_ssm_parameter_path
    found = client(config, "ssm").get_parameters_by_path(Path=path)["Parameters"]
    live = {p["Name"].rsplit("/", 1)[1]: p["Value"] for p in found}
    wanted = {name: ",".join(outputs[name]) if isinstance(outputs[name], list) else outputs[name]
              for name in HANDOFF_PARAMETERS}
    _expect(checks, f"SSM parameters under {path}", live, wanted)


def _verify_defaults(config: NetworkConfig, ec2, vpc_id: str, checks: list[Check]) -> None:
    """The default security group carries no rule; the default NACL keeps exactly AWS's default rules
    and every subnet of ours."""
    in_vpc = [{"Name": "vpc-id", "Values": [vpc_id]}]
    group = ec2.describe_security_groups(Filters=[*in_vpc, {"Name": "group-name", "Values": ["default"]}])
    group = group["SecurityGroups"][0]
    _expect(checks, "default security group has no rules",
            group["IpPermissions"] + group["IpPermissionsEgress"], [])
    _expect(checks, "default security group Name tag", _tags(group).get("Name"), config.name("default_security_group"))
    acl = ec2.describe_network_acls(Filters=[*in_vpc, {"Name": "default", "Values": ["true"]}])["NetworkAcls"][0]
    entries = sorted((e["Egress"], e["RuleNumber"], e["RuleAction"], e["Protocol"], e["CidrBlock"])
                     for e in acl["Entries"] if e["RuleNumber"] != 32767)
    _expect(checks, "default network ACL rules: allow all (security groups filter)", entries,
            [(False, 100, "allow", "-1", "0.0.0.0/0"), (True, 100, "allow", "-1", "0.0.0.0/0")])
    subnets = ec2.describe_subnets(Filters=in_vpc)["Subnets"]
    _expect(checks, "default network ACL on every subnet", sorted(a["SubnetId"] for a in acl["Associations"]),
            sorted(s["SubnetId"] for s in subnets))


def _verify_flow_logs(config: NetworkConfig, ec2, vpc_id: str, checks: list[Check]) -> None:
    logs = ec2.describe_flow_logs(Filters=[{"Name": "resource-id", "Values": [vpc_id]}])["FlowLogs"]
    if not config.flow_logs:
        _expect(checks, "no VPC flow logs (flow_logs = false)", [f["FlowLogId"] for f in logs], [])
        return
    _expect(checks, "VPC flow logs: one, active", [f.get("FlowLogStatus") for f in logs], ["ACTIVE"])
    if len(logs) != 1:
        return
    log = logs[0]
    _expect(checks, "VPC flow logs traffic type", log.get("TrafficType"), config.flow_logs_traffic_type)
    if config.flow_logs_destination == "s3":
        _expect(checks, "VPC flow logs to S3", (log.get("LogDestinationType"), log.get("LogDestination")),
                ("s3", config.flow_logs_s3_bucket_arn))
        return
    group = config.name("flow_logs_group")
    _expect(checks, "VPC flow logs to CloudWatch Logs",
            (log.get("LogDestinationType"), log.get("LogDestination", "").split(":log-group:")[-1]),
            ("cloud-watch-logs", group))
    _expect(checks, "VPC flow logs delivery", log.get("DeliverLogsStatus"), "SUCCESS")
    found = client(config, "logs").describe_log_groups(logGroupNamePrefix=group)["logGroups"]
    _expect(checks, "VPC flow logs retention (days)", [g.get("retentionInDays") for g in found if
                                                       g["logGroupName"] == group], [config.flow_logs_retention_days])


def _verify_demo_alb(config: NetworkConfig, outputs: dict, checks: list[Check]) -> None:
    """§5: the ALB exists, with its listeners, exactly while the demo switch is on."""
    elbv2 = client(config, "elbv2")
    named = [lb for lb in elbv2.describe_load_balancers()["LoadBalancers"]
             if lb["LoadBalancerName"] == config.name("demo_alb")]
    if not config.demo_alb:
        _expect(checks, "§5 option A: no demo ALB", [lb["LoadBalancerArn"] for lb in named], [])
        return
    _expect(checks, "§5.1 demo ALB exists", [lb["LoadBalancerArn"] for lb in named], [outputs.get("demo_alb_arn")])
    if not named:
        return
    _expect(checks, "§5.1 demo ALB in the public subnets",
            sorted(z["SubnetId"] for z in named[0]["AvailabilityZones"]), sorted(outputs["public_subnet_ids"].values()))
    listeners = elbv2.describe_listeners(LoadBalancerArn=named[0]["LoadBalancerArn"])["Listeners"]
    _expect(checks, "§5.3 demo ALB listeners", sorted(l["Port"] for l in listeners),
            [80, 443] if config.https_enabled else [80])


def _verify_subnets(config: NetworkConfig, ec2, outputs: dict, checks: list[Check]) -> None:
    for kind, cidrs, public, extra_tags in (
            ("public", config.public_subnet_cidrs, True, public_subnet_tags(config.cluster_name)),
            ("private", config.private_subnet_cidrs, False, private_subnet_tags(config.cluster_name))):
        ids = outputs[f"{kind}_subnet_ids"]
        for az, cidr in zip(config.azs, cidrs, strict=True):
            subnet = ec2.describe_subnets(SubnetIds=[ids[az]])["Subnets"][0]
            label = f"§1.2 {kind} subnet {az}"
            _expect(checks, f"{label} CIDR", subnet["CidrBlock"], cidr)
            _expect(checks, f"{label} AZ", subnet["AvailabilityZone"], az)
            _expect(checks, f"§1.5 {kind} subnet {az} auto-assign public IPv4", subnet["MapPublicIpOnLaunch"], public)
            tags = _tags(subnet)
            wanted = {"Name": config.name(f"{kind}_subnet", az=az), **extra_tags}
            _expect(checks, f"§3 {kind} subnet {az} tags", {k: tags.get(k) for k in wanted}, wanted)


def _verify_routes(config: NetworkConfig, ec2, outputs: dict, checks: list[Check]) -> None:
    vpc_filter = [{"Name": "vpc-id", "Values": [outputs["vpc_id"]]}]
    igws = ec2.describe_internet_gateways(InternetGatewayIds=[outputs["internet_gateway_id"]])["InternetGateways"]
    attached = [a["VpcId"] for a in igws[0].get("Attachments", []) if a.get("State") in ("available", "attached")]
    _expect(checks, "§1.3 internet gateway attached", attached, [outputs["vpc_id"]])
    tables = {t["RouteTableId"]: t for t in ec2.describe_route_tables(Filters=vpc_filter)["RouteTables"]}
    public = tables[outputs["public_route_table_id"]]
    private = tables[outputs["private_route_table_id"]]
    default = [r.get("GatewayId") for r in public["Routes"] if r.get("DestinationCidrBlock") == "0.0.0.0/0"]
    _expect(checks, "§1.4 public route 0.0.0.0/0 -> IGW", default, [outputs["internet_gateway_id"]])
    cidr_routes = sorted(r.get("DestinationCidrBlock") for r in private["Routes"] if r.get("DestinationCidrBlock"))
    # One local route per block of the VPC: the pods' secondary block has its own.
    _expect(checks, "§1.4 private route table: only the local route", cidr_routes,
            sorted([config.vpc_cidr] + ([config.pod_cidr] if config.pod_cidr else [])))
    pods = list(outputs.get("pod_subnet_ids", {}).values())  # pod subnets share the private table
    for kind, table, subnets in (("public", public, list(outputs["public_subnet_ids"].values())),
                                 ("private", private, list(outputs["private_subnet_ids"].values()) + pods)):
        associated = sorted(a["SubnetId"] for a in table.get("Associations", []) if a.get("SubnetId"))
        _expect(checks, f"§1.4 {kind} route table associations", associated, sorted(subnets))
    nat = ec2.describe_nat_gateways(Filters=vpc_filter)["NatGateways"]
    _expect(checks, "no NAT gateway in the VPC", [n["NatGatewayId"] for n in nat if n["State"] != "deleted"], [])


def _verify_endpoints(config: NetworkConfig, ec2, outputs: dict, checks: list[Check]) -> None:
    ids = outputs["vpc_endpoint_ids"]
    found = {e["VpcEndpointId"]: e for e in ec2.describe_vpc_endpoints(VpcEndpointIds=list(ids.values()))["VpcEndpoints"]}
    if config.s3_gateway_endpoint:
        s3 = found[ids["s3"]]
        _expect(checks, "§4.1 S3 endpoint type", s3["VpcEndpointType"], "Gateway")
        _expect(checks, "§4.4 S3 gateway on the private route table", s3.get("RouteTableIds"),
                [outputs["private_route_table_id"]])
    private_subnets = sorted(outputs["private_subnet_ids"].values())
    for service in config.interface_endpoints:
        endpoint = found[ids[service]]
        label = f"§4.2 {service} endpoint"
        _expect(checks, f"{label} service", endpoint["ServiceName"], f"com.amazonaws.{config.region}.{service}")
        _expect(checks, f"{label} type", endpoint["VpcEndpointType"], "Interface")
        _expect(checks, f"§4.4 {service} private DNS", endpoint.get("PrivateDnsEnabled"), True)
        _expect(checks, f"§4.4 {service} in each private subnet", sorted(endpoint.get("SubnetIds", [])),
                private_subnets)
        groups = [g["GroupId"] for g in endpoint.get("Groups", [])]
        _expect(checks, f"{label} security group", groups, [outputs["security_group_ids"]["vpc_endpoints"]])
        _expect(checks, f"{label} Name", _tags(endpoint).get("Name"), config.endpoint_name(service))


def _rule_key(rule: dict, names: dict[str, str]) -> tuple:
    port = "all" if rule["IpProtocol"] == "-1" else str(rule.get("FromPort"))
    peer = rule.get("CidrIpv4") or names.get(rule.get("ReferencedGroupInfo", {}).get("GroupId")) or names.get(
        rule.get("PrefixListId"), "?")
    return ("out" if rule["IsEgress"] else "in", port, peer, rule.get("Description", ""))


def _verify_security_groups(config: NetworkConfig, ec2, outputs: dict, checks: list[Check]) -> None:
    group_ids = outputs["security_group_ids"]
    names = {group_id: key for key, group_id in group_ids.items()}
    s3_lists = ec2.describe_prefix_lists(Filters=[{"Name": "prefix-list-name",
                                                   "Values": [f"com.amazonaws.{config.region}.s3"]}])["PrefixLists"]
    names.update({p["PrefixListId"]: S3_PREFIX_LIST for p in s3_lists})
    groups = {g["GroupId"]: g for g in ec2.describe_security_groups(GroupIds=list(group_ids.values()))["SecurityGroups"]}
    live = ec2.describe_security_group_rules(Filters=[{"Name": "group-id", "Values": list(group_ids.values())}])
    for key, group_id in group_ids.items():
        _expect(checks, f"§2 {key} SG name", groups[group_id]["GroupName"], config.name(f"{key}_sg"))
        _expect(checks, f"§2 {key} SG Name tag", _tags(groups[group_id]).get("Name"), config.name(f"{key}_sg"))
        actual = sorted(_rule_key(r, names) for r in live["SecurityGroupRules"] if r["GroupId"] == group_id)
        wanted = sorted((r.direction, str(r.port or "all"), r.peer, r.description)
                        for r in rules(SECURITY_GROUPS.build(config)) if r.group == key)
        _expect(checks, f"§2 {key} SG rules", actual, wanted)


def pitfall_checks(config: NetworkConfig) -> list[Check]:
    """§7: configuration choices that break a NAT-free cluster fail; what the AWS private-cluster guide
    lists beyond the configured endpoints is a warning (the spec's own four leave those out)."""
    advice = pitfalls(config)
    checks = [Check("§7 common issues", not advice, "; ".join(advice))]
    checks += [Check(f"§7 endpoint profile {config.endpoint_profile!r}", True, gap, warning=True)
               for gap in profile_gaps(config)]
    return checks


def all_checks(config: NetworkConfig, outputs: dict) -> list[Check]:
    """What ``bin/net verify`` and ``up`` report: the live checks and the §7 pitfalls."""
    return verify(config, outputs) + pitfall_checks(config)


def print_report(checks: list[Check]) -> bool:
    """Prints each check and the tally; True when none failed."""
    for check in checks:
        print(f"      {check}")
    failed = [c for c in checks if not c.ok]
    warned = [c for c in checks if c.ok and c.warning]
    print(f"      {len(checks) - len(failed) - len(warned)} passed, {len(warned)} warnings, {len(failed)} failed")
    return not failed
