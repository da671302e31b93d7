/** Helpers for integration tests against a real VM (Node harness). */
import { NodeVm } from "../../src/vm/node-vm";
import type { GuestExecResult } from "../../src/vm/guest-api";

export async function startVm(): Promise<NodeVm> {
  const vm = await NodeVm.start({ showConsole: !!process.env.SHOW_CONSOLE });
  // Answer "where is the cursor?" (ESC[6n) as xterm.js does in the page: busybox ash waits for it.
  vm.terminal.onData((b) => {
    if (new TextDecoder().decode(b).includes("\x1b[6n")) vm.terminal.write("\x1b[1;1R");
  });
  return vm;
}

/** Runs a shell command in the guest (through the guest channel, not the learner's terminal). */
export async function sh(vm: NodeVm, command: string, timeoutMs = 300_000): Promise<GuestExecResult> {
  return vm.guest.exec(["/bin/bash", "-c", command], { timeoutMs });
}

/** Like sh() but fails the test with the command's output when it exits non-zero. */
export async function ok(vm: NodeVm, command: string, timeoutMs = 300_000): Promise<string> {
  const r = await sh(vm, command, timeoutMs);
  if (r.code !== 0) throw new Error(`\`${command}\` exited ${r.code}\n${r.out}\n${r.err}`);
  return r.out;
}

/**
 * A tiny image made from the VM's own static busybox, so engine tests do not depend on the image
 * catalog: `sandbox-test/busybox` with sh, echo, cat, httpd …
 */
export async function makeBusyboxImage(vm: NodeVm, tag = "sandbox-test/busybox:latest"): Promise<void> {
  await ok(
    vm,
    `set -e; d=$(mktemp -d); mkdir -p $d/bin $d/www $d/tmp $d/etc
     cp /bin/busybox $d/bin/busybox
     for a in sh echo cat ls httpd sleep hostname ps grep wget id; do ln -s busybox $d/bin/$a; done
     echo '<h1>hello from busybox httpd</h1>' > $d/www/index.html
     echo 'root:x:0:0:root:/root:/bin/sh' > $d/etc/passwd
     tar -C $d -c . | docker import -c 'CMD ["sh"]' - ${tag} >/dev/null; rm -rf $d`,
  );
}

/** Types into the learner's terminal and collects output until `until` matches (or times out). */
export async function typeInTerminal(vm: NodeVm, text: string, until: RegExp, timeoutMs = 60_000): Promise<string> {
  let out = "";
  const dec = new TextDecoder();
  return new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => {
      stop();
      reject(new Error(`terminal did not show ${until} within ${timeoutMs} ms; got:\n${out}`));
    }, timeoutMs);
    const stop = vm.terminal.onData((b) => {
      out += dec.decode(b, { stream: true });
      // match on the text a person sees: without terminal control sequences (ash asks ESC[6n after its prompt)
      if (until.test(out.replace(/\x1b\[[0-9;?]*[A-Za-z]/g, ""))) {
        clearTimeout(timer);
        stop();
        resolve(out);
      }
    });
    vm.terminal.write(text);
  });
}
