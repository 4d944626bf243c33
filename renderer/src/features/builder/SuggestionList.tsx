import { useEffect } from 'react';
import { useValueSuggestions, type SuggestFrom } from './valueSuggestions';

/**
 * The browser's list of values under a text input (a `<datalist>`), filled from the data. A component
 * of its own so inputs without suggestions need no store; `onCount` tells the input whether to link it.
 */
export function SuggestionList(props: { id: string; from: SuggestFrom; typed: string; focused: boolean; onCount: (n: number) => void }) {
  const values = useValueSuggestions(props.from, props.typed, props.focused);
  const { onCount } = props;
  useEffect(() => onCount(values.length), [onCount, values.length]);
  return (
    <datalist id={props.id} data-testid="value-suggestions">
      {values.map((v) => (
        <option key={v} value={v} />
      ))}
    </datalist>
  );
}
