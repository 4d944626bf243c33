import { expect, it } from 'vitest';
import { fileName, plural } from './homeText';

it('makes plurals of display labels', () => {
  expect(plural('Contact', 1)).toBe('Contact');
  expect(plural('Contact', 0)).toBe('Contacts');
  expect(plural('Opportunity', 2)).toBe('Opportunities');
  expect(plural('Business', 2)).toBe('Businesses');
  expect(plural('Day', 2)).toBe('Days');
});

it('shows the file name of an import, whatever the path separator', () => {
  expect(fileName('C:\\data\\contacts.csv')).toBe('contacts.csv');
  expect(fileName('/home/me/accounts.csv')).toBe('accounts.csv');
});
