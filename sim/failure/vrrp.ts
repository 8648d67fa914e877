import type { EventHandle, Simulator } from '../engine/simulator.js';
import { type VrrpVersion, masterDownIntervalNs, skewTimeNs } from './vrrp-timing.js';

/**
 * One VRRP virtual router: a group of routers (directors or proxy boxes) sharing a VIP, run as the
 * RFCs' state machine (RFC 3768 / RFC 5798 §6.4) with keepalived's gratuitous-ARP and preemption
 * settings (docs/failure.md §1):
 *
 *   master: advertises every interval; a better advertisement (higher priority, or equal priority
 *     from a higher address) makes it a backup; it sends an advertisement at once on hearing
 *     priority 0.
 *   backup: each accepted advertisement restarts its Master_Down timer; with preemption on it
 *     ignores advertisements of lower priority (so it takes over when the timer runs out), unless
 *     still inside `preemptDelayNs` since it came up; priority 0 sets the timer to Skew_Time.
 *     When the timer runs out it becomes master, advertises, and sends gratuitous ARPs.
 *
 * The gateway in front learns the VIP's new MAC address from the first gratuitous ARP to reach
 * it: until then it keeps sending to the previous holder (`vipHolder`), whose packets vanish if it
 * has crashed or is dropped by a backup that no longer owns the VIP. Routers are addressed by their
 * index (a higher index is a higher IP address, for ties). The group starts settled: the best
 * router is master at time 0, as in a group that has been running for a while.
 */
export type VrrpState = 'master' | 'backup' | 'down';

export interface VrrpRouterSpec {
  readonly priority: number;
  readonly preempt: boolean;
  readonly preemptDelayNs: number;
}

export interface GarpSpec {
  /** Gratuitous ARPs sent at once on becoming master (keepalived `garp_master_repeat`, 5). */
  readonly count: number;
  /** A second burst this long after the first; 0: none (keepalived `garp_master_delay`, 5 s). */
  readonly secondBurstNs: number;
  /** Then one burst every this long while master; 0: never (keepalived `garp_master_refresh`). */
  readonly refreshNs: number;
}

export interface VrrpSpec {
  readonly version: VrrpVersion;
  readonly advertIntervalNs: number;
  /** One-way delay of an advertisement or ARP between two routers, or a router and the gateway. */
  readonly deliveryDelayNs: number;
  readonly garp: GarpSpec;
  readonly routers: readonly VrrpRouterSpec[];
}

export interface VrrpHooks {
  /** A router changed state (also used to move the VIP's traffic and the sync daemon's role). */
  onState?(router: number, state: VrrpState, nowNs: number): void;
  /** The gateway now sends VIP traffic to `router`. */
  onVipMoved?(router: number, nowNs: number): void;
  /** Control packets a router sent (advertisements, gratuitous ARPs): load on its NIC. */
  onPackets?(router: number, kind: 'advert' | 'garp', packets: number, nowNs: number): void;
}

interface RouterRuntime {
  state: VrrpState;
  upSinceNs: number;
  downTimer: EventHandle | null;
  advertTimer: EventHandle | null;
  garpTimer: EventHandle | null;
}

interface Advert {
  readonly from: number;
  readonly to: number;
  readonly priority: number;
}

export class VrrpGroup {
  private readonly routers: RouterRuntime[];
  /** The router the gateway sends VIP traffic to (its ARP entry), -1 before any. */
  vipHolder = -1;
  /** When each router last sent an advertisement (for the takeover measurement). */
  readonly lastAdvertNs: number[];
  advertsSent = 0;
  garpsSent = 0;

  constructor(private readonly sim: Simulator, readonly spec: VrrpSpec, private readonly hooks: VrrpHooks = {}) {
    this.routers = spec.routers.map(() => ({ state: 'backup' as VrrpState, upSinceNs: 0, downTimer: null, advertTimer: null, garpTimer: null }));
    this.lastAdvertNs = spec.routers.map(() => Number.NEGATIVE_INFINITY);
  }

  state(router: number): VrrpState {
    return this.routers[router]!.state;
  }

  /** The current master, or -1 (none, or during a takeover). */
  get master(): number {
    return this.routers.findIndex((r) => r.state === 'master');
  }

  /** Time 0: the best router is master and holds the VIP, the others are backups. */
  start(): void {
    let best = 0;
    this.spec.routers.forEach((r, i) => {
      if (this.better(i, r.priority, best)) best = i;
    });
    this.routers.forEach((_, i) => {
      if (i !== best) this.enterBackup(i);
    });
    this.vipHolder = best;
    this.becomeMaster(best, false);
  }

  /** The router dies silently: no more advertisements, packets to it vanish. */
  crash(router: number): void {
    this.goDown(router);
  }

  /** keepalived stopping cleanly: a master first sends priority 0, so backups wait only Skew_Time. */
  stop(router: number): void {
    if (this.routers[router]!.state === 'master') this.advertise(router, 0);
    this.goDown(router);
  }

  /** The router comes back (RFC Initialize): the address owner takes over at once, others wait as backups. */
  recover(router: number): void {
    const r = this.routers[router]!;
    if (r.state !== 'down') return;
    r.upSinceNs = this.sim.nowNs;
    if (this.spec.routers[router]!.priority === 255) this.becomeMaster(router, true);
    else this.enterBackup(router);
  }

