import { afterEach, describe, expect, it, vi } from "vitest";
import { openEngineEvents } from "../vm/engine-events";
import type { DockerEvent, GuestApi, GuestHttpResponse } from "../vm/guest-api";
import { createEngineStore } from "./engine-store";

function reply(status: number, body: unknown): GuestHttpResponse {
  const text = JSON.stringify(body);
  return { status, headers: {}, body: new TextEncoder().encode(text), text: () => text, json: <T>() => JSON.parse(text) as T };
}

function fakeEngine() {
  const listeners: ((e: DockerEvent) => void)[] = [];
  const state = {
    containers: [] as unknown[],
    calls: [] as string[],
    queries: [] as string[],
    http: {} as Record<string, unknown>,
  };
  const guest: GuestApi = {
    engine: async (_m, path) => {
      state.calls.push(path);
      if (path === "/images/json") return reply(200, [{ Id: "sha256:abc", RepoTags: ["sandbox/busybox:latest"], Size: 1, Created: 1 }]);
      if (path.startsWith("/containers/json")) return reply(200, state.containers);
      if (path === "/volumes") return reply(200, { Volumes: null });
      return reply(404, {});
    },
    engineEvents: async (q, cb) => {
      state.queries.push(q);
      listeners.push(cb);
      return () => void listeners.splice(listeners.indexOf(cb), 1);
    },
    httpStream: () => Promise.reject(new Error("no httpStream in this fake")),
    http: async (url) => {
      state.calls.push(url);
      if (url in state.http) return reply(200, state.http[url]);
      throw new Error("connection refused");
    },
    exec: async () => {
      throw new Error("unused");
    },
    readFile: async () => null,
    writeFile: async () => {},
  };
  const emit = (e: Partial<DockerEvent>) =>
    listeners.forEach((l) => l({ Type: "container", Action: "start", Actor: { ID: "x", Attributes: {} }, time: 1, timeNano: 1e9, ...e }));
  return { guest, state, emit, listeners };
}

afterEach(() => vi.useRealTimers());

describe("engine store", () => {
  it("lists images, containers and volumes when attached", async () => {
    const f = fakeEngine();
    const store = createEngineStore({ now: () => 1_700_000_000_000 });
    await store.getState().attach(f.guest, openEngineEvents(f.guest, { since: 1_700_000_000 }));
    const s = store.getState();
    expect(s.status).toBe("live");
    expect(s.eventsConnected).toBe(true);
    expect(f.state.queries).toEqual(["since=1700000000"]);
    expect(s.images[0]!.ref).toBe("sandbox/busybox:latest");
    store.getState().detach();
  });

  it("refreshes once per burst of events (debounced) and ignores repeats", async () => {
    vi.useFakeTimers();
    const f = fakeEngine();
    const store = createEngineStore({ debounceMs: 300, now: () => 0 });
    await store.getState().attach(f.guest, openEngineEvents(f.guest, { since: 0 }));
    const before = f.state.calls.length;
    f.state.containers = [{ Id: "c1", Names: ["/web"], Image: "i", State: "running", Status: "Up", Ports: [], Mounts: [] }];
    f.emit({ timeNano: 1e9, Action: "create" });
    f.emit({ timeNano: 2e9, Action: "start" });
    f.emit({ timeNano: 2e9, Action: "start" });
    await vi.advanceTimersByTimeAsync(350);
    expect(f.state.calls.length - before).toBe(3);
    expect(store.getState().containers.map((c) => c.name)).toEqual(["web"]);
    expect(store.getState().recent.length).toBe(2);
    store.getState().detach();
  });

  it("reads the private registry's catalog when a container publishes 5000", async () => {
    const f = fakeEngine();
    f.state.containers = [
      {
        Id: "r",
        Names: ["/registry"],
        Image: "registry:2",
        State: "running",
        Status: "Up",
        Ports: [{ IP: "0.0.0.0", PrivatePort: 5000, PublicPort: 5000, Type: "tcp" }],
        Mounts: [],
      },
    ];
    f.state.http["http://172.21.51.143:5000/v2/_catalog"] = { repositories: ["nginx"] };
    f.state.http["http://172.21.51.143:5000/v2/nginx/tags/list"] = { name: "nginx", tags: ["alpine"] };
    const store = createEngineStore();
    await store.getState().attach(f.guest, openEngineEvents(f.guest, { since: 0 }));
    expect(store.getState().registry).toEqual({ url: "http://172.21.51.143:5000", repositories: [{ name: "nginx", tags: ["alpine"] }] });
    store.getState().detach();
  });

  it("shows only events from its attach on in the activity line, and lets go of the stream when detached", async () => {
    vi.useFakeTimers();
    const f = fakeEngine();
    const store = createEngineStore({ debounceMs: 10, now: () => 5_000 });
    const events = openEngineEvents(f.guest, { since: 2 });
    let heard = 0;
    events.onEvent(() => heard++);
    await store.getState().attach(f.guest, events);
    const before = f.state.calls.length;
    f.emit({ time: 3, timeNano: 3e9, Action: "create" }); // replayed: before the attach
    f.emit({ time: 7, timeNano: 7e9, Action: "start" });
    await vi.advanceTimersByTimeAsync(20);
    expect(store.getState().recent.map((e) => e.Action)).toEqual(["start"]);
    expect(f.state.calls.length - before).toBe(3); // one refresh for both
    store.getState().detach();
    f.emit({ time: 8, timeNano: 8e9, Action: "die" });
    await vi.advanceTimersByTimeAsync(20);
    expect(f.state.calls.length - before).toBe(3);
    expect(store.getState()).toMatchObject({ status: "detached", eventsConnected: false });
    expect(heard).toBe(3); // the stream itself is the machine's, not the store's
    events.close();
  });

  it("shows an engine failure as an error state", async () => {
    const f = fakeEngine();
    f.guest.engine = async () => {
      throw new Error("guest channel reset");
    };
    const store = createEngineStore();
    await store.getState().attach(f.guest, openEngineEvents(f.guest, { since: 0 }));
    expect(store.getState()).toMatchObject({ status: "error", error: "guest channel reset" });
    store.getState().detach();
  });
});
