/**
 * The designer of a dynamic or compound definition: its blocks in order, each combined with the
 * result so far (union / intersect / except, no precedence), add / reorder / remove, and the flow view.
 */
import { describeSplit } from '../../../../shared/segments/split';
import Add from '@mui/icons-material/Add';
import Button from '@mui/material/Button';
import MenuItem from '@mui/material/MenuItem';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useCallback } from 'react';
import type { SegmentSummary } from '../../../../shared/models/segment';
import type { Block, CompoundDefinition, DynamicDefinition, GroupNode, SegmentRefBlock } from '../../../../shared/segments/ast';
import { BlockCard } from './BlockCard';
import { blockSummary } from './blockText';
import type { CatalogIndex } from './catalogIndex';
import { ConditionBuilder } from './ConditionBuilder';
import { FlowView, type FlowStep } from './FlowView';
import { InteractionBlockEditor } from './InteractionBlockEditor';
import { newId } from './newId';

export type BlockDefinition = DynamicDefinition | CompoundDefinition;

/** Per-block counts from the estimate, by block id. */
export interface BlockCounts {
  [blockId: string]: { resultSize: number } | undefined;
}

export interface DefinitionDesignerProps {
  definition: BlockDefinition;
  onChange: (d: BlockDefinition) => void;
  index: CatalogIndex;
  issues: ReadonlyMap<string, readonly string[]>;
  readOnly: boolean;
  /** Segments a segment block may reference (live ones, not this segment). */
  referenceable: SegmentSummary[];
  /** Names of every known segment, for blocks that reference one no longer offered. */
  segmentName: (id: string) => string;
  counts: BlockCounts;
  estimated: boolean;
}

function newBlock(kind: Block['kind'], first: boolean, referenceable: SegmentSummary[], index: CatalogIndex): Block {
  const combine = 'union' as const;
  switch (kind) {
    case 'profile':
      return {
        kind: 'profile',
        id: newId('b'),
        combine,
        entity: 'contact',
        root: { kind: 'group', id: newId('g'), combinator: 'and', children: [] },
      };
    case 'interaction':
      return {
        kind: 'interaction',
        id: newId('b'),
        combine: first ? 'union' : 'intersect',
        interactionType: index.catalog.interactionTypes[0]?.name ?? '',
        count: { op: 'atLeast', value: 1 },
        window: { kind: 'lifetime' },
      };
    case 'segment':
      return { kind: 'segment', id: newId('b'), combine, segmentId: referenceable[0]?.id ?? '' };
  }
}

