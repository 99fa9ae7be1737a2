"""§5 Demo ALB: absent by default (option A); option B behind one switch, HTTPS when a certificate is set."""
from tests.conftest import CERT

ALB_TYPES = ("aws_lb", "aws_lb_target_group", "aws_lb_listener")


def test_option_a_by_default_no_load_balancer(default):
    for kind in ALB_TYPES:
        assert not default.resources(kind)
    assert not [o for o in default.json["output"] if o.startswith("demo_")]


def test_option_b_internet_facing_alb_in_both_public_subnets(stacks):
    stack = stacks["demo-http"]
    alb = stack.one("aws_lb")
    assert alb["name"] == "mlops-hybrid-api-demo-alb"
    assert alb["internal"] is False and alb["load_balancer_type"] == "application"
    assert alb["ip_address_type"] == "ipv4"
    assert alb["drop_invalid_header_fields"] is True
    public = sorted(stack.ref("aws_subnet", tags=s["tags"]) for s in stack.resources("aws_subnet").values()
                    if s["map_public_ip_on_launch"])
    assert sorted(s.split(".id")[0] for s in alb["subnets"]) == public
    assert [g.split(".id")[0] for g in alb["security_groups"]] == [
        stack.ref("aws_security_group", name="mlops-hybrid-alb-sg")]


def test_target_group_is_ip_http_80_with_health_check(stacks):
    tg = stacks["demo-http"].one("aws_lb_target_group")
    assert (tg["name"], tg["target_type"], tg["protocol"], tg["port"]) == ("mlops-hybrid-eks-api-tg", "ip", "HTTP", 80)
    assert tg["health_check"] == {"enabled": True, "protocol": "HTTP", "path": "/health", "matcher": "200"}


def test_http_listener_forwards_when_there_is_no_certificate(stacks):
    stack = stacks["demo-http"]
    listener = stack.one("aws_lb_listener")
    assert (listener["port"], listener["protocol"]) == (80, "HTTP")
    assert listener["default_action"] == [{"type": "forward",
                                           "target_group_arn": stack.ref("aws_lb_target_group") + ".arn}"}]


def test_https_listener_with_tls13_policy_and_http_redirect(stacks):
    stack = stacks["demo-https"]
    listeners = {l["port"]: l for l in stack.resources("aws_lb_listener").values()}
    assert set(listeners) == {80, 443}
    https = listeners[443]
    assert https["protocol"] == "HTTPS" and https["certificate_arn"] == CERT
    assert https["ssl_policy"] == "ELBSecurityPolicy-TLS13-1-2-2021-06"
    assert https["default_action"][0]["type"] == "forward"
    assert https["default_action"][0]["target_group_arn"].startswith(stack.ref("aws_lb_target_group"))
    assert listeners[80]["default_action"] == [{"type": "redirect", "redirect": {
        "protocol": "HTTPS", "port": "443", "status_code": "HTTP_301"}}]


def test_demo_outputs_while_on(stacks):
    outputs = stacks["demo-http"].json["output"]
    assert outputs["demo_alb_dns_name"]["value"].endswith(".dns_name}")
    assert outputs["demo_alb_arn"]["value"].endswith(".arn}")
    assert outputs["demo_target_group_arn"]["value"].startswith(stacks["demo-http"].ref("aws_lb_target_group"))
