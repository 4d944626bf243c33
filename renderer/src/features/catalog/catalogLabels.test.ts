import { expect, it } from 'vitest';
import { testCatalog } from '../builder/testCatalog';
import { catalogLabels } from './catalogLabels';

it('labels types, entities and fields case-insensitively, and shows an unknown name as it is', () => {
  const labels = catalogLabels(testCatalog);
  expect(labels.type('emailclicked')).toBe('Email clicked');
  expect(labels.entity('ACCOUNT')).toBe('Account');
  expect(labels.field('contact', 'ADDRESS1_CITY')).toBe('Address 1: City');
  expect(labels.field('EmailClicked', 'messageid')).toBe('Message ID');
  expect(labels.type('NotYetKnown')).toBe('NotYetKnown');
  expect(catalogLabels(undefined).field('contact', 'x')).toBe('x');
});
