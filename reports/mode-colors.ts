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

/** A vega-lite scale with the fixed domain and range, so a mode keeps its colour when others are absent. */
export function modeColorScale(): { domain: string[]; range: string[] } {
  return { domain: [...MODES], range: MODES.map((m) => MODE_COLORS[m]) };
}
