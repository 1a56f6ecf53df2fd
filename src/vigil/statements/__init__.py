"""Joint statements with live, cited figures: drafted by one organisation, co-signed by
others, published with every figure frozen into a release (docs/statements.md)."""
