/**
 * A chart with its text alternatives (WCAG 1.1.1, 1.4.1): a visible summary sentence, the drawing as one
 * labelled image described by that sentence, and a "Show as table" switch that puts the same numbers in a
 * real table with a caption and headers in its place.
 */
import Box from '@mui/material/Box';
import FormControlLabel from '@mui/material/FormControlLabel';
import Switch from '@mui/material/Switch';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import { useId, useState, type ReactNode } from 'react';
import { formatCount } from '../segments/segmentLabels';
import type { ChartTable } from './chartText';

export function ChartFigure({
  title,
  summary,
  table,
  children,
}: {
  title: string;
  summary: string;
  table: ChartTable;
  children: ReactNode;
}) {
  const [asTable, setAsTable] = useState(false);
  const summaryId = useId();
  return (
    <Box>
      <Typography variant="body2" color="text.secondary" id={summaryId} sx={{ mb: 0.5 }}>
        {summary}
      </Typography>
      <FormControlLabel
        control={<Switch size="small" checked={asTable} onChange={(e) => setAsTable(e.target.checked)} />}
        label="Show as table"
        slotProps={{ typography: { variant: 'body2' } }}
        sx={{ mb: 0.5 }}
      />
      {asTable ? (
        <Box sx={{ maxHeight: 320, overflow: 'auto' }}>
          <Table size="small">
            <caption style={{ captionSide: 'top', padding: '0 0 4px', textAlign: 'left' }}>{table.caption}</caption>
            <TableHead>
              <TableRow>
                {table.columns.map((c, i) => (
                  <TableCell key={c} align={i === 0 ? 'left' : 'right'}>
                    {c}
                  </TableCell>
                ))}
              </TableRow>
            </TableHead>
            <TableBody>
              {table.rows.map((row, r) => (
                <TableRow key={r}>
                  {row.map((cell, i) =>
                    i === 0 ? (
                      <TableCell key={i} component="th" scope="row">
                        {cell}
                      </TableCell>
                    ) : (
                      <TableCell key={i} align="right">
                        {typeof cell === 'number' ? formatCount(cell) : cell}
                      </TableCell>
                    ),
                  )}
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </Box>
      ) : (
        // One image named by the card's title and described by the summary; its SVG parts are not read one by one.
        <Box role="img" aria-label={title} aria-describedby={summaryId}>
          {children}
        </Box>
      )}
    </Box>
  );
}
