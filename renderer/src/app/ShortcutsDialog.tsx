/** Help ▸ Keyboard Shortcuts: the desktop app's menu accelerators (electron/main/menu.ts), per platform. */
import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableRow from '@mui/material/TableRow';

const SHORTCUTS: [string, string][] = [
  ['New database', 'N'],
  ['Open database', 'O'],
  ['Import CSV', 'I'],
  ['Import segment file', 'Shift+I'],
  ['Export segments', 'E'],
  ['Close window', 'W'],
  ['Zoom in / out / actual size', '+ / − / 0'],
  ['Keyboard shortcuts', '/'],
  ['Save the open segment', 'S'],
];

/** `Ctrl+` or `⌘` before each key, as the platform shows it. */
export function shortcutText(keys: string, mac: boolean): string {
  return mac ? `⌘${keys.replace('Shift+', '⇧')}` : `Ctrl+${keys}`;
}

export function ShortcutsDialog({ onClose }: { onClose: () => void }) {
  const mac = typeof navigator !== 'undefined' && /Mac/.test(navigator.platform);
  return (
    <Dialog open onClose={onClose} aria-labelledby="shortcuts-title">
      <DialogTitle id="shortcuts-title">Keyboard shortcuts</DialogTitle>
      <DialogContent>
        <Table size="small">
          <TableBody>
            {SHORTCUTS.map(([what, keys]) => (
              <TableRow key={what}>
                <TableCell>{what}</TableCell>
                <TableCell sx={{ fontFamily: 'monospace' }}>{shortcutText(keys, mac)}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>Close</Button>
      </DialogActions>
    </Dialog>
  );
}
