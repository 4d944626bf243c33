import { describe, expect, it } from 'vitest';
import type { MenuItemConstructorOptions } from 'electron';
import { buildMenuTemplate, recentLabel, windowTitle, type MenuAction, type MenuInput } from './menu.js';

const base: MenuInput = { platform: 'linux', recent: [], isDev: false, state: { windowOpen: true }, docsUrl: 'https://example.org/docs' };

function build(over: Partial<MenuInput> = {}) {
  const ran: MenuAction[] = [];
  const template = buildMenuTemplate({ ...base, ...over }, (a) => ran.push(a));
  return { template, ran };
}

const subOf = (item: MenuItemConstructorOptions | undefined) => (item?.submenu ?? []) as MenuItemConstructorOptions[];
const top = (t: MenuItemConstructorOptions[]) => t.map((i) => (i.label ?? '').replace('&', ''));
const menu = (t: MenuItemConstructorOptions[], label: string) => subOf(t.find((i) => (i.label ?? '').replace('&', '') === label));
/** Labels or roles of a submenu, separators as '-'. */
const names = (items: MenuItemConstructorOptions[]) => items.map((i) => (i.type === 'separator' ? '-' : (i.label ?? i.role)));
const click = (item: MenuItemConstructorOptions | undefined) => (item?.click as (() => void) | undefined)?.();

/** Every accelerator in the template, recursively. */
function accelerators(items: MenuItemConstructorOptions[]): string[] {
  return items.flatMap((i) => [...(i.accelerator ? [String(i.accelerator)] : []), ...accelerators(subOf(i))]);
}

