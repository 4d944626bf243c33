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
import { useEffect, useRef } from 'react';
import { caretExcerpt, offsetOfLineColumn } from '../../../../shared/segments/limits';
import type { ParseError } from './engineApi';

const mono = 'ui-monospace, SFMono-Regular, Menlo, Consolas, monospace';

/** Offset in `text` of 1-based line / column (columns count code points, as the parser does). */
export function offsetOf(text: string, line: number, column: number): number {
  return offsetOfLineColumn(text, line, column);
}

/**
 * The excerpt of a line under an error, as shown: tabs become one space each (the parser counts a tab
 * as one column, a browser draws it up to 8 wide), so the caret stands under the column it names.
 */
export function shownExcerpt(line: string, column: number): { text: string; caret: number } {
  const shown = caretExcerpt(line, column);
  return { text: shown.text.replace(/\t/g, ' '), caret: shown.caret };
}

/** The excerpt and its caret; scrolled so the caret is in view when the line is wider than the box. */
function Excerpt({ text, caret }: { text: string; caret: number }) {
  const pre = useRef<HTMLPreElement | null>(null);
  const mark = useRef<HTMLSpanElement | null>(null);
  useEffect(() => {
    const box = pre.current;
    const at = mark.current;
    if (!box || !at) return;
    const left = at.offsetLeft - box.offsetLeft;
    if (left + at.offsetWidth > box.scrollLeft + box.clientWidth || left < box.scrollLeft)
      box.scrollLeft = Math.max(0, left - box.clientWidth / 2);
  }, [text, caret]);
  return (
    <Box
      component="pre"
      ref={pre}
      data-testid="parse-error-excerpt"
      sx={{ fontFamily: mono, fontSize: 13, m: 0, mt: 0.5, whiteSpace: 'pre', overflowX: 'auto', maxWidth: '100%', pb: 0.5 }}
    >
      {text}
      {'\n'}
      {' '.repeat(caret)}
      <span ref={mark}>^</span>
    </Box>
  );
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
        // The message column may shrink below the excerpt's width (it scrolls instead of being cut off).
        <Alert severity="error" sx={{ mt: 1, '& .MuiAlert-message': { minWidth: 0, flex: 1 } }} role="alert">
          {props.errors.length === 1 ? 'The query text has an error' : `The query text has ${props.errors.length} errors`}; fix{' '}
          {props.errors.length === 1 ? 'it' : 'them'} to return to the designer.
          <List dense disablePadding>
            {props.errors.map((e, i) => {
              // A window of the line around the column: a query may be one line of 500,000 characters.
              const shown = shownExcerpt(lines[e.line - 1] ?? '', e.column);
              return (
                <ListItemButton key={i} onClick={() => jump(e)} sx={{ display: 'block', px: 0, minWidth: 0 }} data-testid="parse-error">
                  <strong>
                    Line {e.line}, column {e.column}:
                  </strong>{' '}
                  {e.message}
                  <Excerpt text={shown.text} caret={shown.caret} />
                </ListItemButton>
              );
            })}
          </List>
        </Alert>
      )}
    </Box>
  );
}
