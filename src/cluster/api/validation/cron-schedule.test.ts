import assert from 'node:assert/strict';
import { test } from 'node:test';
import { nextCronTime, parseCronSchedule, type CronSchedule } from './cron-schedule.ts';

test('standard five-field schedules', () => {
  const schedule = parseCronSchedule('*/15 9-17 * JAN,jul MON-FRI') as CronSchedule;
  assert.deepEqual(schedule.minute.values, [0, 15, 30, 45]);
  assert.deepEqual(schedule.hour.values, [9, 10, 11, 12, 13, 14, 15, 16, 17]);
  assert.equal(schedule.dayOfMonth.star, true);
  assert.deepEqual(schedule.month.values, [1, 7]);
  assert.deepEqual(schedule.dayOfWeek.values, [1, 2, 3, 4, 5]);
  assert.deepEqual((parseCronSchedule('5/20 * * * *') as CronSchedule).minute.values, [5, 25, 45]);
});

test('descriptors', () => {
  assert.deepEqual((parseCronSchedule('@hourly') as CronSchedule).minute.values, [0]);
  assert.deepEqual((parseCronSchedule('@weekly') as CronSchedule).dayOfWeek.values, [0]);
  assert.deepEqual(parseCronSchedule('@every 1h30m'), { every: 90 * 60 * 1000 });
});

test('mistakes give the cron parser\'s messages', () => {
  const cases: [string, string][] = [
    ['', 'empty spec string'],
    ['* * *', 'expected exactly 5 fields, found 3: [* * *]'],
    ['60 * * * *', 'end of range (60) above maximum (59): 60'],
    ['* * 0 * *', 'beginning of range (0) below minimum (1): 0'],
    ['5-1 * * * *', 'beginning of range (5) beyond end of range (1): 5-1'],
    ['x * * * *', 'failed to parse int from x: strconv.Atoi: parsing "x": invalid syntax'],
    ['*/0 * * * *', 'step of range should be a positive number: */0'],
    ['@sometimes', 'unrecognized descriptor: @sometimes'],
    ['* * * * 7', 'end of range (7) above maximum (6): 7'],
  ];
  for (const [spec, message] of cases) assert.throws(() => parseCronSchedule(spec), { message }, spec);
});

const next = (spec: string, after: string, timeZone?: string) => nextCronTime(parseCronSchedule(spec), new Date(after), timeZone)?.toISOString();

test('nextCronTime: minutes, steps, ranges, lists', () => {
  assert.equal(next('* * * * *', '2024-03-10T10:00:00Z'), '2024-03-10T10:01:00.000Z');
  assert.equal(next('* * * * *', '2024-03-10T10:00:30.5Z'), '2024-03-10T10:01:00.000Z');
  assert.equal(next('*/15 * * * *', '2024-03-10T10:14:59Z'), '2024-03-10T10:15:00.000Z');
  assert.equal(next('*/15 * * * *', '2024-03-10T10:45:00Z'), '2024-03-10T11:00:00.000Z');
  assert.equal(next('5,35 9-17 * * *', '2024-03-10T17:40:00Z'), '2024-03-11T09:05:00.000Z');
  assert.equal(next('0 0 31 * *', '2024-04-01T00:00:00Z'), '2024-05-31T00:00:00.000Z');
  assert.equal(next('0 0 29 2 *', '2024-03-01T00:00:00Z'), '2028-02-29T00:00:00.000Z');
  assert.equal(next('0 0 30 2 *', '2024-03-01T00:00:00Z'), undefined);
  assert.equal(next('59 23 31 12 *', '2024-12-31T23:59:00Z'), '2025-12-31T23:59:00.000Z');
});

test('nextCronTime: names, day-of-week and day-of-month (OR unless one is *), descriptors', () => {
  // 2024-03-10 is a Sunday.
  assert.equal(next('30 8 * * MON-FRI', '2024-03-08T09:00:00Z'), '2024-03-11T08:30:00.000Z');
  assert.equal(next('0 0 * JUL sun', '2024-03-10T00:00:00Z'), '2024-07-07T00:00:00.000Z');
  assert.equal(next('0 0 13 * FRI', '2024-03-10T00:00:00Z'), '2024-03-13T00:00:00.000Z');
  assert.equal(next('0 0 13 * FRI', '2024-03-13T00:00:00Z'), '2024-03-15T00:00:00.000Z');
  assert.equal(next('@hourly', '2024-03-10T10:00:00Z'), '2024-03-10T11:00:00.000Z');
  assert.equal(next('@daily', '2024-03-10T10:00:00Z'), '2024-03-11T00:00:00.000Z');
  assert.equal(next('@weekly', '2024-03-10T10:00:00Z'), '2024-03-17T00:00:00.000Z');
  assert.equal(next('@monthly', '2024-03-10T10:00:00Z'), '2024-04-01T00:00:00.000Z');
  assert.equal(next('@yearly', '2024-03-10T10:00:00Z'), '2025-01-01T00:00:00.000Z');
  assert.equal(next('@every 1h30m', '2024-03-10T10:00:00.250Z'), '2024-03-10T11:30:00.000Z');
});

test('nextCronTime in a time zone (DST included)', () => {
  assert.equal(next('0 9 * * *', '2024-01-10T12:00:00Z', 'Asia/Tokyo'), '2024-01-11T00:00:00.000Z');
  assert.equal(next('0 9 * * *', '2024-01-10T23:00:00Z', 'Asia/Tokyo'), '2024-01-11T00:00:00.000Z');
  // New York: EST (-5) in January, EDT (-4) after 2024-03-10.
  assert.equal(next('0 9 * * *', '2024-01-10T15:00:00Z', 'America/New_York'), '2024-01-11T14:00:00.000Z');
  assert.equal(next('0 9 * * *', '2024-03-10T00:00:00Z', 'America/New_York'), '2024-03-10T13:00:00.000Z');
  assert.equal(next('0 * * * *', '2024-03-10T06:30:00Z', 'America/New_York'), '2024-03-10T07:00:00.000Z');
  assert.equal(next('0 * * * *', '2024-03-10T07:00:00Z', 'America/New_York'), '2024-03-10T08:00:00.000Z');
});
