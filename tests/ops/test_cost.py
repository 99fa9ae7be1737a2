"""§8 cost: per-AZ endpoint hours at each region's list price, 730 hours, the NAT alternative and its
break-even traffic, and a clear refusal for a region without prices."""
import json

import pytest

from deploy.schema import NetworkConfig
from ops import cli
from ops.errors import NetError
from ops.reports.cost import estimate, report
from ops.reports.prices import PRICES


def test_default_network_in_ap_southeast_1():
    figures = estimate(NetworkConfig())
    assert figures["interface_endpoint_az_hours_per_hour"] == 8
    assert figures["interface_endpoints"] == 75.92  # 4 endpoints × 2 AZ × $0.013 × 730 h
    assert estimate(NetworkConfig(interface_endpoints=("ecr.api", "ecr.dkr", "logs")))["interface_endpoints"] == 56.94


def test_the_report_says_the_specs_figure_is_out_of_date():
    text = report(NetworkConfig())
    assert "gives $43.20" in text and "the same 3 cost $56.94: the spec's figure is out of date" in text


@pytest.mark.parametrize("region", sorted(PRICES))
def test_every_region_in_the_price_table_uses_its_own_prices(region):
    config = NetworkConfig(region=region, azs=(f"{region}a", f"{region}b"))
    figures = estimate(config)
    assert figures["interface_endpoints"] == round(8 * PRICES[region].interface_endpoint_az_hour * 730, 2)
    assert report(config).startswith(f"Cost estimate for network-default in {region}, 2 AZs")


def test_a_region_without_prices_is_refused():
    config = NetworkConfig(region="eu-central-1", azs=("eu-central-1a", "eu-central-1b"))
    with pytest.raises(NetError, match="no prices for region 'eu-central-1' in ops/reports/prices.py"):
        estimate(config)


def test_demo_alb_costs_its_hours_and_its_public_addresses():
    assert estimate(NetworkConfig())["demo_alb"] == 0
    assert estimate(NetworkConfig(demo_alb=True))["demo_alb"] == round(730 * (0.0252 + 2 * 0.005), 2)
    assert estimate(NetworkConfig(), demo_hours=10)["demo_alb"] == round(10 * (0.0252 + 2 * 0.005), 2)


def test_nat_alternative_and_break_even():
    figures = estimate(NetworkConfig(), gb=1000)
    nat_hourly = 730 * (0.059 + 0.005)
    assert figures["nat_one"] == round(nat_hourly + 1000 * 0.059, 2)
    assert figures["nat_per_az"] == round(2 * nat_hourly + 1000 * 0.059, 2)
    assert figures["break_even_gb_one_nat"] == round((75.92 - nat_hourly) / (0.059 - 0.01), 1)
    assert figures["break_even_gb_nat_per_az"] == 0  # two NAT gateways cost more at any traffic


def test_cost_json_through_the_cli(capsys, monkeypatch):
    for name in [n for n in __import__("os").environ if n.startswith("NETWORK_")]:
        monkeypatch.delenv(name)
    assert cli.main(["cost", "--json", "--gb", "100"]) == 0
    figures = json.loads(capsys.readouterr().out)
    assert figures["total"] == 76.92 and figures["hours_per_month"] == 730


def test_flow_logs_cost_their_ingestion_when_they_go_to_cloudwatch():
    assert estimate(NetworkConfig(), flow_logs_gb=50)["flow_logs"] == 35.0  # 50 GB × $0.70 (vended logs)
    assert estimate(NetworkConfig(), flow_logs_gb=50)["total"] == round(75.92 + 35.0, 2)
    assert estimate(NetworkConfig(flow_logs=False), flow_logs_gb=50)["flow_logs"] == 0
    assert "VPC flow logs into CloudWatch Logs, 50 GB × $0.7" in report(NetworkConfig(), flow_logs_gb=50)
    assert "VPC flow logs (off)" in report(NetworkConfig(flow_logs=False))


def test_pod_networking_is_shown_and_costs_nothing_per_hour():
    import dataclasses

    pods = dataclasses.replace(NetworkConfig(), pod_cidr="100.64.0.0/16")
    assert estimate(pods)["total"] == estimate(NetworkConfig())["total"] and estimate(pods)["pod_networking"] == 0.0
    assert "pod CIDR, subnets, prefix reservations (not billed)" in report(pods)
    assert "pod CIDR" not in report(NetworkConfig())
