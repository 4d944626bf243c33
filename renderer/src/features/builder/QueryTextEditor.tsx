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
import { caretExcerpt, offsetOfLineColumn } from '../../../../shared/segments/limits';
import type { ParseError } from './engineApi';

const mono = 'ui-monospace, SFMono-Regular, Menlo, Consolas, monospace';

/** Offset in `text` of 1-based line / column (columns count code points, as the parser does). */
export function offsetOf(text: string, line: number, column: number): number {
  return offsetOfLineColumn(text, line, column);
}

export function QueryTextEditor(props: {
  text: string;
  onChange: (t: string) => void;
  errors: ParseError[];
  readOnly: boolean;
  checking: boolean;
}) {
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
        inputProps={{
          'aria-label': 'Query text',
          spellCheck: false,
          style: { fontFamily: mono, fontSize: 14 },
        }}
      />
      {props.errors.length > 0 && (
        <Alert severity="error" sx={{ mt: 1 }} role="alert">
          {props.errors.length === 1 ? 'The query text has an error' : `The query text has ${props.errors.length} errors`}; fix{' '}
          {props.errors.length === 1 ? 'it' : 'them'} to return to the designer.
          <List dense disablePadding>
            {props.errors.map((e, i) => {
              // A window of the line around the column: a query may be one line of 500,000 characters.
              const shown = caretExcerpt(lines[e.line - 1] ?? '', e.column);
              return (
                <ListItemButton key={i} onClick={() => jump(e)} sx={{ display: 'block', px: 0 }} data-testid="parse-error">
                  <strong>
                    Line {e.line}, column {e.column}:
                  </strong>{' '}
                  {e.message}
                  <Box
                    component="pre"
                    sx={{
                      fontFamily: mono,
                      fontSize: 13,
                      m: 0,
                      mt: 0.5,
                      whiteSpace: 'pre',
                      overflowX: 'auto',
                    }}
                  >
                    {shown.text}
                    {'\n'}
                    {' '.repeat(shown.caret)}^
                  </Box>
                </ListItemButton>
              );
            })}
          </List>
        </Alert>
      )}
    </Box>
  );
}