describe('application menu', () => {
  it('macOS: the app menu first, with About, Services, Hide, Hide Others, Show All and Quit; no Quit in File', () => {
    const { template } = build({ platform: 'darwin' });
    expect(top(template)).toEqual(['Segment Studio', 'File', 'Edit', 'View', 'Window', 'Help']);
    expect(subOf(template[0]).map((i) => i.role ?? '-')).toEqual([
      'about',
      '-',
      'services',
      '-',
      'hide',
      'hideOthers',
      'unhide',
      '-',
      'quit',
    ]);
    expect(subOf(template[0]).find((i) => i.role === 'quit')?.label).toBe('Quit Segment Studio');
    expect(menu(template, 'File').some((i) => i.role === 'quit')).toBe(false);
    // About lives in the app menu on macOS, not in Help.
    expect(menu(template, 'Help').some((i) => i.role === 'about')).toBe(false);
    expect(names(menu(template, 'Window'))).toEqual(['minimize', 'zoom', '-', 'front']);
    expect(names(menu(template, 'Help'))).toContain('Show Logs in Finder');
  });

  it.each(['win32', 'linux'] as const)('%s: File ends with Quit/Exit, Help ends with About, no app menu', (platform) => {
    const { template } = build({ platform });
    expect(top(template)).toEqual(['File', 'Edit', 'View', 'Window', 'Help']);
    const file = menu(template, 'File');
    expect(names(file)).toEqual([
      'New Database…',
      'Open Database…',
      'Open Recent',
      '-',
      'Import CSV…',
      'Import Segment File…',
      'Export Segments…',
      '-',
      'Close Window',
      '-',
      platform === 'win32' ? 'E&xit' : '&Quit',
    ]);
    expect(file.at(-1)?.role).toBe('quit');
    expect(menu(template, 'Help').at(-1)).toMatchObject({ role: 'about', label: 'About Segment Studio' });
    expect(template.every((i) => (i.label ?? '').startsWith('&'))).toBe(true);
  });

  it.each(['darwin', 'win32', 'linux'] as const)('%s: accelerators for the file commands, none used twice', (platform) => {
    for (const isDev of [false, true]) {
      const { template } = build({ platform, isDev });
      const file = menu(template, 'File');
      const accel = (label: string) => file.find((i) => i.label === label)?.accelerator;
      expect([
        accel('New Database…'),
        accel('Open Database…'),
        accel('Import CSV…'),
        accel('Import Segment File…'),
        accel('Export Segments…'),
      ]).toEqual(['CmdOrCtrl+N', 'CmdOrCtrl+O', 'CmdOrCtrl+I', 'CmdOrCtrl+Shift+I', 'CmdOrCtrl+E']);
      const all = accelerators(template);
      expect(new Set(all).size).toBe(all.length);
    }
  });

  it('View has zoom and full screen; Reload and DevTools only in development', () => {
    const prod = names(menu(build().template, 'View'));
    expect(prod).toEqual(['Actual Size', 'Zoom In', 'Zoom In', 'Zoom Out', '-', 'togglefullscreen']);
    const dev = names(menu(build({ isDev: true }).template, 'View'));
    expect(dev.slice(0, 3)).toEqual(['reload', 'forceReload', 'toggleDevTools']);
    expect(dev.slice(4)).toEqual(prod);
  });

  it.each(['darwin', 'win32', 'linux'] as const)('%s: zoom items carry Ctrl/Cmd +, =, − and 0 and ask main to zoom', (platform) => {
    const { template, ran } = build({ platform });
    const view = menu(template, 'View');
    const zoom = view.filter((i) => i.label === 'Actual Size' || i.label === 'Zoom In' || i.label === 'Zoom Out');
    expect(zoom.map((i) => [i.label, i.accelerator, i.visible ?? true])).toEqual([
      ['Actual Size', 'CmdOrCtrl+0', true],
      ['Zoom In', 'CmdOrCtrl+Plus', true],
      ['Zoom In', 'CmdOrCtrl+=', false],
      ['Zoom Out', 'CmdOrCtrl+-', true],
    ]);
    // The hidden twin still answers its shortcut.
    expect(zoom[2]?.acceleratorWorksWhenHidden).toBe(true);
    zoom.forEach(click);
    expect(ran).toEqual([
      { type: 'zoom', direction: 'reset' },
      { type: 'zoom', direction: 'in' },
      { type: 'zoom', direction: 'in' },
      { type: 'zoom', direction: 'out' },
    ]);
    expect(build({ platform, state: { windowOpen: false } }).template.length).toBeGreaterThan(0);
    expect(menu(build({ platform, state: { windowOpen: false } }).template, 'View').filter((i) => i.label?.startsWith('Zoom'))).toEqual(
      expect.arrayContaining([expect.objectContaining({ enabled: false })]),
    );
  });

  it('Edit holds the standard roles (so copy/paste work in text fields)', () => {
    for (const platform of ['darwin', 'win32', 'linux'] as const) {
      const roles = menu(build({ platform }).template, 'Edit').map((i) => i.role);
      expect(roles).toEqual(expect.arrayContaining(['undo', 'redo', 'cut', 'copy', 'paste', 'selectAll']));
    }
  });

  it('Open Recent lists the databases most recent first, each opening its path, and Clear empties the list', () => {
    const recent = ['/home/ana/Data/q3.db', 'C:\\Users\\ana\\Documents\\crm & co.db'];
    const { template, ran } = build({ recent });
    const sub = subOf(menu(template, 'File').find((i) => i.label === 'Open Recent'));
    expect(names(sub)).toEqual(['q3.db (Data)', 'crm && co.db (Documents)', '-', 'Clear Recently Opened']);
    click(sub[1]);
    click(sub[3]);
    expect(ran).toEqual([{ type: 'openRecent', path: recent[1] }, { type: 'clearRecent' }]);
  });

  it('with no recent databases, Open Recent holds only a disabled Clear', () => {
    const sub = subOf(menu(build({ platform: 'darwin' }).template, 'File').find((i) => i.label === 'Open Recent'));
    expect(sub).toHaveLength(1);
    expect(sub[0]).toMatchObject({ label: 'Clear Menu', enabled: false });
  });

  it('the page commands reach run as commands, and are disabled without a window', () => {
    const { template, ran } = build();
    const file = menu(template, 'File');
    for (const label of ['New Database…', 'Open Database…', 'Import CSV…', 'Import Segment File…', 'Export Segments…'])
      click(file.find((i) => i.label === label));
    for (const item of menu(template, 'Help')) click(item);
    expect(ran).toEqual([
      { type: 'newDatabase' },
      { type: 'openDatabase' },
      { type: 'command', command: 'importCsv' },
      { type: 'command', command: 'importSegmentFile' },
      { type: 'command', command: 'exportSegments' },
      { type: 'documentation' },
      { type: 'command', command: 'showShortcuts' },
      { type: 'showLogs' },
    ]);
    const closed = menu(build({ state: { windowOpen: false } }).template, 'File');
    expect(closed.filter((i) => i.enabled === false).map((i) => i.label)).toEqual([
      'Import CSV…',
      'Import Segment File…',
      'Export Segments…',
    ]);
  });

  it('leaves Documentation out when the app has no documentation address', () => {
    expect(names(menu(build({ docsUrl: undefined }).template, 'Help'))).toEqual([
      'Keyboard Shortcuts',
      'Show Logs Folder',
      '-',
      'About Segment Studio',
    ]);
  });

  it('labels and titles name the database by its file', () => {
    expect(recentLabel('/q3.db')).toBe('q3.db');
    expect(windowTitle('/home/ana/Data/Q3 campaign.db')).toBe('Q3 campaign — Segment Studio');
    expect(windowTitle('C:\\data\\crm.sqlite')).toBe('crm — Segment Studio');
  });
});
