import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Resvg } from '@resvg/resvg-js';
import { assertFontsAvailable, renderPng, scopeSvgIds } from '../../reports/render.js';

describe('PNG rendering', () => {
  it('finds a system font (install fonts-dejavu-core if this fails)', () => {
    assert.doesNotThrow(() => assertFontsAvailable());
  });

  it('draws text: the same picture with text is larger than without', () => {
    const frame = (body: string) =>
      `<svg xmlns="http://www.w3.org/2000/svg" width="300" height="80"><rect width="300" height="80" fill="white"/>${body}</svg>`;
    const text = '<text x="10" y="50" font-family="sans-serif" font-size="24">Throughput (req/s)</text>';
    const withText = renderPng(frame(text));
    const without = renderPng(frame(''));
    assert.ok(withText.length > without.length * 2, `${withText.length} vs ${without.length}`);
    // And the text really has a bounding box (resvg drops text it has no font for).
    assert.notEqual(new Resvg(frame(text), { font: { loadSystemFonts: true } }).getBBox(), undefined);
  });
});

describe('scopeSvgIds', () => {
  it('renames ids and their references in order of appearance', () => {
    const svg =
      '<svg><defs><clipPath id="clip7"><rect/></clipPath><linearGradient id="g3"/></defs>' +
      '<g clip-path="url(#clip7)"><rect fill="url(#g3)"/><use href="#clip7"/></g></svg>';
    assert.equal(
      scopeSvgIds(svg, 'scaling'),
      '<svg><defs><clipPath id="scaling-1"><rect/></clipPath><linearGradient id="scaling-2"/></defs>' +
        '<g clip-path="url(#scaling-1)"><rect fill="url(#scaling-2)"/><use href="#scaling-1"/></g></svg>',
    );
  });

  it('makes two renderings that differ only in counter values identical', () => {
    const a = '<svg><clipPath id="clip1"/><g clip-path="url(#clip1)"/></svg>';
    const b = '<svg><clipPath id="clip42"/><g clip-path="url(#clip42)"/></svg>';
    assert.equal(scopeSvgIds(a, 'x'), scopeSvgIds(b, 'x'));
  });
});
