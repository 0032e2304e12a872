"""Names as Bahith compares them: one variant key shared by the person facet and name matching (docs/adr/0031)."""
