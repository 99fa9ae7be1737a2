"""Resources of this environment that exist in the target but not in its state: what a killed apply, a
lost state object or a changed ``state_key`` leaves behind. Deploying over them would build a second
network, so ``up`` refuses, and ``bin/net orphans --delete`` removes them (dependents first)."""
from __future__ import annotations

from deploy.schema import NetworkConfig

from ..aws_clients import client
from ..errors import OrphansError
from ..state import read as state_read
from .cleanup import Tagged, tagged


def find(config: NetworkConfig, state: dict | None = None) -> list[Tagged]:
    """Resources with this environment's tags that ``state`` (by default the current one) does not hold."""
    known = state_read.ids(state_read.document(config) if state is None else state)
    return [item for item in tagged(config) if item.id not in known]


def refuse(config: NetworkConfig, orphans: list[Tagged]) -> OrphansError:
    listed = "\n".join(f"  {item}" for item in orphans)
    return OrphansError(
        f"{len(orphans)} resource(s) tagged Environment={config.environment} exist but are not in the state "
        f"({config.rendered_state_key} in {config.state_bucket}); deploying now would build a second network:\n"
        f"{listed}\nTwo ways out:\n"
        "  - they are your network and the state was lost or moved: restore the state object from the bucket's "
        "previous version, or fix state_key (docs/operations.md, When things go wrong), then run this again;\n"
        "  - they are leftovers of a killed run: bin/net orphans --delete removes exactly these, then run this "
        "again.")


def delete(config: NetworkConfig, orphans: list[Tagged], say=print) -> None:
    """Deletes the orphans in dependency order: flow logs, load balancers, target groups, endpoints, rules
    of the orphan groups, groups, route tables, subnets, gateways, VPCs, then the flow logs' log group and
    role."""
    ec2, elbv2 = client(config, "ec2"), client(config, "elbv2")
    by_kind: dict[str, list[Tagged]] = {}
    for item in orphans:
        by_kind.setdefault(item.kind, []).append(item)
    ids = {kind: [item.id for item in items] for kind, items in by_kind.items()}
    if ids.get("FlowLog"):
        ec2.delete_flow_logs(FlowLogIds=ids["FlowLog"])
    for arn in ids.get("LoadBalancer", []):
        elbv2.delete_load_balancer(LoadBalancerArn=arn)
    for arn in ids.get("TargetGroup", []):
        elbv2.delete_target_group(TargetGroupArn=arn)
    if ids.get("VpcEndpoint"):
        ec2.delete_vpc_endpoints(VpcEndpointIds=ids["VpcEndpoint"])
    for gateway in ids.get("NatGateway", []):
        ec2.delete_nat_gateway(NatGatewayId=gateway)
    groups = ids.get("SecurityGroup", [])
    if groups:
        # Rules of the orphan groups first: they reference each other, which blocks deleting a group.
        for rule in ec2.describe_security_group_rules(Filters=[{"Name": "group-id", "Values": groups}])[
                "SecurityGroupRules"]:
            revoke = ec2.revoke_security_group_egress if rule["IsEgress"] else ec2.revoke_security_group_ingress
            revoke(GroupId=rule["GroupId"], SecurityGroupRuleIds=[rule["SecurityGroupRuleId"]])
        for group in groups:
            ec2.delete_security_group(GroupId=group)
    for table in ids.get("RouteTable", []):
        for association in ec2.describe_route_tables(RouteTableIds=[table])["RouteTables"][0].get("Associations", []):
            if not association.get("Main"):
                ec2.disassociate_route_table(AssociationId=association["RouteTableAssociationId"])
        ec2.delete_route_table(RouteTableId=table)
    for subnet in ids.get("Subnet", []):
        for table in ec2.describe_route_tables(Filters=[{"Name": "association.subnet-id", "Values": [subnet]}])[
                "RouteTables"]:
            for association in table.get("Associations", []):
                if association.get("SubnetId") == subnet:
                    ec2.disassociate_route_table(AssociationId=association["RouteTableAssociationId"])
        ec2.delete_subnet(SubnetId=subnet)
    for gateway in by_kind.get("InternetGateway", []):
        described = ec2.describe_internet_gateways(InternetGatewayIds=[gateway.id])["InternetGateways"][0]
        for attachment in described.get("Attachments", []):
            ec2.detach_internet_gateway(InternetGatewayId=gateway.id, VpcId=attachment["VpcId"])
        ec2.delete_internet_gateway(InternetGatewayId=gateway.id)
    for vpc in ids.get("Vpc", []):
        ec2.delete_vpc(VpcId=vpc)
    for group in ids.get("LogGroup", []):
        client(config, "logs").delete_log_group(logGroupName=group)
    iam = client(config, "iam")
    for role in ids.get("IamRole", []):
        for policy in iam.list_role_policies(RoleName=role)["PolicyNames"]:
            iam.delete_role_policy(RoleName=role, PolicyName=policy)
        iam.delete_role(RoleName=role)
    for item in orphans:
        say(f"      deleted {item}")
