/**
 * SVG built as a tree, so that escaping happens by construction: a string child is always text
 * (escaped), an attribute value is always escaped, and the only way to put markup in a document is
 * an element made here. Element and attribute names come from fixed vocabularies, and event
 * handler attributes (on*) are refused, so input text can never become markup or script.
 */
export type SvgTag = 'svg' | 'g' | 'title' | 'desc' | 'rect' | 'line' | 'path' | 'polyline' | 'text' | 'tspan' | 'defs' | 'marker';

export interface SvgElement {
  readonly tag: SvgTag;
  readonly attrs: Readonly<Record<string, string | number>>;
  readonly children: readonly SvgChild[];
}
export type SvgChild = SvgElement | string;

const ATTR_NAME = /^(?!on)[a-z][a-z0-9-]*(:[a-z][a-z0-9-]*)?$/i;

export function el(tag: SvgTag, attrs: Record<string, string | number | undefined> = {}, ...children: (SvgChild | null | readonly SvgChild[])[]): SvgElement {
  const clean: Record<string, string | number> = {};
  for (const [name, value] of Object.entries(attrs)) {
    if (!ATTR_NAME.test(name)) throw new Error(`svg: refusing attribute name "${name}"`);
    if (value !== undefined) clean[name] = value;
  }
  const flat: SvgChild[] = [];
  for (const c of children) {
    if (c === null) continue;
    if (Array.isArray(c)) flat.push(...(c as readonly SvgChild[]));
    else flat.push(c as SvgChild);
  }
  return { tag, attrs: clean, children: flat };
}

export function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

/** Numbers are written with at most two decimals, so output is stable across platforms. */
function attrValue(v: string | number): string {
  return typeof v === 'number' ? String(Math.round(v * 100) / 100) : escapeXml(v);
}

export function renderSvg(node: SvgChild): string {
  if (typeof node === 'string') return escapeXml(node);
  const attrs = Object.entries(node.attrs).map(([k, v]) => ` ${k}="${attrValue(v)}"`).join('');
  if (node.children.length === 0) return `<${node.tag}${attrs}/>`;
  const inner = node.children.map(renderSvg).join(node.tag === 'text' || node.tag === 'tspan' || node.tag === 'title' ? '' : '\n');
  return `<${node.tag}${attrs}>${node.tag === 'text' || node.tag === 'tspan' || node.tag === 'title' ? inner : `\n${inner}\n`}</${node.tag}>`;
}
