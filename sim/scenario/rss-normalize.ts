type Issue = (path: (string | number)[], message: string) => void;

/**
 * Dedicated interrupt cores must leave the application at least one core of its own: a node
 * whose every core takes interrupts has nowhere to run its processes.
 */
export function checkIrqCores(irqCores: number, cores: number, path: (string | number)[], issue: Issue): void {
  if (irqCores >= cores) issue(path, `${irqCores} interrupt cores on a ${cores}-core node: at least one core must be left for the application`);
}

/**
 * A front end's RSS (docs/model.md, "RSS"). Absent: null, every piece of its work takes any core
 * of one pool (no per-queue limit). Present: `queues` receive queues (default one per interrupt
 * core when `irqCores` is set, since each IRQ core then takes one queue's interrupts, else one
 * per core, the kernel's default for a multi-queue NIC), each running one softirq job at a time.
 */
export function frontEndRss(input: { queues?: number; irqCores?: number } | undefined, cores: number, issue: Issue): { queues: number; irqCores: number } | null {
  if (input === undefined) return null;
  const irqCores = input.irqCores ?? 0;
  const queues = input.queues ?? (irqCores > 0 ? irqCores : cores);
  const base = ['topology', 'frontEnd', 'rss'];
  if (queues > cores) issue([...base, 'queues'], `${queues} queues on ${cores} cores: each queue is served by its own core`);
  checkIrqCores(irqCores, cores, [...base, 'irqCores'], issue);
  return { queues, irqCores };
}
