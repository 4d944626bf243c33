/**
 * How the file was read, shown above the mapping and changeable: delimiter (with the detection's
 * confidence), encoding, sheet (workbooks), decimal mark and date format (proposed from the sample).
 * Below them the guards: each warning has its own "I have checked this" box, and the wizard enables
 * "Start import" only when every box is ticked.
 */
import Alert from '@mui/material/Alert';
import Checkbox from '@mui/material/Checkbox';
import FormControlLabel from '@mui/material/FormControlLabel';
import MenuItem from '@mui/material/MenuItem';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import {
  DECIMAL_SEPARATORS,
  DELIMITERS,
  FILE_ENCODINGS,
  type DecimalSeparator,
  type Delimiter,
  type FileEncoding,
  type ImportPreview,
} from '../../../../shared/models/import';
import type { PreviewGuard, ReadChoices } from './readingModel';

const DELIMITER_NAMES: Record<Delimiter, string> = { ',': 'Comma (,)', ';': 'Semicolon (;)', '\t': 'Tab', '|': 'Vertical bar (|)' };
const ENCODING_NAMES: Record<FileEncoding, string> = {
  'utf-8': 'UTF-8',
  'utf-16le': 'UTF-16 LE (Excel Unicode text)',
  'utf-16be': 'UTF-16 BE',
  'windows-1252': 'Windows-1252 / Latin-1',
};
const DECIMAL_NAMES: Record<DecimalSeparator, string> = { '.': '1,234.56 (decimal point)', ',': '1.234,56 (decimal comma)' };
const COMMON_DATES = ['DD/MM/YYYY', 'MM/DD/YYYY', 'DD.MM.YYYY', 'DD-MM-YYYY', 'YYYY/MM/DD'];
const REASONS: Record<string, string> = {
  bom: 'marked by the file',
  'valid-utf8': 'detected',
  'not-utf8': 'detected: the bytes are not UTF-8',
  'mostly-utf8': 'detected: UTF-8 with some damaged bytes',
  'utf16-pattern': 'detected',
  chosen: 'chosen',
};

export interface ReadingOptionsProps {
  preview: ImportPreview;
  read: ReadChoices;
  dateFormat: string;
  /** A reading choice changed: the wizard previews the file again with it. */
  onRead: (read: Partial<ReadChoices>, dateFormat: string) => void;
  guards: PreviewGuard[];
  acknowledged: string[];
  onAcknowledge: (id: string, checked: boolean) => void;
  busy?: boolean;
}

export function ReadingOptions({
  preview,
  read,
  dateFormat,
  onRead,
  guards,
  acknowledged,
  onAcknowledge,
  busy = false,
}: ReadingOptionsProps) {
  const r = preview.reading;
  const l = preview.locale;
  if (!r) return null;
  const dates = [...new Set([...(l?.dateAlternatives ?? []), ...(dateFormat ? [dateFormat] : []), ...COMMON_DATES])];
  const select = (label: string, value: string, onPick: (v: string) => void, items: [string, string][], helper?: string) => (
    <TextField
      select
      size="small"
      label={label}
      value={value}
      disabled={busy}
      onChange={(e) => onPick(e.target.value)}
      helperText={helper}
      // '' is a real choice (ISO dates only): show its name, not an empty box.
      slotProps={{ select: { displayEmpty: true }, inputLabel: { shrink: true } }}
      sx={{ minWidth: 190 }}
    >
      {items.map(([v, name]) => (
        <MenuItem key={v} value={v}>
          {name}
        </MenuItem>
      ))}
    </TextField>
  );
  return (
    <Stack spacing={1.5} component="section" aria-label="How the file is read">
      <Typography variant="subtitle1" sx={{ fontWeight: 600 }}>
        Reading the file
      </Typography>
      <Stack direction="row" spacing={2} sx={{ flexWrap: 'wrap', rowGap: 2 }}>
        {r.format === 'xlsx' ? (
          select(
            'Sheet',
            r.sheet ?? '',
            (sheet) => onRead({ ...read, sheet }, dateFormat),
            r.sheets.map((s) => [s, s]),
            'Excel workbook; the first row is the header',
          )
        ) : (
          <>
            {select(
              'Delimiter',
              r.delimiter ?? ',',
              (d) => onRead({ ...read, delimiter: d as Delimiter }, dateFormat),
              DELIMITERS.map((d) => [d, DELIMITER_NAMES[d]]),
              r.delimiterChosen
                ? 'chosen'
                : `detected: ${Math.round(r.delimiterConfidence * 100)}% of sampled rows match the header's ${preview.header.length} columns`,
            )}
            {select(
              'Encoding',
              r.encoding ?? 'utf-8',
              (e) => onRead({ ...read, encoding: e as FileEncoding }, dateFormat),
              FILE_ENCODINGS.map((e) => [e, ENCODING_NAMES[e]]),
              REASONS[r.encodingReason ?? ''] ?? '',
            )}
            {select(
              'Numbers',
              read.decimalSeparator ?? l?.decimalSeparator ?? '.',
              (d) => onRead({ ...read, decimalSeparator: d as DecimalSeparator }, dateFormat),
              DECIMAL_SEPARATORS.map((d) => [d, DECIMAL_NAMES[d]]),
              l?.decimalFrom === 'sample' ? 'seen in the sample' : l?.decimalFrom === 'chosen' ? 'chosen' : "your computer's setting",
            )}
          </>
        )}
        {select(
          'Dates',
          dateFormat,
          (f) => onRead(read, f),
          [['', 'ISO only (2025-04-18)'], ...dates.map((d): [string, string] => [d, d])],
          l?.dateFrom === 'sample'
            ? 'seen in the sample'
            : l?.dateFrom === 'default'
              ? 'the sample cannot decide'
              : 'ISO dates always work',
        )}
      </Stack>
      {guards.map((g) => (
        <Alert key={g.id} severity="warning" role="alert">
          <div>{g.message}</div>
          <FormControlLabel
            control={
              <Checkbox size="small" checked={acknowledged.includes(g.id)} onChange={(e) => onAcknowledge(g.id, e.target.checked)} />
            }
            label="I have checked this"
          />
        </Alert>
      ))}
    </Stack>
  );
}
