import { describe, expect, it } from "vitest";
import { encodeFrame, FrameDecoder, type Frame } from "./frames";
import { GuestChannel } from "./guest-channel";
import { createGuestApi } from "./guest-api-impl";

const enc = new TextEncoder();
const dec = new TextDecoder();

/** A scripted stand-in for the guest agent (unit tests only; the real agent is tested in vm/test). */
function fakeAgent(handler: (f: Frame, reply: (type: string, id: number, data?: string) => void) => void) {
  let toHost: (b: Uint8Array) => void = () => {};
  const decoder = new FrameDecoder();
  const reply = (type: string, id: number, data = "") => setTimeout(() => toHost(encodeFrame(type, id, enc.encode(data))), 0);
  const channel = new GuestChannel({
    send: (bytes) => decoder.push(bytes).forEach((f) => handler(f, reply)),
    onBytes: (l) => {
      toHost = l;
    },
  });
  return channel;
}

describe("GuestChannel", () => {
  it("runs an exec and collects stdout, stderr and the exit code", async () => {
    const ch = fakeAgent((f, reply) => {
      if (f.type === "X") {
        expect(dec.decode(f.payload).split("\0")).toEqual(["sh", "-c", "echo hi"]);
        reply("o", f.id);
        reply("d", f.id, "hi\n");
        reply("s", f.id, "warn\n");
        reply("x", f.id, "3");
      }
    });
    const r = await createGuestApi(ch).exec(["sh", "-c", "echo hi"]);
    expect(r).toMatchObject({ code: 3, out: "hi\n", err: "warn\n" });
  });

  it("speaks HTTP to the docker socket", async () => {
    let request = "";
    const ch = fakeAgent((f, reply) => {
      if (f.type === "O") {
        expect(dec.decode(f.payload)).toBe("unix:/var/run/docker.sock");
        reply("o", f.id);
      }
      if (f.type === "D") {
        request += dec.decode(f.payload);
        reply("d", f.id, "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 2\r\n\r\nOK");
        reply("c", f.id);
      }
    });
    const r = await createGuestApi(ch).engine("GET", "/_ping");
    expect(request.startsWith("GET /_ping HTTP/1.1\r\n")).toBe(true);
    expect(r.status).toBe(200);
    expect(r.text()).toBe("OK");
  });

  it("rejects an open the agent refuses, with its message", async () => {
    const ch = fakeAgent((f, reply) => f.type === "O" && reply("e", f.id, "connect tcp:127.0.0.1:9: Connection refused"));
    await expect(createGuestApi(ch).http("http://127.0.0.1:9/")).rejects.toThrow(/Connection refused/);
  });

  it("streams an HTTP response: the head first, then the body piece by piece", async () => {
    let request = "";
    let send: (data: string) => void = () => {};
    const ch = fakeAgent((f, reply) => {
      if (f.type === "O") {
        expect(dec.decode(f.payload)).toBe("tcp:172.21.51.143:9001");
        reply("o", f.id);
      }
      if (f.type === "D") {
        request += dec.decode(f.payload);
        send = (data) => reply("d", f.id, data);
        send("HTTP/1.1 200 OK\r\nSet-Cookie: a=1\r\nSet-Cookie: b=2\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n");
      }
    });
    const r = await createGuestApi(ch).httpStream("http://172.21.51.143:9001/x?y", {
      method: "POST",
      headers: { "Content-Type": "text/plain" },
      body: enc.encode("hi"),
    });
    expect(request).toMatch(/^POST \/x\?y HTTP\/1\.1\r\nHost: 172\.21\.51\.143:9001\r\n[\s\S]*\r\n\r\nhi$/);
    expect(r).toMatchObject({ status: 200, statusText: "OK" });
    expect(r.raw.filter(([k]) => k === "Set-Cookie")).toEqual([
      ["Set-Cookie", "a=1"],
      ["Set-Cookie", "b=2"],
    ]);
    expect(dec.decode((await r.read())!)).toBe("hello");
    setTimeout(() => send("6\r\n world\r\n0\r\n\r\n"), 5);
    expect(dec.decode((await r.read())!)).toBe(" world");
    expect(await r.read()).toBeNull();
  });

  it("rejects a stream from something that does not speak HTTP", async () => {
    const ch = fakeAgent((f, reply) => {
      if (f.type === "O") reply("o", f.id);
      if (f.type === "D") reply("d", f.id, "SSH-2.0-OpenSSH\r\n\r\n");
    });
    await expect(createGuestApi(ch).httpStream("http://127.0.0.1:22/")).rejects.toThrow(/not an HTTP response/);
  });

  it("times out when the guest does not answer", async () => {
    const ch = fakeAgent(() => {});
    await expect(ch.open("unix:/x", 50)).rejects.toThrow(/no answer within 50 ms/);
    expect(await ch.ping(50)).toBe(false);
  });

  it("streams engine events line by line", async () => {
    const ch = fakeAgent((f, reply) => {
      if (f.type === "O") reply("o", f.id);
      if (f.type === "D") {
        const line = '{"Type":"image","Action":"pull","Actor":{"ID":"x","Attributes":{}},"time":1}\n';
        const chunk = `${line.length.toString(16)}\r\n${line}\r\n`;
        reply("d", f.id, `HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n${chunk.slice(0, 30)}`);
        reply("d", f.id, chunk.slice(30));
      }
    });
    const events: string[] = [];
    const stop = await createGuestApi(ch).engineEvents("", (e) => events.push(`${e.Type}:${e.Action}`));
    await new Promise((r) => setTimeout(r, 20));
    expect(events).toEqual(["image:pull"]);
    stop();
  });
});
