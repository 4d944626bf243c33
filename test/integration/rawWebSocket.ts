/**
 * WebSocket frames by hand, over plain TCP (node:net), for tests that send what no WebSocket library
 * would: bad UTF-8, reserved bits and opcodes, unmasked or truncated frames. RFC 6455 section 5.
 */
import crypto from 'node:crypto';
import net from 'node:net';

export const OP = {
  continuation: 0x0,
  text: 0x1,
  binary: 0x2,
  close: 0x8,
  ping: 0x9,
  pong: 0xa,
} as const;

export interface FrameSpec {
  opcode: number;
  payload?: Uint8Array;
  fin?: boolean;
  /** RSV1..3 as a 3-bit number (4 = RSV1). */
  rsv?: number;
  /** Clients must mask; false sends the payload in the clear. */
  masked?: boolean;
  /** Declare this payload length instead of the real one (oversize claims); 64-bit form. */
  declaredLength?: bigint;
}

/** The bytes of one frame. */
export function frame(spec: FrameSpec): Buffer {
  const payload = Buffer.from(spec.payload ?? new Uint8Array());
  const masked = spec.masked ?? true;
  const first = ((spec.fin ?? true) ? 0x80 : 0) | ((spec.rsv ?? 0) << 4) | (spec.opcode & 0x0f);
  const maskBit = masked ? 0x80 : 0;
  let header: Buffer;
  if (spec.declaredLength !== undefined) {
    header = Buffer.alloc(10);
    header[1] = maskBit | 127;
    header.writeBigUInt64BE(spec.declaredLength, 2);
  } else if (payload.length < 126) {
    header = Buffer.from([0, maskBit | payload.length]);
  } else if (payload.length < 65536) {
    header = Buffer.alloc(4);
    header[1] = maskBit | 126;
    header.writeUInt16BE(payload.length, 2);
  } else {
    header = Buffer.alloc(10);
    header[1] = maskBit | 127;
    header.writeBigUInt64BE(BigInt(payload.length), 2);
  }
  header[0] = first;
  if (!masked) return Buffer.concat([header, payload]);
  const key = crypto.randomBytes(4);
  const body = Buffer.from(payload.map((b, i) => b ^ (key[i % 4] as number)));
  return Buffer.concat([header, key, body]);
}

/** A close frame's payload: the code and a reason. */
export function closePayload(code: number, reason: Uint8Array = new Uint8Array()): Buffer {
  const b = Buffer.alloc(2);
  b.writeUInt16BE(code, 0);
  return Buffer.concat([b, reason]);
}

/** What the server did with a raw connection. */
export interface RawOutcome {
  /** Code of the server's close frame, or null when it sent none. */
  closeCode: number | null;
  /** Opcodes of every frame the server sent, in order. */
  opcodes: number[];
}

/** Reads server frames (never masked) out of `data`; stops at an incomplete frame. */
function parseServerFrames(data: Buffer): { opcode: number; payload: Buffer }[] {
  const frames: { opcode: number; payload: Buffer }[] = [];
  let at = 0;
  while (at + 2 <= data.length) {
    const opcode = (data[at] as number) & 0x0f;
    let len = (data[at + 1] as number) & 0x7f;
    let head = 2;
    if (len === 126) {
      if (at + 4 > data.length) break;
      len = data.readUInt16BE(at + 2);
      head = 4;
    } else if (len === 127) {
      if (at + 10 > data.length) break;
      len = Number(data.readBigUInt64BE(at + 2));
      head = 10;
    }
    if (at + head + len > data.length) break;
    frames.push({ opcode, payload: data.subarray(at + head, at + head + len) });
    at += head + len;
  }
  return frames;
}

/** A raw TCP connection that has completed the WebSocket handshake with the web host. */
export class RawClient {
  private received: Buffer = Buffer.alloc(0);
  private readonly closed: Promise<void>;

  private constructor(private readonly socket: net.Socket) {
    this.closed = new Promise((resolve) => socket.once('close', () => resolve()));
  }

  /** Connects to `/api` with the host's own Origin, so the upgrade is accepted. */
  static async open(port: number): Promise<RawClient> {
    const socket = net.connect(port, '127.0.0.1');
    // A reset from the server after it closes is expected; it must not fail the test process.
    socket.on('error', () => {});
    await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject));
    const key = crypto.randomBytes(16).toString('base64');
    socket.write(
      `GET /api HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nOrigin: http://127.0.0.1:${port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
        `Sec-WebSocket-Key: ${key}\r\nSec-WebSocket-Version: 13\r\n\r\n`,
    );
    let head: Buffer = Buffer.alloc(0);
    const rest = await new Promise<Buffer>((resolve, reject) => {
      const onData = (chunk: Buffer) => {
        head = Buffer.concat([head, chunk]);
        const end = head.indexOf('\r\n\r\n');
        if (end < 0) return;
        socket.off('data', onData);
        const status = head.subarray(0, head.indexOf('\r\n')).toString();
        if (!status.includes(' 101 ')) reject(new Error(`handshake refused: ${status}`));
        else resolve(head.subarray(end + 4));
      };
      socket.on('data', onData);
      socket.once('close', () => reject(new Error('closed during the handshake')));
    });
    const client = new RawClient(socket);
    client.received = rest;
    socket.on('data', (chunk: Buffer) => (client.received = Buffer.concat([client.received, chunk])));
    return client;
  }

  write(bytes: Uint8Array): void {
    this.socket.write(bytes);
  }

  /**
   * Waits for the server to close the connection. With `endFirst` this side ends its half first (a
   * truncated frame leaves the server waiting for bytes that never come).
   */
  async outcome(endFirst = false): Promise<RawOutcome> {
    if (endFirst) this.socket.end();
    await this.closed;
    const frames = parseServerFrames(this.received);
    const close = frames.find((f) => f.opcode === OP.close);
    return {
      closeCode: close && close.payload.length >= 2 ? close.payload.readUInt16BE(0) : null,
      opcodes: frames.map((f) => f.opcode),
    };
  }

  destroy(): void {
    this.socket.destroy();
  }
}
