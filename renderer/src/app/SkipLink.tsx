import Box from '@mui/material/Box';
import type { RefObject } from 'react';

/**
 * "Skip to main content": the first Tab stop, off screen until focused (WCAG 2.4.1). It moves focus itself
 * rather than following `#main-content`, because the app's routes live in the URL hash.
 */
export function SkipLink({ target }: { target: RefObject<HTMLElement | null> }) {
  return (
    <Box
      component="a"
      href="#main-content"
      onClick={(e) => {
        e.preventDefault();
        target.current?.focus();
      }}
      sx={{
        position: 'fixed',
        top: 8,
        left: 8,
        zIndex: 'tooltip',
        px: 2,
        py: 1,
        borderRadius: 1,
        bgcolor: 'background.paper',
        color: 'primary.main',
        fontWeight: 600,
        boxShadow: 3,
        transform: 'translateY(-200%)',
        '&:focus, &:focus-visible': { transform: 'none' },
      }}
    >
      Skip to main content
    </Box>
  );
}
