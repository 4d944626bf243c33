/** Overlap of this segment with other live segments; a cell offers to create a compound from a region. */
import Box from '@mui/material/Box';
import ButtonBase from '@mui/material/ButtonBase';
import Menu from '@mui/material/Menu';
import MenuItem from '@mui/material/MenuItem';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import { alpha } from '@mui/material/styles';
import { useState } from 'react';
import type { SegmentInsights } from '../../../../shared/api/contract/live';
import { errorMessage } from '../../app/errors';
import { useAppDispatch } from '../../app/hooks';
import { notify } from '../../app/uiSlice';
import { useHashRoute } from '../../app/useHashRoute';
import { freeName, REGION_LABELS, regionDefinition, type Region } from '../compound/regionDefinition';
import { formatCount } from '../segments/segmentLabels';
import { useCreateSegmentMutation, useListSegmentsQuery } from '../segments/segmentsApi';

interface Props {
  overlap: NonNullable<SegmentInsights['overlap']>;
  name: (id: string) => string;
}

export function OverlapMatrix({ overlap, name }: Props) {
  const [, navigate] = useHashRoute();
  const dispatch = useAppDispatch();
  const list = useListSegmentsQuery({});
  const [create] = useCreateSegmentMutation();
  const [menu, setMenu] = useState<{ anchor: HTMLElement; a: string; b: string } | null>(null);
  const max = Math.max(1, ...overlap.sizes);

  const make = async (region: Region) => {
    if (!menu) return;
    const { a, b } = menu;
    setMenu(null);
    const title = freeName(
      REGION_LABELS[region](name(a), name(b)),
      (list.data ?? []).map((s) => s.name),
    );
    const r = await create({
      name: title,
      type: 'compound',
      definition: regionDefinition(region, a, b),
      description: 'Created from the overlap view.',
    });
    if (r.data) {
      dispatch(notify({ message: `Created the compound segment “${r.data.name}” as a draft.`, severity: 'success' }));
      navigate(`segments/${r.data.id}`);
    } else dispatch(notify({ message: `Not created: ${errorMessage(r.error)}`, severity: 'error' }));
  };

  return (
    <>
      {/* With many live segments the matrix is wide: it scrolls inside this box, not the page (WCAG 1.4.10). */}
      <Box sx={{ overflowX: 'auto' }}>
        <Table size="small" aria-label="Overlap matrix">
          <TableHead>
            <TableRow>
              <TableCell />
              {overlap.segmentIds.map((id) => (
                <TableCell key={id} align="right" sx={{ fontWeight: 600 }}>
                  {name(id)}
                </TableCell>
              ))}
            </TableRow>
          </TableHead>
          <TableBody>
            {overlap.segmentIds.map((a, i) => (
              <TableRow key={a}>
                <TableCell component="th" scope="row" sx={{ fontWeight: 600 }}>
                  {name(a)}
                </TableCell>
                {overlap.segmentIds.map((b, j) => {
                  const n = overlap.shared[i]?.[j] ?? 0;
                  return (
                    <TableCell
                      key={b}
                      align="right"
                      title={
                        i === j ? `${name(a)}: ${formatCount(n)} members` : `${formatCount(n)} in both. Click to create a compound segment.`
                      }
                      sx={(t) => ({
                        p: 0,
                        bgcolor: alpha(t.palette.primary.main, 0.08 + (0.5 * n) / max),
                        '&:hover': i === j ? {} : { outline: `2px solid ${t.palette.primary.main}`, outlineOffset: -2 },
                      })}
                    >
                      {i === j ? (
                        <Box sx={{ px: 1, py: 0.75 }}>{formatCount(n)}</Box>
                      ) : (
                        // A real button, so the compound menu opens from the keyboard too (WCAG 2.1.1).
                        <ButtonBase
                          aria-haspopup="menu"
                          aria-label={`${formatCount(n)} in both ${name(a)} and ${name(b)}: create a compound segment`}
                          onClick={(e) => setMenu({ anchor: e.currentTarget, a, b })}
                          sx={{ width: '100%', justifyContent: 'flex-end', px: 1, py: 0.75, font: 'inherit' }}
                        >
                          {formatCount(n)}
                        </ButtonBase>
                      )}
                    </TableCell>
                  );
                })}
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </Box>
      <Typography variant="caption" color="text.secondary">
        Diagonal: segment size. Other cells: contacts in both. Click a cell, or press Enter on it, to create a compound segment from a
        region.
      </Typography>
      <Menu anchorEl={menu?.anchor} open={menu !== null} onClose={() => setMenu(null)}>
        {menu &&
          (['both', 'onlyA', 'onlyB', 'either'] as const).map((r) => (
            <MenuItem key={r} onClick={() => void make(r)}>
              Create compound: {REGION_LABELS[r](name(menu.a), name(menu.b))}
            </MenuItem>
          ))}
      </Menu>
    </>
  );
}
