import { describe, expect, it } from "vitest";
import { createFakeVm, nullGuest } from "./fake-vm.test-util";
import { followMachine, type MachineHook, type ReadyMachine } from "./machine-lifecycle";
import { createVmStore } from "./vm-store";

function setup() {
  const guest = nullGuest();
  const fake = createFakeVm(guest);
  const vm = createVmStore({ createVm: () => fake });
  const log: string[] = [];
  const machines: ReadyMachine[] = [];
  const hook = (name: string): MachineHook => ({
    name,
    onReady: (m) => {
      machines.push(m);
      log.push(`${name} ready`);
      return () => log.push(`${name} lost`);
    },
  });
  return { guest, fake, vm, log, machines, hook };
}

describe("machine lifecycle", () => {
  it("attaches every hook in order when the engine is ready, and lets go in reverse order when the machine is lost", async () => {
    const t = setup();
    const terminals: unknown[] = [];
    const lifecycle = followMachine(t.vm, [{ name: "terminal", onVm: (v) => void terminals.push(v.terminal) }, t.hook("engine view"), t.hook("lesson")], {
      eventsSince: () => 1700000000,
    });
    expect(lifecycle.current()).toBeNull();
    await t.vm.getState().boot({ kind: "snapshot" });
    expect(terminals).toEqual([t.fake.terminal]);
    expect(t.log).toEqual(["engine view ready", "lesson ready"]);
    const first = lifecycle.current()!;
    expect(first.guest).toBe(t.guest);
    expect(t.machines.every((m) => m === first)).toBe(true);

    await t.vm.getState().reset();
    expect(t.log).toEqual(["engine view ready", "lesson ready", "lesson lost", "engine view lost", "engine view ready", "lesson ready"]);
    expect(lifecycle.current()).not.toBe(first); // another machine: another object, another events stream
    expect(terminals).toHaveLength(1); // the VM (and its terminal) survives restores
    lifecycle.stop();
    expect(t.log.slice(-2)).toEqual(["lesson lost", "engine view lost"]);
    expect(lifecycle.current()).toBeNull();
  });

  it("opens one engine-events stream per ready machine, from the time asked, and closes it when the machine is lost", async () => {
    const t = setup();
    const lifecycle = followMachine(t.vm, [t.hook("a"), t.hook("b")], { eventsSince: () => 1700000000.5 });
    await t.vm.getState().boot({ kind: "snapshot" });
    await new Promise((r) => setTimeout(r));
    expect(t.guest.subscriptions).toBe(1);
    const events = lifecycle.current()!.events;
    expect(events.connected()).toBe(true);
    t.fake.failNext = "worker died";
    await t.vm.getState().reset();
    expect(t.vm.getState().status.kind).toBe("error");
    expect(lifecycle.current()).toBeNull();
    expect(events.connected()).toBe(false);
    lifecycle.stop();
  });

  it("a hook that throws does not keep the others from attaching", async () => {
    const t = setup();
    const errors: string[] = [];
    const broken: MachineHook = {
      name: "broken",
      onReady: () => {
        throw new Error("boom");
      },
    };
    const lifecycle = followMachine(t.vm, [broken, t.hook("after")], {
      eventsSince: () => 0,
      onHookError: (h, e) => errors.push(`${h}: ${(e as Error).message}`),
    });
    await t.vm.getState().boot({ kind: "snapshot" });
    expect(errors).toEqual(["broken: boom"]);
    expect(t.log).toEqual(["after ready"]);
    lifecycle.stop();
  });
});
