/**
 * IEEE 754 half-precision encoding, for storing the embedding table at half
 * size. tfjs decodes it natively ({quantization: {dtype: 'float16'}} in the
 * weights manifest), so the saved model stays a standard tfjs model.
 */

const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);

/** Round a float32 to the nearest float16 (ties to even); returns its bits. */
export function toHalfBits(x: number): number {
  f32[0] = x;
  const b = u32[0]!;
  const sign = (b >>> 16) & 0x8000;
  const exp = (b >>> 23) & 0xff;
  let mant = b & 0x7fffff;
  if (exp === 0xff) return sign | 0x7c00 | (mant ? 0x200 : 0); // inf, nan
  let e = exp - 127 + 15;
  if (e >= 0x1f) return sign | 0x7c00; // overflow → inf
  if (e <= 0) {
    if (e < -10) return sign; // underflow → ±0
    mant |= 0x800000;
    const shift = 14 - e;
    const half = 1 << (shift - 1);
    let m = mant >>> shift;
    const rest = mant & ((1 << shift) - 1);
    if (rest > half || (rest === half && (m & 1))) m++;
    return sign | m;
  }
  let m = mant >>> 13;
  const rest = mant & 0x1fff;
  if (rest > 0x1000 || (rest === 0x1000 && (m & 1))) {
    m++;
    if (m === 0x400) {
      m = 0;
      e++;
      if (e >= 0x1f) return sign | 0x7c00;
    }
  }
  return sign | (e << 10) | m;
}

export function encodeHalf(values: Float32Array): Uint16Array {
  const out = new Uint16Array(values.length);
  for (let i = 0; i < values.length; i++) out[i] = toHalfBits(values[i]!);
  return out;
}

/**
 * Decode float16 bits to float32 values, as tfjs's own decoder does (every
 * float16 is exact in float32), by moving the bit fields: a few ms for the
 * million values of the default table.
 */
export function decodeHalf(bits: Uint16Array): Float32Array {
  const out = new Float32Array(bits.length);
  const words = new Uint32Array(out.buffer);
  for (let i = 0; i < bits.length; i++) {
    const h = bits[i]!;
    const e = h & 0x7c00;
    // Normal numbers: rebias the exponent by 127 − 15 = 112 (0x1c000 with the 10 mantissa bits below it).
    if (e !== 0 && e !== 0x7c00) words[i] = ((h & 0x8000) << 16) | (((h & 0x7fff) + 0x1c000) << 13);
    else if (e !== 0) words[i] = ((h & 0x8000) << 16) | 0x7f800000 | ((h & 0x3ff) << 13); // inf, nan
    else out[i] = (h & 0x8000 ? -1 : 1) * (h & 0x3ff) * 2 ** -24; // ±0 and subnormals: exact in float32
  }
  return out;
}

/** Round every value to float16 precision in place: what was trained is then exactly what is saved. */
export function roundToHalf(values: Float32Array): void {
  values.set(decodeHalf(encodeHalf(values)));
}
