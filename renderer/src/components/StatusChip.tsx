import CheckCircle from '@mui/icons-material/CheckCircle';
import EditOutlined from '@mui/icons-material/EditOutlined';
import HourglassBottom from '@mui/icons-material/HourglassBottom';
import HourglassTop from '@mui/icons-material/HourglassTop';
import StopCircleOutlined from '@mui/icons-material/StopCircleOutlined';
import Chip, { type ChipProps } from '@mui/material/Chip';
import type { ReactElement } from 'react';
import type { SegmentStatus } from '../../../shared/models/segment';
import { STATUS_LABELS } from '../features/segments/segmentLabels';

/** One shape per status, so Draft and Stopped differ by more than their colour or their word (WCAG 1.4.1). */
const STATUS_ICONS: Record<SegmentStatus, ReactElement> = {
  draft: <EditOutlined data-status-icon="draft" />,
  goingLive: <HourglassTop data-status-icon="goingLive" />,
  live: <CheckCircle data-status-icon="live" />,
  stopping: <HourglassBottom data-status-icon="stopping" />,
  stopped: <StopCircleOutlined data-status-icon="stopped" />,
};

/** A segment's status as a chip: its label, its colour and its icon. */
export function StatusChip({ status, ...rest }: { status: SegmentStatus } & Omit<ChipProps, 'label' | 'color' | 'icon'>) {
  const s = STATUS_LABELS[status];
  return <Chip label={s.label} color={s.color} icon={STATUS_ICONS[status]} {...rest} />;
}
