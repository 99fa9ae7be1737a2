"""§5 Option B: the demo ALB, target group and listeners, present only while ``demo_alb`` is on.

With the switch off (option A, the default) none of this exists: the public subnets, their
``kubernetes.io/role/elb`` tags, the ALB security group and the IGW route are ready for the AWS Load
Balancer Controller to create an ALB from an Ingress later.
"""
from __future__ import annotations

from constructs import Construct

from .aws import aws
from .config import NetworkConfig


class DemoAlb(Construct):
    def __init__(self, scope: Construct, id_: str, *, config: NetworkConfig, vpc_id: str,
                 public_subnet_ids: list[str], security_group_id: str) -> None:
        super().__init__(scope, id_)
        lb = aws.lb
        self.alb = lb.Lb(
            self, "alb",
            name=config.name("demo_alb"),
            load_balancer_type="application",
            internal=False,
            ip_address_type="ipv4",
            subnets=public_subnet_ids,
            security_groups=[security_group_id],
            drop_invalid_header_fields=True,
            tags={"Name": config.name("demo_alb")},
        )
        # Pod IPs are registered later (AWS Load Balancer Controller or by hand), hence type "ip".
        self.target_group = aws.lb_target_group.LbTargetGroup(
            self, "api-tg",
            name=config.name("demo_target_group"),
            target_type="ip",
            protocol="HTTP",
            port=80,
            vpc_id=vpc_id,
            health_check=aws.lb_target_group.LbTargetGroupHealthCheck(
                enabled=True, protocol="HTTP", path=config.demo_health_check_path, matcher="200",
            ),
            tags={"Name": config.name("demo_target_group")},
        )
        listener = aws.lb_listener
        forward = listener.LbListenerDefaultAction(type="forward", target_group_arn=self.target_group.arn)
        if config.https_enabled:
            http_action = listener.LbListenerDefaultAction(
                type="redirect",
                redirect=listener.LbListenerDefaultActionRedirect(
                    protocol="HTTPS", port="443", status_code="HTTP_301"),
            )
        else:
            http_action = forward
        self.http_listener = listener.LbListener(
            self, "http", load_balancer_arn=self.alb.arn, port=80, protocol="HTTP", default_action=[http_action],
        )
        self.https_listener = None
        if config.https_enabled:
            self.https_listener = listener.LbListener(
                self, "https",
                load_balancer_arn=self.alb.arn,
                port=443,
                protocol="HTTPS",
                ssl_policy=config.demo_ssl_policy,
                certificate_arn=config.demo_certificate_arn,
                default_action=[forward],
            )
