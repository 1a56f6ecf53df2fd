"""Vigil: documentation and monitoring of political prisoners and persecuted journalists.

The pure cores (`vigil.names`, `vigil.linkage`, `vigil.figures`, `vigil.dates`) never import
Django; the Django apps around them (`accounts`, `registry`, `web`, `api`) own the records.
"""
