/**
 * The query text view (spec F18): the definition in the segment query language, editable. Parse
 * errors are listed with line and column and the offending line is shown with a caret under the
 * column; clicking an error puts the cursor there.
 */
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import List from '@mui/material/List';
import ListItemButton from '@mui/material/ListItemButton';
import TextField from '@mui/material/TextField';
import { useRef } from 'react';
import type { ParseError } from './engineApi';

const mono = 'ui-monospace, SFMono-Regular, Menlo, Consolas, monospace';

/** Offset in `text` of 1-based line / column. */
export function offsetOf(text: string, line: number, column: number): number {
  const lines = text.split('\n');
  let offset = 0;
  for (let i = 0; i < Math.min(line - 1, lines.length); i++) offset += (lines[i]?.length ?? 0) + 1;
  return Math.min(text.length, offset + Math.max(0, column - 1));
}

export function QueryTextEditor(props: { text: string; onChange: (t: string) => void; errors: ParseError[]; readOnly: boolean; checking: boolean }) {
  const ref = useRef<HTMLTextAreaElement | null>(null);
  const lines = props.text.split('\n');
  const jump = (e: ParseError) => {
    const el = ref.current;
    if (!el) return;
    const at = offsetOf(props.text, e.line, e.column);
    el.focus();
    el.setSelectionRange(at, at);
  };
  return (
    <Box>
      <TextField
        fullWidth
        multiline
        minRows={8}
        maxRows={30}
        value={props.text}
        disabled={props.readOnly}
        inputRef={ref}
        error={props.errors.length > 0}
        onChange={(e) => props.onChange(e.target.value)}
        inputProps={{ 'aria-label': 'Query text', spellCheck: false, style: { fontFamily: mono, fontSize: 14 } }}
      />
      {props.errors.length > 0 && (
        <Alert severity="error" sx={{ mt: 1 }} role="alert">
          {props.errors.length === 1 ? 'The query text has an error' : `The query text has ${props.errors.length} errors`}; fix {props.errors.length === 1 ? 'it' : 'them'} to return to the designer.
          <List dense disablePadding>
            {props.errors.map((e, i) => (
              <ListItemButton key={i} onClick={() => jump(e)} sx={{ display: 'block', px: 0 }} data-testid="parse-error">
                <strong>
                  Line {e.line}, column {e.column}:
                </strong>{' '}
                {e.message}
                <Box component="pre" sx={{ fontFamily: mono, fontSize: 13, m: 0, mt: 0.5, whiteSpace: 'pre', overflowX: 'auto' }}>
                  {lines[e.line - 1] ?? ''}
                  {'\n'}
                  {' '.repeat(Math.max(0, e.column - 1))}^
                </Box>
              </ListItemButton>
            ))}
          </List>
        </Alert>
      )}
    </Box>
  );
}
