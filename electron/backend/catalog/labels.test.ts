import { expect, it } from 'vitest';
import { labelFor, labelProblem, uniqueLabel } from './labels.js';

it('uses the labels Dynamics 365 and HubSpot users know for well-known names', () => {
  expect(labelFor('emailaddress1')).toBe('Email');
  expect(labelFor('EMAILADDRESS1')).toBe('Email');
  expect(labelFor('address1_city')).toBe('City');
  expect(labelFor('parentcustomerid')).toBe('Company');
  expect(labelFor('hs_object_id')).toBe('Record ID');
  expect(labelFor('lifecyclestage')).toBe('Lifecycle Stage');
});

it('splits run-together, camelCase, PascalCase and snake_case names into words', () => {
  expect(labelFor('lifetimevalue')).toBe('Lifetime Value');
  expect(labelFor('createdon')).toBe('Created On');
  expect(labelFor('favoritepets')).toBe('Favorite Pets');
  expect(labelFor('numberofchildren')).toBe('Number of Children');
  expect(labelFor('EmailSent')).toBe('Email Sent');
  expect(labelFor('WebsiteVisited')).toBe('Website Visited');
  expect(labelFor('visitDuration')).toBe('Visit Duration');
  expect(labelFor('loyalty_tier')).toBe('Loyalty Tier');
  expect(labelFor('hs_email_domain')).toBe('Email Domain');
  expect(labelFor('HTMLPage')).toBe('HTML Page');
});

it('writes ids and other acronyms in capitals', () => {
  expect(labelFor('contactid')).toBe('Contact ID');
  expect(labelFor('accountid')).toBe('Account ID');
  expect(labelFor('messageId')).toBe('Message ID');
  expect(labelFor('customerJourneyId')).toBe('Customer Journey ID');
  expect(labelFor('url')).toBe('URL');
  expect(labelFor('utm_source')).toBe('UTM Source');
});

it('keeps a word it does not know whole rather than guessing a split', () => {
  expect(labelFor('zorblax')).toBe('Zorblax');
  expect(labelFor('address2_city')).toBe('Address 2 City');
  expect(labelFor('contact')).toBe('Contact');
  expect(labelFor('status')).toBe('Status');
  expect(labelFor('_')).toBe('_');
});

it('makes a label unique among taken ones, case-insensitively', () => {
  expect(uniqueLabel('Email', new Set())).toBe('Email');
  expect(uniqueLabel('Email', new Set(['email']))).toBe('Email (2)');
  expect(uniqueLabel('Email', new Set(['email', 'email (2)']))).toBe('Email (3)');
});

it('says what is wrong with a label a person typed', () => {
  expect(labelProblem('Company')).toBeNull();
  expect(labelProblem('  ')).toBe('Enter a label');
  expect(labelProblem('x'.repeat(121))).toMatch(/121 characters/);
  expect(labelProblem('a\tb')).toMatch(/control characters/);
});
