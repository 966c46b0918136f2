/** Building blocks the resamplers share. */

/** Zeroth-order modified Bessel function of the first kind (power series), for the Kaiser window. */
function besselI0(x: number): number {
  let sum = 1;
  let term = 1;
  for (let k = 1; term > 1e-12 * sum; k++) {
    term *= (x / (2 * k)) ** 2;
    sum += term;
  }
  return sum;
}

/** The Kaiser window at `position` ∈ [−1, 1] (0 is its centre, where it is 1). */
export function kaiserWindow(position: number, beta: number): number {
  return besselI0(beta * Math.sqrt(1 - position ** 2)) / besselI0(beta);
}

/** The ideal low-pass filter's impulse response `offset` samples from its centre, for a cutoff in cycles per sample (0–0.5). */
export function idealLowPass(offset: number, cutoff: number): number {
  return offset === 0 ? 2 * cutoff : Math.sin(2 * Math.PI * cutoff * offset) / (Math.PI * offset);
}

/** Rounds to the nearest 16-bit sample, clipping instead of wrapping around. */
export function toInt16(value: number): number {
  return value >= 32767 ? 32767 : value <= -32768 ? -32768 : Math.round(value);
}
