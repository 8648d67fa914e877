/**
 * The resource primitives, in one import: the measured base (resource-base.ts) and its three
 * kinds, FCFS servers (fcfs-resource.ts), processor sharing (ps-resource.ts) and occupancy
 * (gauge.ts). The kinds import the base directly, never this file (no module cycle).
 */
export * from './resource-base.js';
export { FcfsResource } from './fcfs-resource.js';
export { PsResource } from './ps-resource.js';
export { Gauge } from './gauge.js';
