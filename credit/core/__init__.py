"""Shared by every layer: configuration, the lake's layout, identifiers, personal data, domain constants."""
