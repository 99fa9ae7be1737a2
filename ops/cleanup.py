"""§9 Clean-up check: after a destroy, nothing tagged as this environment's network may remain.

``tagged`` is also what the orphan check compares with the state (``orphans.py``)."""
from __future__ import annotations

from dataclasses import dataclass

from deploy.schema import NetworkConfig

from .aws_clients import client

# (describe call, response key, id field, kind): the EC2 resources the network creates, dependents first.
EC2_KINDS = (
    ("describe_flow_logs", "FlowLogs", "FlowLogId", "FlowLog"),
    ("describe_vpc_endpoints", "VpcEndpoints", "VpcEndpointId", "VpcEndpoint"),
    ("describe_nat_gateways", "NatGateways", "NatGatewayId", "NatGateway"),
    ("describe_security_groups", "SecurityGroups", "GroupId", "SecurityGroup"),
    ("describe_route_tables", "RouteTables", "RouteTableId", "RouteTable"),
    ("describe_subnets", "Subnets", "SubnetId", "Subnet"),
    ("describe_internet_gateways", "InternetGateways", "InternetGatewayId", "InternetGateway"),
    ("describe_vpcs", "Vpcs", "VpcId", "Vpc"),
)


@dataclass(frozen=True)
class Tagged:
    kind: str
    id: str
    name: str
    vpc_id: str = ""

    def __str__(self) -> str:
        return f"{self.kind} {self.id}" + (f" ({self.name})" if self.name else "")


def _name(item: dict) -> str:
    return next((t["Value"] for t in item.get("Tags", []) if t["Key"] == "Name"), "")


def tagged(config: NetworkConfig) -> list[Tagged]:
    """Every live resource carrying all of this environment's default tags, load balancers first,
    then EC2 resources in the order they can be deleted."""
    found = []
    elbv2 = client(config, "elbv2")
    wanted = set(config.all_tags.items())
    for kind, items, key in (("LoadBalancer", elbv2.describe_load_balancers()["LoadBalancers"], "LoadBalancerArn"),
                             ("TargetGroup", elbv2.describe_target_groups()["TargetGroups"], "TargetGroupArn")):
        arns = [item[key] for item in items]
        for start in range(0, len(arns), 20):
            for description in elbv2.describe_tags(ResourceArns=arns[start:start + 20])["TagDescriptions"]:
                tags = {(t["Key"], t["Value"]) for t in description.get("Tags", [])}
                if wanted <= tags:
                    found.append(Tagged(kind, description["ResourceArn"], dict(tags).get("Name", "")))
    ec2 = client(config, "ec2")
    tag_filter = [{"Name": f"tag:{k}", "Values": [v]} for k, v in config.all_tags.items()]
    for call, key, ident, kind in EC2_KINDS:
        for item in getattr(ec2, call)(Filters=tag_filter)[key]:
            # The VPC's default group goes with the VPC and cannot be deleted on its own.
            if str(item.get("State", "")).lower() not in ("deleted", "deleting") and item.get("GroupName") != "default":
                found.append(Tagged(kind, item[ident], _name(item), item.get("VpcId", "")))
    return found + _flow_logs_delivery(config, wanted)


def _flow_logs_delivery(config: NetworkConfig, wanted: set[tuple[str, str]]) -> list[Tagged]:
    """The flow logs' log group and IAM role, looked up by their configured names (neither is in a VPC)."""
    found = []
    logs, group = client(config, "logs"), config.name("flow_logs_group")
    for item in logs.describe_log_groups(logGroupNamePrefix=group)["logGroups"]:
        tags = logs.list_tags_log_group(logGroupName=item["logGroupName"]).get("tags", {})
        if item["logGroupName"] == group and wanted <= set(tags.items()):
            found.append(Tagged("LogGroup", group, group))
    iam, role = client(config, "iam"), config.name("flow_logs")
    try:
        tags = {(t["Key"], t["Value"]) for t in iam.list_role_tags(RoleName=role)["Tags"]}
    except iam.exceptions.NoSuchEntityException:
        return found
    if wanted <= tags:
        found.append(Tagged("IamRole", role, role))
    return found


def leftovers(config: NetworkConfig) -> list[str]:
    """What is still there after a destroy; an empty list means the clean-up is complete."""
    return [str(item) for item in tagged(config)]
