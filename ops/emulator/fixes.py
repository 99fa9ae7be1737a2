"""Where moto differs from AWS in ways this network meets, each fixed as the smallest change to moto's
models (docs/emulator.md says what each one showed; tests/ops/test_emulator_server.py and tests/e2e show them).

1. Descriptions of rules that reference another security group or a prefix list: moto keeps the first
   on the rule's peer group, drops the second, and reports only a CIDR's description, so every such
   rule showed a diff after its create.
2. Flow logs to a CloudWatch log group given by ARN (as the provider sends it): moto looks the group
   up by name only, so it reported delivery FAILED although the group exists.
3. Deleted VPC endpoints leave the listings, as on AWS shortly after a delete (the provider's waiter
   takes NotFound as gone). moto kept them forever in state "deleted", so on an emulator kept running
   across deploys every filtered DescribeVpcEndpoints rendered all of them, slower with every deploy.
4. ReplaceNetworkAclAssociation with an association id that does not exist: AWS answers
   ``InvalidAssociationID.NotFound`` (400); moto raised StopIteration, an HTTP 500 the SDK retries for
   minutes (the 52-minute hang of docs/emulator.md).
5. A deleted subnet leaves its network ACL association behind in moto, so a subnet replaced after an
   interrupted apply showed up twice on the default ACL; on AWS the association goes with the subnet.
6. A subnet CIDR reservation's description: moto never reads it, so every reservation planned a
   replacement (description forces one) after its create.
"""
from __future__ import annotations

import inspect

from moto.ec2.exceptions import InvalidAssociationIdError
from moto.ec2.models.flow_logs import FlowLogsBackend
from moto.ec2.models.network_acls import NetworkAclBackend
from moto.ec2.models.security_groups import SecurityGroupRule
from moto.ec2.models.subnets import SubnetBackend
from moto.ec2.models.vpcs import VPCBackend
from moto.ec2.responses.subnets import Subnets


def _rule_description(rule: SecurityGroupRule) -> str | None:
    return (rule.ip_range.get("Description") or (rule.source_group or {}).get("Description")
            or getattr(rule, "prefix_list_description", None))


_rule_init = SecurityGroupRule.__init__


def _init_keeping_prefix_list_description(rule: SecurityGroupRule, *args, **kwargs) -> None:
    _rule_init(rule, *args, **kwargs)
    # (ec2_backend, ip_protocol, group_id, from_port, to_port, ip_range, source_group, prefix_list_id)
    prefix_list = kwargs.get("prefix_list_id", args[7] if len(args) > 7 else None)
    rule.prefix_list_description = (prefix_list or {}).get("Description")


_create_flow_logs = FlowLogsBackend.create_flow_logs


def _create_flow_logs_naming_the_group(backend, *args, **kwargs):
    call = inspect.signature(_create_flow_logs).bind(backend, *args, **kwargs)
    values = call.arguments
    destination = values.get("log_destination") or ""
    if values.get("log_destination_type") in (None, "cloud-watch-logs") and not values.get("log_group_name") \
            and ":log-group:" in destination:
        values["log_group_name"] = destination.split(":log-group:", 1)[1].removesuffix(":*")
    return _create_flow_logs(*call.args, **call.kwargs)


_delete_vpc_endpoints = VPCBackend.delete_vpc_endpoints


def _delete_vpc_endpoints_for_good(backend, vpce_ids: list[str] | None = None) -> None:
    _delete_vpc_endpoints(backend, vpce_ids)
    for vpce_id in vpce_ids or []:
        backend.vpc_end_points.pop(vpce_id, None)
        backend.tags.pop(vpce_id, None)


_replace_network_acl_association = NetworkAclBackend.replace_network_acl_association


def _replace_network_acl_association_or_not_found(backend, association_id: str, network_acl_id: str):
    if not any(association_id in acl._associations for acl in backend.network_acls.values()):
        raise InvalidAssociationIdError(association_id)
    return _replace_network_acl_association(backend, association_id, network_acl_id)


_delete_subnet = SubnetBackend.delete_subnet


def _delete_subnet_and_its_acl_association(backend, subnet_id: str):
    subnet = _delete_subnet(backend, subnet_id)
    for acl in backend.network_acls.values():
        for association_id in [a for a, found in acl._associations.items() if found.subnet_id == subnet_id]:
            del acl._associations[association_id]
    return subnet


_create_subnet_cidr_reservation = Subnets.create_subnet_cidr_reservation


def _create_subnet_cidr_reservation_with_description(responses: Subnets):
    answer = _create_subnet_cidr_reservation(responses)
    # The serializer reads the answer's attributes by the response shape's names: Description.
    answer.result["SubnetCidrReservation"].description = responses._get_param("Description") or ""
    return answer


def apply() -> None:
    Subnets.create_subnet_cidr_reservation = _create_subnet_cidr_reservation_with_description
    SubnetBackend.delete_subnet = _delete_subnet_and_its_acl_association
    VPCBackend.delete_vpc_endpoints = _delete_vpc_endpoints_for_good
    FlowLogsBackend.create_flow_logs = _create_flow_logs_naming_the_group
    NetworkAclBackend.replace_network_acl_association = _replace_network_acl_association_or_not_found
    SecurityGroupRule.__init__ = _init_keeping_prefix_list_description
    SecurityGroupRule.description = property(_rule_description)
