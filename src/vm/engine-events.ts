import { errText } from "../lib/errors";
import { dockerEventKey, type DockerEvent, type GuestApi } from "./guest-api";

export interface EngineEventsOptions {
  /** The first subscription replays the engine's events since this time (seconds since epoch). */
  since: number;
  /**
   * After the stream ended (dockerd stopped or restarted: `systemctl restart docker`) or could not be opened: wait
   * this long before subscribing again, twice as long after each failure, at most `maxRetryMs`. Default 2 s.
   */
  retryMs?: number;
  /** Default 15 s. */
  maxRetryMs?: number;
  /** Keep at most this many events, oldest dropped first. Default 1000. */
  keep?: number;
}

/**
 * The page's one subscription to the engine's `/events` stream for a ready machine: the engine view and the lesson's
 * checks both read it. A re-subscription starts from the last event seen, and what it replays counts once.
 */
export interface EngineEvents {
  /** The events received, oldest first, each once. */
  list(): readonly DockerEvent[];
  /** Calls `listener` with each new event; returns a function that stops it. */
  onEvent(listener: (ev: DockerEvent) => void): () => void;
  /** The stream is open now (checks also work without it; `event` checks need it). */
  connected(): boolean;
  /** Calls `listener` each time the stream opens or closes (with why it could not open); returns a function that stops it. */
  onConnectedChange(listener: (connected: boolean, error?: string) => void): () => void;
  /** Ends the subscription for good (the machine was lost). */
  close(): void;
}

export function openEngineEvents(guest: GuestApi, opts: EngineEventsOptions): EngineEvents {
  const retryMs = opts.retryMs ?? 2000;
  const maxRetryMs = opts.maxRetryMs ?? 15_000;
  const keep = opts.keep ?? 1000;
  const kept: DockerEvent[] = [];
  const seen = new Set<string>();
  const eventListeners = new Set<(ev: DockerEvent) => void>();
  const connectedListeners = new Set<(connected: boolean, error?: string) => void>();
  let lastSec = Math.floor(opts.since);
  let isConnected = false;
  let closed = false;
  let stop: (() => void) | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let delay = retryMs;

  const setConnected = (c: boolean, error?: string) => {
    if (c === isConnected && c) return;
    isConnected = c;
    for (const l of connectedListeners) l(c, error);
  };

  const receive = (ev: DockerEvent) => {
    if (closed) return;
    const key = dockerEventKey(ev);
    if (seen.has(key)) return;
    seen.add(key);
    kept.push(ev);
    if (kept.length > keep) seen.delete(dockerEventKey(kept.shift()!));
    lastSec = Math.max(lastSec, Math.floor(ev.time));
    for (const l of eventListeners) l(ev);
  };

  const retry = () => {
    if (closed || timer) return;
    timer = setTimeout(() => {
      timer = undefined;
      void subscribe();
    }, delay);
    delay = Math.min(delay * 2, maxRetryMs);
  };

  const subscribe = async () => {
    if (closed) return;
    let ended = false;
    try {
      const unsubscribe = await guest.engineEvents(`since=${lastSec}`, receive, () => {
        ended = true;
        stop = undefined;
        if (closed) return;
        setConnected(false);
        retry();
      });
      if (closed) return unsubscribe();
      if (ended) return;
      stop = unsubscribe;
      delay = retryMs;
      setConnected(true);
    } catch (e) {
      setConnected(false, errText(e));
      retry();
    }
  };

  void subscribe();

  return {
    list: () => kept,
    onEvent(listener) {
      eventListeners.add(listener);
      return () => eventListeners.delete(listener);
    },
    connected: () => isConnected,
    onConnectedChange(listener) {
      connectedListeners.add(listener);
      return () => connectedListeners.delete(listener);
    },
    close() {
      closed = true;
      clearTimeout(timer);
      timer = undefined;
      stop?.();
      stop = undefined;
      isConnected = false;
      eventListeners.clear();
      connectedListeners.clear();
    },
  };
}
