import Check from '@mui/icons-material/Check';
import DarkMode from '@mui/icons-material/DarkModeOutlined';
import LightMode from '@mui/icons-material/LightModeOutlined';
import SettingsBrightness from '@mui/icons-material/SettingsBrightnessOutlined';
import IconButton from '@mui/material/IconButton';
import ListItemIcon from '@mui/material/ListItemIcon';
import ListItemText from '@mui/material/ListItemText';
import Menu from '@mui/material/Menu';
import MenuItem from '@mui/material/MenuItem';
import Tooltip from '@mui/material/Tooltip';
import { useId, useState } from 'react';
import { THEME_PREFERENCES, type ThemePreference } from './themePreference';

const ICONS = { light: <LightMode />, dark: <DarkMode />, system: <SettingsBrightness /> } as const;

/** The app bar's Appearance button: a menu of radio items (Follow system, Light, Dark), the current one checked. */
export function AppearanceMenu({ value, onChange }: { value: ThemePreference; onChange: (p: ThemePreference) => void }) {
  const [anchor, setAnchor] = useState<HTMLElement | null>(null);
  const menuId = useId();
  const current = THEME_PREFERENCES.find((p) => p.value === value)?.label ?? '';
  return (
    <>
      <Tooltip title="Appearance">
        <IconButton
          aria-label={`Appearance: ${current}`}
          aria-haspopup="menu"
          aria-expanded={anchor ? 'true' : undefined}
          aria-controls={anchor ? menuId : undefined}
          onClick={(e) => setAnchor(e.currentTarget)}
          sx={{ color: 'text.secondary' }}
        >
          {ICONS[value]}
        </IconButton>
      </Tooltip>
      <Menu
        id={menuId}
        anchorEl={anchor}
        open={anchor !== null}
        onClose={() => setAnchor(null)}
        slotProps={{ list: { 'aria-label': 'Theme', dense: true } }}
      >
        {THEME_PREFERENCES.map((p) => (
          <MenuItem
            key={p.value}
            role="menuitemradio"
            aria-checked={p.value === value}
            selected={p.value === value}
            onClick={() => {
              onChange(p.value);
              setAnchor(null);
            }}
          >
            <ListItemIcon>{ICONS[p.value]}</ListItemIcon>
            <ListItemText>{p.label}</ListItemText>
            <Check fontSize="small" sx={{ ml: 2, visibility: p.value === value ? 'visible' : 'hidden' }} />
          </MenuItem>
        ))}
      </Menu>
    </>
  );
}
