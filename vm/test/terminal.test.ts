/**
 * The learner's terminal: a real shell on ttyS0 that follows the page's size and speaks UTF-8.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { NodeVm } from "../../src/vm/node-vm";
import { ok, startVm, typeInTerminal } from "./harness";

let vm: NodeVm;
beforeAll(async () => {
  vm = await startVm();
});
afterAll(async () => vm?.destroy());

const PROMPT = /root@docker-host[^\n]*# $/;

describe("learner terminal", () => {
  it("runs docker ps typed at the prompt", async () => {
    const out = await typeInTerminal(vm, "docker ps\r", /CONTAINER ID[\s\S]*# $/);
    expect(out).toMatch(/CONTAINER ID\s+IMAGE\s+COMMAND\s+CREATED\s+STATUS\s+PORTS\s+NAMES/);
  });

  it("follows the page's terminal size (stty size)", async () => {
    vm.terminal.resize(132, 40);
    await new Promise((r) => setTimeout(r, 300));
    const out = await typeInTerminal(vm, "stty size\r", /40 132\r?\n[\s\S]*# $/);
    expect(out).toContain("40 132");
  });

  it("echoes Chinese text", async () => {
    const out = await typeInTerminal(vm, "echo 你好，容器\r", /你好，容器\r?\n[\s\S]*你好，容器\r?\n[\s\S]*# $/);
    expect(out).toContain("你好，容器");
  });

  it("interrupts a foreground command with Ctrl-C", async () => {
    await typeInTerminal(vm, "sleep 100\r", /sleep 100\r?\n/);
    await new Promise((r) => setTimeout(r, 1000));
    const out = await typeInTerminal(vm, "\x03", PROMPT, 30_000);
    expect(out).toMatch(/\^C/);
  });

  it("appends typed commands to the shell history with timestamps", async () => {
    await typeInTerminal(vm, "docker images\r", /REPOSITORY[\s\S]*# $/);
    const hist = await ok(vm, "tail -n 2 /root/.bash_history");
    expect(hist).toMatch(/^#\d+\ndocker images\n$/);
  });
});
