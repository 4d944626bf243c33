import ArrowDropDownCircleOutlined from '@mui/icons-material/ArrowDropDownCircleOutlined';
import Checklist from '@mui/icons-material/Checklist';
import Event from '@mui/icons-material/Event';
import Link from '@mui/icons-material/Link';
import Numbers from '@mui/icons-material/Numbers';
import Schedule from '@mui/icons-material/Schedule';
import TextFields from '@mui/icons-material/TextFields';
import ToggleOnOutlined from '@mui/icons-material/ToggleOnOutlined';
import type { SvgIconProps } from '@mui/material/SvgIcon';
import type { FieldType } from '../../../../shared/models/catalog';

const ICONS: Record<FieldType, typeof TextFields> = {
  text: TextFields,
  integer: Numbers,
  decimal: Numbers,
  date: Event,
  datetime: Schedule,
  boolean: ToggleOnOutlined,
  choice: ArrowDropDownCircleOutlined,
  multichoice: Checklist,
  lookup: Link,
};

const NAMES: Record<FieldType, string> = {
  text: 'Text',
  integer: 'Whole number',
  decimal: 'Decimal number',
  date: 'Date',
  datetime: 'Date and time',
  boolean: 'Yes/No',
  choice: 'Choice',
  multichoice: 'Multiple choice',
  lookup: 'Lookup',
};

/** The type icon shown beside a field name (spec F6), with the type's name as its accessible title. */
export function FieldTypeIcon({ type, decorative = false, ...props }: { type: FieldType; decorative?: boolean } & SvgIconProps) {
  const Icon = ICONS[type];
  // In lists the label already says enough; the type name would only prefix every option's name.
  return decorative ? (
    <Icon fontSize="small" color="action" aria-hidden {...props} />
  ) : (
    <Icon fontSize="small" color="action" titleAccess={NAMES[type]} {...props} />
  );
}

export function fieldTypeName(type: FieldType): string {
  return NAMES[type];
}
