import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseCronSchedule, type CronSchedule } from './cron-schedule.ts';

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
