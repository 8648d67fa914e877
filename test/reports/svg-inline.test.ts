import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { inlineSvg, SvgRefused } from '../../reports/svg-inline.js';

const wrap = (inner: string, attrs = ''): string =>
  `<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="10" height="10"${attrs}>${inner}</svg>`;

describe('inlineSvg: rebuilt from the parse tree, text always escaped', () => {
  it('keeps text that looks like markup as text (a resolver named "isp online=yes", "<script>" in a label)', () => {
    const html = inlineSvg(wrap('<g><text x="1" y="2">isp online=yes</text><text>&lt;script&gt;alert(1)&lt;/script&gt; &amp; "q"</text></g>'));
    assert.equal(html, '<svg width="10" height="10"><g><text x="1" y="2">isp online=yes</text><text>&lt;script&gt;alert(1)&lt;/script&gt; &amp; "q"</text></g></svg>');
  });

  it('escapes attribute values and keeps fragment links as href', () => {
    const html = inlineSvg(wrap('<defs><clipPath id="c"><rect width="1" height="1"/></clipPath></defs><use xlink:href="#c" aria-label="a &quot;b&quot; &lt;c&gt; online=yes"/>'));
    assert.match(html, /<use href="#c" aria-label="a &quot;b&quot; &lt;c&gt; online=yes"\/>/);
    assert.doesNotMatch(html, /xmlns|<\?xml/);
  });

  it('refuses markup that could run code or fetch, naming it', () => {
    const cases: [string, RegExp][] = [
      [wrap('<script>alert(1)</script>'), /<script> element/],
      [wrap('<foreignObject><div/></foreignObject>'), /<foreignObject> element/],
      [wrap('<image href="http://x/y.png"/>'), /<image> element/],
      [wrap('<rect onload="alert(1)"/>'), /event handler attribute onload/],
      [wrap('<rect ONCLICK="x"/>'), /event handler attribute ONCLICK/],
      [wrap('<use href="http://evil/x.svg#a"/>'), /only #fragment links/],
      [wrap('<rect style="fill: url(http://evil/)"/>'), /external url\(\)/],
      [wrap('<style>@import "http://evil/x.css";</style>'), /style sheet that fetches/],
      [wrap('<g>'), /never closed|unbalanced/],
      ['<html><script/></html>', /<html> element/],
    ];
    for (const [svg, why] of cases) assert.throws(() => inlineSvg(svg), (err: unknown) => err instanceof SvgRefused && why.test(err.message), svg);
  });

  it('keeps internal url(#id) references', () => {
    assert.match(inlineSvg(wrap('<rect clip-path="url(#c)" style="fill:url(#g)"/>')), /clip-path="url\(#c\)"/);
  });
});
