"""One connector per source (docs/architecture.md "Sources")."""
