"""One connector per source (SPEC.md "Sources")."""
