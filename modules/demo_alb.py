"""§5 Option B: the demo ALB, target group and listeners, present only while a demo runs.

Without it (option A, the default) the public subnets, their ``kubernetes.io/role/elb`` tags, the ALB
security group and the IGW route are ready for the AWS Load Balancer Controller to create an ALB later.
"""
from __future__ import annotations

from constructs import Construct

from .aws import aws
from .props.demo_alb import ACM_ARN, ELB_NAME, DemoAlbProps  # noqa: F401


class DemoAlb(Construct):
    def __init__(self, scope: Construct, id_: str, *, vpc_id: str, public_subnet_ids: list[str],
                 security_group_id: str, props: DemoAlbProps = DemoAlbProps()) -> None:
        super().__init__(scope, id_)
        self.props = props
        lb = aws.lb
        self.alb = lb.Lb(
            self, "alb",
            name=props.name,
            load_balancer_type="application",
            internal=False,
            ip_address_type="ipv4",
            subnets=public_subnet_ids,
            security_groups=[security_group_id],
            drop_invalid_header_fields=True,
            # Off on purpose: the demo ALB exists only while a demo runs, and `bin/net demo off` must
            # be able to delete it without a second apply (.checkov.yaml, docs/design.md).
            enable_deletion_protection=False,
            access_logs=lb.LbAccessLogs(bucket=props.access_logs_bucket, prefix=props.access_logs_prefix,
                                        enabled=True) if props.access_logs_bucket else None,
            tags={"Name": props.name},
        )
        # Pod IPs are registered later (AWS Load Balancer Controller or by hand), hence type "ip".
        self.target_group = aws.lb_target_group.LbTargetGroup(
            self, "api-tg",
            name=props.target_group_name,
            target_type="ip",
            protocol="HTTP",
            port=80,
            vpc_id=vpc_id,
            health_check=aws.lb_target_group.LbTargetGroupHealthCheck(
                enabled=True, protocol="HTTP", path=props.health_check_path, matcher="200",
            ),
            tags={"Name": props.target_group_name},
        )
        listener = aws.lb_listener
        forward = listener.LbListenerDefaultAction(type="forward", target_group_arn=self.target_group.arn)
        if props.https:
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
        if props.https:
            self.https_listener = listener.LbListener(
                self, "https",
                load_balancer_arn=self.alb.arn,
                port=443,
                protocol="HTTPS",
                ssl_policy=props.ssl_policy,
                certificate_arn=props.certificate_arn,
                default_action=[forward],
            )
