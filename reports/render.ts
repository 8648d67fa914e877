import { createRequire } from 'node:module';
import type { Resvg as ResvgClass, ResvgRenderOptions } from '@resvg/resvg-js';
import type { LoggerInterface } from 'vega';
import type { TopLevelSpec } from 'vega-lite';

/**
 * Turns a vega-lite spec into SVG (vega, headless, no canvas: text is measured by vega's
 * estimator, so the output is the same on every machine) and SVG into PNG (resvg).
 * The spec's data is read through a file-only loader rooted at the charts directory, so a chart
 * is drawn from the CSV files on disk exactly as a reader of the spec would see them; the loader
 * never touches the network.
 *
 * vega, vega-lite and resvg (hundreds of modules, about half a second to load) are loaded on the
 * first chart drawn, never at import, so commands that draw nothing (--help, validate, trace)
 * start quickly.
 */
export interface ChartRenderer {
  /**
   * `chartsDir`: the directory the spec lives in; its relative data URLs resolve from there.
   * Warnings from vega-lite and vega go to `onWarning` (never to the console).
   */
  svg(spec: TopLevelSpec, chartsDir: string, onWarning?: (message: string) => void): Promise<string>;
  png(svg: string): Uint8Array;
}

type Vega = typeof import('vega');
type VegaLite = typeof import('vega-lite');

let chartLibraries: Promise<{ vega: Vega; vegaLite: VegaLite }> | null = null;

function loadChartLibraries(): Promise<{ vega: Vega; vegaLite: VegaLite }> {
  chartLibraries ??= Promise.all([import('vega'), import('vega-lite')]).then(([vega, vegaLite]) => ({ vega, vegaLite }));
  return chartLibraries;
}

let resvgClass: typeof ResvgClass | null = null;

/** resvg is a CommonJS native addon: required synchronously on first use (PNG rendering is synchronous). */
function resvg(): typeof ResvgClass {
  resvgClass ??= (createRequire(import.meta.url)('@resvg/resvg-js') as { Resvg: typeof ResvgClass }).Resvg;
  return resvgClass;
}

/** A vega/vega-lite logger that hands warnings to a callback and drops the rest (errors are thrown anyway). */
function collectingLogger(vega: Vega, onWarning: (message: string) => void): LoggerInterface {
  let level = vega.Warn;
  const text = (args: unknown[]): string => args.map((a) => (typeof a === 'string' ? a : JSON.stringify(a))).join(' ');
  const logger: LoggerInterface = {
    level(value?: number) {
      if (value === undefined) return level;
      level = value;
      return logger;
    },
    error(...args: unknown[]) {
      onWarning(`error: ${text(args)}`);
      return this;
    },
    warn(...args: unknown[]) {
      if (level >= vega.Warn) onWarning(text(args));
      return this;
    },
    info() {
      return this;
    },
    debug() {
      return this;
    },
  };
  return logger;
}

const FONT_FAMILY = 'DejaVu Sans';

const RESVG_OPTIONS: ResvgRenderOptions = {
  font: { loadSystemFonts: true, defaultFontFamily: FONT_FAMILY, sansSerifFamily: FONT_FAMILY },
  // Twice the SVG size, so the PNG stays sharp on high-density screens and in slides.
  fitTo: { mode: 'zoom', value: 2 },
};

export async function renderSvg(
  spec: TopLevelSpec,
  chartsDir: string,
  onWarning: (message: string) => void = () => undefined,
): Promise<string> {
  const { vega, vegaLite } = await loadChartLibraries();
  const logger = collectingLogger(vega, onWarning);
  const runtime = vega.parse(vegaLite.compile(spec, { logger }).spec);
  const loader = vega.loader({ baseURL: chartsDir.endsWith('/') ? chartsDir : chartsDir + '/', mode: 'file' });
  const view = new vega.View(runtime, { renderer: 'none', loader, logger });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

let fontsChecked = false;

/**
 * Throws unless resvg can find a font for text. Without one, resvg drops every label silently and
 * the PNGs look fine at a glance but carry no titles, axes or legends.
 */
export function assertFontsAvailable(): void {
  if (fontsChecked) return;
  const probe = `<svg xmlns="http://www.w3.org/2000/svg" width="80" height="40"><text x="4" y="30" font-size="20">Hg</text></svg>`;
  if (new (resvg())(probe, RESVG_OPTIONS).getBBox() === undefined) {
    throw new Error(
      `no usable font for PNG rendering: resvg found no '${FONT_FAMILY}' or other system font, so chart text would vanish; ` +
        `install one (Debian/Ubuntu: apt-get install -y fonts-dejavu-core) or write without PNGs ({ png: false })`,
    );
  }
  fontsChecked = true;
}

export function renderPng(svg: string): Uint8Array {
  assertFontsAvailable();
  return new (resvg())(svg, RESVG_OPTIONS).render().asPng();
}

export const defaultRenderer: ChartRenderer = { svg: renderSvg, png: renderPng };

/**
 * Renames every `id` in an SVG (and the `url(#…)`/`href="#…"` references to it) to
 * `<prefix>-<n>` in order of appearance. Vega numbers clip paths and gradients from a
 * process-wide counter, so without this the same chart rendered twice differs, and two charts
 * inlined in one HTML page can collide.
 */
export function scopeSvgIds(svg: string, prefix: string): string {
  const renamed = new Map<string, string>();
  for (const match of svg.matchAll(/\sid="([^"]+)"/g)) {
    const id = match[1];
    if (id !== undefined && !renamed.has(id)) renamed.set(id, `${prefix}-${renamed.size + 1}`);
  }
  if (renamed.size === 0) return svg;
  return svg
    .replace(/(\sid=")([^"]+)(")/g, (all, open: string, id: string, close: string) => {
      const to = renamed.get(id);
      return to === undefined ? all : open + to + close;
    })
    .replace(/url\(#([^)]+)\)/g, (all, id: string) => {
      const to = renamed.get(id);
      return to === undefined ? all : `url(#${to})`;
    })
    .replace(/(href=")#([^"]+)(")/g, (all, open: string, id: string, close: string) => {
      const to = renamed.get(id);
      return to === undefined ? all : `${open}#${to}${close}`;
    });
}
