import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Quantity } from './quantity.ts';

// Canonical forms as the Quantity documentation states them: "No precision is lost, no
// fractional digits will be emitted, the exponent (or suffix) is as large as possible", and its
// examples "1.5 will be serialized as 1500m" and "1.5Gi will be serialized as 1536Mi".
const canonical: [string | number, string][] = [
  ['1.5', '1500m'],
  ['1.5Gi', '1536Mi'],
  ['0.5', '500m'],
  ['100m', '100m'],
  ['1000m', '1'],
  ['1000', '1k'],
  ['1500', '1500'],
  ['2Gi', '2Gi'],
  ['1024Mi', '1Gi'],
  ['2048Ki', '2Mi'],
  ['1000Ki', '1000Ki'],
  ['0.5Gi', '512Mi'],
  ['1Ki', '1Ki'],
  ['512', '512'],
  ['1e3', '1e3'],
  ['1M', '1M'],
  ['0', '0'],
  ['-1', '-1'],
  [2, '2'],
  [0.25, '250m'],
];

for (const [input, expected] of canonical) {
  test(`quantity ${JSON.stringify(input)} reads back as ${expected}`, () => assert.equal(Quantity.mustParse(input).toString(), expected));
}

test('what is not a quantity does not parse', () => {
  for (const input of ['', 'abc', '1.2.3', '10Gb', '1 Gi', 'Gi', '--1', '1e', 'm']) assert.equal(Quantity.parse(input), undefined, input);
  assert.throws(() => Quantity.mustParse('10GB'), /quantities must match the regular expression/);
});

test('quantities compare by value whatever their suffix', () => {
  assert.equal(Quantity.mustParse('1Gi').cmp(Quantity.mustParse('1024Mi')), 0);
  assert.equal(Quantity.mustParse('500m').cmp(Quantity.mustParse('1')), -1);
  assert.equal(Quantity.mustParse('1G').cmp(Quantity.mustParse('1Gi')), -1);
  assert.equal(Quantity.mustParse('2').add(Quantity.mustParse('500m')).toString(), '2500m');
});

test('finer than a nano-unit rounds up; milli rounding is what resource lists get', () => {
  assert.equal(Quantity.mustParse('0.1n').toString(), '1n');
  assert.equal(Quantity.mustParse('0.1m').roundUp(-3).toString(), '1m');
  assert.equal(Quantity.mustParse('1500m').milliValue(), 1500n);
  assert.equal(Quantity.mustParse('1500m').value(), 2n);
});
