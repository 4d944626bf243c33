/**
 * One field value in a grid cell or on a record page: multi-choice as chips, a lookup as the related
 * record's name with its key on hover, everything else as formatted text (format.ts).
 */
import Chip from '@mui/material/Chip';
import Stack from '@mui/material/Stack';
import Tooltip from '@mui/material/Tooltip';
import type { FieldType } from '../../../../shared/models/catalog';
import type { FieldValue } from '../../../../shared/models/contact';
import type { LookupRef, RawValue } from '../../../../shared/values/format';
import { formatValue, typedOf } from './format';

export function FieldValueView({
  value,
  type,
  lookup,
  timeZone,
}: {
  value: FieldValue | RawValue;
  type: FieldType;
  lookup?: LookupRef | null | undefined;
  timeZone?: string | undefined;
}) {
  const typed = typedOf(value, type, lookup);
  if (typed?.kind === 'list')
    return (
      <Stack direction="row" spacing={0.5} sx={{ flexWrap: 'nowrap', overflow: 'hidden', alignItems: 'center', height: '100%' }}>
        {typed.items.map((item) => (
          <Chip key={item} label={item} size="small" variant="outlined" />
        ))}
      </Stack>
    );
  const text = formatValue(value, type, { timeZone, lookup });
  if (typed?.kind === 'lookup' && typed.name !== null)
    return (
      <Tooltip title={`Key: ${typed.key}`}>
        <span>{text}</span>
      </Tooltip>
    );
  return <>{text}</>;
}
