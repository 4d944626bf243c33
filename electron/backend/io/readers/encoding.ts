/**
 * Text encodings of the files marketers bring: UTF-8 (with or without BOM, what most CRMs write), UTF-16
 * LE/BE (Excel's "Unicode text": tab-separated UTF-16 LE with a BOM) and Windows-1252 (Excel's "CSV" in
 * Western locales; a superset of Latin-1's printable characters). Detection: the BOM first, then NUL
 * patterns of BOM-less UTF-16, then "is the head valid UTF-8?", else Windows-1252. Decoding is streamed
 * chunk by chunk (iconv-lite's streaming decoder; Node's own StringDecoder for UTF-8, the fast path).
 */
import { isUtf8 } from 'node:buffer';
import { StringDecoder } from 'node:string_decoder';
import iconv from 'iconv-lite';
import { FILE_ENCODINGS, type FileEncoding } from '../../../../shared/models/import.js';

export { FILE_ENCODINGS, type FileEncoding };

/** What detection found: the encoding, and how many leading bytes are its byte-order mark. */
export interface DetectedEncoding {
  encoding: FileEncoding;
  bomBytes: number;
  /** Why: a BOM, the NULs of UTF-16, valid UTF-8, mostly UTF-8 (a few damaged bytes), or not UTF-8. */
  reason: 'bom' | 'utf16-pattern' | 'valid-utf8' | 'mostly-utf8' | 'not-utf8';
}

/** The byte-order mark of an encoding (what a file in it starts with when it has one). */
export function bomOf(encoding: FileEncoding): Buffer {
  if (encoding === 'utf-8') return Buffer.from([0xef, 0xbb, 0xbf]);
  if (encoding === 'utf-16le') return Buffer.from([0xff, 0xfe]);
  if (encoding === 'utf-16be') return Buffer.from([0xfe, 0xff]);
  return Buffer.alloc(0);
}

/** Length of the incomplete UTF-8 sequence at the end of `buf` (the head may end mid-character). */
function utf8Tail(buf: Buffer): number {
  for (let back = 1; back <= Math.min(3, buf.length); back++) {
    const b = buf[buf.length - back] as number;
    if ((b & 0xc0) === 0x80) continue;
    const need = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 1;
    return need > back ? back : 0;
  }
  return 0;
}

/** Counts well-formed and broken multi-byte UTF-8 sequences (a heuristic: overlong forms are not checked). */
function utf8Evidence(buf: Buffer): { valid: number; invalid: number } {
  let valid = 0;
  let invalid = 0;
  for (let i = 0; i < buf.length;) {
    const b = buf[i] as number;
    if (b < 0x80) {
      i++;
      continue;
    }
    const need = b >= 0xc2 && b <= 0xdf ? 1 : b >= 0xe0 && b <= 0xef ? 2 : b >= 0xf0 && b <= 0xf4 ? 3 : -1;
    let ok = need > 0 && i + need < buf.length + 1;
    for (let k = 1; ok && k <= need; k++) ok = ((buf[i + k] ?? 0) & 0xc0) === 0x80;
    if (ok) {
      valid++;
      i += need + 1;
    } else {
      invalid++;
      i++;
    }
  }
  return { valid, invalid };
}

/** Detects the encoding of a file from its first bytes (see the module comment for the order). */
export function detectEncoding(head: Buffer): DetectedEncoding {
  if (head.length >= 3 && head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf)
    return { encoding: 'utf-8', bomBytes: 3, reason: 'bom' };
  if (head.length >= 2 && head[0] === 0xff && head[1] === 0xfe) return { encoding: 'utf-16le', bomBytes: 2, reason: 'bom' };
  if (head.length >= 2 && head[0] === 0xfe && head[1] === 0xff) return { encoding: 'utf-16be', bomBytes: 2, reason: 'bom' };
  // BOM-less UTF-16 of mostly ASCII text: every other byte is NUL (odd bytes for LE, even for BE).
  const n = Math.min(head.length, 4096) & ~1;
  if (n >= 4) {
    let evenNul = 0;
    let oddNul = 0;
    for (let i = 0; i < n; i += 2) {
      if (head[i] === 0) evenNul++;
      if (head[i + 1] === 0) oddNul++;
    }
    const pairs = n / 2;
    if (oddNul > pairs * 0.6 && evenNul < pairs * 0.1) return { encoding: 'utf-16le', bomBytes: 0, reason: 'utf16-pattern' };
    if (evenNul > pairs * 0.6 && oddNul < pairs * 0.1) return { encoding: 'utf-16be', bomBytes: 0, reason: 'utf16-pattern' };
  }
  const body = head.subarray(0, head.length - utf8Tail(head));
  if (isUtf8(body)) return { encoding: 'utf-8', bomBytes: 0, reason: 'valid-utf8' };
  // More well-formed multi-byte characters than broken ones: a UTF-8 file with damaged bytes, which the
  // import refuses naming them, rather than a Windows-1252 file (reading it so would garble every accent).
  const { valid, invalid } = utf8Evidence(body);
  if (valid > invalid) return { encoding: 'utf-8', bomBytes: 0, reason: 'mostly-utf8' };
  return { encoding: 'windows-1252', bomBytes: 0, reason: 'not-utf8' };
}

/** A streaming decoder: `write` each chunk in order, then `end`. A BOM of the encoding is dropped. */
export interface TextDecoderStream {
  write(chunk: Buffer): string;
  end(): string;
}

/** The streaming decoder for `encoding`. */
export function textDecoder(encoding: FileEncoding): TextDecoderStream {
  if (encoding === 'utf-8') {
    // Node's decoder is the fast path for the common case; the BOM is dropped by the record parser.
    const d = new StringDecoder('utf8');
    return { write: (c) => d.write(c), end: () => d.end() };
  }
  const d = iconv.getDecoder(encoding === 'windows-1252' ? 'win1252' : encoding, { stripBOM: true });
  return { write: (c) => d.write(c), end: () => d.end() ?? '' };
}

/** Decodes a whole (small) buffer, e.g. the head of a file. */
export function decodeAll(bytes: Buffer, encoding: FileEncoding): string {
  const d = textDecoder(encoding);
  const text = d.write(bytes) + d.end();
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** A person-readable name of an encoding (preview, messages). */
export function encodingLabel(e: FileEncoding): string {
  return e === 'utf-8' ? 'UTF-8' : e === 'utf-16le' ? 'UTF-16 LE' : e === 'utf-16be' ? 'UTF-16 BE' : 'Windows-1252 (Latin-1)';
}
