"""Charts for printed pages: inline SVG with every value written beside its bar, so a printout
carries the numbers (no script, no CDN; docs/architecture.md "The two platforms")."""

from __future__ import annotations

from html import escape

from credit.core import labels


def bar_chart(
    items: list[tuple[str, float]],
    colours: dict[str, str] | None = None,
    width: int = 420,
    domain: str | None = None,
) -> str:
    """Horizontal bars, one per (label, value); `domain` names the code table the labels are
    codes of (they are shown in Chinese, coloured by code)."""
    if not items:
        return '<p class="muted">无数据</p>'
    shown = [(code, labels.zh(domain, code) if domain else code, value) for code, value in items]
    top = max(value for _, _, value in shown) or 1
    row = 26
    label_w = min(300, max(90, 16 + 13 * max(len(text) for _, text, _ in shown)))
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{row * len(items) + 6}" role="img">']
    for i, (code, text, value) in enumerate(shown):
        y = i * row + 4
        w = (width - label_w - 60) * value / top
        colour = (colours or {}).get(code, "#2f6fb3")
        parts.append(
            f'<text x="{label_w - 6}" y="{y + 15}" text-anchor="end" font-size="12">{escape(text)}</text>'
            f'<rect x="{label_w}" y="{y}" width="{w:.1f}" height="{row - 8}" fill="{colour}"/>'
            f'<text x="{label_w + w + 4:.1f}" y="{y + 15}" font-size="12">{value:g}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)
