import { isIsoDate, isIsoTimestamp } from './iso-date.validators';

describe(isIsoDate.name, () => {
  it.each(['2026-01-31', '2024-02-29', '0001-01-01', '9999-12-31', '0099-06-15'])('accepts %p', (value) => {
    expect(isIsoDate(value)).toBe(true);
  });

  it.each([
    ['February 30th', '2026-02-30'],
    ['February 29th of a common year', '2025-02-29'],
    ['year 0000, which PostgreSQL rejects', '0000-01-01'],
    ['month 13', '2026-13-01'],
    ['day 00', '2026-01-00'],
    ['a timestamp', '2026-01-31T00:00:00Z'],
    ['a short form', '2026-1-31'],
    ['surrounding spaces', ' 2026-01-31 '],
    ['an empty string', ''],
    ['a number', 20260131],
  ])('rejects %s', (_description, value) => {
    expect(isIsoDate(value)).toBe(false);
  });
});

describe(isIsoTimestamp.name, () => {
  it.each([
    '2026-01-31T12:00:00Z',
    '2026-01-31T12:00:00.123Z',
    '2026-01-31T23:59:59.9+02:00',
    '0001-01-01T00:00:00-05:30',
  ])('accepts %p', (value) => {
    expect(isIsoTimestamp(value)).toBe(true);
  });

  it.each([
    ['no offset', '2026-01-31T12:00:00'],
    ['a date only', '2026-01-31'],
    ['microseconds, more than a Date holds', '2026-01-31T12:00:00.123456Z'],
    ['hour 24', '2026-01-31T24:00:00Z'],
    ['a leap second', '2026-12-31T23:59:60Z'],
    ['an impossible date', '2026-02-30T12:00:00Z'],
    ['year 0000', '0000-01-01T00:00:00Z'],
    ['a space separator', '2026-01-31 12:00:00Z'],
    ['a Date object', new Date(0)],
  ])('rejects %s', (_description, value) => {
    expect(isIsoTimestamp(value)).toBe(false);
  });
});
