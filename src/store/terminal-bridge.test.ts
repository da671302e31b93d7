import { describe, expect, it } from "vitest";
import { TerminalBridge } from "./terminal-bridge";

function stream() {
  const out: string[] = [];
  return { out, s: { write: (d: string | Uint8Array) => void out.push(String(d)), onData: () => () => {}, resize: () => {} } };
}

describe("terminal bridge", () => {
  it("types commands with Enter and tells the lesson a command was entered", () => {
    const b = new TerminalBridge();
    const { out, s } = stream();
    b.setStream(s);
    let enters = 0;
    b.onEnter(() => enters++);
    expect(b.type("cat <<EOF\nhi\nEOF")).toBe(true);
    expect(out).toEqual(["cat <<EOF\rhi\rEOF\r"]);
    b.input("l");
    expect(enters).toBe(1);
  });

  it("sends Enter for a fresh prompt only when the guest stays silent", async () => {
    const b = new TerminalBridge();
    const out: string[] = [];
    let listener: ((b: Uint8Array) => void) | null = null;
    b.setStream({ write: (d) => void out.push(String(d)), onData: (l) => ((listener = l), () => (listener = null)), resize: () => {} });
    b.freshPrompt(10);
    await new Promise((r) => setTimeout(r, 20));
    expect(out).toEqual(["\r"]);
    b.freshPrompt(10);
    listener!(new Uint8Array([35]));
    await new Promise((r) => setTimeout(r, 20));
    expect(out).toEqual(["\r"]);
    expect(listener).toBeNull();
  });

  it("tells the lesson when the guest's output goes quiet after a command, a few times per command", async () => {
    const b = new TerminalBridge(10, 2);
    const listeners = new Set<(b: Uint8Array) => void>();
    b.setStream({ write: () => {}, onData: (l) => (listeners.add(l), () => listeners.delete(l)), resize: () => {} });
    const out = (t: string) => listeners.forEach((l) => l(new TextEncoder().encode(t)));
    const wait = () => new Promise((r) => setTimeout(r, 30));
    let settled = 0;
    b.onSettled(() => settled++);
    out("boot noise");
    await wait();
    expect(settled).toBe(0); // nothing was entered yet
    b.input("docker images\r");
    out("REPOSITORY");
    out("  TAG");
    await wait();
    expect(settled).toBe(1); // one pause, however many chunks came before it
    out("root@docker-host:~# ");
    await wait();
    out("more");
    await wait();
    expect(settled).toBe(2); // at most 2 pauses per command
    b.setStream(null);
    expect(listeners.size).toBe(0);
  });

  it("does nothing before the machine has a terminal", () => {
    const b = new TerminalBridge();
    expect(b.type("docker ps")).toBe(false);
  });

  it("keeps local text until the panel attaches and reads the panel's text", () => {
    const b = new TerminalBridge();
    b.writeLocal("one ");
    const shown: string[] = [];
    b.attachView({ write: (t) => void shown.push(t), text: () => "screen", focus: () => {} });
    b.writeLocal("two");
    expect(shown).toEqual(["one ", "two"]);
    expect(b.snapshotText()).toBe("screen");
  });
});
