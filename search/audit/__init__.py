"""The entity audit: facet values an editor should check, with their evidence and a ready fix.

`run_audit` (search.audit.checks) is what `bahith entities audit` and the editors' web page
(/entities/audit) share; it works on any engine through the backend contract (search, get) and
reads at most a fixed number of articles per value (search.audit.evidence). Name similarity for
duplicates lives in search.audit.name_variants; the text report in search.audit.report.
"""

from search.audit.checks import CHECKS, TYPES, AuditReport, Suspicion, run_audit

__all__ = ["CHECKS", "TYPES", "AuditReport", "Suspicion", "run_audit"]
