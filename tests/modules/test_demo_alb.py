"""§5 DemoAlb construct alone: HTTP forward without a certificate, HTTPS plus redirect with one."""
import pytest

from modules.demo_alb import DemoAlb, DemoAlbProps
from modules.props import PropsError
from tests.modules.conftest import Synth

CERT = "arn:aws:acm:eu-west-1:123456789012:certificate/0f1e2d3c-4b5a-6978-8899-aabbccddeeff"
WIRING = dict(vpc_id="vpc-1", public_subnet_ids=["subnet-a", "subnet-b"], security_group_id="sg-alb")


@pytest.fixture(scope="module")
def https() -> Synth:
    return Synth(lambda scope: DemoAlb(scope, "demo", props=DemoAlbProps(certificate_arn=CERT), **WIRING))


def test_internet_facing_alb_in_the_given_subnets(https):
    assert https.has("aws_lb", {"internal": False, "subnets": ["subnet-a", "subnet-b"],
                                "security_groups": ["sg-alb"], "drop_invalid_header_fields": True})
    assert https.has("aws_lb_target_group", {"target_type": "ip", "port": 80, "vpc_id": "vpc-1",
                                             "health_check": {"path": "/health", "matcher": "200"}})


def test_certificate_gives_https_and_a_redirect(https):
    listeners = {listener["port"]: listener for listener in https.resources("aws_lb_listener")}
    assert listeners[443]["certificate_arn"] == CERT and listeners[443]["protocol"] == "HTTPS"
    assert listeners[80]["default_action"] == [{"type": "redirect", "redirect": {
        "protocol": "HTTPS", "port": "443", "status_code": "HTTP_301"}}]


def test_without_a_certificate_one_forwarding_http_listener_and_no_access_logs():
    synth = Synth(lambda scope: DemoAlb(scope, "demo", props=DemoAlbProps(), **WIRING))
    [listener] = synth.resources("aws_lb_listener")
    assert listener["port"] == 80 and listener["default_action"][0]["type"] == "forward"
    [alb] = synth.resources("aws_lb")
    assert "access_logs" not in alb and alb["enable_deletion_protection"] is False


def test_access_logs_go_to_the_given_bucket():
    synth = Synth(lambda scope: DemoAlb(scope, "demo", props=DemoAlbProps(access_logs_bucket="acme-alb-logs"),
                                        **WIRING))
    assert synth.has("aws_lb", {"access_logs": {"bucket": "acme-alb-logs", "prefix": "demo-alb", "enabled": True}})


def test_props_invariants():
    with pytest.raises(PropsError, match="health_check_path: 'health' is not an HTTP path"):
        DemoAlbProps(health_check_path="health")
    with pytest.raises(PropsError, match="name: .* is not a valid load balancer name"):
        DemoAlbProps(name="x" * 33)
    with pytest.raises(PropsError, match="access_logs_bucket: .* is an ARN"):
        DemoAlbProps(access_logs_bucket="arn:aws:s3:::logs")
