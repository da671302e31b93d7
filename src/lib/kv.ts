/** The little key-value storage the stores persist to (localStorage in the page, a Map in tests). */
export interface KeyValue {
  get(key: string): string | null;
  set(key: string, value: string): void;
  remove(key: string): void;
}

export function memoryKv(initial: Record<string, string> = {}): KeyValue {
  const m = new Map(Object.entries(initial));
  return {
    get: (k) => m.get(k) ?? null,
    set: (k, v) => void m.set(k, v),
    remove: (k) => void m.delete(k),
  };
}

/** localStorage when the page may use it (private modes can throw), memory otherwise. */
export function browserKv(): KeyValue {
  try {
    const ls = globalThis.localStorage;
    const probe = "docker-sandbox.probe";
    ls.setItem(probe, "1");
    ls.removeItem(probe);
    return {
      get: (k) => ls.getItem(k),
      set: (k, v) => {
        try {
          ls.setItem(k, v);
        } catch {
          /* quota: progress is best effort */
        }
      },
      remove: (k) => ls.removeItem(k),
    };
  } catch {
    return memoryKv();
  }
}

export const KV_PREFIX = "docker-sandbox.";
