/**
 * Queueing-theory oracles (docs/sources.md §8), used by the analytic tests and by capacity
 * estimates. Any consistent time unit: rates are per unit, times come back in the same unit.
 * Notation: λ arrival rate, μ service rate per server, c servers, a = λ/μ offered load,
 * ρ = λ/(cμ) utilisation. An unstable system (ρ ≥ 1) has infinite waits and queues, returned as
 * Infinity rather than thrown, so that a capacity search can compare against them.
 */

export interface QueueMetrics {
  /** Utilisation per server. */
  readonly rho: number;
  /** Mean sojourn (waiting + service). */
  readonly W: number;
  /** Mean wait before service. */
  readonly Wq: number;
  /** Mean number in the system (Little: λW). */
  readonly L: number;
  /** Mean number waiting (Little: λWq). */
  readonly Lq: number;
}

function checkRates(lambda: number, mu: number): void {
  if (!(lambda >= 0) || !(mu > 0)) throw new RangeError(`need λ ≥ 0 and μ > 0, got λ=${lambda}, μ=${mu}`);
}

function fromWq(lambda: number, rho: number, Wq: number, meanService: number): QueueMetrics {
  const W = Wq + meanService;
  return { rho, W, Wq, L: lambda * W, Lq: lambda * Wq };
}

/** Little's law: L = λW. */
export function littleL(lambda: number, W: number): number {
  return lambda * W;
}

/** M/M/1: W = 1/(μ−λ), Wq = ρ/(μ−λ), L = ρ/(1−ρ). */
export function mm1(lambda: number, mu: number): QueueMetrics {
  checkRates(lambda, mu);
  const rho = lambda / mu;
  if (rho >= 1) return fromWq(lambda, rho, Number.POSITIVE_INFINITY, 1 / mu);
  return fromWq(lambda, rho, rho / (mu - lambda), 1 / mu);
}

/** p-quantile of the M/M/1 sojourn time, which is Exp(μ−λ): −ln(1−p)/(μ−λ). */
export function mm1SojournQuantile(lambda: number, mu: number, p: number): number {
  checkRates(lambda, mu);
  return lambda >= mu ? Number.POSITIVE_INFINITY : -Math.log(1 - p) / (mu - lambda);
}

/** Erlang B blocking probability of c servers at offered load a, by the stable recursion B(k) = aB(k−1)/(k + aB(k−1)). */
export function erlangB(c: number, a: number): number {
  if (!Number.isInteger(c) || c < 0 || !(a >= 0)) throw new RangeError(`Erlang B needs integer c ≥ 0 and a ≥ 0, got c=${c}, a=${a}`);
  let b = 1;
  for (let k = 1; k <= c; k++) b = (a * b) / (k + a * b);
  return b;
}

/** Erlang C: probability that an arrival waits in M/M/c, C = cB/(c − a(1−B)); 1 when a ≥ c. */
export function erlangC(c: number, a: number): number {
  if (!Number.isInteger(c) || c < 1) throw new RangeError(`Erlang C needs an integer c ≥ 1, got ${c}`);
  if (a >= c) return 1;
  const b = erlangB(c, a);
  return (c * b) / (c - a * (1 - b));
}

/** M/M/c: Wq = C(c, a)/(cμ − λ), W = Wq + 1/μ. */
export function mmc(lambda: number, mu: number, c: number): QueueMetrics & { readonly C: number } {
  checkRates(lambda, mu);
  const a = lambda / mu;
  const rho = a / c;
  const C = erlangC(c, a);
  const Wq = rho >= 1 ? Number.POSITIVE_INFINITY : C / (c * mu - lambda);
  return { ...fromWq(lambda, rho, Wq, 1 / mu), C };
}

/**
 * M/G/1 FCFS by Pollaczek–Khinchine: Wq = E[S]·ρ(1 + C_s²)/(2(1−ρ)), with C_s² the squared
 * coefficient of variation of the service time.
 */
export function mg1(lambda: number, meanService: number, serviceScv: number): QueueMetrics {
  if (!(meanService > 0) || !(serviceScv >= 0)) throw new RangeError(`need E[S] > 0 and C_s² ≥ 0, got ${meanService}, ${serviceScv}`);
  checkRates(lambda, 1 / meanService);
  const rho = lambda * meanService;
  const Wq = rho >= 1 ? Number.POSITIVE_INFINITY : (meanService * rho * (1 + serviceScv)) / (2 * (1 - rho));
  return fromWq(lambda, rho, Wq, meanService);
}

/** M/D/1: P-K with C_s² = 0, so Wq = ρ/(2μ(1−ρ)), half the M/M/1 value. */
export function md1(lambda: number, mu: number): QueueMetrics {
  return mg1(lambda, 1 / mu, 0);
}

/**
 * M/G/1 processor sharing: E[T] = E[S]/(1−ρ), whatever the service distribution (insensitivity).
 * `Wq` is the slowdown part E[T] − E[S]; L = ρ/(1−ρ) jobs present.
 */
export function mg1Ps(lambda: number, meanService: number): QueueMetrics {
  if (!(meanService > 0)) throw new RangeError(`need E[S] > 0, got ${meanService}`);
  checkRates(lambda, 1 / meanService);
  const rho = lambda * meanService;
  const W = rho >= 1 ? Number.POSITIVE_INFINITY : meanService / (1 - rho);
  return fromWq(lambda, rho, W - meanService, meanService);
}

/** Kingman's G/G/1 approximation: Wq ≈ E[S]·(ρ/(1−ρ))·(C_a² + C_s²)/2. */
export function kingmanWq(lambda: number, meanService: number, arrivalScv: number, serviceScv: number): number {
  const rho = lambda * meanService;
  if (rho >= 1) return Number.POSITIVE_INFINITY;
  return meanService * (rho / (1 - rho)) * ((arrivalScv + serviceScv) / 2);
}

/**
 * Supermarket model (Mitzenmacher 2001): n → ∞ exponential FIFO servers of mean 1, Poisson
 * arrivals at λn, each job joins the shortest of d sampled queues.
 * E[T] = Σ_{i≥1} λ^{(d^i − d)/(d − 1)} (for d = 1 the exponent is i − 1, giving 1/(1 − λ)).
 * Time unit: the mean service time.
 */
export function supermarketSojourn(lambda: number, d: number): number {
  if (!(lambda >= 0 && lambda < 1)) throw new RangeError(`supermarket model needs 0 ≤ λ < 1, got ${lambda}`);
  if (!Number.isInteger(d) || d < 1) throw new RangeError(`d must be a positive integer, got ${d}`);
  if (d === 1) return 1 / (1 - lambda);
  let sum = 0;
  for (let i = 1; i < 200; i++) {
    const term = Math.pow(lambda, (Math.pow(d, i) - d) / (d - 1));
    sum += term;
    if (term < 1e-16 * sum) break;
  }
  return sum;
}

/** Supermarket model: fraction of queues holding at least i jobs, s_i = λ^{(d^i − 1)/(d − 1)} (λ^i for d = 1). */
export function supermarketTail(lambda: number, d: number, i: number): number {
  if (d === 1) return Math.pow(lambda, i);
  return Math.pow(lambda, (Math.pow(d, i) - 1) / (d - 1));
}
