"""The documentation is part of the interface: keep it in step with the code."""
import re
from pathlib import Path

from data_loaders.__main__ import fields_markdown
from data_loaders.profiles import TOP_KEYS

ROOT = Path(__file__).resolve().parent.parent


def test_fields_doc_is_generated_from_the_code():
    assert (ROOT / "docs" / "fields.md").read_text(encoding="utf-8") == fields_markdown(), (
        "docs/fields.md is stale: run  python -m data_loaders profiles --markdown > docs/fields.md")


def test_every_profile_key_is_documented():
    doc = (ROOT / "docs" / "profiles.md").read_text(encoding="utf-8")
    missing = [k for k in TOP_KEYS if f"`{k}`" not in doc and f"[{k}" not in doc]
    assert missing == []


def _quick_start_blocks():
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("## Quick start", 1)[1]
    return re.findall(r"```(?:bash|sh|shell)\n(.*?)```", section, flags=re.S)[:2]


def test_readme_quick_start_has_two_commands_and_ci_runs_the_test_one():
    run, test = (b.strip() for b in _quick_start_blocks())
    assert "streamlit run dashboard/app.py" in run and "requirements.txt" in run
    assert "pytest" in test
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert test in ci.splitlines()
