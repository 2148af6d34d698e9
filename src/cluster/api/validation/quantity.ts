// Kubernetes resource quantities ("500m", "1.5Gi", "1e3"), parsed exactly as
// k8s.io/apimachinery/pkg/api/resource does: a signed decimal number and one suffix — binary
// (Ki…Ei), decimal SI (n u m "" k M G T P E) or a decimal exponent (e3, E-2). The value is held
// exactly in nano-units (a bigint), so comparisons and sums never round, and String() gives the
// canonical form the API server writes back ("0.5" → "500m", "1024Mi" → "1Gi").

export type QuantityFormat = 'BinarySI' | 'DecimalSI' | 'DecimalExponent';

export const quantityFormatError = "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";

const nanoPerUnit = 1_000_000_000n;
const binarySuffixes = ['', 'Ki', 'Mi', 'Gi', 'Ti', 'Pi', 'Ei'] as const;
const decimalSuffixes: Record<string, number> = { n: -9, u: -6, m: -3, '': 0, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };
const decimalSuffixByExponent = new Map(Object.entries(decimalSuffixes).map(([suffix, exponent]) => [exponent, suffix]));
/** Quantities are capped at 2^63-1 of their unit, as in Kubernetes. */
const maxValueNano = (2n ** 63n - 1n) * nanoPerUnit;

export class Quantity {
  /** The value times 10^9, rounded up (away from zero) below one nano-unit. */
  readonly nano: bigint;
  readonly format: QuantityFormat;

  constructor(nano: bigint, format: QuantityFormat) {
    this.nano = nano;
    this.format = format;
  }

  /** Parses a quantity, or returns undefined when the text is not one. Numbers (from YAML `cpu: 1`) are accepted too. */
  static parse(input: unknown): Quantity | undefined {
    if (typeof input === 'number') return Number.isFinite(input) ? Quantity.parse(numberText(input)) : undefined;
    if (typeof input !== 'string') return undefined;
    const match = /^([+-]?)([0-9]*)(?:\.([0-9]*))?(.*)$/.exec(input);
    if (!match || input.length === 0) return undefined;
    const [, sign = '', whole = '', fraction = '', suffix = ''] = match;
    if (whole.length === 0 && fraction.length === 0) return undefined;
    const parsedSuffix = parseSuffix(suffix);
    if (!parsedSuffix) return undefined;
    // value = digits × 10^(decimalExponent − fraction digits) × 1024^binaryPower
    let digits = BigInt(`${whole}${fraction}` || '0');
    const exponent = parsedSuffix.decimalExponent - fraction.length + 9; // + 9: count in nano-units
    digits *= 1024n ** BigInt(parsedSuffix.binaryPower);
    let nano: bigint;
    if (exponent >= 0) {
      nano = digits * 10n ** BigInt(exponent);
    } else {
      const divisor = 10n ** BigInt(-exponent);
      nano = digits / divisor;
      if (digits % divisor !== 0n) nano += 1n; // Kubernetes rounds values finer than 1n up.
    }
    if (nano > maxValueNano) nano = maxValueNano;
    return new Quantity(sign === '-' ? -nano : nano, parsedSuffix.format);
  }

  /** Parses or throws an Error whose message is Kubernetes' decoding error. */
  static mustParse(input: unknown): Quantity {
    const quantity = Quantity.parse(input);
    if (!quantity) throw new Error(quantityFormatError);
    return quantity;
  }

  cmp(other: Quantity): number {
    return this.nano < other.nano ? -1 : this.nano > other.nano ? 1 : 0;
  }

  add(other: Quantity): Quantity {
    return new Quantity(this.nano + other.nano, this.format);
  }

  isZero(): boolean {
    return this.nano === 0n;
  }

  sign(): number {
    return this.nano < 0n ? -1 : this.nano > 0n ? 1 : 0;
  }

  /** The value in milli-units, rounded up (Quantity.MilliValue). */
  milliValue(): bigint {
    return ceilDivide(this.nano, 1_000_000n);
  }

  /** The value in whole units, rounded up (Quantity.Value). */
  value(): bigint {
    return ceilDivide(this.nano, nanoPerUnit);
  }

  /** Rounds up to a multiple of 10^scale units (scale −3: milli), as SetDefaults_ResourceList does. */
  roundUp(scale: number): Quantity {
    const step = 10n ** BigInt(scale + 9);
    if (step <= 1n) return this;
    return new Quantity(ceilDivide(this.nano, step) * step, this.format);
  }

  /** The canonical form: the largest suffix that keeps the number whole. */
  toString(): string {
    if (this.nano === 0n) return '0';
    const negative = this.nano < 0n;
    const magnitude = negative ? -this.nano : this.nano;
    const sign = negative ? '-' : '';
    if (this.format === 'BinarySI' && magnitude >= 1024n * nanoPerUnit && magnitude % nanoPerUnit === 0n) {
      let units = magnitude / nanoPerUnit;
      let power = 0;
      while (power < binarySuffixes.length - 1 && units % 1024n === 0n) {
        units /= 1024n;
        power++;
      }
      return `${sign}${units}${binarySuffixes[power]}`;
    }
    // Decimal: the exponent, a multiple of 3, as large as possible with a whole mantissa.
    let mantissa = magnitude;
    let exponent = -9;
    while (exponent < 18 && mantissa % 1000n === 0n) {
      mantissa /= 1000n;
      exponent += 3;
    }
    if (this.format === 'DecimalExponent') return exponent === 0 ? `${sign}${mantissa}` : `${sign}${mantissa}e${exponent}`;
    return `${sign}${mantissa}${decimalSuffixByExponent.get(exponent) ?? ''}`;
  }

  toJSON(): string {
    return this.toString();
  }
}

function ceilDivide(value: bigint, divisor: bigint): bigint {
  const quotient = value / divisor;
  return value % divisor !== 0n && value > 0n ? quotient + 1n : quotient;
}

function numberText(value: number): string {
  // JSON numbers such as 1e3 or 0.5 are valid quantity text already; avoid exponents of Number#toString beyond ±21.
  return Number.isInteger(value) && Math.abs(value) < 1e21 ? BigInt(value).toString() : String(value);
}

interface Suffix {
  format: QuantityFormat;
  decimalExponent: number;
  binaryPower: number;
}

function parseSuffix(suffix: string): Suffix | undefined {
  const binary = binarySuffixes.indexOf(suffix as (typeof binarySuffixes)[number]);
  if (binary > 0) return { format: 'BinarySI', decimalExponent: 0, binaryPower: binary };
  if (suffix in decimalSuffixes) return { format: 'DecimalSI', decimalExponent: decimalSuffixes[suffix]!, binaryPower: 0 };
  const exponent = /^[eE]([+-]?[0-9]+)$/.exec(suffix);
  if (exponent) return { format: 'DecimalExponent', decimalExponent: Number(exponent[1]), binaryPower: 0 };
  return undefined;
}
