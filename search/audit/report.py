"""The audit as text for a terminal: one block per suspicion, its evidence, then the line to run."""

from __future__ import annotations

from search.audit.checks import AuditReport

TITLES = {
    "short_form": "People whose articles rarely write their full name",
    "institution": "People that look like institutions, events or companies",
    "country": "Places whose country disagrees with their articles' other countries",
    "via_place": "Countries named mostly through one doubtful place",
    "duplicate": "Likely one name under several values",
}


def text_report(report: AuditReport) -> str:
    lines = [f"Entity audit of {report.location}", f"Read: {report.bounds}; {report.seconds:.1f} s.", ""]
    if not report.suspicions:
        lines.append("Nothing suspicious among the values examined.")
    current = ""
    for s in report.suspicions:
        if s.check != current:
            current = s.check
            count = sum(1 for x in report.suspicions if x.check == current)
            lines += ["", f"{TITLES[current]} ({count})", "-" * len(TITLES[current])]
        sample = f", {s.sampled} sampled" if s.sampled else ""
        lines.append(f"{s.value}  ({s.type}, {s.articles} articles{sample})")
        lines.append(f"    {s.summary}")
        for ex in s.evidence.get("examples", []) or []:
            lines.append(f"    «… {ex['text']} …»  [{ex['article']}]")
        lines.append(f"    → {s.line}")
    if report.suspicions:
        lines += ["", "Run a line to record the correction in bahith-entities.toml, then `bahith entities rebuild`."]
    return "\n".join(lines)
