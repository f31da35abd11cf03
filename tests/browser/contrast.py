"""WCAG AA contrast of every visible text of a page, read from the rendered colours."""

from __future__ import annotations

from playwright.sync_api import Page

CONTRAST = """() => {
  const parse = (c) => { const m = c.match(/[\\d.]+/g); return m ? m.map(Number) : [0, 0, 0, 0]; };
  const channel = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
  const lum = ([r, g, b]) => 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
  const over = (top, under) => { const a = top.length > 3 ? top[3] : 1;
                                 return [0, 1, 2].map((i) => top[i] * a + under[i] * (1 - a)); };
  const background = (el) => {
    const layers = [];
    for (let e = el; e; e = e.parentElement) {
      const s = getComputedStyle(e);
      const c = parse(s.backgroundColor);
      if ((c.length < 4 || c[3] > 0) && s.backgroundColor !== 'transparent') layers.push(c);
      if ((c.length < 4 || c[3] === 1) && s.backgroundColor !== 'transparent') break;
    }
    let color = [255, 255, 255];
    for (const layer of layers.reverse()) color = over(layer, color);
    return color;
  };
  const failures = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const el = node.parentElement;
    if (!node.textContent.trim() || !el) continue;
    const r = el.getBoundingClientRect();
    const s = getComputedStyle(el);
    if (r.width === 0 || r.height === 0 || s.visibility === 'hidden' || el.closest('[aria-hidden=true]')) continue;
    let opacity = 1;
    for (let e = el; e; e = e.parentElement) opacity *= Number(getComputedStyle(e).opacity);
    if (opacity < 0.99) continue;  // disabled or stale: WCAG exempts inactive components
    const fg = over(parse(s.color), background(el));
    const bg = background(el);
    const [a, b] = [lum(fg), lum(bg)].sort((x, y) => y - x);
    const ratio = (a + 0.05) / (b + 0.05);
    const size = parseFloat(s.fontSize);
    const large = size >= 24 || (size >= 18.66 && Number(s.fontWeight) >= 700);
    const icon = el.classList.contains('material-icons');
    const need = icon || large ? 3 : 4.5;
    if (ratio < need) failures.push(`${ratio.toFixed(2)} < ${need}: "${node.textContent.trim().slice(0, 40)}" `
                                    + `(${s.color} on rgb(${bg.map(Math.round)}), ${el.className})`);
  }
  return failures;
}"""

"""A page function: the texts under 4.5:1 (3:1 large text and icons) as lines to print; ``[]`` if none.
Texts hidden, ``aria-hidden`` or faded (disabled or stale, which WCAG exempts) are not checked."""


def contrast_failures(page: Page) -> list[str]:
    failures: list[str] = page.evaluate(CONTRAST)
    return failures
