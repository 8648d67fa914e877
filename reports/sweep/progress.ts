import cliProgress from 'cli-progress';

/**
 * Progress of a batch of runs on stderr: a cli-progress bar when stderr is a terminal, one plain
 * line per finished item otherwise (logs, CI, tests read these), nothing at all when quiet.
 * Stdout stays free for the summary table and --json.
 */
export interface Progress {
  /** A line that is not an item (counts, reuse notes). */
  note(line: string): void;
  /** One item finished; `line` describes it. */
  item(line: string): void;
  stop(): void;
}

export interface ProgressOptions {
  readonly quiet: boolean;
  readonly total: number;
  readonly title: string;
  readonly stream?: NodeJS.WriteStream;
}

export function makeProgress(opts: ProgressOptions): Progress {
  const stream = opts.stream ?? process.stderr;
  if (opts.quiet) return { note: () => {}, item: () => {}, stop: () => {} };
  if (stream.isTTY !== true) {
    let done = 0;
    const width = String(opts.total).length;
    return {
      note: (line) => stream.write(`${opts.title}: ${line}\n`),
      item: (line) => {
        done++;
        stream.write(`${opts.title} [${String(done).padStart(width)}/${opts.total}] ${line}\n`);
      },
      stop: () => {},
    };
  }
  const bar = new cliProgress.SingleBar({
    stream,
    format: `${opts.title} [{bar}] {value}/{total} | {duration_formatted} elapsed, ETA {eta_formatted} | {last}`,
    hideCursor: true,
    clearOnComplete: false,
    etaBuffer: 20,
  }, cliProgress.Presets.shades_classic);
  let started = false;
  let done = 0;
  const start = (): void => {
    if (!started) bar.start(opts.total, done, { last: '' });
    started = true;
  };
  return {
    note: (line) => {
      // The bar owns the last line while it runs: stop it, print, and let the next item restart it.
      if (started) bar.stop();
      started = false;
      stream.write(`${opts.title}: ${line}\n`);
    },
    item: (line) => {
      start();
      done++;
      bar.increment(1, { last: line.length > 60 ? `${line.slice(0, 57)}...` : line });
    },
    stop: () => {
      if (started) bar.stop();
      started = false;
    },
  };
}
