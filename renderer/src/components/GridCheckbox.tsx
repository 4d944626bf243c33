/**
 * The DataGrid's selection checkbox, with the input's `indeterminate` property set when it shows the
 * mixed state. MUI marks that state only with aria-checked="mixed" on a native checkbox whose own state
 * still says unchecked, which assistive technology (and axe, aria-conditional-attr) reads as a
 * contradiction; the DOM property makes the native state "mixed" too.
 */
import { useForkRef } from '@mui/material/utils';
import type { GridSlotProps } from '@mui/x-data-grid';
import materialSlots from '@mui/x-data-grid/material';
import { forwardRef, useLayoutEffect, useRef, type ForwardRefExoticComponent, type RefAttributes } from 'react';

const Base = materialSlots.baseCheckbox;

type Props = GridSlotProps['baseCheckbox'];

export const GridCheckbox: ForwardRefExoticComponent<Props & RefAttributes<HTMLButtonElement>> = forwardRef<HTMLButtonElement, Props>(
  function GridCheckbox(props, ref) {
    const input = useRef<HTMLInputElement | null>(null);
    const inputRef = useForkRef(props.inputRef, input);
    const mixed = props.indeterminate === true;
    useLayoutEffect(() => {
      if (input.current) input.current.indeterminate = mixed;
    }, [mixed]);
    return <Base {...props} inputRef={inputRef} ref={ref} />;
  },
);
