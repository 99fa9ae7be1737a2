"""GitHub Actions step outputs, written in one place (ops/ci/outputs.py)."""
from ops.ci import outputs as ci_outputs


def test_outputs_are_appended_as_github_reads_them(tmp_path, monkeypatch):
    target = tmp_path / "output"
    target.write_text("earlier=1\n")
    monkeypatch.setenv("GITHUB_OUTPUT", str(target))
    ci_outputs.write(changes=True, findings=0, summary=tmp_path / "review.md", text="two\nlines")
    lines = target.read_text().splitlines()
    assert lines[:4] == ["earlier=1", "changes=true", "findings=0", f"summary={tmp_path / 'review.md'}"]
    delimiter = lines[4].removeprefix("text<<")
    assert lines[4].startswith("text<<EOF_") and lines[5:] == ["two", "lines", delimiter]


def test_nothing_is_written_outside_github_actions(tmp_path, monkeypatch):
    monkeypatch.delenv("GITHUB_OUTPUT", raising=False)
    ci_outputs.write(changes=False)
    assert list(tmp_path.iterdir()) == []


def test_the_review_reaches_the_job_summary_page(tmp_path, monkeypatch):
    page = tmp_path / "summary"
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(page))
    ci_outputs.summary("## Plan review\n\n")
    ci_outputs.summary("second")
    assert page.read_text() == "## Plan review\nsecond\n"
    monkeypatch.delenv("GITHUB_STEP_SUMMARY")
    ci_outputs.summary("nowhere")
    assert page.read_text() == "## Plan review\nsecond\n"
