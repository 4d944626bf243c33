import { describe, expect, expectTypeOf, it } from 'vitest';
import { inputSchemas, type EventName, type MethodName } from './contract.js';
import { API_EVENTS, API_METHODS, isEventName, isMethodName } from './manifest.js';

describe('API manifest', () => {
  it('names every contract method and event (type level)', () => {
    type ListedMethods = (typeof API_METHODS)[number];
    type ListedEvents = (typeof API_EVENTS)[number];
    // Both directions: nothing missing from the manifest, nothing extra in it.
    expectTypeOf<Exclude<MethodName, ListedMethods>>().toEqualTypeOf<never>();
    expectTypeOf<Exclude<ListedMethods, MethodName>>().toEqualTypeOf<never>();
    expectTypeOf<Exclude<EventName, ListedEvents>>().toEqualTypeOf<never>();
    expectTypeOf<Exclude<ListedEvents, EventName>>().toEqualTypeOf<never>();
  });

  it('matches the input schemas at run time', () => {
    expect([...API_METHODS].sort()).toEqual(Object.keys(inputSchemas).sort());
    expect(new Set(API_METHODS).size).toBe(API_METHODS.length);
  });

  it('recognises only manifest channels', () => {
    expect(isMethodName('segments.list')).toBe(true);
    expect(isMethodName('segments.drop')).toBe(false);
    expect(isMethodName(42)).toBe(false);
    expect(isEventName('segment.changed')).toBe(true);
    expect(isEventName('app.info')).toBe(false);
  });
});
