/**
 * Hostile inputs, generated rather than stored: each is made from a few
 * lines of code when a test needs it.
 */
import { Rng } from '../../src/core/random';

/** A short Vietnamese article and its chrome, NFC. */
export const VI_LINES = [
  'Trang chủ | Thời sự | Thế giới | Kinh tế | Đời sống',
  'Hà Nội: Người dân đổ về phố cổ đón Tết Nguyên đán',
  '',
  'Sáng nay, hàng nghìn người dân và du khách đã đổ về khu phố cổ Hà Nội để mua sắm, tham quan và chụp ảnh trước thềm năm mới.',
  'Theo ghi nhận của phóng viên, các tuyến phố Hàng Mã, Hàng Đường và Hàng Ngang chật kín người từ sớm.',
  '',
  'Đọc nhiều',
  'Xem thêm: Giá vàng hôm nay tăng mạnh',
];

/** A short French page, NFC. */
export const FR_LINES = ['Accueil | Monde | Culture', 'Le café de la gare rouvre après des travaux', '', 'Déjà vu : les habitués sont revenus dès le premier matin, à l’heure où la ville s’éveille.', 'Voir plus'];

/** windows-1258 bytes for an NFC text: precomposed where the code page has the letter, else base letter + combining tone mark. */
export function encodeWindows1258(text: string): Buffer {
  const decoder = new TextDecoder('windows-1258');
  const map = new Map<string, number>();
  for (let b = 0; b < 256; b++) {
    const c = decoder.decode(new Uint8Array([b]));
    if (!map.has(c)) map.set(c, b);
  }
  const out: number[] = [];
  for (const ch of text.normalize('NFC')) {
    const direct = map.get(ch);
    if (direct !== undefined) {
      out.push(direct);
      continue;
    }
    // A letter of the code page (ê of ệ) and the tone marks left, one by one.
    let [base, ...marks] = [...ch.normalize('NFD')] as [string, ...string[]];
    const merge = marks.findIndex((m) => map.has((base + m).normalize('NFC')));
    if (merge >= 0) {
      base = (base + marks[merge]).normalize('NFC');
      marks = marks.filter((_, i) => i !== merge);
    }
    for (const c of [base, ...marks]) {
      const b = map.get(c);
      if (b === undefined) throw new Error(`windows-1258 has no ${JSON.stringify(c)}`);
      out.push(b);
    }
  }
  return Buffer.from(out);
}

/** Random bytes from a seed. */
export function randomBytes(n: number, seed: number, from = 0, to = 256): Buffer {
  const rng = new Rng(seed);
  const b = Buffer.alloc(n);
  for (let i = 0; i < n; i++) b[i] = from + Math.floor(rng.next() * (to - from));
  return b;
}

/** UTF-16 with its byte-order mark. */
export function utf16(text: string, endian: 'le' | 'be', bom = true): Buffer {
  const le = Buffer.from(text, 'utf16le');
  const body = endian === 'le' ? le : Buffer.from(le).swap16();
  return bom ? Buffer.concat([Buffer.from(endian === 'le' ? [0xff, 0xfe] : [0xfe, 0xff]), body]) : body;
}

export function html(body: string, head = ''): string {
  return `<!doctype html><html><head>${head}</head><body>${body}</body></html>`;
}

export const viText = VI_LINES.join('\n') + '\n';

export function viHtml(charset: string, body = VI_LINES.filter((l) => l).map((l) => `<p>${l}</p>`).join('\n')): string {
  return html(body, `<meta charset="${charset}"><title>Tin tức</title>`);
}

/** A JSON-lines stream with broken records in the middle (chaff clean --jsonl). */
export function jsonlStream(): Buffer {
  const rec = (o: unknown) => Buffer.from(JSON.stringify(o));
  return Buffer.concat([
    rec({ id: 'good-1', text: viText }), Buffer.from('\n'),
    Buffer.from('{"id": "cut-off", "text": "Một dòng'), Buffer.from('\n'),
    rec({ id: 'good-2', html: viHtml('utf-8') }), Buffer.from('\n'),
    Buffer.from('[1, 2, 3]\n'),
    Buffer.from('\n'),
    rec({ text: 'no id' }), Buffer.from('\r\n'),
    Buffer.concat([Buffer.from('{"id": "latin1", "text": "caf'), Buffer.from([0xe9]), Buffer.from('"}\n')]),
    rec({ id: 'both', text: 'a', html: '<p>b</p>' }), Buffer.from('\n'),
    rec({ id: 'number-text', text: 42 }), Buffer.from('\n'),
    rec({ id: 'too-many-lines', text: 'x\n'.repeat(200_000) }), Buffer.from('\n'),
    rec({ id: 'too-deep', html: '<div>'.repeat(100_000) }), Buffer.from('\n'),
    rec({ id: 'huge', text: 'y'.repeat(3 * 1024 * 1024) }), Buffer.from('\n'),
    Buffer.from('\0\0\0\xff\xfe binary garbage \x01\x02\n', 'latin1'),
    rec({ id: 'nfd', text: viText.normalize('NFD') }), Buffer.from('\n'),
    rec({ id: 'good-3', text: viText }), // no final newline
  ]);
}

