/**
 * A seeded generator of malformed client byte streams for the web host's WebSocket, each with what
 * the host must answer: the close code (RFC 6455 7.4.1: 1002 protocol error, 1007 invalid UTF-8,
 * 1009 too big) or, for a truncated frame, no close frame (the host waits for bytes that never come
 * and closes when the client goes away).
 */
import { closePayload, frame, OP } from './rawWebSocket.js';

/** mulberry32: small, fast, good enough to spread cases; the seed reproduces a run. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface MalformedCase {
  kind: string;
  bytes: Buffer;
  /** The close code the host must send, or null: no close frame (truncated input). */
  expectCode: 1002 | 1007 | 1009 | null;
}

type Rng = () => number;
const int = (r: Rng, lo: number, hi: number) => lo + Math.floor(r() * (hi - lo + 1));
const pick = <T>(r: Rng, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)] as T;
const text = (s: string) => new TextEncoder().encode(s);
const ascii = (r: Rng, max: number) => text(Array.from({ length: int(r, 0, max) }, () => String.fromCharCode(int(r, 0x20, 0x7e))).join(''));

/** Byte sequences that are not UTF-8: stray continuation, overlong, surrogate, > U+10FFFF, cut short, never-valid bytes. */
const BAD_UTF8: readonly number[][] = [
  [0xc3, 0x28],
  [0x80],
  [0xbf],
  [0xc0, 0x80],
  [0xc1, 0xbf],
  [0xe0, 0x80, 0x80],
  [0xed, 0xa0, 0x80],
  [0xed, 0xbf, 0xbf],
  [0xf4, 0x90, 0x80, 0x80],
  [0xf8, 0x88, 0x80, 0x80, 0x80],
  [0xe2, 0x82],
  [0xf0, 0x9f, 0x98],
  [0xfe],
  [0xff],
  [0xf5, 0x80, 0x80, 0x80],
];

function badUtf8(r: Rng): Uint8Array {
  const parts: number[] = [...ascii(r, 20), ...pick(r, BAD_UTF8)];
  // A truncated multi-byte sequence is only invalid at the end of the message.
  if (r() < 0.5) parts.push(...text(`é€😀${String.fromCharCode(int(r, 0x41, 0x5a))}`));
  return Uint8Array.from(parts);
}

/** Valid frames that may precede the bad one: pings and app.info requests (answers may or may not arrive first). */
function prefix(r: Rng): Buffer[] {
  return Array.from({ length: int(r, 0, 2) }, (_, i) =>
    r() < 0.5
      ? frame({ opcode: OP.ping, payload: ascii(r, 10) })
      : frame({
          opcode: OP.text,
          payload: text(JSON.stringify({ id: i + 1, channel: 'app.info', input: {} })),
        }),
  );
}

const RESERVED_OPCODES = [3, 4, 5, 6, 7, 0xb, 0xc, 0xd, 0xe, 0xf];
const CONTROL = [OP.ping, OP.pong, OP.close];
/** Close codes a peer may not send (RFC 6455 7.4, and ws's check). */
const BAD_CLOSE_CODES = [0, 999, 1004, 1005, 1006, 1015, 1016, 1100, 2000, 2999, 5000, 65535];

type Maker = (
  r: Rng,
  maxMessage: number,
) => {
  kind: string;
  frames: Buffer[];
  expectCode: MalformedCase['expectCode'];
};