  masterDownIntervalNs(router: number): number {
    return masterDownIntervalNs(this.spec.version, this.spec.routers[router]!.priority, this.spec.advertIntervalNs);
  }

  skewTimeNs(router: number): number {
    return skewTimeNs(this.spec.version, this.spec.routers[router]!.priority, this.spec.advertIntervalNs);
  }

  /** Does an advertisement of `priority` from `from` beat router `local`'s own priority? */
  private better(from: number, priority: number, local: number): boolean {
    const own = this.spec.routers[local]!.priority;
    return priority > own || (priority === own && from > local);
  }

  private goDown(router: number): void {
    const r = this.routers[router]!;
    this.clearTimers(r);
    this.setState(router, 'down');
  }

  private clearTimers(r: RouterRuntime): void {
    for (const t of [r.downTimer, r.advertTimer, r.garpTimer]) if (t !== null) this.sim.cancel(t);
    r.downTimer = r.advertTimer = r.garpTimer = null;
  }

  private enterBackup(router: number): void {
    const r = this.routers[router]!;
    this.clearTimers(r);
    this.setState(router, 'backup');
    this.armDownTimer(router, this.masterDownIntervalNs(router));
  }

  private armDownTimer(router: number, delayNs: number): void {
    const r = this.routers[router]!;
    if (r.downTimer !== null) this.sim.cancel(r.downTimer);
    r.downTimer = this.sim.schedule(delayNs, this.downTimerFired, router);
  }

  private readonly downTimerFired = (router: number): void => {
    this.routers[router]!.downTimer = null;
    this.becomeMaster(router, true);
  };

  private becomeMaster(router: number, announce: boolean): void {
    const r = this.routers[router]!;
    this.clearTimers(r);
    this.setState(router, 'master');
    this.advertise(router, this.spec.routers[router]!.priority);
    r.advertTimer = this.sim.schedule(this.spec.advertIntervalNs, this.advertTick, router);
    if (announce) this.garpBurst(router, 0);
  }

  private readonly advertTick = (router: number): void => {
    const r = this.routers[router]!;
    this.advertise(router, this.spec.routers[router]!.priority);
    r.advertTimer = this.sim.schedule(this.spec.advertIntervalNs, this.advertTick, router);
  };

  private advertise(from: number, priority: number): void {
    this.advertsSent++;
    this.lastAdvertNs[from] = this.sim.nowNs;
    this.hooks.onPackets?.(from, 'advert', 1, this.sim.nowNs);
    for (let to = 0; to < this.routers.length; to++) {
      if (to !== from && this.routers[to]!.state !== 'down') this.sim.schedule(this.spec.deliveryDelayNs, this.receive, { from, to, priority });
    }
  }

  private readonly receive = (ad: Advert): void => {
    const me = this.routers[ad.to]!;
    const spec = this.spec.routers[ad.to]!;
    if (me.state === 'backup') {
      if (ad.priority === 0) return this.armDownTimer(ad.to, this.skewTimeNs(ad.to));
      const inPreemptDelay = this.sim.nowNs - me.upSinceNs < spec.preemptDelayNs;
      if (!spec.preempt || inPreemptDelay || ad.priority >= spec.priority) this.armDownTimer(ad.to, this.masterDownIntervalNs(ad.to));
      // else: a lower-priority master is ignored, so the down timer runs out and this router preempts.
    } else if (me.state === 'master') {
      if (ad.priority === 0) {
        if (me.advertTimer !== null) this.sim.cancel(me.advertTimer);
        this.advertTick(ad.to);
      } else if (this.better(ad.from, ad.priority, ad.to)) {
        this.enterBackup(ad.to);
      }
    }
  };

  /** `burst` 0: on takeover; later ones (the delayed second burst, refreshes) are followed by refreshes only. */
  private garpBurst(router: number, burst: number): void {
    const g = this.spec.garp;
    const count = Math.max(1, g.count);
    this.garpsSent += count;
    this.hooks.onPackets?.(router, 'garp', count, this.sim.nowNs);
    if (this.vipHolder !== router) this.sim.schedule(this.spec.deliveryDelayNs, this.garpArrived, router);
    const r = this.routers[router]!;
    const nextNs = burst === 0 && g.secondBurstNs > 0 ? g.secondBurstNs : g.refreshNs;
    if (nextNs > 0) r.garpTimer = this.sim.schedule(nextNs, this.garpTimerFired, router);
  }

  private readonly garpTimerFired = (router: number): void => {
    const r = this.routers[router]!;
    r.garpTimer = null;
    if (r.state === 'master') this.garpBurst(router, 1);
  };

  private readonly garpArrived = (router: number): void => {
    // A stale ARP from a router that has since lost mastership still updates the gateway's cache,
    // as a real one would; the next master's own ARP corrects it.
    if (this.vipHolder === router) return;
    this.vipHolder = router;
    this.hooks.onVipMoved?.(router, this.sim.nowNs);
  };

  private setState(router: number, state: VrrpState): void {
    const r = this.routers[router]!;
    if (r.state === state) return;
    r.state = state;
    this.hooks.onState?.(router, state, this.sim.nowNs);
  }
}
