import { describe, expect, it } from 'vitest';
import { errorMessage, fieldErrors, issueSentence } from './errors';

const invalid = {
  code: 'invalid_input' as const,
  message: 'Invalid input to segments.update: name: Name is required.',
  issues: [{ path: 'name', message: 'Name is required' }],
};

describe('error messages for people', () => {
  it('rebuilds the generic invalid-input message from its issues, without method names or paths', () => {
    expect(errorMessage(invalid)).toBe('Enter a name.');
    expect(fieldErrors(invalid)).toEqual({ name: 'Enter a name.' });
  });

  it('words field limits and leaves other issue messages as sentences', () => {
    expect(issueSentence({ path: 'name', message: 'Name is at most 200 characters' })).toBe('A name can be at most 200 characters long.');
    expect(issueSentence({ path: 'timeZone', message: 'Name is required' })).toBe('Enter a time zone.');
    expect(issueSentence({ path: 'definition.blocks.0', message: 'pick a field' })).toBe('Pick a field.');
    expect(fieldErrors({ code: 'invalid_input', message: 'x', issues: [{ path: 'definition', message: 'bad' }] })).toEqual({});
  });

  it('keeps backend messages that are already written for people', () => {
    expect(errorMessage({ code: 'invalid_state', message: 'The name can only be changed while … Stop it first.' })).toBe(
      'The name can only be changed while … Stop it first.',
    );
    expect(errorMessage(undefined)).toBe('Something went wrong.');
  });
});
