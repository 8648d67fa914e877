import { MODES, type Mode } from '../sim/result.js';

/**
 * One colour per mode, the same in every chart (Okabe–Ito colour-blind-safe palette, with the
 * director-less modes in cool colours and the proxy/director modes in warm ones).
 */
export const MODE_COLORS: Readonly<Record<Mode, string>> = {
  'rr-dns': '#56B4E9',
  'client-side': '#009E73',
  'l7-proxy': '#CC79A7',
  'lvs-nat': '#D55E00',
  'lvs-tun': '#E69F00',
  'lvs-dr': '#0072B2',
};

/**
 * A vega-lite scale over `modes` (default: all six) with each mode's fixed colour, so a mode keeps
 * its colour whichever others are present, and a legend lists only the modes given.
 */
export function modeColorScale(modes: readonly Mode[] = MODES): { domain: string[]; range: string[] } {
  return { domain: [...modes], range: modes.map((m) => MODE_COLORS[m]) };
}
