"""Data tables of `vigil.names`: romanisation tables (Python) and given names (CSV)."""
