import { withTimeout } from "../lib/timeout";
import { encodeChunked, encodeFrame, FrameDecoder, type Frame } from "./frames";

/** A byte pipe to the guest agent (a serial port of its own). */
export interface ChannelTransport {
  send(bytes: Uint8Array): void;
  onBytes(listener: (bytes: Uint8Array) => void): void;
}

export class ChannelError extends Error {}

const enc = new TextEncoder();
const dec = new TextDecoder();

/** One open byte stream in the guest: a socket, or a process's stdin/stdout/stderr. */
export class GuestStream {
  private chunks: Uint8Array[] = [];
  private waiters: Array<() => void> = [];
  closed = false;
  exitCode: number | null = null;
  error: string | null = null;
  readonly stderr: Uint8Array[] = [];
  onData?: (bytes: Uint8Array) => void;

  constructor(
    readonly id: number,
    private readonly channel: GuestChannel,
  ) {}

  write(data: string | Uint8Array): void {
    const bytes = typeof data === "string" ? enc.encode(data) : data;
    for (const f of encodeChunked("D", this.id, bytes)) this.channel.sendRaw(f);
  }
  /** Half-close: the guest side sees end of input. */
  end(): void {
    this.channel.sendRaw(encodeFrame("E", this.id));
  }
  /** Close the stream / kill the process. */
  close(): void {
    if (!this.closed) this.channel.sendRaw(encodeFrame("K", this.id));
    this.finish();
  }

  /** Resolves with the next chunk of data, or null at end of stream. */
  async read(): Promise<Uint8Array | null> {
    while (this.chunks.length === 0 && !this.closed) await new Promise<void>((r) => this.waiters.push(r));
    return this.chunks.shift() ?? null;
  }

  async readAll(): Promise<Uint8Array> {
    const parts: Uint8Array[] = [];
    for (let c = await this.read(); c; c = await this.read()) parts.push(c);
    return concat(parts);
  }

  /** @internal */
  deliver(frame: Frame): void {
    switch (frame.type) {
      case "d":
        if (this.onData) this.onData(frame.payload);
        else this.chunks.push(frame.payload);
        break;
      case "s":
        this.stderr.push(frame.payload);
        break;
      case "x":
        this.exitCode = Number(dec.decode(frame.payload));
        this.finish();
        break;
      case "c":
        this.finish();
        break;
      case "e":
        this.error = dec.decode(frame.payload);
        this.finish();
        break;
    }
    this.wake();
  }

  /** @internal */
  finish(): void {
    if (this.closed) return;
    this.closed = true;
    this.channel.forget(this.id);
    this.wake();
  }

  private wake(): void {
    const w = this.waiters;
    this.waiters = [];
    for (const f of w) f();
  }
}

export function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let off = 0;
  for (const p of parts) {
    out.set(p, off);
    off += p.length;
  }
  return out;
}

/**
 * The page's end of the guest channel: request ids, streams, exec, ping, timeouts.
 * Frames from before a restore are dropped by reset().
 */
export class GuestChannel {
  private decoder = new FrameDecoder();
  private nextId = 1;
  private streams = new Map<number, GuestStream>();
  private opening = new Map<number, { resolve: () => void; reject: (e: Error) => void }>();
  private pings = new Map<number, () => void>();
  private readyWaiters: Array<(version: string) => void> = [];
  agentVersion: string | null = null;

  constructor(private readonly transport: ChannelTransport) {
    transport.onBytes((bytes) => {
      for (const frame of this.decoder.push(bytes)) this.dispatch(frame);
    });
  }

  /** @internal */
  sendRaw(bytes: Uint8Array): void {
    this.transport.send(bytes);
  }
  /** @internal */
  forget(id: number): void {
    this.streams.delete(id);
  }

  /** Waits for the agent's ready frame (sent when it starts and after a reset). */
  waitReady(timeoutMs: number): Promise<string> {
    return answerWithin(new Promise<string>((r) => this.readyWaiters.push(r)), timeoutMs, "guest agent did not start");
  }

  /** Drops every stream (ours and the agent's), e.g. after restoring a snapshot. */
  async reset(timeoutMs = 5000): Promise<string> {
    for (const s of this.streams.values()) {
      s.error = "guest channel reset";
      s.finish();
    }
    this.streams.clear();
    for (const o of this.opening.values()) o.reject(new ChannelError("guest channel reset"));
    this.opening.clear();
    this.decoder = new FrameDecoder();
    const ready = this.waitReady(timeoutMs);
    this.sendRaw(encodeFrame("Z", 0));
    return ready;
  }

  async ping(timeoutMs = 2000): Promise<boolean> {
    const id = this.nextId++;
    const pong = new Promise<void>((r) => this.pings.set(id, r));
    this.sendRaw(encodeFrame("P", id, enc.encode("ping")));
    try {
      await answerWithin(pong, timeoutMs, "ping");
      return true;
    } catch {
      return false;
    } finally {
      this.pings.delete(id);
    }
  }

  /** Opens a byte stream to "unix:/path" or "tcp:host:port" inside the guest. */
  open(address: string, timeoutMs = 10000): Promise<GuestStream> {
    return this.start("O", enc.encode(address), timeoutMs);
  }

  /** Starts a program in the guest; read its stdout from the stream, its stderr and exit code after. */
  spawn(argv: string[], timeoutMs = 10000): Promise<GuestStream> {
    return this.start("X", enc.encode(argv.join("\0")), timeoutMs);
  }

  /** Tells the guest the size of a tty (the learner's terminal is /dev/ttyS0). */
  resizeTty(cols: number, rows: number, device = "/dev/ttyS0"): void {
    this.sendRaw(encodeFrame("W", 0, enc.encode(`${rows} ${cols} ${device}`)));
  }

  private async start(type: string, payload: Uint8Array, timeoutMs: number): Promise<GuestStream> {
    const id = this.nextId++;
    const stream = new GuestStream(id, this);
    this.streams.set(id, stream);
    const opened = new Promise<void>((resolve, reject) => this.opening.set(id, { resolve, reject }));
    this.sendRaw(encodeFrame(type, id, payload));
    try {
      await answerWithin(opened, timeoutMs, `guest did not answer ${type === "O" ? "open" : "exec"}`);
    } catch (e) {
      this.streams.delete(id);
      this.sendRaw(encodeFrame("K", id));
      throw e;
    } finally {
      this.opening.delete(id);
    }
    return stream;
  }

  private dispatch(frame: Frame): void {
    if (frame.type === "R") {
      this.agentVersion = dec.decode(frame.payload);
      const w = this.readyWaiters;
      this.readyWaiters = [];
      for (const f of w) f(this.agentVersion);
      return;
    }
    if (frame.type === "p") {
      this.pings.get(frame.id)?.();
      return;
    }
    const pending = this.opening.get(frame.id);
    if (pending) {
      if (frame.type === "o") pending.resolve();
      else if (frame.type === "e") {
        this.streams.delete(frame.id);
        pending.reject(new ChannelError(dec.decode(frame.payload)));
      }
      if (frame.type === "o" || frame.type === "e") return;
    }
    this.streams.get(frame.id)?.deliver(frame);
  }
}

/** `p`, or a ChannelError "<what>: no answer within <ms> ms" when the guest is late. */
export function answerWithin<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  return withTimeout(p, ms, () => new ChannelError(`${what}: no answer within ${ms} ms`));
}
