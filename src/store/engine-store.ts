import { createStore, type StoreApi } from "zustand/vanilla";
import { errText } from "../lib/errors";
import type { EngineEvents } from "../vm/engine-events";
import type { DockerEvent, GuestApi } from "../vm/guest-api";
import { toContainerRows, toImageRows, toVolumeRows, type ContainerRow, type ImageRow, type VolumeRow } from "./engine-rows";

/** The sandbox host's address inside the guest (docker-host in /etc/hosts). */
export const HOST_IP = "172.21.51.143";
export const REGISTRY_PORT = 5000;

export interface RegistryView {
  url: string;
  repositories: { name: string; tags: string[] }[];
  error?: string;
}

export interface EngineState {
  images: ImageRow[];
  containers: ContainerRow[];
  volumes: VolumeRow[];
  /** The private registry's catalog, when a running container publishes port 5000. */
  registry: RegistryView | null;
  status: "detached" | "loading" | "live" | "error";
  error: string | null;
  updatedAt: number | null;
  eventsConnected: boolean;
  /** The last few events, newest last (shown as a small activity line). */
  recent: DockerEvent[];
  attach(guest: GuestApi, events: EngineEvents): Promise<void>;
  detach(): void;
  refresh(): Promise<void>;
}

export interface EngineStoreOptions {
  debounceMs?: number;
  now?: () => number;
}

async function getJson(guest: GuestApi, path: string): Promise<unknown> {
  const r = await guest.engine("GET", path);
  if (r.status !== 200) throw new Error(`engine GET ${path}: HTTP ${r.status}`);
  return r.json();
}

async function readRegistry(guest: GuestApi): Promise<RegistryView> {
  const url = `http://${HOST_IP}:${REGISTRY_PORT}`;
  try {
    const r = await guest.http(`${url}/v2/_catalog`);
    if (r.status !== 200) return { url, repositories: [], error: `HTTP ${r.status}` };
    const names = (r.json<{ repositories?: unknown }>().repositories ?? []) as unknown[];
    const repos = names.filter((n): n is string => typeof n === "string").slice(0, 30);
    const repositories = await Promise.all(
      repos.map(async (name) => {
        try {
          const t = await guest.http(`${url}/v2/${name}/tags/list`);
          const tags = t.status === 200 ? ((t.json<{ tags?: unknown }>().tags ?? []) as unknown[]).filter((x): x is string => typeof x === "string") : [];
          return { name, tags };
        } catch {
          return { name, tags: [] };
        }
      }),
    );
    return { url, repositories };
  } catch (e) {
    return { url, repositories: [], error: errText(e) };
  }
}

/**
 * What the engine holds, refreshed when the engine reports an event (debounced), never by
 * watching the terminal. Attached to each ready machine and its event stream (src/vm/engine-events.ts).
 */
export function createEngineStore(opts: EngineStoreOptions = {}): StoreApi<EngineState> {
  const debounceMs = opts.debounceMs ?? 400;
  const now = opts.now ?? (() => Date.now());
  let guest: GuestApi | null = null;
  let session = 0;
  let unlisten: (() => void)[] = [];
  let debounce: ReturnType<typeof setTimeout> | undefined;
  let refreshing: Promise<void> | null = null;
  let again = false;

  return createStore<EngineState>()((set, get) => {
    const schedule = () => {
      if (debounce) clearTimeout(debounce);
      debounce = setTimeout(() => {
        debounce = undefined;
        void get().refresh();
      }, debounceMs);
    };

    const doRefresh = async (token: number) => {
      const g = guest;
      if (!g) return;
      try {
        const [images, containers, volumes] = await Promise.all([getJson(g, "/images/json"), getJson(g, "/containers/json?all=1"), getJson(g, "/volumes")]);
        if (token !== session) return;
        const rows = toContainerRows(containers);
        const hasRegistry = rows.some((c) => c.state === "running" && c.ports.some((p) => p.hostPort === REGISTRY_PORT));
        const registry = hasRegistry ? await readRegistry(g) : null;
        if (token !== session) return;
        set({ images: toImageRows(images), containers: rows, volumes: toVolumeRows(volumes), registry, status: "live", error: null, updatedAt: now() });
      } catch (e) {
        if (token === session) set({ status: "error", error: errText(e) });
      }
    };

    return {
      images: [],
      containers: [],
      volumes: [],
      registry: null,
      status: "detached",
      error: null,
      updatedAt: null,
      eventsConnected: false,
      recent: [],

      async attach(g, events) {
        get().detach();
        guest = g;
        session++;
        // the activity line shows what happens from now on (the stream may replay older events: they still refresh)
        const since = Math.floor(now() / 1000);
        set({ status: "loading", error: null, recent: [], eventsConnected: events.connected() });
        unlisten = [
          events.onEvent((ev) => {
            if (ev.time >= since) set((s) => ({ recent: [...s.recent, ev].slice(-8) }));
            schedule();
          }),
          events.onConnectedChange((eventsConnected) => set({ eventsConnected })),
        ];
        await get().refresh();
      },

      detach() {
        session++;
        guest = null;
        unlisten.forEach((f) => f());
        unlisten = [];
        if (debounce) clearTimeout(debounce);
        debounce = undefined;
        set({ status: "detached", eventsConnected: false });
      },

      async refresh() {
        if (refreshing) {
          again = true;
          return refreshing;
        }
        const token = session;
        refreshing = (async () => {
          do {
            again = false;
            await doRefresh(token);
          } while (again && token === session);
        })().finally(() => {
          refreshing = null;
        });
        return refreshing;
      },
    };
  });
}
