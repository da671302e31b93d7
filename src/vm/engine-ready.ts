import type { GuestApi } from "./guest-api";
import type { GuestChannel } from "./guest-channel";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Polls the Docker Engine's /_ping through the guest channel until it answers OK. */
export async function waitForEngine(guest: GuestApi, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = "";
  while (Date.now() < deadline) {
    try {
      const r = await guest.engine("GET", "/_ping");
      if (r.status === 200) return;
      last = `HTTP ${r.status}`;
    } catch (e) {
      last = (e as Error).message;
    }
    await sleep(250);
  }
  throw new Error(`the Docker engine did not answer within ${timeoutMs} ms (${last})`);
}

/**
 * After a snapshot restore: drop the agent's old streams and bring the guest clock to now
 * (the guest resumes at the time the snapshot was saved).
 */
export async function resumeGuest(channel: GuestChannel, guest: GuestApi, now = Date.now()): Promise<void> {
  await channel.reset(10000);
  await guest.exec(["date", "-u", "-s", `@${(now / 1000).toFixed(3)}`]);
}
