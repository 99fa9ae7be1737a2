"""§8 cost notes: the calculator reproduces the spec's per-AZ arithmetic."""
from deploy.schema import NetworkConfig
from ops.cost import Rates, estimate


def test_spec_example_three_endpoints_two_azs_at_one_cent():
    config = NetworkConfig(interface_endpoints=("ecr.api", "ecr.dkr", "logs"))
    result = estimate(config, Rates(interface_endpoint_az_hour=0.01))
    assert result["interface endpoint-AZ hours per hour"] == 6
    assert result["interface endpoints per month"] == 43.20  # not the 1-AZ mistake of $21.60


def test_demo_alb_costs_only_the_hours_it_runs():
    rates = Rates(alb_hour=0.0252)
    assert estimate(NetworkConfig(), rates)["demo ALB per month (hourly charge only)"] == 0
    assert estimate(NetworkConfig(), rates, demo_hours=10)["demo ALB per month (hourly charge only)"] == 0.25
    assert estimate(NetworkConfig(demo_alb=True), rates)["demo ALB per month (hourly charge only)"] == 18.14
