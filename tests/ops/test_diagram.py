"""`bin/net diagram`: the topology from the configuration, laid out by Graphviz (SVG, PNG) and as Mermaid
text; each names every subnet, endpoint and security group, and the committed image is the default's."""
import html
import re
import shutil
from pathlib import Path

import pytest

from deploy.schema import NetworkConfig
from deploy.settings import ROOT
from ops import cli
from ops.reports.diagram import mermaid

COMMITTED = ROOT / "docs" / "diagram"


def svg_text(path: Path) -> str:
    """The text Graphviz drew (it escapes '-' as an entity)."""
    return " ".join(html.unescape(t) for t in re.findall(r">([^<]+)</text>", path.read_text()))


def names(config: NetworkConfig) -> list[str]:
    subnets = [config.name(f"{kind}_subnet", az=az) for kind in ("public", "private") for az in config.azs]
    endpoints = [config.endpoint_name(s) for s in config.interface_endpoints] + [config.name("s3_endpoint")]
    groups = [config.name(f"{role}_sg") for role in ("alb", "eks_nodes", "eks_control_plane", "vpc_endpoints")]
    cidrs = [*config.public_subnet_cidrs, *config.private_subnet_cidrs, config.vpc_cidr]
    return subnets + endpoints + groups + cidrs


@pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz's dot is installed by bin/net")
def test_the_command_writes_svg_png_and_mermaid_that_name_everything(tmp_path, monkeypatch, capsys):
    for name in [n for n in __import__("os").environ if n.startswith("NETWORK_")]:
        monkeypatch.delenv(name)
    monkeypatch.setenv("NETWORK_DEMO_ALB", "true")
    assert cli.main(["diagram", "--out", str(tmp_path)]) == 0
    config = NetworkConfig(demo_alb=True)
    text = svg_text(tmp_path / "network.svg")
    for name in [*names(config), config.name("demo_alb")]:
        assert name in text, name
    assert (tmp_path / "network.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert (tmp_path / "network.mmd").read_text().strip() == mermaid(config)
    assert str(tmp_path / "network.svg") in capsys.readouterr().out


def test_mermaid_names_everything_and_draws_each_rule():
    config = NetworkConfig(endpoint_profile="eks-fully-private", interface_endpoints=(
        "ecr.api", "ecr.dkr", "logs", "sts", "ec2", "elasticloadbalancing", "eks", "eks-auth", "autoscaling"))
    text = mermaid(config)
    assert text.startswith("flowchart LR")
    for name in names(config):
        assert name in text, name
    assert "internet ==>|80| sg_alb" in text and "sg_eks_nodes ==>|443| ep_s3" in text


@pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz's dot is installed by bin/net")
def test_the_committed_diagram_is_the_default_networks():
    assert (COMMITTED / "network.mmd").read_text().strip() == mermaid(NetworkConfig())
    text = svg_text(COMMITTED / "network.svg")
    for name in names(NetworkConfig()):
        assert name in text, name
    readme = (ROOT / "README.md").read_text()
    assert "docs/diagram/network.svg" in readme


def test_the_docs_mermaid_block_is_the_generated_one():
    readme = (ROOT / "docs" / "operations.md").read_text()
    block = readme.split("<!-- diagram-mermaid -->\n```mermaid\n", 1)[1].split("\n```", 1)[0]
    assert block == mermaid(NetworkConfig())
    assert Path(COMMITTED / "network.png").is_file()


def test_pod_subnets_and_their_prefix_reservations_are_drawn_on_the_private_table():
    import dataclasses

    config = dataclasses.replace(NetworkConfig(), pod_cidr="100.64.0.0/16", prefix_delegation=True, node_count=4)
    text = mermaid(config)
    assert 'pod_ap_southeast_1a["mlops-hybrid-pods-ap-southeast-1a<br/>100.64.0.0/17<br/>prefixes reserved: ' \
           '100.64.126.0/24"]' in text
    assert "pod_ap_southeast_1b -.- private_rt" in text
    assert "pod_" not in mermaid(NetworkConfig()) and "100.64." not in mermaid(NetworkConfig())
