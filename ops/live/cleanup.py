"""§9 Clean-up check: after a destroy, nothing tagged as this environment's network may remain.

``tagged`` is also what the orphan check compares with the state (``orphans.py``)."""
from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from deploy.schema import NetworkConfig

from ..aws_clients import client

#: The AWS services the §9 check reads.
SERVICES = ("ec2", "elbv2", "logs", "iam", "resourcegroupstaggingapi")

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


def _tag_filter(config: NetworkConfig) -> list[dict]:
    """An EC2 describe filter for resources carrying all of this environment's default tags."""
    return [{"Name": f"tag:{k}", "Values": [v]} for k, v in config.all_tags.items()]


def _name(item: dict) -> str:
    return next((t["Value"] for t in item.get("Tags", []) if t["Key"] == "Name"), "")


def tagged(config: NetworkConfig) -> list[Tagged]:
    """Every live resource carrying all of this environment's default tags, load balancers first,
    then EC2 resources in the order they can be deleted. The ~12 reads are independent and run side
    by side (the §9 check and the orphan check both wait on them)."""
    wanted = set(config.all_tags.items())
    tag_filter = _tag_filter(config)
    ec2 = client(config, "ec2")

    def ec2_kind(call: str, key: str, ident: str, kind: str) -> list[Tagged]:
        # The VPC's default group goes with the VPC and cannot be deleted on its own.
        return [Tagged(kind, item[ident], _name(item), item.get("VpcId", ""))
                for item in getattr(ec2, call)(Filters=tag_filter)[key]
                if str(item.get("State", "")).lower() not in ("deleted", "deleting")
                and item.get("GroupName") != "default"]

    with ThreadPoolExecutor(max_workers=len(EC2_KINDS) + 2) as pool:
        parts = [pool.submit(_load_balancers, config, wanted),
                 *(pool.submit(ec2_kind, *kind) for kind in EC2_KINDS),
                 pool.submit(_flow_logs_delivery, config, wanted)]
        return [item for part in parts for item in part.result()]


def _load_balancers(config: NetworkConfig, wanted: set[tuple[str, str]]) -> list[Tagged]:
    found = []
    elbv2 = client(config, "elbv2")
    for kind, items, key in (("LoadBalancer", elbv2.describe_load_balancers()["LoadBalancers"], "LoadBalancerArn"),
                             ("TargetGroup", elbv2.describe_target_groups()["TargetGroups"], "TargetGroupArn")):
        arns = [item[key] for item in items]
        for start in range(0, len(arns), 20):
            for description in elbv2.describe_tags(ResourceArns=arns[start:start + 20])["TagDescriptions"]:
                tags = {(t["Key"], t["Value"]) for t in description.get("Tags", [])}
                if wanted <= tags:
                    found.append(Tagged(kind, description["ResourceArn"], dict(tags).get("Name", "")))
    return found


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


def _owner_hint(interface: dict) -> str:
    description = interface.get("Description", "")
    if description.startswith("Amazon EKS"):
        return "an EKS cluster's: delete the cluster and its node groups first"
    if description.startswith(("ELB app/k8s-", "ELB net/k8s-")):
        return "a load balancer the AWS Load Balancer Controller made: delete its Ingress or Service first"
    if description.startswith("ELB "):
        return "a load balancer's: delete the load balancer first"
    if interface.get("Attachment", {}).get("InstanceId"):
        return f"instance {interface['Attachment']['InstanceId']}'s (a node?): terminate it first"
    return "delete it, or what it belongs to, first"


def foreign_interfaces(config: NetworkConfig) -> list[str]:
    """Network interfaces in this environment's VPC that its stack did not make (an EKS cluster, nodes,
    a load balancer of the LB controller): they block a destroy, so ``down`` names them first."""
    ec2 = client(config, "ec2")
    tag_filter = _tag_filter(config)
    vpcs = [v["VpcId"] for v in ec2.describe_vpcs(Filters=tag_filter)["Vpcs"]]
    if not vpcs:
        return []
    in_vpcs = [{"Name": "vpc-id", "Values": vpcs}]
    ours = {eni for endpoint in ec2.describe_vpc_endpoints(Filters=in_vpcs)["VpcEndpoints"]
            for eni in endpoint.get("NetworkInterfaceIds", [])}
    demo = f"ELB app/{config.name('demo_alb')}/"
    return [f"NetworkInterface {eni['NetworkInterfaceId']} in {eni.get('SubnetId', '?')} "
            f"({eni.get('Description') or eni.get('InterfaceType', 'no description')}): {_owner_hint(eni)}"
            for eni in ec2.describe_network_interfaces(Filters=in_vpcs)["NetworkInterfaces"]
            if eni["NetworkInterfaceId"] not in ours and not eni.get("Description", "").startswith(demo)]


def _tagged_anywhere(config: NetworkConfig) -> tuple[list[str], set[str]]:
    """Every ARN the Resource Groups Tagging API finds with our tags (a resource kind we do not create,
    tagged by hand or by another tool, shows up here), and the ids of the VPC's default group and network
    ACL, which carry our tags once adopted and go with the VPC."""
    tagging, ec2 = client(config, "resourcegroupstaggingapi"), client(config, "ec2")
    filters = [{"Key": k, "Values": [v]} for k, v in config.all_tags.items()]
    tag_filter = _tag_filter(config)
    adopted = {g["GroupId"] for g in ec2.describe_security_groups(Filters=tag_filter)["SecurityGroups"]}
    adopted |= {a["NetworkAclId"] for a in ec2.describe_network_acls(Filters=tag_filter)["NetworkAcls"]}
    arns = [resource["ResourceARN"] for page in tagging.get_paginator("get_resources").paginate(TagFilters=filters)
            for resource in page["ResourceTagMappingList"]]
    return arns, adopted


def _not_known(listed: tuple[list[str], set[str]], known: list[Tagged]) -> list[str]:
    arns, adopted = listed
    ids = {item.id for item in known} | adopted
    return [f"Tagged {arn}" for arn in arns
            if arn not in ids and not any(arn.endswith(i) or f"/{i}" in arn or arn.endswith(f":{i}") for i in ids)]


def leftovers(config: NetworkConfig) -> list[str]:
    """What is still there after a destroy; an empty list means the clean-up is complete."""
    with ThreadPoolExecutor(max_workers=3) as pool:
        known = pool.submit(tagged, config)
        listed = pool.submit(_tagged_anywhere, config)
        foreign = pool.submit(foreign_interfaces, config)
        return ([str(item) for item in known.result()] + _not_known(listed.result(), known.result())
                + foreign.result())