const MAKERS: Maker[] = [
  (r) => ({
    kind: 'invalid UTF-8 text',
    frames: [frame({ opcode: OP.text, payload: badUtf8(r) })],
    expectCode: 1007,
  }),
  (r) => {
    const bad = badUtf8(r);
    const cut = int(r, 0, bad.length);
    return {
      kind: 'invalid UTF-8 across fragments',
      frames: [
        frame({ opcode: OP.text, fin: false, payload: bad.slice(0, cut) }),
        frame({ opcode: OP.continuation, payload: bad.slice(cut) }),
      ],
      expectCode: 1007,
    };
  },
  (r) => ({
    kind: 'invalid UTF-8 close reason',
    frames: [
      frame({
        opcode: OP.close,
        payload: closePayload(1000, badUtf8(r).slice(0, 100)),
      }),
    ],
    expectCode: 1007,
  }),
  (r) => ({
    kind: 'reserved opcode',
    frames: [frame({ opcode: pick(r, RESERVED_OPCODES), payload: ascii(r, 30) })],
    expectCode: 1002,
  }),
  (r) => ({
    kind: 'reserved bits',
    frames: [
      frame({
        opcode: pick(r, [OP.text, OP.binary, OP.ping]),
        rsv: int(r, 1, 7),
        payload: ascii(r, 30),
      }),
    ],
    expectCode: 1002,
  }),
  (r) => ({
    kind: 'continuation without start',
    frames: [frame({ opcode: OP.continuation, fin: r() < 0.5, payload: ascii(r, 30) })],
    expectCode: 1002,
  }),
  (r) => ({
    kind: 'fragments out of order',
    frames: [
      frame({
        opcode: pick(r, [OP.text, OP.binary]),
        fin: false,
        payload: ascii(r, 30),
      }),
      frame({
        opcode: pick(r, [OP.text, OP.binary]),
        fin: r() < 0.5,
        payload: ascii(r, 30),
      }),
    ],
    expectCode: 1002,
  }),
  (r) => ({
    kind: 'unmasked client frame',
    frames: [
      frame({
        opcode: pick(r, [OP.text, OP.binary, OP.ping, OP.continuation]),
        masked: false,
        payload: ascii(r, 30),
      }),
    ],
    expectCode: 1002,
  }),
  (r) => ({
    kind: 'control frame too long',
    frames: [
      frame({
        opcode: pick(r, CONTROL),
        payload: new Uint8Array(int(r, 126, 400)).fill(0x61),
      }),
    ],
    expectCode: 1002,
  }),
  (r) => ({
    kind: 'fragmented control frame',
    frames: [frame({ opcode: pick(r, CONTROL), fin: false, payload: ascii(r, 20) })],
    expectCode: 1002,
  }),
  (r) => ({
    kind: 'close code not allowed',
    frames: [
      frame({
        opcode: OP.close,
        payload: closePayload(pick(r, BAD_CLOSE_CODES)),
      }),
    ],
    expectCode: 1002,
  }),
  () => ({
    kind: 'one-byte close payload',
    frames: [frame({ opcode: OP.close, payload: Uint8Array.of(3) })],
    expectCode: 1002,
  }),
  (r, max) => ({
    kind: 'oversize message claimed',
    frames: [
      frame({
        opcode: pick(r, [OP.text, OP.binary]),
        declaredLength: BigInt(max + int(r, 1, 1_000_000)),
        payload: ascii(r, 50),
      }),
    ],
    expectCode: 1009,
  }),
  (r) => ({
    kind: 'length over 2^53 - 1',
    frames: [
      frame({
        opcode: OP.binary,
        declaredLength: 2n ** 53n + BigInt(int(r, 0, 1000)),
        payload: ascii(r, 8),
      }),
    ],
    expectCode: 1009,
  }),
  (r, max) => ({
    kind: 'oversize across fragments',
    frames: [
      frame({
        opcode: OP.text,
        fin: false,
        payload: Uint8Array.from([0x78, ...ascii(r, 200)]),
      }),
      frame({
        opcode: OP.continuation,
        declaredLength: BigInt(max),
        payload: ascii(r, 50),
      }),
    ],
    expectCode: 1009,
  }),
  (r) => {
    const opcode = pick(r, [OP.text, OP.binary, OP.ping]);
    // A ping may carry at most 125 bytes; a longer one is refused from its header alone.
    const whole = frame({
      opcode,
      payload: ascii(r, opcode === OP.ping ? 125 : 300),
    });
    // Inside the header: 1 byte, or up to just before the end of the 4-byte mask key.
    const headerEnd = ((whole[1] as number) & 0x7f) === 126 ? 8 : 6;
    return {
      kind: 'truncated header',
      frames: [whole.subarray(0, int(r, 1, headerEnd - 1))],
      expectCode: null,
    };
  },
  (r) => {
    const payload = Uint8Array.from([0x78, ...ascii(r, 300)]);
    const whole = frame({ opcode: pick(r, [OP.text, OP.binary]), payload });
    const headerEnd = whole.length - payload.length;
    return {
      kind: 'truncated payload',
      frames: [whole.subarray(0, int(r, headerEnd, whole.length - 1))],
      expectCode: null,
    };
  },
];

/** The number of kinds; a run of at least this many cases contains each kind. */
export const MALFORMED_KINDS = MAKERS.length;

/** `count` cases from `seed`, kinds in turn (so every kind is covered) with random details. */
export function malformedCases(seed: number, count: number, maxMessage: number): MalformedCase[] {
  const r = seededRandom(seed);
  return Array.from({ length: count }, (_, i) => {
    const made = (MAKERS[i % MAKERS.length] as Maker)(r, maxMessage);
    return {
      kind: made.kind,
      bytes: Buffer.concat([...prefix(r), ...made.frames]),
      expectCode: made.expectCode,
    };
  });
}
