import { Resource, type ResourceKind } from './resource-base.js';
import type { Simulator } from './simulator.js';

/**
 * Occupancy with a capacity: connection-table entries, connection slots. Holders acquire and
 * release explicitly; utilization is mean occupancy / capacity, maxQueue the peak occupancy.
 */
export class Gauge extends Resource {
  private level = 0;

  constructor(sim: Simulator, id: string, node: string, kind: ResourceKind, readonly capacity: number) {
    super(sim, id, node, kind);
  }

  protected busyLevel(): number { return this.level; }
  protected queueLevel(): number { return this.level; }
  protected capacityUnits(): number { return this.capacity; }

  get occupancy(): number { return this.level; }

  /** Returns false (and counts a drop) when full. */
  acquire(): boolean {
    if (this.level >= this.capacity) {
      this.droppedCount++;
      return false;
    }
    this.accrue();
    this.level++;
    this.servedCount++;
    this.noteQueue();
    return true;
  }

  /** Counts one refusal that was decided elsewhere (a queue's timeout), occupancy unchanged. */
  refuse(): void {
    this.droppedCount++;
  }

  release(): void {
    if (this.level <= 0) throw new Error(`${this.id}: release without acquire`);
    this.accrue();
    this.level--;
  }
}
