/**
 * `p`, or a rejection with `timeoutError()` when `p` has not settled within `ms`. The timer is cleared either way
 * (`p` itself is not cancelled).
 */
export function withTimeout<T>(p: Promise<T>, ms: number, timeoutError: () => Error): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(timeoutError()), ms)));
  return Promise.race([p, late]).finally(() => clearTimeout(timer));
}
