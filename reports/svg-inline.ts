/**
 * An SVG document (vega's or the sequence diagrams') as an HTML fragment, rebuilt from its parse
 * tree rather than edited as text: every element is checked against an allow-list of drawing
 * elements, every attribute against the rules below, and the fragment is written out again with
 * every text node and attribute value escaped. Text such as a resolver named `isp online=yes` or
 * `<script>` in a label is therefore just text; only markup can be refused, and markup that could
 * run code or fetch anything (script, foreignObject, image, event handlers, external links) is.
 *
 * The XML prolog, comments and the namespace declarations are dropped (the HTML parser puts <svg>
 * in the SVG namespace itself, and the declarations are the only URLs in vega's output);
 * `xlink:href` becomes `href`.
 */
const ALLOWED_ELEMENTS = new Set([
  'svg', 'g', 'defs', 'title', 'desc', 'path', 'rect', 'circle', 'ellipse', 'line', 'polyline', 'polygon',
  'text', 'tspan', 'textPath', 'clipPath', 'mask', 'pattern', 'marker', 'symbol', 'use',
  'linearGradient', 'radialGradient', 'stop', 'style',
]);

const NAME = /^[A-Za-z_][-A-Za-z0-9_.:]*$/;

export class SvgRefused extends Error {}

function escapeText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function escapeAttribute(text: string): string {
  return escapeText(text).replace(/"/g, '&quot;');
}

const NAMED_ENTITIES: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' };

/** XML character and entity references → characters (unknown named entities are refused). */
function decode(text: string): string {
  return text.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[A-Za-z]+);/g, (_all, ref: string) => {
    if (ref.startsWith('#x')) return String.fromCodePoint(Number.parseInt(ref.slice(2), 16));
    if (ref.startsWith('#')) return String.fromCodePoint(Number.parseInt(ref.slice(1), 10));
    const named = NAMED_ENTITIES[ref];
    if (named === undefined) throw new SvgRefused(`unknown entity &${ref};`);
    return named;
  });
}

/** An attribute kept (renamed), or null when dropped; throws when it could run code or fetch. */
function attribute(element: string, name: string, value: string): [string, string] | null {
  const lower = name.toLowerCase();
  if (lower === 'xmlns' || lower.startsWith('xmlns:')) return null;
  if (lower.startsWith('on')) throw new SvgRefused(`event handler attribute ${name} on <${element}>`);
  if (lower === 'href' || lower === 'xlink:href') {
    if (!value.startsWith('#')) throw new SvgRefused(`link to ${JSON.stringify(value)} on <${element}> (only #fragment links are kept)`);
    return ['href', value];
  }
  if (/url\(\s*['"]?(?!#)/i.test(value)) throw new SvgRefused(`external url() in ${name} on <${element}>`);
  return [name, value];
}

/** Parses `svg` (well-formed XML) and writes it back as an escaped HTML fragment; throws SvgRefused. */
export function inlineSvg(svg: string): string {
  const out: string[] = [];
  const open: string[] = [];
  let i = 0;
  const fail = (why: string): never => {
    throw new SvgRefused(`refusing to inline the SVG: ${why}`);
  };
  while (i < svg.length) {
    const lt = svg.indexOf('<', i);
    const textEnd = lt < 0 ? svg.length : lt;
    if (textEnd > i) {
      const text = svg.slice(i, textEnd);
      if (open[open.length - 1] === 'style' && /url\(\s*['"]?(?!#)|@import/i.test(text)) fail('a style sheet that fetches (url() or @import)');
      if (open.length > 0) out.push(escapeText(decode(text)));
      else if (text.trim() !== '') fail('text outside the root element');
      i = textEnd;
      continue;
    }
    if (svg.startsWith('<!--', i)) {
      const end = svg.indexOf('-->', i + 4);
      if (end < 0) fail('unterminated comment');
      i = end + 3;
    } else if (svg.startsWith('<![CDATA[', i)) {
      const end = svg.indexOf(']]>', i + 9);
      if (end < 0) fail('unterminated CDATA section');
      if (open.length === 0) fail('CDATA outside the root element');
      out.push(escapeText(svg.slice(i + 9, end)));
      i = end + 3;
    } else if (svg.startsWith('<?', i) || svg.startsWith('<!', i)) {
      const end = svg.indexOf('>', i);
      if (end < 0) fail('unterminated declaration');
      i = end + 1;
    } else if (svg.startsWith('</', i)) {
      const end = svg.indexOf('>', i);
      const name = svg.slice(i + 2, end < 0 ? undefined : end).trim();
      if (end < 0 || open.pop() !== name) fail(`unbalanced </${name}>`);
      out.push(`</${name}>`);
      i = end + 1;
    } else {
      i = openTag(svg, i + 1, out, open, fail);
    }
  }
  if (open.length > 0) fail(`<${open[open.length - 1]}> is never closed`);
  return out.join('');
}

/** Reads one start tag from `at` (just after '<'); returns the index after its '>'. */
function openTag(svg: string, at: number, out: string[], open: string[], fail: (why: string) => never): number {
  const nameMatch = /^[^\s/>]+/.exec(svg.slice(at, at + 200));
  const name = nameMatch?.[0] ?? '';
  if (!NAME.test(name)) fail(`malformed tag <${name}`);
  if (!ALLOWED_ELEMENTS.has(name)) fail(`a <${name}> element (scripts, foreign content and images are not inlined)`);
  if (open.length === 0 && name !== 'svg') fail(`the root element is <${name}>, not <svg>`);
  let i = at + name.length;
  const attrs: string[] = [];
  for (;;) {
    while (/\s/.test(svg[i] ?? '')) i++;
    if (svg.startsWith('/>', i)) {
      out.push(`<${name}${attrs.join('')}/>`);
      return i + 2;
    }
    if (svg[i] === '>') {
      out.push(`<${name}${attrs.join('')}>`);
      open.push(name);
      return i + 1;
    }
    const m = /^([^\s=/>]+)\s*=\s*("([^"]*)"|'([^']*)')/.exec(svg.slice(i, i + 100_000));
    if (m === null) fail(`malformed attribute in <${name}>`);
    const attrName = m![1]!;
    if (!NAME.test(attrName)) fail(`malformed attribute name ${JSON.stringify(attrName)}`);
    let kept: [string, string] | null;
    try {
      kept = attribute(name, attrName, decode(m![3] ?? m![4] ?? ''));
    } catch (err) {
      return fail((err as Error).message);
    }
    if (kept !== null) attrs.push(` ${kept[0]}="${escapeAttribute(kept[1])}"`);
    i += m![0].length;
  }
}
