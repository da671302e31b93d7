import { describe, expect, it } from "vitest";
import type { TerminalStream } from "../vm/vm";
import { TerminalBridge, type TerminalView } from "./terminal-bridge";

/** A terminal stream whose output the test prints, and whose input and size it records. */
function stream() {
  const written: string[] = [];
  const sizes: string[] = [];
  const listeners = new Set<(b: Uint8Array) => void>();
  const s: TerminalStream = {
    write: (d) => void written.push(typeof d === "string" ? d : new TextDecoder().decode(d)),
    onData: (l) => (listeners.add(l), () => listeners.delete(l)),
    resize: (c, r) => void sizes.push(`${c}x${r}`),
  };
  const print = (t: string) => listeners.forEach((l) => l(new TextEncoder().encode(t)));
  return { s, written, sizes, listeners, print };
}

function view(shown: string[] = []) {
  const state = { interactive: false, focused: 0 };
  const v: TerminalView = {
    write: (t) => void shown.push(t),
    text: () => "screen",
    focus: () => void state.focused++,
    size: () => ({ cols: 100, rows: 30 }),
    setInteractive: (on) => void (state.interactive = on),
  };
  return { v, state, shown };
}

describe("terminal bridge", () => {
  it("types commands with Enter and tells the lesson a command was entered", () => {
    const b = new TerminalBridge();
    const t = stream();
    b.connect(t.s);
    let enters = 0;
    b.onEnter(() => enters++);
    expect(b.type("cat <<EOF\nhi\nEOF")).toBe(true);
    expect(t.written).toEqual(["cat <<EOF\rhi\rEOF\r"]);
    b.input("l");
    expect(enters).toBe(1);
  });

  it("hands the guest's output to every listener, and stops when disconnected", () => {
    const b = new TerminalBridge();
    const t = stream();
    const disconnect = b.connect(t.s);
    const seen: string[] = [];
    b.onOutput((bytes) => seen.push(new TextDecoder().decode(bytes)));
    t.print("root@docker-host:~# ");
    expect(seen).toEqual(["root@docker-host:~# "]);
    disconnect();
    expect(t.listeners.size).toBe(0);
    expect(b.type("docker ps")).toBe(false);
  });

  it("while the machine is ready: the view takes keystrokes and the guest's tty its size", () => {
    const b = new TerminalBridge();
    const t = stream();
    b.connect(t.s);
    const v = view();
    b.attachView(v.v);
    b.sendSize();
    expect(t.sizes).toEqual([]); // not ready: the guest's tty is not asked
    const lost = b.machineReady();
    expect(v.state).toEqual({ interactive: true, focused: 1 });
    expect(t.sizes).toEqual(["100x30"]);
    lost();
    expect(v.state.interactive).toBe(false);
  });

  it("sends Enter for a fresh prompt only when the guest stays silent", async () => {
    const b = new TerminalBridge();
    const t = stream();
    b.connect(t.s);
    b.freshPrompt(10);
    await new Promise((r) => setTimeout(r, 20));
    expect(t.written).toEqual(["\r"]);
    b.freshPrompt(10);
    t.print("#");
    await new Promise((r) => setTimeout(r, 20));
    expect(t.written).toEqual(["\r"]);
  });

  it("tells the lesson when the guest's output goes quiet after a command, a few times per command", async () => {
    const b = new TerminalBridge(10, 2);
    const t = stream();
    b.connect(t.s);
    const wait = () => new Promise((r) => setTimeout(r, 30));
    let settled = 0;
    b.onSettled(() => settled++);
    t.print("boot noise");
    await wait();
    expect(settled).toBe(0); // nothing was entered yet
    b.input("docker images\r");
    t.print("REPOSITORY");
    t.print("  TAG");
    await wait();
    expect(settled).toBe(1); // one pause, however many chunks came before it
    t.print("root@docker-host:~# ");
    await wait();
    t.print("more");
    await wait();
    expect(settled).toBe(2); // at most 2 pauses per command
  });

  it("does nothing before the machine has a terminal", () => {
    const b = new TerminalBridge();
    expect(b.type("docker ps")).toBe(false);
  });

  it("keeps local text until the panel attaches and reads the panel's text", () => {
    const b = new TerminalBridge();
    b.writeLocal("one ");
    const v = view();
    b.attachView(v.v);
    b.writeLocal("two");
    expect(v.shown).toEqual(["one ", "two"]);
    expect(b.snapshotText()).toBe("screen");
  });
});
