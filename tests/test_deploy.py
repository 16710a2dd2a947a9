"""Deployment files: the Dockerfile passes hadolint, the compose file is consistent, every setting is documented."""

import re
import subprocess
import sys
from pathlib import Path

import yaml

from bot.config import Settings

ROOT = Path(__file__).resolve().parents[1]
HADOLINT = Path(sys.executable).parent / "hadolint"


def test_dockerfile_passes_hadolint() -> None:
    proc = subprocess.run([str(HADOLINT), "--failure-threshold", "info", str(ROOT / "Dockerfile")],
                          capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_dockerfile_runs_as_non_root_with_a_healthcheck_and_the_knowledge() -> None:
    text = (ROOT / "Dockerfile").read_text()
    assert re.search(r"^USER 10001", text, re.M)
    assert "HEALTHCHECK" in text and "/healthz" in text
    assert "COPY knowledge ./knowledge" in text and 'VOLUME ["/data"]' in text
    assert text.count("FROM ") >= 2


def test_compose_references_only_defined_services_and_documented_variables() -> None:
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    services = compose["services"]
    assert {"postgres", "app1", "app2", "proxy"} <= set(services)
    for name, service in services.items():
        for dep in service.get("depends_on") or []:
            assert dep in services, f"{name} depends on undefined {dep}"
        for volume in service.get("volumes") or []:
            source = volume.split(":")[0]
            if not source.startswith((".", "/")):
                assert source in compose["volumes"], f"{name} uses undefined volume {source}"
    caddy = (ROOT / "deploy" / "Caddyfile").read_text()
    for upstream in re.findall(r"(\w+):8080", caddy):
        assert upstream in services
    readme = (ROOT / "README.md").read_text()
    used = set(re.findall(r"\$\{(\w+)", (ROOT / "docker-compose.yml").read_text()))
    assert used, "the compose file takes its secrets from the environment"
    missing = sorted(v for v in used if f"`{v}`" not in readme and v not in {"POSTGRES_PASSWORD", "HOAGIAI_DOMAIN"})
    assert not missing, f"variables used by docker-compose.yml but not documented in README: {missing}"
    assert "`POSTGRES_PASSWORD`" in readme and "`HOAGIAI_DOMAIN`" in readme


def test_every_setting_is_documented_in_the_readme() -> None:
    readme = (ROOT / "README.md").read_text()
    aliases = [field.alias for field in Settings.model_fields.values() if field.alias]
    missing = [a for a in aliases if f"`{a}`" not in readme]
    assert not missing, f"settings missing from the README configuration table: {missing}"


def test_the_replicas_trust_forwarded_addresses_from_caddy_only() -> None:
    import ipaddress

    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    [subnet] = [c["subnet"] for c in compose["networks"]["default"]["ipam"]["config"]]
    caddy = compose["services"]["proxy"]["networks"]["default"]["ipv4_address"]
    assert ipaddress.ip_address(caddy) in ipaddress.ip_network(subnet)
    for name in ("app1", "app2"):
        assert compose["services"][name]["environment"]["HOAGIAI_TRUSTED_PROXIES"] == caddy
