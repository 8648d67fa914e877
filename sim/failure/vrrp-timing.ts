import { NS_PER_S } from '../engine/time.js';

/**
 * VRRP timers, from the RFCs (docs/failure.md §1, docs/sources.md §4):
 *
 *   VRRPv2 (RFC 3768 §6.1): Skew_Time = (256 − Priority) / 256 s, whatever the advertisement
 *     interval, which is a whole number of seconds (an 8-bit field: 1–255 s);
 *   VRRPv3 (RFC 5798 §6.1): Skew_Time = (256 − Priority) × Master_Adver_Interval / 256, the
 *     interval being a whole number of centiseconds (a 12-bit field: 1–4095 cs);
 *   both: Master_Down_Interval = 3 × Advertisement_Interval + Skew_Time.
 *
 * Priority 255 is the address owner, 1–254 a backup, 0 "the master is stopping" (never configured).
 * Times are integer nanoseconds; the v3 skew is rounded to the nearest nanosecond (it is exact
 * to 0.5 ns, far below the simulator's other timers).
 */
export type VrrpVersion = 2 | 3;

export const NS_PER_CS = 10_000_000;
/** Master_Down_Interval counts this many advertisement intervals (keepalived `down_timer_adverts`). */
export const DOWN_TIMER_ADVERTS = 3;

/** Why an advertisement interval is not valid for the version, or null. */
export function advertIntervalProblem(version: VrrpVersion, advertIntervalNs: number): string | null {
  if (version === 2) {
    if (!(advertIntervalNs % NS_PER_S === 0 && advertIntervalNs >= NS_PER_S && advertIntervalNs <= 255 * NS_PER_S)) {
      return `VRRPv2 advertises whole seconds from 1 s to 255 s, got ${advertIntervalNs / NS_PER_S} s`;
    }
  } else if (!(advertIntervalNs % NS_PER_CS === 0 && advertIntervalNs >= NS_PER_CS && advertIntervalNs <= 4095 * NS_PER_CS)) {
    return `VRRPv3 advertises whole centiseconds from 10 ms to 40.95 s, got ${advertIntervalNs / 1e6} ms`;
  }
  return null;
}

/** Why a configured priority is not valid, or null (0 is only ever sent, 255 means address owner). */
export function priorityProblem(priority: number): string | null {
  return Number.isInteger(priority) && priority >= 1 && priority <= 255 ? null : `priority must be an integer from 1 to 255, got ${priority}`;
}

export function skewTimeNs(version: VrrpVersion, priority: number, advertIntervalNs: number): number {
  if (version === 2) return ((256 - priority) * NS_PER_S) / 256;
  return Math.round(((256 - priority) * advertIntervalNs) / 256);
}

export function masterDownIntervalNs(version: VrrpVersion, priority: number, advertIntervalNs: number): number {
  return DOWN_TIMER_ADVERTS * advertIntervalNs + skewTimeNs(version, priority, advertIntervalNs);
}
