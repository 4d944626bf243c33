// @vitest-environment jsdom
import { act, renderHook } from '@testing-library/react';
import { beforeEach, expect, it } from 'vitest';
import { useStoredColumns } from './storedColumns';

beforeEach(() => window.localStorage.clear());

it('remembers the Members columns per segment across visits (issue 21, item 9)', () => {
  const first = renderHook(() => useStoredColumns('seg-a', ['fullname']));
  expect(first.result.current[0]).toEqual(['fullname']);
  act(() => first.result.current[1](['fullname', 'address1_city']));
  expect(first.result.current[0]).toEqual(['fullname', 'address1_city']);
  first.unmount();
  // Reopened: the choice is back; another segment keeps its own defaults.
  expect(renderHook(() => useStoredColumns('seg-a', ['fullname'])).result.current[0]).toEqual(['fullname', 'address1_city']);
  expect(renderHook(() => useStoredColumns('seg-b', ['fullname'])).result.current[0]).toEqual(['fullname']);
});

it('falls back to the defaults when the stored value is not a list of names', () => {
  window.localStorage.setItem('segment-studio:members-columns:seg-c', '{"x":1}');
  expect(renderHook(() => useStoredColumns('seg-c', ['fullname'])).result.current[0]).toEqual(['fullname']);
  window.localStorage.setItem('segment-studio:members-columns:seg-c', 'not json');
  expect(renderHook(() => useStoredColumns('seg-c', ['fullname'])).result.current[0]).toEqual(['fullname']);
});