export function DefinitionDesigner(props: DefinitionDesignerProps) {
  const { definition, onChange, index, issues, readOnly, referenceable, segmentName, counts, estimated } = props;
  const blocks: Block[] = definition.blocks;

  const setBlocks = useCallback(
    (next: Block[]) => {
      // The first block's operator is ignored by the engine and must read 'union'.
      const fixed = next.map((b, i) => (i === 0 && b.combine !== 'union' ? { ...b, combine: 'union' as const } : b));
      if (definition.kind === 'compound')
        onChange({ ...definition, blocks: fixed.filter((b): b is SegmentRefBlock => b.kind === 'segment') });
      else onChange({ ...definition, blocks: fixed });
    },
    [definition, onChange],
  );
  const replace = (i: number, b: Block) => setBlocks(blocks.map((x, j) => (j === i ? b : x)));
  const move = (i: number, delta: -1 | 1) => {
    const next = [...blocks];
    const [b] = next.splice(i, 1);
    if (b) next.splice(i + delta, 0, b);
    setBlocks(next);
  };

  const steps: FlowStep[] = blocks.map((b) => ({
    blockId: b.id,
    combine: b.combine,
    summary: blockSummary(b, index, segmentName),
    resultSize: counts[b.id]?.resultSize,
  }));
  const kinds: Block['kind'][] = definition.kind === 'compound' ? ['segment'] : ['profile', 'interaction', 'segment'];

  return (
    <Stack spacing={1}>
      {blocks.length > 1 && <FlowView steps={steps} estimated={estimated} />}
      {blocks.length === 0 && (
        <Typography color="text.secondary">
          {definition.kind === 'compound'
            ? 'Add the live segments to combine, in order.'
            : 'Add a block to say which contacts belong to this segment.'}
        </Typography>
      )}
      {blocks.map((b, i) => (
        <BlockCard
          key={b.id}
          block={b}
          position={i}
          count={blocks.length}
          readOnly={readOnly}
          resultSize={blocks.length > 1 ? counts[b.id]?.resultSize : undefined}
          onCombine={(op) => replace(i, { ...b, combine: op })}
          onMove={(d) => move(i, d)}
          onRemove={() => setBlocks(blocks.filter((_, j) => j !== i))}
        >
          {b.kind === 'profile' && b.root.children.length === 0 && (
            <Typography variant="body2" color="text.secondary" sx={{ mb: 1 }}>
              No rows yet: this block matches every contact. Add a row to narrow it down.
            </Typography>
          )}
          {b.kind === 'profile' && (
            <ConditionBuilder
              root={b.root}
              onChange={(root: GroupNode) => replace(i, { ...b, root })}
              index={index}
              scope="contact"
              issues={issues}
              readOnly={readOnly}
              suggestValues
            />
          )}
          {b.kind === 'interaction' && (
            <InteractionBlockEditor block={b} onChange={(nb) => replace(i, nb)} index={index} issues={issues} readOnly={readOnly} />
          )}
          {b.kind === 'segment' && (
            <SegmentRefEditor
              block={b}
              referenceable={referenceable}
              segmentName={segmentName}
              readOnly={readOnly}
              issues={issues}
              onChange={(nb) => replace(i, nb)}
            />
          )}
        </BlockCard>
      ))}
      {!readOnly && (
        <Stack direction="row" spacing={1} sx={{ pt: 1 }}>
          {kinds.map((k) => (
            <Button
              key={k}
              variant="outlined"
              startIcon={<Add />}
              disabled={k === 'segment' && referenceable.length === 0}
              title={
                k === 'segment' && referenceable.length === 0 ? 'Only live segments can be referenced, and there are none yet.' : undefined
              }
              onClick={() => setBlocks([...blocks, newBlock(k, blocks.length === 0, referenceable, index)])}
            >
              {k === 'profile' ? 'Profile block' : k === 'interaction' ? 'Interaction block' : 'Segment'}
            </Button>
          ))}
        </Stack>
      )}
    </Stack>
  );
}

function SegmentRefEditor(props: {
  block: SegmentRefBlock;
  referenceable: SegmentSummary[];
  segmentName: (id: string) => string;
  readOnly: boolean;
  issues: ReadonlyMap<string, readonly string[]>;
  onChange: (b: SegmentRefBlock) => void;
}) {
  const { block, referenceable } = props;
  const offered = referenceable.some((s) => s.id === block.segmentId);
  const messages = props.issues.get(block.id);
  return (
    <TextField
      select
      size="small"
      label="Live segment"
      value={block.segmentId}
      disabled={props.readOnly}
      error={messages !== undefined}
      helperText={
        messages?.join(' ') ??
        // A split group's block keeps one group of that segment's members (splits/); say which.
        (block.split ? describeSplit(block.split) : undefined) ??
        (referenceable.length === 0 ? 'No live segments yet: only live segments can be used here.' : undefined)
      }
      onChange={(e) => props.onChange({ ...block, segmentId: e.target.value })}
      sx={{ minWidth: 320 }}
    >
      {!offered && block.segmentId !== '' && <MenuItem value={block.segmentId}>{props.segmentName(block.segmentId)} (not live)</MenuItem>}
      {referenceable.map((s) => (
        <MenuItem key={s.id} value={s.id}>
          {s.name}
        </MenuItem>
      ))}
    </TextField>
  );
}
